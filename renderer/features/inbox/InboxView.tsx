// The inbox of an account: share offers to answer, updates (access changed or removed) to
// acknowledge, and the answers others gave to the account's own invitations (activity on its
// shares), to read and dismiss. Every offer that grants access can be accepted or declined, whatever was answered
// before (Cyrus keeps a declined person's answer on a new invitation, so a re-invitation arrives
// marked "declined"). Answering keeps you here; the focus moves to the next card. The inbox is
// read again each time it is opened.

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { KIND_LABELS, personLabel } from '../../../shared/format';
import type { Account, Invitation } from '../../../shared/model';
import { ActionButton } from '../../components/ActionButton';
import { EmptyState } from '../../components/EmptyState';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SkippedNote } from '../../components/SkippedNote';
import { focusFirst, useFocusRequest } from '../../components/focus';
import { timeAgo, updatedAgo, useNow } from '../../components/freshness';
import { KindIcon } from '../../components/icons';
import { useAction } from '../../components/useAction';
import { accessPhrase } from '../../components/vocabulary';
import { useStore } from '../../store';
import { answerable } from '../../store/waiting';
import { useNoticePermission } from './browser-notices';
import { ShareReplies } from './ShareReplies';
import './inbox.css';

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** What the invitation is about; the sharer's name is the server's, so it is isolated. */
function Describe({ inv }: { inv: Invitation }) {
  const from = <bdi>{personLabel(inv.from)}</bdi>;
  const kind = KIND_LABELS[inv.kind];
  const can = inv.access === 'none' ? '' : `; you ${accessPhrase(inv.access)}`;
  switch (inv.state) {
    case 'pending':
      return (
        <>
          {from} wants to share {article(kind)} {kind} with you{can}.
        </>
      );
    case 'declined':
      return inv.access === 'none' ? (
        <>{from} updated a share you declined earlier.</>
      ) : (
        <>
          {from} invites you again to {article(kind)} {kind} you declined or left earlier{can}.
        </>
      );
    case 'revoked':
      return (
        <>
          {from} stopped sharing this {kind} with you.
        </>
      );
    case 'accepted':
      return (
        <>
          {from} changed your access{inv.access === 'none' ? '' : `: you ${accessPhrase(inv.access)}`}. You accepted this share earlier.
        </>
      );
  }
}

/** The name a card and its buttons go by: "Work from alice". */
function cardName(inv: Invitation): string {
  return `${inv.collectionName} from ${personLabel(inv.from)}`;
}

type Answer = 'accept' | 'decline' | 'dismiss';

/** What was just done, said above the list: the card itself is gone. `url`: where an accepted share landed. */
interface Done {
  text: ReactNode;
  url?: string;
}

function InvitationCard({ accountId, invitation, onDone }: { accountId: string; invitation: Invitation; onDone: (done: Done) => void }) {
  const accept = useStore((s) => s.accept);
  const decline = useStore((s) => s.decline);
  const dismiss = useStore((s) => s.dismiss);
  const requestFocus = useStore((s) => s.requestFocus);
  const [which, setWhich] = useState<Answer>();
  const action = useAction(async (kind: Answer) => {
    setWhich(kind);
    // The server's names, isolated: their direction cannot reorder the sentence.
    const what = (
      <>
        “<bdi>{invitation.collectionName}</bdi>” from <bdi>{personLabel(invitation.from)}</bdi>
      </>
    );
    if (kind === 'accept') {
      const { url } = await accept(accountId, invitation.id);
      onDone(url ? { text: <>Accepted {what}: it is in your collections now.</>, url } : { text: <>Accepted {what}.</> });
    } else if (kind === 'decline') {
      await decline(accountId, invitation.id);
      onDone({ text: <>Declined {what}.</> });
    } else {
      await dismiss(accountId, invitation.id);
      onDone({ text: <>Dismissed the update about {what}.</> });
    }
    // The card is gone: the next one (or the inbox's heading) takes the focus.
    requestFocus('inbox');
  });
  const received = invitation.receivedAt ? new Date(invitation.receivedAt) : undefined;
  const now = useNow();
  const busy = (kind: Answer) => action.busy && which === kind;
  const name = cardName(invitation);

  return (
    <li className="card invitation" aria-label={name} data-invitation={invitation.id}>
      <KindIcon kind={invitation.kind} />
      <div style={{ minWidth: 0 }}>
        <h3 dir="auto">{invitation.collectionName}</h3>
        <p>
          <Describe inv={invitation} />
        </p>
        {received && !Number.isNaN(received.getTime()) && (
          <p>
            Sent{' '}
            <time dateTime={invitation.receivedAt} title={received.toLocaleString()}>
              {timeAgo(received.getTime(), now)}
            </time>
          </p>
        )}
        {invitation.comment && <blockquote dir="auto">{invitation.comment}</blockquote>}
      </div>
      <div className="actions">
        {answerable([invitation]).length > 0 ? (
          <>
            <ActionButton className="btn" busy={busy('decline')} aria-label={`Decline ${name}`} onClick={() => void action.run('decline')}>
              Decline
            </ActionButton>
            <ActionButton
              className="btn btn-primary"
              busy={busy('accept')}
              aria-label={`Accept ${name}`}
              onClick={() => void action.run('accept')}
            >
              Accept
            </ActionButton>
          </>
        ) : (
          <ActionButton
            className="btn"
            busy={busy('dismiss')}
            aria-label={`Dismiss the update about ${name}`}
            onClick={() => void action.run('dismiss')}
          >
            Dismiss
          </ActionButton>
        )}
      </div>
      {action.error && <ErrorMessage error={action.error} onDismiss={action.clear} />}
    </li>
  );
}

