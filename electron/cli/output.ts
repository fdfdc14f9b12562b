// Human output of the `sharedeck` command line: plain aligned tables, no colour codes (they
// would end up in files and pipes). Everything is built as lines; the command line writes them
// through inert() (shared/inert-text.ts), so nothing a server sent — a name, an address, a comment,
// a path — can act on the terminal, not even a line break. Tables align on the escaped text.

import { inert } from '../../shared/inert-text';
import {
  ACCESS_LABELS,
  GRANT_ACCESS_LABELS,
  INVITATION_STATE_LABELS,
  KIND_LABELS,
  PRINCIPAL_TYPE_LABELS,
  SHARE_ACCESS_LABELS,
  STATUS_LABELS,
  EVERYONE_LABELS,
  addressLabel,
  grantLabel,
  isDefaultFreeBusy,
  personLabel,
  shareeLabel,
} from '../../shared/format';
import {
  isAccess,
  type Collection,
  type CollectionOutcome,
  type Invitation,
  type PersonAccess,
  type Principal,
  type ShareReply,
} from '../../shared/model';
import { displayPath, lastSegment, safeDecode } from '../../shared/urls';

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const shown = rows.map((r) => r.map(inert));
  const widths = header.map((h, i) => Math.max(h.length, ...shown.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...shown.map(line)];
}

function sharingSummary(c: Collection): string {
  if (isAccess(c.access)) {
    return `by ${personLabel(c.sharedBy)} (${ACCESS_LABELS[c.access]})`;
  }
  // Free/busy time for everyone is what DAViCal and Cyrus grant by default: `show` lists it.
  const grants = (c.aclGrants ?? []).filter((g) => !isDefaultFreeBusy(g.everyone, g.access));
  const people = [
    ...(c.shareesVisible ? c.sharees.map((s) => `${shareeLabel(s)} (${s.access}, ${s.status})`) : []),
    ...grants.map((g) => `${grantLabel(g)} (${g.access}, ACL)`),
  ];
  if (people.length === 0) return c.shareesVisible ? (c.canShare ? '-' : 'cannot be shared') : 'hidden by the server';
  return people.join(', ');
}

function accessCell(c: Collection): string {
  return c.access === 'not-shared' || c.access === 'shared-owner' ? 'owner' : c.access;
}

export function formatCollections(list: readonly Collection[]): string[] {
  if (list.length === 0) return ['No calendars, address books or folders.'];
  const order = { calendar: 0, addressbook: 1, folder: 2 } as const;
  const sorted = [...list].sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name));
  return table(
    ['KIND', 'NAME', 'ACCESS', 'SHARED WITH / BY', 'PATH'],
    sorted.map((c) => [KIND_LABELS[c.kind], c.name, accessCell(c), sharingSummary(c), displayPath(c.url)]),
  );
}

export function formatCollection(c: Collection): string[] {
  const lines = [`${c.name} (${KIND_LABELS[c.kind]})`, `  URL:       ${c.url}`, `  Access:    ${SHARE_ACCESS_LABELS[c.access]}`];
  if (c.sharedBy) lines.push(`  Shared by: ${personLabel(c.sharedBy)}${c.sharedBy.name ? '' : ` <${c.sharedBy.address}>`}`);
  if (c.originalUrl) lines.push(`  Original:  ${c.originalUrl}`);
  if (c.description) lines.push(`  About:     ${c.description}`);
  if (c.color) lines.push(`  Colour:    ${c.color}`);
  const owned = c.access === 'not-shared' || c.access === 'shared-owner';
  lines.push(`  Sharing:   ${c.canShare ? `yes (${c.dialects.join(', ')})` : owned ? 'not offered by the server' : 'not by you'}`);
  if (c.publish) lines.push(`  Published: ${c.publish.url ?? (c.publish.available ? 'no (can be published)' : 'no')}`);
  const grants = c.aclGrants ?? [];
  if (!c.shareesVisible) {
    lines.push('', 'The server does not show you who else it is shared with.');
  } else if (c.sharees.length === 0) {
    if (grants.length === 0) lines.push('', 'Not shared with anyone.');
  } else {
    lines.push(
      '',
      ...table(
        ['SHAREE', 'NAME', 'ACCESS', 'STATUS', 'COMMENT'],
        c.sharees.map((s) => [
          s.address,
          s.name || s.type === 'group' ? shareeLabel(s) : '-',
          s.access,
          STATUS_LABELS[s.status],
          s.comment ?? '',
        ]),
      ),
    );
  }
  if (grants.length > 0) {
    lines.push(
      '',
      'Direct access (access control list):',
      ...table(
        ['WHO', 'ADDRESS', 'ACCESS', 'NOTE'],
        grants.map((g) => [
          grantLabel(g),
          g.address,
          GRANT_ACCESS_LABELS[g.access],
          g.fixed === 'protected'
            ? 'set by the server'
            : g.fixed === 'inherited'
              ? `inherited from ${displayPath(g.inheritedFrom ?? '')}`
              : isDefaultFreeBusy(g.everyone, g.access)
                ? 'the server’s default for calendars'
                : '',
        ]),
      ),
    );
  }
  return lines;
}

