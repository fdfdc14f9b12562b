// What an action on a person will do, and what it did, in words: which accounts it goes to and by
// which addresses, the sentence of its confirmation, the address to give access by on each
// account, and a sentence for each collection's outcome. Pure, so the words are tested.

import { capitalise } from '../../../shared/format';
import type { Access, Account, CollectionOutcome, PersonAccess, PersonGrant } from '../../../shared/model';
import { collectionKey } from '../../../shared/urls';
import { GRANT_ACCESS_WORDS } from '../../components/vocabulary';
import { isEveryone } from '../../../shared/people';
import { collectionCount, personName, plural } from './person-rows';

export type PeopleActionKind = 'revoke' | 'access' | 'grant';

/** One account's part of an action on a person: the addresses its server lists for them, and their grants there. */
export interface AccountPart {
  accountId: string;
  addresses: string[];
  grants: PersonGrant[];
}

/**
 * The person's grants by account, each with the addresses that account's server names them by
 * (what its engine matches: an address from one server means nothing to another).
 */
export function partsOf(p: PersonAccess, accounts: readonly Account[]): AccountPart[] {
  const parts = new Map<string, AccountPart>();
  for (const g of p.grants) {
    const part = parts.get(g.accountId) ?? { accountId: g.accountId, addresses: [], grants: [] };
    if (!part.addresses.includes(g.address)) part.addresses.push(g.address);
    part.grants.push(g);
    parts.set(g.accountId, part);
  }
  const order = accounts.map((a) => a.id);
  return [...parts.values()].sort((a, b) => order.indexOf(a.accountId) - order.indexOf(b.accountId));
}

function label(accounts: readonly Account[], id: string): string {
  return accounts.find((a) => a.id === id)?.label ?? 'an account removed since';
}

/** "2 in alice@a.example and 1 in work" */
function perAccount(parts: readonly AccountPart[], accounts: readonly Account[], mark: (text: string) => string): string {
  const items = parts.map((part) => `${collectionCount(part.grants).toLocaleString('en-US')} in ${mark(label(accounts, part.accountId))}`);
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

/**
 * The confirmation's sentence for revoking a person everywhere: how many collections, in which
 * accounts, by which routes. `mark` wraps the person's name, which a server gave (the panel
 * passes isolate(), and shows the sentence with the name in a <bdi>).
 */
export function revokeDescription(p: PersonAccess, accounts: readonly Account[], mark: (text: string) => string = (t) => t): string {
  const parts = partsOf(p, accounts);
  const total = collectionCount(p.grants);
  const where =
    parts.length > 1
      ? ` in ${parts.length} accounts (${perAccount(parts, accounts, mark)})`
      : ` in ${mark(label(accounts, parts[0]?.accountId ?? ''))}`;
  const shares = p.grants.some((g) => g.via === 'share');
  const acl = p.grants.some((g) => g.via === 'acl');
  const how = isEveryone(p.type)
    ? 'The entries of the access control lists that grant it are removed.'
    : shares && acl
      ? 'Their shares are revoked and their ACL grants removed.'
      : shares
        ? 'Their shares are revoked.'
        : 'Their ACL grants are removed.';
  const fixed = collectionCount(p.grants.filter((g) => g.fixed));
  const stays =
    fixed > 0
      ? ` ${plural(fixed, 'collection')} ${fixed === 1 ? 'keeps its' : 'keep their'} access: the server protects it or it is inherited, and it cannot be changed here.`
      : '';
  const again = isEveryone(p.type) ? '' : ' You can give access again later.';
  const who = isEveryone(p.type) ? personName(p) : mark(personName(p));
  return `${who} will lose access to ${plural(total, 'collection')}${where}. ${how}${stays}${again}`;
}

/** The grants an access change would touch: those that do not have that access yet. */
export function grantsToChange(p: PersonAccess, access: Access): PersonGrant[] {
  return p.grants.filter((g) => g.access !== access);
}

/**
 * The address to give a person access by on an account: a mail address (every server's directory
 * resolves it), else a principal URL on that account's own server; undefined when the person has
 * neither there (a principal of another server means nothing to this one), or is a grant to everyone.
 */
export function grantAddress(p: PersonAccess, account: Account): string | undefined {
  if (isEveryone(p.type)) return undefined;
  const mail = p.addresses.find((a) => /^mailto:/i.test(a));
  if (mail) return mail;
  const origin = new URL(account.serverUrl).origin;
  const local = p.grants.find((g) => g.accountId === account.id)?.address;
  if (local) return local;
  return p.addresses.find((a) => {
    try {
      return new URL(a).origin === origin;
    } catch {
      return false;
    }
  });
}

/** The grant a person already has on a collection, if any (the first by route). */
export function existingGrant(p: PersonAccess, accountId: string, url: string): PersonGrant | undefined {
  const key = collectionKey(url);
  return p.grants.find((g) => g.accountId === accountId && collectionKey(g.collectionUrl) === key);
}

/** What an action is called in the result's heading. */
export function actionTitle(kind: PeopleActionKind, access?: Access, count?: number): string {
  if (kind === 'revoke') return 'Revoke everywhere';
  if (kind === 'access') return `Change to ${GRANT_ACCESS_WORDS[access ?? 'read']} everywhere`;
  return `Give ${GRANT_ACCESS_WORDS[access ?? 'read']} on ${plural(count ?? 0, 'collection')}`;
}

/** A sentence for an outcome that is not done: what happened and what the person can do about it. */
export function outcomeProblem(o: CollectionOutcome, kind: PeopleActionKind, who: string): string | undefined {
  if (o.result === 'done') return undefined;
  if (o.result === 'failed') return o.error?.message ?? 'The server refused the change. Try again, or check the collection on the server.';
  if (kind === 'revoke')
    return `The server answered, but still lists ${who} here. Try again; if it stays, the access may come from somewhere Sharedeck cannot change (a group, or the server’s own settings).`;
  if (kind === 'access')
    return `The server answered, but ${who} does not have this access here. The server may not offer it for this collection; check it in its sharing panel.`;
  return `The server did not take ${who} here: it does not know this address. Check the address, or find the person in the directory from the collection’s sharing panel.`;
}

export const RESULT_NAMES: Record<CollectionOutcome['result'], string> = {
  done: 'Done',
  'not-applied': 'Not applied',
  failed: 'Failed',
};

/** The result's summary: "Done on 2 of 2 collections.", "Done on 4, failed on 1 of 5 collections." */
export function outcomeSummary(outcomes: readonly CollectionOutcome[], failedAccounts: number): string {
  const count = (result: CollectionOutcome['result']) => outcomes.filter((o) => o.result === result).length;
  const parts = [
    [count('done'), 'done on'],
    [count('not-applied'), 'not applied on'],
    [count('failed'), 'failed on'],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, what]) => `${what} ${n.toLocaleString('en-US')}`);
  const accounts = failedAccounts > 0 ? `${plural(failedAccounts, 'account')} could not be changed` : '';
  if (outcomes.length === 0) return accounts ? `${capitalise(accounts)}.` : 'Nothing needed changing.';
  const text = `${said.join(', ')} of ${plural(outcomes.length, 'collection')}${accounts ? `; ${accounts}` : ''}.`;
  return capitalise(text);
}
