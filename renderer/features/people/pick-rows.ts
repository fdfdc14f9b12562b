// The collections one may give a person access to, as rows of the Give access dialog: every
// collection of every account that the user owns and may share, by account, filtered; those the
// person reaches already, and accounts where no address of theirs means anything, say why they
// cannot be picked. Pure.

import type { Account, Collection, PersonAccess, PersonGrant } from '../../../shared/model';
import { existingGrant, grantAddress } from './action-plan';
import { GRANT_ACCESS_WORDS } from '../../components/vocabulary';
import { personName } from './person-rows';

export const PICK_ACCOUNT_HEIGHT = 40;
export const PICK_HEIGHT = 40;

export interface AccountCollectionsState {
  list: readonly Collection[];
  loading: boolean;
  error?: { message: string };
}

export type PickRow =
  | { type: 'account'; key: string; account: Account; note?: string; top: number; height: number }
  | {
      type: 'collection';
      key: string;
      account: Account;
      collection: Collection;
      /** Why it cannot be picked, when it cannot. */
      blocked?: string;
      existing?: PersonGrant;
      top: number;
      height: number;
    };

export function pickKey(accountId: string, url: string): string {
  return `${accountId} ${url}`;
}

function shareable(c: Collection): boolean {
  return (c.access === 'not-shared' || c.access === 'shared-owner') && c.canShare;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function buildPickRows(
  person: PersonAccess,
  accounts: readonly Account[],
  collections: Readonly<Record<string, AccountCollectionsState | undefined>>,
  filter: string,
): { rows: PickRow[]; height: number } {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const rows: PickRow[] = [];
  let top = 0;
  const push = (row: PickRow) => {
    rows.push(row);
    top += row.height;
  };
  for (const account of accounts) {
    const state = collections[account.id];
    const address = grantAddress(person, account);
    const own = (state?.list ?? [])
      .filter(shareable)
      .filter((c) => terms.every((t) => `${c.name} ${c.description ?? ''}`.toLowerCase().includes(t)))
      .sort((a, b) => collator.compare(a.name, b.name));
    let note: string | undefined;
    if (!state || (state.loading && state.list.length === 0)) note = 'Reading its collections…';
    else if (state.error && state.list.length === 0) note = state.error.message;
    else if (address === undefined) note = `No address of ${personName(person)} is known on this server.`;
    else if (own.length === 0) note = terms.length > 0 ? 'No collection here matches.' : 'Nothing here can be shared.';
    push({
      type: 'account',
      key: `account:${account.id}`,
      account,
      ...(note === undefined ? {} : { note }),
      top,
      height: PICK_ACCOUNT_HEIGHT,
    });
    if (address === undefined) continue;
    for (const collection of own) {
      const existing = existingGrant(person, account.id, collection.url);
      push({
        type: 'collection',
        key: pickKey(account.id, collection.url),
        account,
        collection,
        ...(existing ? { existing, blocked: `Has ${GRANT_ACCESS_WORDS[existing.access]} already` } : {}),
        top,
        height: PICK_HEIGHT,
      });
    }
  }
  return { rows, height: top };
}
