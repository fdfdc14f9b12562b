// The collections of an account as a virtualized listbox: only the rows in view are in the DOM,
// so 5,000 collections scroll and filter as smoothly as 5. Keyboard: arrows, Home/End,
// PageUp/PageDown move the selection; the list keeps the focused row in view.

import { memo, useEffect, useId, useMemo, type KeyboardEvent } from 'react';
import type { Collection } from '../../../shared/model';
import { isolate } from '../../../shared/inert-text';
import { useFocusRequest } from '../../components/focus';
import { useStore } from '../../store';
import { reinvitedCount } from '../../store/sent';
import { KindIcon } from '../../components/icons';
import { listboxKeyTarget } from '../../components/listbox-keys';
import { pageSize, useWindowedRows } from '../../components/useWindowedRows';
import { GROUP_HEIGHT, GROUP_LABELS, ITEM_HEIGHT, badgesOf, buildRows, rowLabel, type ListRow } from './rows';

interface Props {
  accountId: string;
  collections: readonly Collection[];
  filter: string;
  selectedUrl: string | undefined;
  onSelect: (url: string) => void;
  label: string;
}

function optionId(base: string, url: string): string {
  // An id that is stable per collection and safe in a selector.
  let h = 0;
  for (let i = 0; i < url.length; i++) h = (Math.imul(h, 31) + url.charCodeAt(i)) | 0;
  return `${base}-${(h >>> 0).toString(36)}`;
}

const Row = memo(function Row({
  accountId,
  row,
  selected,
  id,
  onSelect,
}: {
  accountId: string;
  row: ListRow & { type: 'item' };
  selected: boolean;
  id: string;
  onSelect: (url: string) => void;
}) {
  const c = row.collection;
  // Invited again from here after a decline: counted as waiting, as the sharing panel does.
  const reinvited = useStore((s) => reinvitedCount(s.sent, accountId, c));
  const badges = badgesOf(c, reinvited);
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={rowLabel(c, row.owner, reinvited)}
      className={selected ? 'row active' : 'row'}
      style={{ top: row.top, height: ITEM_HEIGHT - 4 }}
      onClick={() => {
        onSelect(c.url);
      }}
    >
      {c.color ? <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> : <KindIcon kind={c.kind} />}
      <span className="row-main">
        <span className="row-title" dir="auto">
          <bdi>{c.name}</bdi>
          {row.owner !== undefined && (
            <span className="row-owner">
              {' '}
              · <bdi>{row.owner}</bdi>
            </span>
          )}
        </span>
        {badges.length > 0 && (
          <span className="row-badges" aria-hidden="true">
            {badges.map((b) => (
              <span
                key={b.text}
                title={b.parts ? `${b.parts[0]}${isolate(b.parts[1])}${b.parts[2]}` : b.text}
                className={b.tone === 'accent' ? 'badge badge-accent' : b.tone === 'pending' ? 'badge badge-pending' : 'badge'}
              >
                {b.parts ? (
                  <>
                    {b.parts[0]}
                    <bdi>{b.parts[1]}</bdi>
                    {b.parts[2]}
                  </>
                ) : (
                  b.text
                )}
              </span>
            ))}
          </span>
        )}
      </span>
    </div>
  );
});

export function CollectionList({ accountId, collections, filter, selectedUrl, onSelect, label }: Props) {
  const { rows, height, shown } = useMemo(() => buildRows(collections, filter), [collections, filter]);
  const items = useMemo(() => rows.filter((r): r is ListRow & { type: 'item' } => r.type === 'item'), [rows]);
  const windowed = useWindowedRows(rows);
  const baseId = useId().replace(/:/g, '');
  // After the selected share was left: the list takes the focus, not the page.
  useFocusRequest('collections', () => {
    windowed.ref.current?.focus();
  });

  const selectedIndex = items.findIndex((r) => r.collection.url === selectedUrl);
  const { reveal } = windowed;

  // Keep the selected row in view when it changes (keyboard, or selection from elsewhere).
  useEffect(() => {
    const row = items[selectedIndex];
    if (!row) return;
    const at = rows.indexOf(row);
    reveal(at, rows[at - 1]?.type === 'group' ? GROUP_HEIGHT : 0);
  }, [selectedIndex, items, rows, reveal]);

  const onKeyDown = (e: KeyboardEvent) => {
    const to = listboxKeyTarget(e.key, selectedIndex, items.length, pageSize(windowed.viewport, ITEM_HEIGHT));
    if (to === undefined) return;
    e.preventDefault();
    const row = items[to];
    if (row) onSelect(row.collection.url);
  };

  const visible = rows.slice(windowed.start, windowed.end);
  // The active row must exist in the DOM for aria-activedescendant.
  const active = items[selectedIndex];
  if (active && !visible.includes(active)) visible.push(active);
  // The rows in view, by kind: each kind is a named group of options for assistive technology
  // (the wrappers take no space; rows stay positioned in the scrolling container).
  const groups: { kind: Collection['kind']; rows: ListRow[] }[] = [];
  for (const r of visible) {
    const kind = r.type === 'group' ? r.kind : r.collection.kind;
    const group = groups.find((g) => g.kind === kind);
    if (group) group.rows.push(r);
    else groups.push({ kind, rows: [r] });
  }

  return (
    <>
      <div
        ref={windowed.ref}
        className="listbox"
        role="listbox"
        aria-label={label}
        tabIndex={0}
        aria-activedescendant={active ? optionId(baseId, active.collection.url) : undefined}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (selectedIndex === -1 && items[0]) onSelect(items[0].collection.url);
        }}
        onScroll={windowed.onScroll}
      >
        <div style={{ height, position: 'relative' }}>
          {groups.map((g) => (
            <div key={g.kind} role="group" aria-label={GROUP_LABELS[g.kind]}>
              {g.rows.map((r) =>
                r.type === 'group' ? (
                  <div key={r.key} className="list-group" style={{ top: r.top, height: GROUP_HEIGHT }} aria-hidden="true">
                    {r.label} · {r.count}
                  </div>
                ) : (
                  <Row
                    key={r.key}
                    accountId={accountId}
                    row={r}
                    id={optionId(baseId, r.collection.url)}
                    selected={r.collection.url === selectedUrl}
                    onSelect={onSelect}
                  />
                ),
              )}
            </div>
          ))}
        </div>
      </div>
      <div className="list-status" role="status">
        {filter
          ? `${shown} of ${collections.length} match “${filter}”`
          : `${collections.length} ${collections.length === 1 ? 'collection' : 'collections'}`}
      </div>
    </>
  );
}
