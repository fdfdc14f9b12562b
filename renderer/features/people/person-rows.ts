// The People view as data: who each entry is, how it reads, the list's rows (filtered, grouped,
// each with its place on the page) and a person's grants by account. Pure, so it is cheap to
// recompute on every keystroke and easy to test.

import { EVERYONE_LABELS, addressLabel, capitalise, isDefaultFreeBusy } from '../../../shared/format';
import { findPerson, isEveryone } from '../../../shared/people';
import type { Account, EveryoneKind, PersonAccess, PersonGrant, PersonType, Route } from '../../../shared/model';

export const GROUP_HEIGHT = 34;
export const PERSON_HEIGHT = 52;

export type PeopleGroup = 'people' | 'groups' | 'resources' | 'everyone';

export const PEOPLE_GROUP_LABELS: Record<PeopleGroup, string> = {
  people: 'People',
  groups: 'Groups',
  resources: 'Resources and rooms',
  everyone: 'Everyone',
};

const GROUP_OF: Record<PersonType, PeopleGroup> = {
  individual: 'people',
  unknown: 'people',
  group: 'groups',
  resource: 'resources',
  room: 'resources',
  all: 'everyone',
  authenticated: 'everyone',
  unauthenticated: 'everyone',
};

const GROUP_ORDER: PeopleGroup[] = ['people', 'groups', 'resources', 'everyone'];

export const ROUTE_NAMES: Record<Route, string> = { share: 'Share', acl: 'ACL grant' };

export const TYPE_NAMES: Record<PersonType, string> = {
  individual: 'Person',
  unknown: 'Person or group',
  group: 'Group',
  resource: 'Resource',
  room: 'Room',
  all: 'Everyone',
  authenticated: 'Every signed-in user',
  unauthenticated: 'Anonymous visitors',
};

/** What a grant to everyone means, for the entry's panel. */
export const EVERYONE_MEANING: Record<EveryoneKind, string> = {
  all: 'Anyone, signed in or not',
  authenticated: 'Anyone who signs in to this server',
  unauthenticated: 'Anyone who does not sign in',
};

/** A grant to everyone that reaches only the free/busy time its server gives every calendar by default. */
export function onlyServerDefault(p: Pick<PersonAccess, 'type' | 'grants'>): boolean {
  return isEveryone(p.type) && p.grants.length > 0 && p.grants.every((g) => isDefaultFreeBusy(p.type, g.access));
}

/** How an entry is named: its name, else its address without the scheme, else what everyone-grants mean. */
export function personName(p: PersonAccess): string {
  if (isEveryone(p.type)) {
    return capitalise(EVERYONE_LABELS[p.type]);
  }
  return p.name ?? addressLabel(p.address);
}

/** The address to show beside the name: a mail address without mailto:, or the principal URL. */
export function shownAddress(address: string): string {
  return address.replace(/^mailto:/i, '');
}

/**
 * A key that names the same entry across re-reads. A person is their display address (found again
 * by any of their addresses, see findByKey); a grant to everyone belongs to one account, since
 * every signed-in user of one server is not every signed-in user of another.
 */
export function personKey(p: PersonAccess): string {
  return isEveryone(p.type) ? `${p.address} ${p.grants[0]?.accountId ?? ''}` : p.address;
}

/** The entry a key names now: the same key, or (a person whose display address changed) the person with that address. */
export function findByKey(people: readonly PersonAccess[], key: string): PersonAccess | undefined {
  const exact = people.find((p) => personKey(p) === key);
  if (exact || key.startsWith('DAV:')) return exact;
  return findPerson(
    people.filter((p) => !isEveryone(p.type)),
    key,
  );
}

/** The accounts a person's grants are in, in the sidebar's order. */
export function accountsOf(p: PersonAccess, accounts: readonly Account[]): Account[] {
  const ids = new Set(p.grants.map((g) => g.accountId));
  return accounts.filter((a) => ids.has(a.id));
}

/** Distinct collections a set of grants reaches (one collection may be reached by a share and an ACL grant). */
export function collectionCount(grants: readonly PersonGrant[]): number {
  return new Set(grants.map((g) => `${g.accountId} ${g.collectionUrl}`)).size;
}

