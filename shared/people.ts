// People across accounts, and the access review's export. Pure: the renderer's People view, the
// shells and the CLI use the same functions.
//
// Each account's listing (SharingApi.listPeople) already merges the address forms of one person on
// that server, by the engine's identity rules. Across accounts two entries are one person when they
// share an address: the same mail address (in any case) or the same principal URL. Never by display
// name; and grants to everyone stay apart per account (every signed-in user of one server is not
// every signed-in user of another).

import type { EveryoneKind, PersonAccess, PersonType } from './model';
import { addressKey } from './addresses';
import { inert } from './inert-text';

/** Whether an entry is a grant to everyone (all, signed-in or anonymous users) rather than a person or group. */
export function isEveryone(type: PersonType): type is EveryoneKind {
  return type === 'all' || type === 'authenticated' || type === 'unauthenticated';
}

/** One entry per person across the lists of several accounts. */
export function mergePeople(lists: readonly (readonly PersonAccess[])[]): PersonAccess[] {
  const all = lists.flat();
  const parent = all.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const owner = new Map<string, number>();
  all.forEach((p, i) => {
    if (isEveryone(p.type)) return;
    for (const a of p.addresses) {
      const key = addressKey(a);
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[root(i)] = root(j);
    }
  });
  const groups = new Map<number, PersonAccess[]>();
  all.forEach((p, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), p]));
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const byKey = new Map<string, string>();
    for (const a of group.flatMap((p) => p.addresses)) if (!byKey.has(addressKey(a))) byKey.set(addressKey(a), a);
    const addresses = [...byKey.values()];
    const merged: PersonAccess = {
      address: group.find((p) => p.address.startsWith('mailto:'))?.address ?? group[0]!.address,
      type: group.find((p) => p.type !== 'unknown')?.type ?? 'unknown',
      addresses,
      grants: group.flatMap((p) => p.grants),
    };
    const name = group.find((p) => p.name !== undefined)?.name;
    if (name !== undefined) merged.name = name;
    return merged;
  });
}

/** The person whose addresses include `address` (same mail address or principal URL); undefined when none. */
export function findPerson(people: readonly PersonAccess[], address: string): PersonAccess | undefined {
  const key = addressKey(address);
  return people.find((p) => p.addresses.some((a) => addressKey(a) === key));
}

// ---- export ------------------------------------------------------------------------------------

/** The shape of `sharedeck people --json` and of the JSON export. */
export interface ExportedPerson {
  address: string;
  name?: string;
  type: PersonType;
  addresses: string[];
  grants: {
    collectionUrl: string;
    collectionName: string;
    kind: string;
    access: string;
    via: 'share' | 'acl';
    status?: string;
    account?: string;
  }[];
}

/** The people as the JSON export has them; `accounts` names each account (its label) when the export spans several. */
export function exportPeople(people: readonly PersonAccess[], accounts?: Readonly<Record<string, string>>): ExportedPerson[] {
  return people.map((p) => {
    const out: ExportedPerson = {
      address: p.address,
      ...(p.name === undefined ? {} : { name: p.name }),
      type: p.type,
      addresses: [...p.addresses],
      grants: p.grants.map((g) => ({
        collectionUrl: g.collectionUrl,
        collectionName: g.collectionName,
        kind: g.kind,
        access: g.access,
        via: g.via,
        ...(g.status === undefined ? {} : { status: g.status }),
        ...(accounts ? { account: accounts[g.accountId] ?? g.accountId } : {}),
      })),
    };
    return out;
  });
}

export function peopleToJson(people: readonly PersonAccess[], accounts?: Readonly<Record<string, string>>): string {
  return `${JSON.stringify(exportPeople(people, accounts), null, 2)}\n`;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line end. A cell a spreadsheet
 * would take as a formula (starting with =, +, -, @, or a tab or carriage return before one) gets
 * a leading apostrophe, so that a name a server sends is never run as one.
 */
export function csvCell(value: string): string {
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  // Controls (which could move a terminal's cursor, or split a row) and bidi controls as visible escapes.
  text = inert(text);
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS = ['Person', 'Name', 'Type', 'Addresses', 'Account', 'Collection', 'Kind', 'Access', 'Route', 'Status', 'Collection URL'];

/** The access review as CSV: one row per person and collection, CRLF line ends. */
export function peopleToCsv(people: readonly PersonAccess[], accounts: Readonly<Record<string, string>> = {}): string {
  const rows = people.flatMap((p) =>
    p.grants.map((g) => [
      p.address,
      p.name ?? '',
      p.type,
      p.addresses.join(' '),
      accounts[g.accountId] ?? g.accountId,
      g.collectionName,
      g.kind,
      g.access,
      g.via === 'share' ? 'share' : 'ACL',
      g.status ?? '',
      g.collectionUrl,
    ]),
  );
  return [CSV_COLUMNS, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
