// The answers sharees gave to the account's invitations, as the server filed them for the owner:
// who accepted or declined, which collection, when, and their message. The inbox shows all of
// them, a collection its own. Dismiss deletes one on the server (it has been read); the focus then
// goes to the next answer, or to a heading nearby when none is left.

import { useRef } from 'react';
import { addressLabel } from '../../../shared/format';
import type { ShareReply } from '../../../shared/model';
import { sameCollection } from '../../../shared/urls';
import { ActionButton } from '../../components/ActionButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { focusFirst } from '../../components/focus';
import { timeAgo, useNow } from '../../components/freshness';
import { useAction } from '../../components/useAction';
import { useStore } from '../../store';
import { replySentence } from './replies';
import './inbox.css';

function ReplyItem({
  accountId,
  reply,
  collection,
  onShow,
  onDismissed,
}: {
  accountId: string;
  reply: ShareReply;
  /** The collection's name, where the list names it (the inbox). */
  collection?: string;
  onShow?: () => void;
  onDismissed: () => void;
}) {
  const dismiss = useStore((s) => s.dismissReply);
  const now = useNow();
  const action = useAction(async () => {
    await dismiss(accountId, reply.id);
    onDismissed();
  });
  const sentence = replySentence(reply, collection);
  const at = reply.receivedAt === undefined ? Number.NaN : Date.parse(reply.receivedAt);
  return (
    <li className="reply" aria-label={sentence} data-reply={reply.id}>
      <span className={`chip chip-${reply.answer}`}>{reply.answer === 'accepted' ? 'Accepted' : 'Declined'}</span>
      <div className="reply-main">
        <p>
          <bdi>{sentence}</bdi>
          {Number.isFinite(at) && (
            <>
              {' '}
              <time dateTime={reply.receivedAt} title={new Date(at).toLocaleString()}>
                {timeAgo(at, now)}
              </time>
            </>
          )}
        </p>
        {reply.comment && (
          <blockquote>
            <bdi>{reply.comment}</bdi>
          </blockquote>
        )}
      </div>
      <div className="actions">
        {onShow && (
          <button type="button" className="btn btn-small" onClick={onShow} aria-label={`Show “${collection ?? ''}”`}>
            Show it
          </button>
        )}
        <ActionButton
          className="btn btn-small"
          data-dismiss=""
          busy={action.busy}
          aria-label={`Dismiss: ${sentence}`}
          onClick={() => void action.run()}
        >
          Dismiss
        </ActionButton>
      </div>
      {action.error && <ErrorMessage error={action.error} onDismiss={action.clear} />}
    </li>
  );
}

/**
 * A list of answers. With `named`, each says which collection it is about (looked up in the
 * account's list; a collection no longer listed goes by its address) and offers to show it.
 */
export function ShareReplies({
  accountId,
  replies,
  focusWhenEmpty,
  named = false,
}: {
  accountId: string;
  replies: readonly ShareReply[];
  /** Ids of what takes the focus when the last answer is dismissed, the first one still there (the list's heading goes with it). */
  focusWhenEmpty: readonly string[];
  named?: boolean;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  const collections = useStore((s) => s.collections[accountId]?.list);
  const selectCollection = useStore((s) => s.selectCollection);
  const showView = useStore((s) => s.showView);
  const focusAfter = (index: number) => {
    // After the list has lost the item: the one that took its place, else the one before it.
    requestAnimationFrame(() => {
      const items = [...(listRef.current?.querySelectorAll<HTMLElement>('li.reply') ?? [])];
      const next = items[Math.min(index, items.length - 1)];
      focusFirst(next?.querySelector<HTMLElement>('[data-dismiss]'), ...focusWhenEmpty.map((id) => document.getElementById(id)));
    });
  };
  return (
    <ul className="replies" ref={listRef}>
      {replies.map((r, i) => {
        const found = named ? collections?.find((c) => sameCollection(c.url, r.collectionUrl)) : undefined;
        const name = named ? (found?.name ?? addressLabel(r.collectionUrl)) : undefined;
        return (
          <ReplyItem
            key={r.id}
            accountId={accountId}
            reply={r}
            {...(name === undefined ? {} : { collection: name })}
            {...(found
              ? {
                  onShow: () => {
                    selectCollection(found.url);
                    showView('collections');
                  },
                }
              : {})}
            onDismissed={() => {
              focusAfter(i);
            }}
          />
        );
      })}
    </ul>
  );
}
