// Everyone who can reach a collection, as a virtualized listbox grouped into people, groups,
// resources and grants to everyone: only the rows in view are in the DOM. Keyboard: arrows,
// Home/End, PageUp/PageDown move the selection, as in the collection list.

import { memo, useMemo } from 'react';
import { initials } from '../../../shared/format';
import type { Account, PersonAccess } from '../../../shared/model';
import { isEveryone } from '../../../shared/people';
import {
  PEOPLE_GROUP_LABELS,
  PERSON_HEIGHT,
  buildPeopleRows,
  onlyServerDefault,
  personName,
  reachSummary,
  shownAddress,
  type PeopleRow,
} from './person-rows';
import { useGroupedListbox } from '../../components/useGroupedListbox';

interface Props {
  people: readonly PersonAccess[];
  accounts: readonly Account[];
  filter: string;
  selectedKey: string | undefined;
  onSelect: (key: string) => void;
}

/** The second line of an entry: its address (for a grant to everyone, its account), and how far it reaches. */
function detail(p: PersonAccess, accounts: readonly Account[]): string {
  if (isEveryone(p.type)) {
    const account = accounts.find((a) => a.id === p.grants[0]?.accountId);
    return `${account?.label ?? 'an account'} · ${reachSummary(p)}`;
  }
  const address = shownAddress(p.address);
  return address === personName(p) ? reachSummary(p) : `${address} · ${reachSummary(p)}`;
}

function pending(p: PersonAccess): number {
  return p.grants.filter((g) => g.status === 'pending').length;
}

const PersonRow = memo(function PersonRow({
  row,
  accounts,
  selected,
  id,
  onSelect,
}: {
  row: PeopleRow & { type: 'person' };
  accounts: readonly Account[];
  selected: boolean;
  id: string;
  onSelect: (key: string) => void;
}) {
  const p = row.person;
  const name = personName(p);
  const line = detail(p, accounts);
  const waiting = pending(p);
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-label={[name, line, waiting > 0 ? `${waiting} pending` : ''].filter(Boolean).join(', ')}
      className={selected ? 'row person-row active' : 'row person-row'}
      style={{ top: row.top, height: PERSON_HEIGHT - 4 }}
      onClick={() => {
        onSelect(row.key);
      }}
    >
      <span
        className={isEveryone(p.type) ? `avatar avatar-everyone${onlyServerDefault(p) ? ' avatar-default' : ''}` : 'avatar'}
        aria-hidden="true"
      >
        {isEveryone(p.type) ? '∗' : initials(name)}
      </span>
      <span className="row-main">
        <span className="person-row-top">
          <span className="row-title">
            <bdi>{name}</bdi>
          </span>
          {waiting > 0 && (
            <span className="badge badge-pending" aria-hidden="true">
              {waiting} pending
            </span>
          )}
        </span>
        <span className="person-row-line">
          <bdi>{line}</bdi>
        </span>
      </span>
    </div>
  );
});

export function PeopleList({ people, accounts, filter, selectedKey, onSelect }: Props) {
  const labels = useMemo(() => Object.fromEntries(accounts.map((a) => [a.id, a.label])), [accounts]);
  const { rows, height, shown } = useMemo(() => buildPeopleRows(people, filter, labels), [people, filter, labels]);
  const items = useMemo(() => rows.filter((r): r is PeopleRow & { type: 'person' } => r.type === 'person'), [rows]);
  const listbox = useGroupedListbox({
    rows,
    options: items,
    selectedIndex: items.findIndex((r) => r.key === selectedKey),
    optionHeight: PERSON_HEIGHT,
    groupOf: (r) => r.group,
    onSelect: (r) => {
      onSelect(r.key);
    },
  });

  return (
    <>
      <div {...listbox.props} className="listbox" aria-label="People who can reach your collections">
        <div style={{ height, position: 'relative' }}>
          {listbox.groups.map((g) => (
            <div key={g.group} role="group" aria-label={PEOPLE_GROUP_LABELS[g.group]}>
              {g.rows.map((r) =>
                r.type === 'group' ? (
                  <div key={r.key} className="list-group" style={{ top: r.top, height: r.height }} aria-hidden="true">
                    {r.label} · {r.count.toLocaleString('en-US')}
                  </div>
                ) : (
                  <PersonRow
                    key={r.key}
                    row={r}
                    accounts={accounts}
                    id={listbox.optionId(r.key)}
                    selected={r.key === selectedKey}
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
          ? `${shown.toLocaleString('en-US')} of ${people.length.toLocaleString('en-US')} match “${filter}”`
          : `${people.length.toLocaleString('en-US')} ${people.length === 1 ? 'entry' : 'entries'}`}
      </div>
    </>
  );
}
