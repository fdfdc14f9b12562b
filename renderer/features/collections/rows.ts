// The collection list as rows: filtered, grouped by kind, each with its place on the page.
// Pure, so it is fast to test and cheap to recompute on every keystroke in the filter.

import { ACCESS_LABELS, personLabel } from '../../../shared/format';
import type { Collection, CollectionKind } from '../../../shared/model';

export const GROUP_HEIGHT = 34;
export const ITEM_HEIGHT = 52;

export type ListRow =
  | { type: 'group'; key: string; kind: CollectionKind; label: string; count: number; top: number }
  | { type: 'item'; key: string; collection: Collection; top: number };

const GROUPS: { kind: CollectionKind; label: string }[] = [
  { kind: 'calendar', label: 'Calendars' },
  { kind: 'addressbook', label: 'Address books' },
  { kind: 'folder', label: 'Folders' },
];

const haystacks = new WeakMap<Collection, string>();

/** Everything a person might type to find a collection: its name, description and people. */
function haystack(c: Collection): string {
  let text = haystacks.get(c);
  if (text === undefined) {
    const people = c.sharees.map((s) => `${s.name ?? ''} ${s.address}`).join(' ');
    text = `${c.name} ${c.description ?? ''} ${people} ${c.sharedBy ? personLabel(c.sharedBy) : ''}`.toLowerCase();
    haystacks.set(c, text);
  }
  return text;
}

export function buildRows(list: readonly Collection[], filter: string): { rows: ListRow[]; height: number; shown: number } {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const rows: ListRow[] = [];
  let top = 0;
  let shown = 0;
  for (const group of GROUPS) {
    const members = list
      .filter((c) => c.kind === group.kind && terms.every((t) => haystack(c).includes(t)))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (members.length === 0) continue;
    rows.push({ type: 'group', key: `group:${group.kind}`, kind: group.kind, label: group.label, count: members.length, top });
    top += GROUP_HEIGHT;
    for (const collection of members) {
      rows.push({ type: 'item', key: collection.url, collection, top });
      top += ITEM_HEIGHT;
    }
    shown += members.length;
  }
  return { rows, height: top, shown };
}

/** Index of the first row whose bottom is below `y` (rows are sorted by top). */
export function firstVisible(rows: readonly ListRow[], y: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const row = rows[mid]!;
    const bottom = row.top + (row.type === 'group' ? GROUP_HEIGHT : ITEM_HEIGHT);
    if (bottom <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Badge {
  text: string;
  tone: 'accent' | 'pending' | 'plain';
}

/** The badges of a row: who it is shared with, or who shared it with the user. */
export function badgesOf(c: Collection): Badge[] {
  if (c.access === 'read' || c.access === 'read-write') {
    return [{ text: `Shared with you by ${personLabel(c.sharedBy)} · ${ACCESS_LABELS[c.access]}`, tone: 'plain' }];
  }
  const out: Badge[] = [];
  if (c.sharees.length > 0) out.push({ text: `Shared with ${c.sharees.length}`, tone: 'accent' });
  const pending = c.sharees.filter((s) => s.status === 'pending').length;
  if (pending > 0) out.push({ text: `${pending} pending`, tone: 'pending' });
  if (c.publish?.url) out.push({ text: 'Published', tone: 'plain' });
  return out;
}

/** A sentence for screen readers: name, kind, and the badges. */
export function rowLabel(c: Collection): string {
  const badges = badgesOf(c).map((b) => b.text);
  return [c.name, ...badges].join(', ');
}
