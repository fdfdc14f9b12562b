// The People view: everyone who can reach a collection of any configured account, by a share or
// a direct ACL grant, one entry per person across accounts (shared/people.ts mergePeople), with
// a filter, the access review's export, and the selected entry's collections and actions.
// Opening the view reads every account's people again; what was read before shows meanwhile.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { Account, PersonAccess } from '../../../shared/model';
import { mergePeople } from '../../../shared/people';
import { EmptyState, LoadingState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FilterBox } from '../../components/FilterBox';
import { useStore } from '../../store';
import type { AccountPeople } from '../../store/people';
import { PeopleList } from './PeopleList';
import { PersonPanel } from './PersonPanel';
import { download, exportFile, type ExportFormat } from './export-file';
import { buildPeopleRows, findByKey, plural } from './person-rows';
import './people.css';

const NO_PEOPLE: PersonAccess[] = [];

/** One list across accounts, merged again only when an account's list changed. */
function useMergedPeople(accounts: readonly Account[], people: Readonly<Record<string, AccountPeople>>): PersonAccess[] {
  const cache = useRef<{ lists: PersonAccess[][]; merged: PersonAccess[] }>(undefined);
  const lists = accounts.map((a) => people[a.id]?.list ?? NO_PEOPLE);
  const last = cache.current;
  if (last && last.lists.length === lists.length && last.lists.every((l, i) => l === lists[i])) return last.merged;
  const merged = mergePeople(lists);
  cache.current = { lists, merged };
  return merged;
}

function AccountNotes({ accounts }: { accounts: readonly Account[] }) {
  const people = useStore((s) => s.people);
  const passwordNeeded = useStore((s) => s.passwordNeeded);
  const selectAccount = useStore((s) => s.selectAccount);
  const refreshPeople = useStore((s) => s.refreshPeople);
  const notes = accounts.flatMap((a) => {
    const state = people[a.id];
    if (passwordNeeded[a.id]) {
      return [
        <div key={a.id} className="alert alert-warn" role="note">
          <p>
            <strong>
              <bdi>{a.label}</bdi> needs its password
            </strong>
            Its people are not listed until you sign in again.
          </p>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              selectAccount(a.id);
            }}
          >
            Sign in
          </button>
        </div>,
      ];
    }
    if (state?.error) {
      return [
        <div key={a.id} className="people-account-error">
          <p className="meta">
            <bdi>{a.label}</bdi>: its people could not be read.
          </p>
          <ErrorMessage error={state.error} onRetry={() => void refreshPeople([a.id])} />
        </div>,
      ];
    }
    if (state && state.skipped.length > 0) {
      return [
        <details key={a.id} className="people-skipped">
          <summary>
            <bdi>{a.label}</bdi>: {plural(state.skipped.length, 'part')} could not be looked at
          </summary>
          <ul>
            {state.skipped.map((s, i) => (
              <li key={`${i}:${s.what}`}>
                <bdi>{s.what}</bdi>: <bdi>{s.reason}</bdi>
              </li>
            ))}
          </ul>
        </details>,
      ];
    }
    return [];
  });
  if (notes.length === 0) return null;
  return <div className="people-notes">{notes}</div>;
}