/** A section's invitations (waiting for an answer, or updates), each a card. */
function InvitationCards({
  accountId,
  invitations,
  onDone,
}: {
  accountId: string;
  invitations: readonly Invitation[];
  onDone: (done: Done) => void;
}) {
  return (
    <ul className="inbox-list">
      {invitations.map((i) => (
        <InvitationCard key={i.id} accountId={accountId} invitation={i} onDone={onDone} />
      ))}
    </ul>
  );
}

/** Accepts every offer waiting, one after another; the first failure stops there and says so. */
function AcceptAll({ accountId, offers, onDone }: { accountId: string; offers: Invitation[]; onDone: (done: Done) => void }) {
  const accept = useStore((s) => s.accept);
  const requestFocus = useStore((s) => s.requestFocus);
  const all = useAction(async (ids: string[]) => {
    let accepted = 0;
    try {
      for (const id of ids) {
        await accept(accountId, id);
        accepted++;
      }
    } finally {
      if (accepted > 0)
        onDone({ text: `Accepted ${accepted === 1 ? 'one invitation' : `${accepted} invitations`}: they are in your collections now.` });
      requestFocus('inbox');
    }
  });
  return (
    <div className="inbox-bulk">
      <ActionButton className="btn btn-small" busy={all.busy} onClick={() => void all.run(offers.map((i) => i.id))}>
        Accept all {offers.length}
      </ActionButton>
      <ErrorMessage error={all.error} onDismiss={all.clear} />
    </div>
  );
}

/** Dismisses every answer shown, one after another; the first failure stops there and says so. */
function DismissAll({ accountId, ids }: { accountId: string; ids: string[] }) {
  const dismissReply = useStore((s) => s.dismissReply);
  const all = useAction(async () => {
    try {
      for (const id of ids) await dismissReply(accountId, id);
    } finally {
      // Once the list has changed: its heading, or the inbox's when no answer is left.
      requestAnimationFrame(() => {
        focusFirst(document.getElementById('answers-heading'), document.getElementById('inbox-title'));
      });
    }
  });
  return (
    <div className="inbox-bulk">
      <ActionButton className="btn btn-small" busy={all.busy} onClick={() => void all.run()}>
        Dismiss all {ids.length}
      </ActionButton>
      <ErrorMessage error={all.error} onDismiss={all.clear} />
    </div>
  );
}

