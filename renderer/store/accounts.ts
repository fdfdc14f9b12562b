// Accounts: the sidebar's list, the selection, and which accounts need their password again
// (browser mode keeps passwords in memory only; a restart forgets them).

import type { StateCreator } from 'zustand';
import type { NewAccount } from '../../shared/api';
import type { Account } from '../../shared/model';
import { api } from '../api';
import { forgetAnswers, onAccountApproved } from '../trust';
import type { Store } from './index';

export interface AccountsSlice {
  accounts: Account[];
  accountsLoaded: boolean;
  selectedAccountId: string | undefined;
  /** Accounts whose password the engine does not have (it said so with an 'auth' error). */
  passwordNeeded: Record<string, boolean>;
  loadAccounts: () => Promise<void>;
  selectAccount: (id: string) => void;
  /** Discovers and keeps the account; aborting `signal` cancels the discovery, and nothing is kept. */
  addAccount: (input: NewAccount, signal?: AbortSignal) => Promise<Account>;
  renameAccount: (id: string, label: string) => Promise<void>;
  /** Replaces the other servers the account's password may go to. */
  setApprovedOrigins: (id: string, origins: string[]) => Promise<void>;
  setPassword: (id: string, password: string) => Promise<void>;
  removeAccount: (id: string) => Promise<void>;
  markPasswordNeeded: (id: string, needed: boolean) => void;
}

export const createAccountsSlice: StateCreator<Store, [], [], AccountsSlice> = (set, get) => {
  const replace = (account: Account) => {
    set((s) => ({ accounts: s.accounts.map((a) => (a.id === account.id ? account : a)) }));
  };
  // A server allowed in the approval dialog is now part of the account.
  onAccountApproved(replace);
  return {
    accounts: [],
    accountsLoaded: false,
    selectedAccountId: undefined,
    passwordNeeded: {},

    async loadAccounts() {
      const accounts = await api.listAccounts();
      const selected = get().selectedAccountId;
      set({
        accounts,
        accountsLoaded: true,
        selectedAccountId: accounts.some((a) => a.id === selected) ? selected : accounts[0]?.id,
      });
    },

    selectAccount(id) {
      // A filter typed for one account's list means nothing in another's.
      set((s) =>
        s.selectedAccountId === id
          ? { view: 'collections' }
          : { selectedAccountId: id, selectedUrl: undefined, filter: '', view: 'collections' },
      );
    },

    async addAccount(input, signal) {
      const account = await (signal ? api.withSignal(signal) : api).addAccount(input);
      set((s) => ({ accounts: [...s.accounts, account], selectedAccountId: account.id, selectedUrl: undefined, view: 'collections' }));
      return account;
    },

    async renameAccount(id, label) {
      replace(await api.updateAccount(id, { label }));
    },

    async setApprovedOrigins(id, origins) {
      replace(await api.updateAccount(id, { approvedOrigins: origins }));
      forgetAnswers(id);
    },

    async setPassword(id, password) {
      const account = await api.updateAccount(id, { password });
      set((s) => ({
        accounts: s.accounts.map((a) => (a.id === id ? account : a)),
        passwordNeeded: { ...s.passwordNeeded, [id]: false },
      }));
    },

    async removeAccount(id) {
      await api.removeAccount(id);
      get().forgetSent(id);
      set((s) => {
        const accounts = s.accounts.filter((a) => a.id !== id);
        const collections = Object.fromEntries(Object.entries(s.collections).filter(([key]) => key !== id));
        const invitations = Object.fromEntries(Object.entries(s.invitations).filter(([key]) => key !== id));
        return {
          accounts,
          collections,
          invitations,
          selectedAccountId: s.selectedAccountId === id ? accounts[0]?.id : s.selectedAccountId,
          selectedUrl: s.selectedAccountId === id ? undefined : s.selectedUrl,
        };
      });
    },

    markPasswordNeeded(id, needed) {
      set((s) => ({ passwordNeeded: { ...s.passwordNeeded, [id]: needed } }));
    },
  };
};
