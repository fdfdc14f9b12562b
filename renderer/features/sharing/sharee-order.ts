// The order sharees are listed in: by the name shown, then by address. Servers return them in any
// order (Cyrus in a different one on every read), and a row must never move under the pointer, so
// the order depends on who people are, never on what the server sent last or on their access.

import { addressLabel } from '../../../shared/format';
import type { Sharee } from '../../../shared/model';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** What a sharee's row is titled: their name, else their address without its scheme. */
export function shareeTitle(s: Pick<Sharee, 'name' | 'address'>): string {
  return s.name?.trim() || addressLabel(s.address);
}

/** The sharees sorted by shown name, then address (a new array). */
export function sortedSharees<T extends Pick<Sharee, 'name' | 'address'>>(sharees: readonly T[]): T[] {
  return [...sharees].sort(
    (a, b) => collator.compare(shareeTitle(a), shareeTitle(b)) || (a.address < b.address ? -1 : a.address > b.address ? 1 : 0),
  );
}
