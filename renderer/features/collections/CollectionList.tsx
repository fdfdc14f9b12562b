// The collections of an account as a virtualized listbox: only the rows in view are in the DOM,
// so 5,000 collections scroll and filter as smoothly as 5. Keyboard: arrows, Home/End,
// PageUp/PageDown move the selection; the list keeps the focused row in view.

import { memo, useMemo } from 'react';
import type { Collection } from '../../../shared/model';
import { isolate } from '../../../shared/inert-text';
import { useFocusRequest } from '../../components/focus';
import { useStore } from '../../store';
import { reinvitedCount } from '../../store/sent';
import { KindIcon } from '../../components/icons';
import { useGroupedListbox } from '../../components/useGroupedListbox';
import { GROUP_HEIGHT, GROUP_LABELS, ITEM_HEIGHT, badgesOf, buildRows, rowLabel, type ListRow } from './rows';

interface Props {
  accountId: string;
  collections: readonly Collection[];
  filter: string;
  selectedUrl: string | undefined;
  onSelect: (url: string) => void;
  label: string;
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
  const listbox = useGroupedListbox({
    rows,
    options: items,
    selectedIndex: items.findIndex((r) => r.collection.url === selectedUrl),
    optionHeight: ITEM_HEIGHT,
    groupOf: (r) => (r.type === 'group' ? r.kind : r.collection.kind),
    onSelect: (r) => {
      onSelect(r.collection.url);
    },
  });
  // After the selected share was left: the list takes the focus, not the page.
  useFocusRequest('collections', () => {
    listbox.props.ref.current?.focus();
  });

  return (
    <>
      <div {...listbox.props} className="listbox" aria-label={label}>
        <div style={{ height, position: 'relative' }}>
          {listbox.groups.map((g) => (
            <div key={g.group} role="group" aria-label={GROUP_LABELS[g.group]}>
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
                    id={listbox.optionId(r.key)}
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
