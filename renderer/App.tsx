// The window: accounts on the left; the selected account's collections or inbox on the right.
// Keeps the shown state fresh: on start, on focus, every few minutes, and when the shell says.

import { useEffect } from 'react';
import { api, isDesktop } from './api';
import { ErrorMessage } from './components/ErrorMessage';
import { useAction } from './components/useAction';
import { AddAccountDialog } from './features/accounts/AddAccountDialog';
import { PasswordPrompt } from './features/accounts/PasswordPrompt';
import { Sidebar } from './features/accounts/Sidebar';
import { CollectionsView } from './features/collections/CollectionsView';
import { InboxView } from './features/inbox/InboxView';
import { PeopleView } from './features/people/PeopleView';
import { useStore } from './store';

const REFRESH_EVERY_MS = 5 * 60_000;
/** A focus soon after a refresh does not refresh again. */
const FOCUS_FRESHNESS_MS = 30_000;

function useKeepFresh(accountId: string | undefined) {
  const refreshCollections = useStore((s) => s.refreshCollections);
  const refreshInvitations = useStore((s) => s.refreshInvitations);
  const receiveInvitations = useStore((s) => s.receiveInvitations);

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'invitations') receiveInvitations(event.accountId, event.invitations);
      }),
    [receiveInvitations],
  );

  useEffect(() => {
    if (!accountId) return;
    // Both shells poll every inbox every few minutes (the desktop app also on focus) and announce
    // it as an 'invitations' event: the renderer asks for the inbox only where nobody else does.
    const refresh = (onlyIfStale: boolean, withInbox: boolean) => {
      const state = useStore.getState();
      const loadedAt = state.collections[accountId]?.loadedAt ?? 0;
      if (onlyIfStale && Date.now() - loadedAt < FOCUS_FRESHNESS_MS) return;
      if (state.passwordNeeded[accountId]) return;
      void refreshCollections(accountId);
      if (withInbox) void refreshInvitations(accountId);
    };
    if (!useStore.getState().collections[accountId]) refresh(false, true);
    const onFocus = () => {
      refresh(true, !isDesktop);
    };
    window.addEventListener('focus', onFocus);
    const timer = setInterval(() => {
      refresh(false, false);
    }, REFRESH_EVERY_MS);
    return () => {
      window.removeEventListener('focus', onFocus);
      clearInterval(timer);
    };
  }, [accountId, refreshCollections, refreshInvitations]);
}

function Welcome({ onAdd }: { onAdd: () => void }) {
  return (
    <div className="empty">
      <div>
        <h2>Welcome to Sharedeck</h2>
        <p>See who your calendars, address books and folders are shared with, invite people, and answer the shares others offer you.</p>
        <button type="button" className="btn btn-primary" onClick={onAdd}>
          Add account
        </button>
      </div>
    </div>
  );
}

export function App() {
  const accounts = useStore((s) => s.accounts);
  const loaded = useStore((s) => s.accountsLoaded);
  const selectedId = useStore((s) => s.selectedAccountId);
  const view = useStore((s) => s.view);
  const adding = useStore((s) => s.addingAccount);
  const setAdding = useStore((s) => s.setAddingAccount);
  const needsPassword = useStore((s) => (selectedId ? s.passwordNeeded[selectedId] === true : false));
  const loadAccounts = useStore((s) => s.loadAccounts);
  const load = useAction(loadAccounts);
  const account = accounts.find((a) => a.id === selectedId);

  useEffect(() => {
    void load.run();
    // once, on start
  }, []);
  useKeepFresh(account?.id);

  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        {load.error ? (
          <div style={{ padding: 16 }}>
            <ErrorMessage error={load.error} onRetry={() => void load.run()} />
          </div>
        ) : !loaded ? (
          <div className="empty" role="status">
            <p>
              <span className="spinner" aria-hidden="true" /> Starting…
            </p>
          </div>
        ) : view === 'people' && accounts.length > 0 ? (
          <PeopleView accounts={accounts} />
        ) : !account ? (
          <Welcome
            onAdd={() => {
              setAdding(true);
            }}
          />
        ) : (
          <>
            {needsPassword && <PasswordPrompt account={account} />}
            {view === 'inbox' ? <InboxView account={account} /> : <CollectionsView account={account} />}
          </>
        )}
      </main>
      {adding && (
        <AddAccountDialog
          onClose={() => {
            setAdding(false);
          }}
        />
      )}
    </div>
  );
}