/** "1 collection", "1,200 collections". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** "3 collections in 2 accounts", or "3 collections" within one. */
export function reachSummary(p: PersonAccess): string {
  const collections = plural(collectionCount(p.grants), 'collection');
  const accounts = new Set(p.grants.map((g) => g.accountId)).size;
  return accounts > 1 ? `${collections} in ${accounts} accounts` : collections;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export type PeopleRow =
  | { type: 'group'; key: string; group: PeopleGroup; label: string; count: number; top: number; height: number }
  | { type: 'person'; key: string; group: PeopleGroup; person: PersonAccess; top: number; height: number };

const haystacks = new WeakMap<PersonAccess, string>();

/** What a person might type to find an entry: name, addresses, what it is, the collections and accounts it reaches. */
function haystack(p: PersonAccess, accountLabels: Readonly<Record<string, string>>): string {
  let text = haystacks.get(p);
  if (text === undefined) {
    const accounts = [...new Set(p.grants.map((g) => accountLabels[g.accountId] ?? ''))];
    text = [
      personName(p),
      // Addresses without their scheme: every one would otherwise match "m", "ma", "mailto".
      ...p.addresses.map(shownAddress),
      TYPE_NAMES[p.type],
      ...p.grants.map((g) => g.collectionName),
      ...accounts,
    ]
      .join(' ')
      .toLowerCase();
    haystacks.set(p, text);
  }
  return text;
}

/** The list's rows: entries matching every term of the filter, grouped (people, groups, resources, everyone), sorted by name. */
export function buildPeopleRows(
  people: readonly PersonAccess[],
  filter: string,
  accountLabels: Readonly<Record<string, string>> = {},
): { rows: PeopleRow[]; height: number; shown: number } {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = terms.length === 0 ? people : people.filter((p) => terms.every((t) => haystack(p, accountLabels).includes(t)));
  const byGroup = new Map<PeopleGroup, PersonAccess[]>();
  for (const p of matches) {
    const g = GROUP_OF[p.type];
    byGroup.set(g, [...(byGroup.get(g) ?? []), p]);
  }
  const rows: PeopleRow[] = [];
  let top = 0;
  for (const group of GROUP_ORDER) {
    const members = byGroup.get(group);
    if (!members) continue;
    const sorted =
      group === 'everyone'
        ? members
        : [...members].sort((a, b) => collator.compare(personName(a), personName(b)) || collator.compare(a.address, b.address));
    rows.push({
      type: 'group',
      key: `group:${group}`,
      group,
      label: PEOPLE_GROUP_LABELS[group],
      count: members.length,
      top,
      height: GROUP_HEIGHT,
    });
    top += GROUP_HEIGHT;
    for (const person of sorted) {
      rows.push({ type: 'person', key: personKey(person), group, person, top, height: PERSON_HEIGHT });
      top += PERSON_HEIGHT;
    }
  }
  return { rows, height: top, shown: matches.length };
}

export const ACCOUNT_HEIGHT = 34;
export const GRANT_HEIGHT = 48;

export type GrantRow =
  | { type: 'account'; key: string; account: Account | undefined; accountId: string; count: number; top: number; height: number }
  | { type: 'grant'; key: string; grant: PersonGrant; top: number; height: number };

/** A person's grants as rows: by account (in the sidebar's order), then by collection name. */
export function buildGrantRows(p: PersonAccess, accounts: readonly Account[]): { rows: GrantRow[]; height: number } {
  const byAccount = new Map<string, PersonGrant[]>();
  for (const g of p.grants) byAccount.set(g.accountId, [...(byAccount.get(g.accountId) ?? []), g]);
  const order = [
    ...accounts.map((a) => a.id).filter((id) => byAccount.has(id)),
    ...[...byAccount.keys()].filter((id) => !accounts.some((a) => a.id === id)),
  ];
  const rows: GrantRow[] = [];
  let top = 0;
  for (const accountId of order) {
    const grants = [...byAccount.get(accountId)!].sort(
      (a, b) =>
        collator.compare(a.collectionName, b.collectionName) ||
        a.collectionUrl.localeCompare(b.collectionUrl) ||
        a.via.localeCompare(b.via),
    );
    rows.push({
      type: 'account',
      key: `account:${accountId}`,
      account: accounts.find((a) => a.id === accountId),
      accountId,
      count: collectionCount(grants),
      top,
      height: ACCOUNT_HEIGHT,
    });
    top += ACCOUNT_HEIGHT;
    for (const grant of grants) {
      rows.push({
        type: 'grant',
        key: `${accountId} ${grant.collectionUrl} ${grant.via} ${grant.address}`,
        grant,
        top,
        height: GRANT_HEIGHT,
      });
      top += GRANT_HEIGHT;
    }
  }
  return { rows, height: top };
}
