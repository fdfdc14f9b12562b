// The people a collection is shared with: access selector, invite status (with what it means),
// and Revoke (confirmed). Rows are sorted by name, then address (sharee-order.ts): what the server
// sends in any order stays in one place, and a change of access never moves a row. After a
// revoke, the focus goes to the next person's row (or the invite field when nobody is left).

import { useEffect, useRef, useState } from 'react';
import { addressLabel, initials } from '../../../shared/format';
import { isolate } from '../../../shared/inert-text';
import type { Access, Collection, Sharee } from '../../../shared/model';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { focusFirst } from '../../components/focus';
import { GroupIcon } from '../../components/icons';
import { timeAgo, useNow } from '../../components/freshness';
import { useAction, useErrorClearedByRead } from '../../components/useAction';
import { ACCESS_WORDS, STATUS_MEANINGS, STATUS_WORDS } from '../../components/vocabulary';
import { useStore } from '../../store';
import { readTime } from '../../store/collections';
import { invitedAgain, sentTo, type SentInvitation } from '../../store/sent';
import { shareeTitle, sortedSharees } from './sharee-order';

/** What a status means for the owner looking at it; undefined where the word says it all. */
function statusNote(s: Sharee, sent: SentInvitation | undefined, now: number): string | undefined {
  if (invitedAgain(s, sent)) {
    return `Invited again ${timeAgo(sent!.at, now)}. The server shows their earlier answer until they give a new one.`;
  }
  switch (s.status) {
    case 'accepted':
    case 'pending':
      return undefined;
    case 'declined':
      // The server records a leave as a decline: one word cannot tell them apart.
      return s.keepsAccess ? 'Declined or left, but can still open it until you revoke them.' : 'Declined or left.';
    case 'invalid':
      return 'The server cannot share with this address. Revoke it and invite them by another one.';
  }
}

function ShareeRow({
  accountId,
  collection,
  sharee,
  onRevoking,
}: {
  accountId: string;
  collection: Collection;
  sharee: Sharee;
  /** Called as the revoke starts, and with false when it failed. */
  onRevoking: (address: string, going: boolean) => void;
}) {
  const setAccess = useStore((s) => s.setAccess);
  const share = useStore((s) => s.share);
  const revoke = useStore((s) => s.revoke);
  const sent = useStore((s) => sentTo(s.sent, accountId, collection.url, sharee.address));
  const now = useNow();
  const [confirming, setConfirming] = useState(false);
  /** What a change did beyond what the row shows: an invitation sent again. */
  const [resent, setResent] = useState<string>();
  const change = useAction(async (access: Access) => {
    setResent(undefined);
    if (sharee.status !== 'pending') return setAccess(accountId, collection.url, sharee.address, access);
    // Someone who has not answered gets the invitation again with the new access (that is what
    // the server does with any change): with the message it first carried, where this app sent it.
    const comment = sent?.comment;
    const result = await share(accountId, collection.url, {
      sharees: [{ address: sharee.address, access }],
      ...(comment ? { comment } : {}),
    });
    setResent(`They had not answered yet, so the invitation was sent again with the new access${comment ? ' and your message' : ''}.`);
    return result;
  });
  const again = useAction(() => {
    const comment = sent?.comment;
    return share(accountId, collection.url, {
      sharees: [{ address: sharee.address, access: sharee.access }],
      ...(comment ? { comment } : {}),
    });
  });
  const remove = useAction(() => revoke(accountId, collection.url, [sharee.address]));
  const title = shareeTitle(sharee);
  const isGroup = sharee.type === 'group';
  // Controls and dialogs name a group as one: "Revoke team (group)".
  const label = isGroup ? `${title} (group)` : title;
  const address = addressLabel(sharee.address);
  const note = statusNote(sharee, sent, now);
  const waitingAgain = invitedAgain(sharee, sent);
  const canInviteAgain = collection.canShare && sharee.status === 'declined' && !waitingAgain;
  // A read of the collection after an error (a refresh, opening it again) shows what holds now: an
  // error from an earlier try (a server that was down) is no longer what the row says.
  const readAt = useStore((s) => readTime(s.collections[accountId], collection.url));
  useErrorClearedByRead(change, readAt);
  useErrorClearedByRead(again, readAt);

  return (
    <li
      className={['sharee', isGroup && 'sharee-group', canInviteAgain && 'sharee-two-actions'].filter(Boolean).join(' ')}
      data-address={sharee.address}
    >
      <span className={isGroup ? 'avatar avatar-group' : 'avatar'} aria-hidden="true">
        {isGroup ? <GroupIcon /> : initials(shareeTitle(sharee))}
      </span>
      <span className="person">
        <strong title={isolate(sharee.address)}>
          <bdi>{title}</bdi>
        </strong>
        <span className="person-line">
          {waitingAgain ? (
            <span className="chip chip-pending">Re-invited, waiting</span>
          ) : (
            <span className={`chip chip-${sharee.status}`} title={STATUS_MEANINGS[sharee.status]}>
              {STATUS_WORDS[sharee.status]}
            </span>
          )}
          {isGroup && (
            <span className="chip chip-group" title="A group: everyone in it gets this access">
              Group
            </span>
          )}
          {title !== address && <bdi className="person-address">{address}</bdi>}
        </span>
        {note && <span className="status-note">{note}</span>}
        {resent && <span className="status-note">{resent}</span>}
        {sharee.comment && (
          <span>
            “<bdi>{sharee.comment}</bdi>”
          </span>
        )}
      </span>
      {collection.canShare ? (
        <>
          <span>
            <label className="visually-hidden" htmlFor={`access-${sharee.address}`}>
              Access for {label}
            </label>
            <select
              id={`access-${sharee.address}`}
              value={sharee.access}
              aria-busy={change.busy || undefined}
              onChange={(e) => {
                // While a change is on its way the select keeps the focus but takes no other.
                if (!change.busy) void change.run(e.target.value === 'read-write' ? 'read-write' : 'read');
              }}
            >
              <option value="read">{ACCESS_WORDS.read}</option>
              <option value="read-write">{ACCESS_WORDS['read-write']}</option>
            </select>
            {change.busy && <span className="spinner" aria-label="Saving" style={{ marginLeft: 6 }} />}
          </span>
          <span className="sharee-actions">
            {canInviteAgain && (
              <ActionButton
                className="btn btn-small"
                busy={again.busy}
                aria-label={`Invite ${label} again`}
                onClick={() => void again.run()}
              >
                Invite again
              </ActionButton>
            )}
            <button
              type="button"
              className="btn btn-small btn-danger"
              aria-label={`Revoke ${label}`}
              onClick={() => {
                remove.clear();
                setConfirming(true);
              }}
            >
              Revoke
            </button>
          </span>
        </>
      ) : (
        <>
          <span className="meta">{ACCESS_WORDS[sharee.access]}</span>
          <span />
        </>
      )}
      {(change.error ?? again.error) && (
        <div style={{ gridColumn: '2 / -1' }}>
          <ErrorMessage error={change.error ?? again.error} onDismiss={change.error ? change.clear : again.clear} />
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={
            <>
              Revoke <bdi>{title}</bdi>
              {isGroup ? ' (group)' : ''}?
            </>
          }
          description={
            isGroup ? (
              <>
                Everyone in the group <bdi>{title}</bdi> loses what this share gave them of “<bdi>{collection.name}</bdi>”. You can invite
                the group again later.
              </>
            ) : (
              <>
                <bdi>{title}</bdi> will no longer see “<bdi>{collection.name}</bdi>”. You can invite them again later.
              </>
            )
          }
          confirmLabel="Revoke"
          busy={remove.busy}
          error={<ErrorMessage error={remove.error} />}
          onCancel={() => {
            setConfirming(false);
          }}
          onConfirm={() => {
            onRevoking(sharee.address, true);
            void remove.run().then((r) => {
              if (r) setConfirming(false);
              else onRevoking(sharee.address, false);
            });
          }}
        />
      )}
    </li>
  );
}