export function InboxView({ account }: { account: Account }) {
  const state = useStore((s) => s.invitations[account.id]);
  const replies = useStore((s) => s.replies[account.id]);
  const refreshInvitations = useStore((s) => s.refreshInvitations);
  const refreshReplies = useStore((s) => s.refreshReplies);
  const needsPassword = useStore((s) => s.passwordNeeded[account.id] === true);
  const inboxRef = useRef<HTMLDivElement>(null);
  const [done, setDone] = useState<Done>();
  const selectCollection = useStore((s) => s.selectCollection);
  const showView = useStore((s) => s.showView);
  const now = useNow();
  const notices = useNoticePermission();
  const list = state?.list ?? [];
  const offers = answerable(list);
  const offerIds = new Set(offers.map((i) => i.id));
  const updates = list.filter((i) => !offerIds.has(i.id));
  const answers = replies?.list ?? [];
  // Both lists read the same inbox: an entry left out of both is said once.
  const leftOut = [...(state?.skipped ?? []), ...(replies?.skipped ?? [])].filter(
    (e, i, all) => all.findIndex((o) => o.what === e.what && o.reason === e.reason) === i,
  );
  const refresh = (accountId: string) => Promise.all([refreshInvitations(accountId), refreshReplies(accountId)]);

  // Opened: what is cached shows, and the inbox is read again.
  useEffect(() => {
    if (account.notificationUrl && !useStore.getState().passwordNeeded[account.id]) {
      void refreshInvitations(account.id);
      void refreshReplies(account.id);
    }
  }, [account.id, account.notificationUrl, refreshInvitations, refreshReplies]);

  useFocusRequest('inbox', () => {
    const root = inboxRef.current;
    focusFirst(
      root?.querySelector<HTMLElement>('.invitation .actions button'),
      root?.querySelector<HTMLElement>('h3[tabindex="-1"]'),
      document.getElementById('inbox-title'),
    );
  });

  return (
    <>
      <header className="toolbar">
        <div style={{ minWidth: 0 }}>
          <h1 id="inbox-title" tabIndex={-1}>
            Inbox
          </h1>
          <div className="sub">
            <span>{account.label}</span>
            {state?.loadedAt !== undefined && <span>{updatedAgo(state.loadedAt, now)}</span>}
          </div>
        </div>
        <div className="spacer" />
        {notices.permission === 'default' && (
          <button
            type="button"
            className="btn"
            onClick={notices.ask}
            title="A desktop notification for each new invitation, in every account"
          >
            Turn on notifications
          </button>
        )}
        <ActionButton
          className="btn"
          busy={state?.loading ?? false}
          onClick={() => void refresh(account.id)}
          aria-label="Refresh inbox"
          aria-disabled={needsPassword || undefined}
        >
          {!state?.loading && <span aria-hidden="true">↻</span>} Refresh
        </ActionButton>
      </header>
      <div className="inbox" ref={inboxRef}>
        {state?.error && <ErrorMessage error={state.error} onRetry={() => void refresh(account.id)} />}
        {!state?.error && replies?.error && <ErrorMessage error={replies.error} onRetry={() => void refresh(account.id)} />}
        <div role="status" className="inbox-done">
          {done && (
            <p>
              {done.text}
              {done.url && (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => {
                    selectCollection(done.url);
                    showView('collections');
                  }}
                >
                  Show it
                </button>
              )}
            </p>
          )}
        </div>
        <SkippedNote skipped={leftOut} what="the inbox" />
        {!account.notificationUrl ? (
          <EmptyState title="No inbox on this server">
            This server shares instantly: what others share with you appears in your collections without an invitation.
          </EmptyState>
        ) : list.length === 0 && answers.length === 0 && !state?.loading ? (
          <EmptyState title="No invitations">
            When someone shares a calendar, address book or folder with you, it appears here for you to accept or decline.
          </EmptyState>
        ) : (
          <>
            {offers.length > 0 && (
              <section className="section" aria-labelledby="pending-heading">
                <div className="section-head">
                  <h3 id="pending-heading" tabIndex={-1}>
                    Waiting for your answer ({offers.length})
                  </h3>
                  {offers.length > 1 && <AcceptAll accountId={account.id} offers={offers} onDone={setDone} />}
                </div>
                <InvitationCards accountId={account.id} invitations={offers} onDone={setDone} />
              </section>
            )}
            {updates.length > 0 && (
              <section className="section" aria-labelledby="updates-heading">
                <h3 id="updates-heading" tabIndex={-1}>
                  Updates
                </h3>
                <InvitationCards accountId={account.id} invitations={updates} onDone={setDone} />
              </section>
            )}
            {answers.length > 0 && (
              <section className="section" aria-labelledby="answers-heading">
                <div className="section-head">
                  <h3 id="answers-heading" tabIndex={-1}>
                    Answers to your invitations ({answers.length})
                  </h3>
                  {answers.length > 1 && <DismissAll accountId={account.id} ids={answers.map((r) => r.id)} />}
                </div>
                <ShareReplies accountId={account.id} replies={answers} focusWhenEmpty={['answers-heading', 'inbox-title']} named />
              </section>
            )}
          </>
        )}
      </div>
    </>
  );
}
