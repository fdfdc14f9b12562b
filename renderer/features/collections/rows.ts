// The collection list as rows: filtered, grouped by kind, each with its place on the page.
// Pure, so it is fast to test and cheap to recompute on every keystroke in the filter.

import { personLabel } from '../../../shared/format';
import { isAccess, type Collection, type CollectionKind } from '../../../shared/model';
import { accessPhrase, activeSharees } from '../../components/vocabulary';

export const GROUP_HEIGHT = 34;
export const ITEM_HEIGHT = 52;

export type ListRow =
  | { type: 'group'; key: string; kind: CollectionKind; label: string; count: number; top: number; height: number }
  | {
      type: 'item';
      key: string;
      collection: Collection;
      top: number;
      height: number;
      /** Whose it is, when another collection of its kind has the same name ("yours", "alice"). */
      owner?: string;
    };

export const GROUP_LABELS: Record<CollectionKind, string> = { calendar: 'Calendars', addressbook: 'Address books', folder: 'Folders' };

const GROUPS: { kind: CollectionKind; label: string }[] = (['calendar', 'addressbook', 'folder'] as const).map((kind) => ({
  kind,
  label: GROUP_LABELS[kind],
}));

const haystacks = new WeakMap<Collection, string>();

/** Everything a person might type to find a collection: its name, description and people. */
function haystack(c: Collection): string {
  let text = haystacks.get(c);
  if (text === undefined) {
    // Addresses without their scheme: every one would otherwise match "m", "ma", "mailto".
    const people = c.sharees.map((s) => `${s.name ?? ''} ${s.address.replace(/^mailto:/i, '')}`).join(' ');
    text = `${c.name} ${c.description ?? ''} ${people} ${c.sharedBy ? personLabel(c.sharedBy) : ''}`.toLowerCase();
    haystacks.set(c, text);
  }
  return text;
}

/** One collator for every sort: far cheaper than localeCompare per comparison. */
const byName = new Intl.Collator(undefined, { numeric: true });

const sortedLists = new WeakMap<readonly Collection[], Map<CollectionKind, Collection[]>>();

/**
 * The list's collections of each kind, sorted by name: once per list (the store replaces the list
 * on every change), not on every keystroke. The sort is stable, so filtering the sorted members
 * gives exactly what sorting the filtered ones would.
 */
function sortedByKind(list: readonly Collection[]): Map<CollectionKind, Collection[]> {
  let sorted = sortedLists.get(list);
  if (sorted === undefined) {
    sorted = new Map(GROUPS.map((g) => [g.kind, list.filter((c) => c.kind === g.kind).sort((a, b) => byName.compare(a.name, b.name))]));
    sortedLists.set(list, sorted);
  }
  return sorted;
}

const sameNames = new WeakMap<readonly Collection[], Set<Collection>>();

/** The collections that share their name with another of their kind (two address books called "personal"). */
function namesakes(list: readonly Collection[]): Set<Collection> {
  let found = sameNames.get(list);
  if (found === undefined) {
    const byName = new Map<string, Collection[]>();
    for (const c of list) {
      const key = `${c.kind}\u0000${c.name.toLowerCase()}`;
      byName.set(key, [...(byName.get(key) ?? []), c]);
    }
    found = new Set([...byName.values()].filter((group) => group.length > 1).flat());
    sameNames.set(list, found);
  }
  return found;
}

/** Whose a collection is, as a row tells namesakes apart: "yours", or the person who shared it. */
export function ownerNote(c: Collection): string {
  return isAccess(c.access) ? personLabel(c.sharedBy) : 'yours';
}

/** The last search: typing on narrows it instead of searching the whole list again. */
let previous: { list: readonly Collection[]; terms: string[]; matches: Map<CollectionKind, Collection[]> } | undefined;

/** The collections of each kind that match every term, sorted by name. */
function matching(list: readonly Collection[], terms: string[]): Map<CollectionKind, Collection[]> {
  const sorted = sortedByKind(list);
  if (terms.length === 0) return sorted;
  // When each earlier term lies inside one of the new terms, everything that matches now matched
  // then: only the earlier matches need checking (in their order, which is the sorted one).
  const narrows = previous?.list === list && previous.terms.every((p) => terms.some((t) => t.includes(p)));
  const from = narrows ? previous!.matches : sorted;
  const matches = new Map([...from].map(([kind, members]) => [kind, members.filter((c) => terms.every((t) => haystack(c).includes(t)))]));
  previous = { list, terms, matches };
  return matches;
}

export function buildRows(list: readonly Collection[], filter: string): { rows: ListRow[]; height: number; shown: number } {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = matching(list, terms);
  const twins = namesakes(list);
  const rows: ListRow[] = [];
  let top = 0;
  let shown = 0;
  for (const group of GROUPS) {
    const members = matches.get(group.kind) ?? [];
    if (members.length === 0) continue;
    rows.push({
      type: 'group',
      key: `group:${group.kind}`,
      kind: group.kind,
      label: group.label,
      count: members.length,
      top,
      height: GROUP_HEIGHT,
    });
    top += GROUP_HEIGHT;
    for (const collection of members) {
      rows.push(
        twins.has(collection)
          ? { type: 'item', key: collection.url, collection, top, height: ITEM_HEIGHT, owner: ownerNote(collection) }
          : { type: 'item', key: collection.url, collection, top, height: ITEM_HEIGHT },
      );
      top += ITEM_HEIGHT;
    }
    shown += members.length;
  }
  return { rows, height: top, shown };
}

export interface Badge {
  text: string;
  tone: 'accent' | 'pending' | 'plain';
  /** A person's name (the server's text) inside the text, to be shown isolated: [before, name, after]. */
  parts?: readonly [string, string, string];
}

/**
 * The badges of a row: who it is shared with (people who declined or whose address is not valid do
 * not count: they are not in; `reinvited` of those who declined were invited again from here and
 * wait like anyone pending), or who shared it with the user and what the user can do with it.
 */
export function badgesOf(c: Collection, reinvited = 0): Badge[] {
  if (isAccess(c.access)) {
    const who = personLabel(c.sharedBy);
    const parts = ['Shared with you by ', who, ` · you ${accessPhrase(c.access)}`] as const;
    return [{ text: parts.join(''), tone: 'plain', parts }];
  }
  const out: Badge[] = [];
  const active = activeSharees(c.sharees).length + reinvited;
  if (active > 0) out.push({ text: `Shared with ${active}`, tone: 'accent' });
  const pending = c.sharees.filter((s) => s.status === 'pending').length + reinvited;
  if (pending > 0) out.push({ text: `${pending} pending`, tone: 'pending' });
  if (c.publish?.url) out.push({ text: 'Published', tone: 'plain' });
  return out;
}

/**
 * A sentence for screen readers: name (and whose, for namesakes), and the badges. (Read in logical
 * order, so a bidi control cannot reorder it; what is shown on screen is isolated instead.)
 */
export function rowLabel(c: Collection, owner?: string, reinvited = 0): string {
  const badges = badgesOf(c, reinvited).map((b) => b.text);
  return [owner === undefined ? c.name : `${c.name} (${owner})`, ...badges].join(', ');
}
