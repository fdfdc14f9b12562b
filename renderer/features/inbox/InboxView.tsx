// The inbox of an account: share offers to answer, and updates (access changed or removed) to
// acknowledge.

import { useState } from 'react';
import { ACCESS_LABELS, KIND_LABELS, personLabel } from '../../../shared/format';
import type { Account, Invitation } from '../../../shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { KindIcon } from '../../components/icons';
import { useAction } from '../../components/useAction';
import { useStore } from '../../store';
import './inbox.css';

function describe(inv: Invitation): string {
  const from = personLabel(inv.from);
  const kind = KIND_LABELS[inv.kind];
  switch (inv.state) {
    case 'pending':
      return `${from} wants to share ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} with you${inv.access === 'none' ? '' : ` · ${ACCESS_LABELS[inv.access]}`}`;
    case 'revoked':
      return `${from} stopped sharing this ${kind} with you.`;
    case 'accepted':
      return `${from} changed your access${inv.access === 'none' ? '' : ` to ${ACCESS_LABELS[inv.access]}`}. You accepted this share earlier.`;
    case 'declined':
      return `${from} updated a share you declined earlier.`;
  }
}

function InvitationCard({ accountId, invitation }: { accountId: string; invitation: Invitation }) {
  const accept = useStore((s) => s.accept);
  const decline = useStore((s) => s.decline);
  const dismiss = useStore((s) => s.dismiss);
  const showView = useStore((s) => s.showView);
  const selectCollection = useStore((s) => s.selectCollection);
  const [which, setWhich] = useState<'accept' | 'decline' | 'dismiss'>();
  const action = useAction(async (kind: 'accept' | 'decline' | 'dismiss') => {
    setWhich(kind);
    if (kind === 'accept') {
      const result = await accept(accountId, invitation.id);
      if (result.url) {
        selectCollection(result.url);
        showView('collections');
      }
    } else if (kind === 'decline') await decline(accountId, invitation.id);
    else await dismiss(accountId, invitation.id);
  });
  const received = invitation.receivedAt ? new Date(invitation.receivedAt) : undefined;
  const busy = (kind: typeof which) => action.busy && which === kind;

  return (
    <li className="card invitation" aria-label={`${invitation.collectionName} from ${personLabel(invitation.from)}`}>
      <KindIcon kind={invitation.kind} />
      <div style={{ minWidth: 0 }}>
        <h3>{invitation.collectionName}</h3>
        <p>{describe(invitation)}</p>
        {received && (
          <p>
            <time dateTime={invitation.receivedAt}>{received.toLocaleString()}</time>
          </p>
        )}
        {invitation.comment && <blockquote>{invitation.comment}</blockquote>}
      </div>
      <div className="actions">
        {invitation.state === 'pending' ? (
          <>
            <button type="button" className="btn" disabled={action.busy} onClick={() => void action.run('decline')}>
              {busy('decline') && <span className="spinner" aria-hidden="true" />}
              Decline
            </button>
            <button type="button" className="btn btn-primary" disabled={action.busy} onClick={() => void action.run('accept')}>
              {busy('accept') && <span className="spinner" aria-hidden="true" />}
              Accept
            </button>
          </>
        ) : (
          <button type="button" className="btn" disabled={action.busy} onClick={() => void action.run('dismiss')}>
            {busy('dismiss') && <span className="spinner" aria-hidden="true" />}
            Dismiss
          </button>
        )}
      </div>
      {action.error && <ErrorMessage error={action.error} onDismiss={action.clear} />}
    </li>
  );
}

export function InboxView({ account }: { account: Account }) {
  const state = useStore((s) => s.invitations[account.id]);
  const refresh = useStore((s) => s.refreshInvitations);
  const list = state?.list ?? [];
  const pending = list.filter((i) => i.state === 'pending');
  const updates = list.filter((i) => i.state !== 'pending');
  return (
    <>
      <header className="toolbar">
        <div>
          <h1>Inbox</h1>
          <div className="sub">{account.label}</div>
        </div>
        <div className="spacer" />
        <button type="button" className="btn" onClick={() => void refresh(account.id)} disabled={state?.loading} aria-label="Refresh inbox">
          {state?.loading ? <span className="spinner" aria-hidden="true" /> : '↻'} Refresh
        </button>
      </header>
      <div className="inbox">
        {state?.error && <ErrorMessage error={state.error} onRetry={() => void refresh(account.id)} />}
        {!account.notificationUrl ? (
          <div className="empty">
            <div>
              <h2>No inbox on this server</h2>
              <p>This server shares instantly: what others share with you appears in your collections without an invitation.</p>
            </div>
          </div>
        ) : list.length === 0 && !state?.loading ? (
          <div className="empty">
            <div>
              <h2>No invitations</h2>
              <p>When someone shares a calendar, address book or folder with you, it appears here for you to accept or decline.</p>
            </div>
          </div>
        ) : (
          <>
            {pending.length > 0 && (
              <section className="section" aria-labelledby="pending-heading" style={{ marginTop: 0 }}>
                <h3 id="pending-heading">Waiting for your answer ({pending.length})</h3>
                <ul className="inbox-list">
                  {pending.map((i) => (
                    <InvitationCard key={i.id} accountId={account.id} invitation={i} />
                  ))}
                </ul>
              </section>
            )}
            {updates.length > 0 && (
              <section className="section" aria-labelledby="updates-heading">
                <h3 id="updates-heading">Updates</h3>
                <ul className="inbox-list">
                  {updates.map((i) => (
                    <InvitationCard key={i.id} accountId={account.id} invitation={i} />
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </div>
    </>
  );
}
