// Names of people the servers list by address only (Cyrus lists every sharee as mailto:…, without
// a name), learnt from each account's directory once per window: a row can then say "Bob Smith"
// with the address beneath it.

import type { StateCreator } from 'zustand';
import { api } from '../api';
import type { Store } from './index';

export interface NamesSlice {
  /** By account id, then by the address as the server lists it. */
  names: Record<string, Record<string, string>>;
  /** Asks the account's directory for the names of these addresses (each at most once per window). */
  learnNames: (accountId: string, addresses: readonly string[]) => Promise<void>;
}

/** Addresses asked for in one call, at most. */
const BATCH = 100;

export const createNamesSlice: StateCreator<Store, [], [], NamesSlice> = (set) => {
  const asked = new Map<string, Set<string>>();
  return {
    names: {},

    async learnNames(accountId, addresses) {
      const seen = asked.get(accountId) ?? new Set<string>();
      asked.set(accountId, seen);
      const wanted = [...new Set(addresses)].filter((a) => !seen.has(a)).slice(0, BATCH);
      if (wanted.length === 0) return;
      for (const a of wanted) seen.add(a);
      let found;
      try {
        found = await api.lookupPeople(accountId, wanted);
      } catch {
        // Without names the rows show addresses, as the server lists them; ask again next time.
        for (const a of wanted) seen.delete(a);
        return;
      }
      if (found.length === 0) return;
      set((s) => ({
        names: { ...s.names, [accountId]: { ...s.names[accountId], ...Object.fromEntries(found.map((p) => [p.address, p.name ?? ''])) } },
      }));
    },
  };
};