/** The short id shown for an invitation or an answer to one: its resource name without ".xml". */
export function invitationShortId(inv: Pick<Invitation, 'id'>): string {
  return (lastSegment(inv.id) ?? safeDecode(inv.id)).replace(/\.xml$/i, '');
}

export function formatInvitations(list: readonly Invitation[]): string[] {
  if (list.length === 0) return ['No invitations.'];
  return table(
    ['ID', 'FROM', 'COLLECTION', 'KIND', 'ACCESS', 'STATE', 'COMMENT'],
    list.map((i) => [
      invitationShortId(i),
      personLabel(i.from),
      i.collectionName,
      KIND_LABELS[i.kind],
      i.access === 'none' ? '-' : i.access,
      INVITATION_STATE_LABELS[i.state],
      i.comment ?? '',
    ]),
  );
}

/** "2026-12-02 06:30 UTC" for an RFC 3339 time; a time that does not parse as the server wrote it; "-" for none. */
export function shownTime(at: string | undefined): string {
  if (at === undefined || at === '') return '-';
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) return at;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The answers sharees gave to the account's invitations (newest first, as listed): who, what,
 * about which collection (`collectionName` names it from the account's list; else its path), when.
 */
export function formatReplies(list: readonly ShareReply[], collectionName: (url: string) => string | undefined): string[] {
  if (list.length === 0) return ['No answers to your invitations.'];
  return table(
    ['ID', 'FROM', 'ANSWER', 'COLLECTION', 'WHEN', 'COMMENT'],
    list.map((r) => [
      invitationShortId(r),
      personLabel(r.from),
      r.answer,
      collectionName(r.collectionUrl) ?? displayPath(r.collectionUrl),
      shownTime(r.receivedAt),
      r.comment ?? '',
    ]),
  );
}

export function formatPrincipals(list: readonly Principal[]): string[] {
  if (list.length === 0) return ['Nobody found.'];
  return table(
    ['NAME', 'ADDRESS', 'TYPE'],
    list.map((p) => [p.name, p.address, p.type ? PRINCIPAL_TYPE_LABELS[p.type] : '-']),
  );
}

const ROUTE_LABELS = { share: 'share', acl: 'ACL' } as const;

function personCell(p: PersonAccess): string {
  if (p.type === 'all' || p.type === 'authenticated' || p.type === 'unauthenticated') return EVERYONE_LABELS[p.type];
  const address = addressLabel(p.address);
  return p.name === undefined || p.name === address ? address : `${p.name} <${address}>`;
}

/** Who can reach what: one row per person and collection, the person named on their first row. */
export function formatPeople(people: readonly PersonAccess[]): string[] {
  if (people.length === 0) return ['Nobody else can reach your calendars, address books or folders.'];
  return table(
    ['PERSON', 'TYPE', 'COLLECTION', 'KIND', 'ACCESS', 'ROUTE', 'STATUS'],
    people.flatMap((p) =>
      p.grants.map((g, i) => [
        i > 0 ? '' : personCell(p),
        i > 0 ? '' : p.type,
        g.collectionName,
        KIND_LABELS[g.kind],
        GRANT_ACCESS_LABELS[g.access],
        ROUTE_LABELS[g.via],
        g.status === undefined ? '' : STATUS_LABELS[g.status],
      ]),
    ),
  );
}

const RESULT_LABELS = { done: 'done', 'not-applied': 'NOT APPLIED', failed: 'FAILED' } as const;

/** What a bulk action did where. */
export function formatOutcomes(outcomes: readonly CollectionOutcome[]): string[] {
  if (outcomes.length === 0) return ['Nothing to change.'];
  return table(
    ['COLLECTION', 'KIND', 'RESULT', 'CHANGE'],
    outcomes.map((o) => [o.collectionName, KIND_LABELS[o.kind], RESULT_LABELS[o.result], o.change]),
  );
}
