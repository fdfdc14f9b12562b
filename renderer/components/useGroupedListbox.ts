// A virtualized single-select listbox whose options sit under group headings (the collection
// list by kind, the People list by people, groups, resources and everyone): the windowing, the
// selected option kept in view and present in the DOM (for aria-activedescendant), the keys, and
// the rows in view by group, each group a named group of options for assistive technology. The
// lists render their own rows.

import { useEffect, useId, type FocusEvent, type KeyboardEvent, type RefObject, type UIEvent } from 'react';
import { listboxKeyTarget } from './listbox-keys';
import { pageSize, useWindowedRows, type PlacedRow } from './useWindowedRows';

/** A row of the list: a group heading (type 'group') or an option. */
export interface ListboxRow extends PlacedRow {
  type: string;
  key: string;
}

export interface GroupedListbox<R, G> {
  /** The rows in view (and the selected one), by group, in the list's order. */
  groups: { group: G; rows: R[] }[];
  /** The id of an option's element, stable per key and safe in a selector. */
  optionId: (key: string) => string;
  /** What the listbox element takes (with its class and label). */
  props: {
    ref: RefObject<HTMLDivElement | null>;
    role: 'listbox';
    tabIndex: 0;
    'aria-activedescendant': string | undefined;
    onKeyDown: (e: KeyboardEvent) => void;
    onFocus: (e: FocusEvent) => void;
    onScroll: (e: UIEvent<HTMLElement>) => void;
  };
}

function hashed(base: string, key: string): string {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return `${base}-${(h >>> 0).toString(36)}`;
}

export function useGroupedListbox<R extends ListboxRow, O extends R, G>({
  rows,
  options,
  selectedIndex,
  optionHeight,
  groupOf,
  onSelect,
}: {
  rows: readonly R[];
  /** The rows that are options, in order. */
  options: readonly O[];
  /** The selected option's index in `options`; -1 for none. */
  selectedIndex: number;
  /** An option's height: PageUp/PageDown move a view of them. */
  optionHeight: number;
  groupOf: (row: R) => G;
  onSelect: (option: O) => void;
}): GroupedListbox<R, G> {
  const windowed = useWindowedRows(rows);
  const baseId = useId().replace(/:/g, '');
  const { reveal } = windowed;

  // Keep the selected option in view when it changes (keyboard, or selection from elsewhere), with its heading.
  useEffect(() => {
    const row = options[selectedIndex];
    if (!row) return;
    const at = rows.indexOf(row);
    const above = rows[at - 1];
    reveal(at, above?.type === 'group' ? above.height : 0);
  }, [selectedIndex, options, rows, reveal]);

  const visible = rows.slice(windowed.start, windowed.end);
  // The active option must exist in the DOM for aria-activedescendant.
  const active = options[selectedIndex];
  if (active && !visible.includes(active)) visible.push(active);
  // The wrappers take no space; rows stay positioned in the scrolling container.
  const groups: { group: G; rows: R[] }[] = [];
  for (const r of visible) {
    const group = groupOf(r);
    const found = groups.find((g) => g.group === group);
    if (found) found.rows.push(r);
    else groups.push({ group, rows: [r] });
  }

  return {
    groups,
    optionId: (key) => hashed(baseId, key),
    props: {
      ref: windowed.ref,
      role: 'listbox',
      tabIndex: 0,
      'aria-activedescendant': active ? hashed(baseId, active.key) : undefined,
      onKeyDown: (e) => {
        const to = listboxKeyTarget(e.key, selectedIndex, options.length, pageSize(windowed.viewport, optionHeight));
        if (to === undefined) return;
        e.preventDefault();
        const option = options[to];
        if (option) onSelect(option);
      },
      onFocus: () => {
        if (selectedIndex === -1 && options[0]) onSelect(options[0]);
      },
      onScroll: windowed.onScroll,
    },
  };
}
