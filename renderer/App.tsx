// The window: accounts on the left; the selected account's collections or inbox on the right.
// Keeps the shown state fresh: the cached copy shows at once, and the account is re-read when it
// is shown (on start and on every switch), on focus, every few minutes, and when the shell says.
// Every inbox is read once at start, so each account's count of waiting invitations is known.

import { useEffect, useState } from 'react';
import { api, isDesktop, onOldSession } from './api';
import { EmptyState, LoadingState } from './components/EmptyState';
import { ErrorBoundary } from './components/ErrorBoundary';
import { ErrorMessage } from './components/ErrorMessage';
import { Notices } from './components/Notices';
import { OriginApproval } from './components/OriginApproval';
import { useAction } from './components/useAction';
import { AddAccountDialog } from './features/accounts/AddAccountDialog';
import { PasswordPrompt } from './features/accounts/PasswordPrompt';
import { Sidebar } from './features/accounts/Sidebar';
import { CollectionsView } from './features/collections/CollectionsView';
import { InboxView } from './features/inbox/InboxView';
import { useBrowserNotices } from './features/inbox/browser-notices';
import { PeopleView } from './features/people/PeopleView';
import { useStore } from './store';
import { totalPending } from './store/waiting';

const REFRESH_EVERY_MS = 5 * 60_000;
/** A focus soon after a refresh does not refresh again. */
const FOCUS_FRESHNESS_MS = 30_000;

function useKeepFresh(accountId: string | undefined) {
  const refreshCollections = useStore((s) => s.refreshCollections);
  const refreshInvitations = useStore((s) => s.refreshInvitations);
  const refreshReplies = useStore((s) => s.refreshReplies);
  const receiveInvitations = useStore((s) => s.receiveInvitations);
  const invitationsFailed = useStore((s) => s.invitationsFailed);

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'invitations') receiveInvitations(event.accountId, event);
        else if (event.type === 'invitations-failed') invitationsFailed(event.accountId, event.error);
      }),
    [receiveInvitations, invitationsFailed],
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
      // The owner's news (who accepted or declined), which no shell polls, goes with the list.
      void refreshReplies(accountId);
    };
    // Shown now: whatever is cached stays on screen while the account is read again.
    refresh(false, true);
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
  }, [accountId, refreshCollections, refreshInvitations, refreshReplies]);
}

/** Reads each account's inbox once, for the counts in the sidebar and the title; then the polls keep them. */
function useInboxCounts() {
  const accounts = useStore((s) => s.accounts);
  const refreshInvitations = useStore((s) => s.refreshInvitations);
  const pending = useStore((s) => totalPending(s.invitations));
  useEffect(() => {
    const state = useStore.getState();
    for (const a of accounts) {
      if (a.notificationUrl && !state.invitations[a.id] && !state.passwordNeeded[a.id]) void refreshInvitations(a.id);
    }
  }, [accounts, refreshInvitations]);
  useEffect(() => {
    document.title = pending > 0 ? `(${pending}) Sharedeck` : 'Sharedeck';
  }, [pending]);
}

/** Browser mode: whether the server said this tab belongs to an earlier run of it. */
function useOldSession(): boolean {
  const [old, setOld] = useState(false);
  useEffect(
    () =>
      onOldSession(() => {
        setOld(true);
      }),
    [],
  );
  return old;
}

/** A tab left open across a restart of browser mode: what happened, and how to go on. */
function OldSession() {
  return (
    <main className="empty old-session">
      <div role="alert">
        <h2>This tab is from an earlier session</h2>
        <p>
          Sharedeck’s browser mode has been started again since this tab was opened, and each start has its own access key. Open the address
          it printed when it started (<code>http://127.0.0.1:…/#token=…</code>), then close this tab.
        </p>
        <p>Your accounts are kept; Sharedeck asks for their passwords again.</p>
      </div>
    </main>
  );
}

function Welcome({ onAdd }: { onAdd: () => void }) {
  return (
    <EmptyState
      title="Welcome to Sharedeck"
      action={
        <button type="button" className="btn btn-primary" onClick={onAdd}>
          Add account
        </button>
      }
    >
      See who your calendars, address books and folders are shared with, invite people, and answer the shares others offer you.
    </EmptyState>
  );
}

export function App() {
  const accounts = useStore((s) => s.accounts);
  const loaded = useStore((s) => s.accountsLoaded);
  const selectedId = useStore((s) => s.selectedAccountId);
  const view = useStore((s) => s.view);
  const adding = useStore((s) => s.addingAccount);
  const setAdding = useStore((s) => s.setAddingAccount);
  const showView = useStore((s) => s.showView);
  const needsPassword = useStore((s) => (selectedId ? s.passwordNeeded[selectedId] === true : false));
  const loadAccounts = useStore((s) => s.loadAccounts);
  const load = useAction(loadAccounts);
  const account = accounts.find((a) => a.id === selectedId);

  useEffect(() => {
    void load.run();
    // once, on start
  }, []);
  useKeepFresh(account?.id);
  useInboxCounts();
  useBrowserNotices();
  const oldSession = useOldSession();

  if (oldSession) return <OldSession />;

  return (
    <div className="app">
      <ErrorBoundary what="the list of accounts">
        <Sidebar />
      </ErrorBoundary>
      <main className="main">
        <Notices />
        {load.error ? (
          <div style={{ padding: 16 }}>
            <ErrorMessage error={load.error} onRetry={() => void load.run()} />
          </div>
        ) : !loaded ? (
          <LoadingState>Starting…</LoadingState>
        ) : view === 'people' && accounts.length > 0 ? (
          <ErrorBoundary
            key="people"
            what="the people"
            backLabel="Back to the collections"
            onBack={() => {
              showView('collections');
            }}
          >
            <PeopleView accounts={accounts} />
          </ErrorBoundary>
        ) : !account ? (
          <Welcome
            onAdd={() => {
              setAdding(true);
            }}
          />
        ) : (
          <>
            {needsPassword && <PasswordPrompt account={account} />}
            <ErrorBoundary
              key={`${account.id}:${view}`}
              what={view === 'inbox' ? 'the inbox' : 'this account’s collections'}
              backLabel={view === 'inbox' ? 'Back to the collections' : 'Try again'}
              onBack={() => {
                showView('collections');
              }}
            >
              {view === 'inbox' ? <InboxView account={account} /> : <CollectionsView account={account} />}
            </ErrorBoundary>
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
      {/* Last: its question may come while another dialog (Add account) is open, and goes above it. */}
      <OriginApproval />
    </div>
  );
}
