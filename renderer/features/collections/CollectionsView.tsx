// The selected account's collections: a filterable list beside the sharing panel of the one
// selected.

import type { Account } from '../../../shared/model';
import { ActionButton } from '../../components/ActionButton';
import { EmptyState, LoadingState } from '../../components/EmptyState';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FilterBox } from '../../components/FilterBox';
import { updatedAgo, useNow } from '../../components/freshness';
import { SkippedNote } from '../../components/SkippedNote';
import { useStore } from '../../store';
import { SharingPanel } from '../sharing/SharingPanel';
import { CollectionList } from './CollectionList';
import './collections.css';

const EMPTY: never[] = [];

/**
 * Who is signed in, where the heading does not say it already: the heading is the account's name,
 * which by default is user@host.
 */
function AccountLine({ account }: { account: Account }) {
  const host = new URL(account.serverUrl).host;
  const named = account.displayName && account.displayName !== account.username ? account.displayName : undefined;
  // The names are the server's text: isolated, so a bidi control in one cannot reorder the line.
  // A span of its own: the toolbar puts " · " between its spans.
  if (account.label === `${account.username}@${host}`)
    return named ? (
      <span>
        <bdi>{named}</bdi>
      </span>
    ) : null;
  return (
    <span>
      {named ? (
        <>
          <bdi>{named}</bdi> (<bdi>{account.username}</bdi>)
        </>
      ) : (
        <bdi>{account.username}</bdi>
      )}{' '}
      on {host}
    </span>
  );
}

export function CollectionsView({ account }: { account: Account }) {
  const state = useStore((s) => s.collections[account.id]);
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const selectedUrl = useStore((s) => s.selectedUrl);
  const selectCollection = useStore((s) => s.selectCollection);
  const refresh = useStore((s) => s.refreshCollections);
  const now = useNow();

  const list = state?.list ?? EMPTY;
  const selected = list.find((c) => c.url === selectedUrl);

  return (
    <>
      <header className="toolbar">
        <div style={{ minWidth: 0 }}>
          <h1 dir="auto">{account.label}</h1>
          <div className="sub">
            <AccountLine account={account} />
            {state?.loadedAt !== undefined && <span className="toolbar-freshness">{updatedAgo(state.loadedAt, now)}</span>}
          </div>
        </div>
        <div className="spacer" />
        <FilterBox label="Filter collections" placeholder="Filter by name or person" value={filter} onChange={setFilter} />
        <ActionButton
          className="btn"
          busy={state?.loading ?? false}
          onClick={() => void refresh(account.id)}
          aria-label="Refresh collections"
        >
          {!state?.loading && <span aria-hidden="true">↻</span>} Refresh
        </ActionButton>
      </header>
      {account.dialects.length === 0 && (
        <div className="alert alert-warn" role="note" style={{ margin: '10px 16px 0' }}>
          <p>This server does not support sharing. You can see your collections here, but not share them.</p>
        </div>
      )}
      <div className="split">
        <section className="list-pane" aria-label="Collections">
          {state?.error && (
            <div style={{ padding: 12 }}>
              <ErrorMessage error={state.error} onRetry={() => void refresh(account.id)} />
            </div>
          )}
          {!state || (state.loading && list.length === 0) ? (
            <LoadingState>Loading collections…</LoadingState>
          ) : list.length === 0 && !state.error ? (
            <EmptyState title="No collections">This account has no calendars, address books or folders yet.</EmptyState>
          ) : (
            <ErrorBoundary what="the list of collections">
              <CollectionList
                accountId={account.id}
                collections={list}
                filter={filter}
                selectedUrl={selectedUrl}
                onSelect={selectCollection}
                label={`Collections of ${account.label}`}
              />
            </ErrorBoundary>
          )}
          {state && <SkippedNote skipped={state.skipped} what="the server’s lists" />}
        </section>
        <section className="panel" aria-label="Sharing">
          {selected ? (
            <ErrorBoundary
              key={selected.url}
              what="the sharing of this collection"
              backLabel="Close"
              onBack={() => {
                selectCollection(undefined);
              }}
            >
              <SharingPanel account={account} collection={selected} />
            </ErrorBoundary>
          ) : (
            <EmptyState title="Select a collection">
              Choose a calendar, address book or folder to see who it is shared with, and to invite people.
            </EmptyState>
          )}
        </section>
      </div>
    </>
  );
}