export function PeopleView({ accounts }: { accounts: readonly Account[] }) {
  const people = useStore((s) => s.people);
  const filter = useStore((s) => s.peopleFilter);
  const setFilter = useStore((s) => s.setPeopleFilter);
  const selectedKey = useStore((s) => s.selectedPerson);
  const selectPerson = useStore((s) => s.selectPerson);
  const actions = useStore((s) => s.peopleActions);
  const refreshPeople = useStore((s) => s.refreshPeople);
  const [exported, setExported] = useState<string>();

  const passwordNeeded = useStore((s) => s.passwordNeeded);
  const merged = useMergedPeople(accounts, people);
  // Not read yet counts as being read: the first frame, before the refresh below has started.
  const loading = accounts.filter((a) => (people[a.id] === undefined && !passwordNeeded[a.id]) || people[a.id]?.loading);
  const loaded = accounts.filter((a) => people[a.id]?.loadedAt !== undefined);
  const listRef = useRef<HTMLElement>(null);
  const selected = selectedKey === undefined ? undefined : findByKey(merged, selectedKey);
  const action = selectedKey === undefined ? undefined : actions[selectedKey];

  useEffect(() => {
    // Shown now: whatever was read before stays on screen while every account is read again.
    void refreshPeople();
  }, [refreshPeople]);

  const labels = useMemo(() => Object.fromEntries(accounts.map((a) => [a.id, a.label])), [accounts]);
  const shown = useMemo(
    () => buildPeopleRows(merged, filter, labels).rows.flatMap((r) => (r.type === 'person' ? [r.person] : [])),
    [merged, filter, labels],
  );

  const onExport = (format: ExportFormat) => {
    const file = exportFile(format, shown, accounts);
    download(file);
    const rows = shown.reduce((n, p) => n + p.grants.length, 0);
    setExported(`Exported ${plural(shown.length, 'entry', 'entries')} (${plural(rows, 'row')}) as ${file.name}.`);
  };
  const what = filter ? `the ${plural(shown.length, 'entry', 'entries')} shown` : `all ${plural(shown.length, 'entry', 'entries')}`;

  return (
    <>
      <header className="toolbar">
        <div>
          <h1>People</h1>
          <div className="sub">
            {accounts.length === 1 ? (
              <>
                In <bdi>{accounts[0]!.label}</bdi>
              </>
            ) : (
              `In all ${plural(accounts.length, 'account')}`
            )}
          </div>
        </div>
        <div className="spacer" />
        <FilterBox label="Filter people" placeholder="Filter by name, address, collection" value={filter} onChange={setFilter} />
        <div className="export-buttons" role="group" aria-label="Export for an access review">
          <button
            type="button"
            className="btn"
            disabled={shown.length === 0}
            aria-label={`Export CSV: ${what}`}
            onClick={() => {
              onExport('csv');
            }}
          >
            Export CSV
          </button>
          <button
            type="button"
            className="btn"
            disabled={shown.length === 0}
            aria-label={`Export JSON: ${what}`}
            onClick={() => {
              onExport('json');
            }}
          >
            JSON
          </button>
        </div>
        <button
          type="button"
          className="btn"
          onClick={() => void refreshPeople()}
          disabled={loading.length > 0}
          aria-label="Refresh people"
        >
          {loading.length > 0 ? <span className="spinner" aria-hidden="true" /> : '↻'} Refresh
        </button>
      </header>
      <p className="visually-hidden" role="status">
        {exported}
      </p>
      <AccountNotes accounts={accounts} />
      <div className="split">
        <section ref={listRef} className="list-pane" aria-label="People">
          {loading.length > 0 && loaded.length > 0 && (
            <p className="people-reading" role="status">
              <span className="spinner" aria-hidden="true" /> Reading {loading.map((a) => a.label).join(', ')}…
            </p>
          )}
          {loaded.length === 0 && loading.length > 0 ? (
            <LoadingState>Reading who can reach your collections…</LoadingState>
          ) : merged.length === 0 && loaded.length < accounts.length ? (
            <EmptyState title="Nothing to show">
              {loaded.length === 0
                ? 'No account could be read; the notes above say why.'
                : `Nobody else can reach the collections of the ${plural(loaded.length, 'account')} read; ${accounts.length - loaded.length} could not be read (the notes above say why).`}
            </EmptyState>
          ) : merged.length === 0 ? (
            <EmptyState title="Nobody else">
              Nobody but you can reach the calendars, address books and folders of{' '}
              {accounts.length === 1 ? 'this account' : 'these accounts'}, as far as the servers show.
            </EmptyState>
          ) : (
            <PeopleList people={merged} accounts={accounts} filter={filter} selectedKey={selectedKey} onSelect={selectPerson} />
          )}
        </section>
        <section className="panel person-pane" aria-label="Person">
          {selectedKey !== undefined && (selected || action) ? (
            <PersonPanel
              key={selectedKey}
              person={selected}
              personKey={selectedKey}
              accounts={accounts}
              action={action}
              onLeave={() => {
                listRef.current?.querySelector<HTMLElement>('[role="listbox"]')?.focus();
              }}
            />
          ) : (
            <EmptyState title="Select a person">
              Choose someone to see every collection they can reach and how, and to change or take back their access everywhere at once.
            </EmptyState>
          )}
        </section>
      </div>
    </>
  );
}