export function ShareeList({ accountId, collection }: { accountId: string; collection: Collection }) {
  const listRef = useRef<HTMLUListElement>(null);
  /** While a revoke runs: who goes, and the row that takes the focus once they are gone (undefined: the invite field). */
  const focusNext = useRef<{ gone: string; next: string | undefined } | undefined>(undefined);
  const names = useStore((s) => s.names[accountId]);
  // The directory's name where the server lists an address only; sorted by what the rows show.
  const sharees = sortedSharees(
    collection.sharees.map((s) => {
      const name = s.name ? undefined : names?.[s.address];
      return name ? { ...s, name } : s;
    }),
  );

  useEffect(() => {
    const next = focusNext.current;
    if (!next || collection.sharees.some((s) => s.address === next.gone)) return;
    focusNext.current = undefined;
    // After the dialog has closed and given the focus back to the row that is gone.
    requestAnimationFrame(() => {
      const row = [...(listRef.current?.querySelectorAll<HTMLElement>('li.sharee') ?? [])].find((li) => li.dataset.address === next.next);
      focusFirst(
        row?.querySelector('select'),
        row?.querySelector('button'),
        document.querySelector<HTMLElement>('[data-focus="invite"]'),
        document.getElementById('people-heading'),
      );
    });
  }, [collection]);

  if (!collection.shareesVisible) {
    return <p className="meta">The server does not show you who else this is shared with.</p>;
  }
  if (sharees.length === 0) {
    return <p className="meta">{collection.canShare ? 'Not shared with anyone yet.' : 'Nobody else is listed.'}</p>;
  }
  const onRevoking = (address: string, going: boolean) => {
    if (!going) {
      focusNext.current = undefined;
      return;
    }
    const at = sharees.findIndex((s) => s.address === address);
    focusNext.current = { gone: address, next: (sharees[at + 1] ?? sharees[at - 1])?.address };
  };
  return (
    <ul ref={listRef} className="card sharees" aria-label={`People “${collection.name}” is shared with`}>
      {sharees.map((s) => (
        <ShareeRow key={s.address} accountId={accountId} collection={collection} sharee={s} onRevoking={onRevoking} />
      ))}
    </ul>
  );
}
