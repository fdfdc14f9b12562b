// Everything about sharing one collection: who owns it, who it is shared with, who has direct
// access through its access list, inviting, publishing, and leaving a share someone else gave.
// The copy in the list shows at once; the collection is read again when it is opened (a moment after, so that arrowing through the list
// does not send a request per row) and the answer is put in place, with how old it is.

import { useEffect, useState } from 'react';
import { sameAddress } from '../../../shared/addresses';
import { KIND_LABELS, personLabel } from '../../../shared/format';
import { isolate } from '../../../shared/inert-text';
import { displayPath } from '../../../shared/urls';
import { isAccess, type Account, type Collection } from '../../../shared/model';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorMessage, errorHeading } from '../../components/ErrorMessage';
import { KindIcon } from '../../components/icons';
import { updatedAgo, useNow } from '../../components/freshness';
import { useAction, useErrorClearedByRead } from '../../components/useAction';
import { accessPhrase, activeSharees } from '../../components/vocabulary';
import { useStore } from '../../store';
import { readTime } from '../../store/collections';
import { toSharedeckError } from '../../api';
import type { SharedeckError } from '../../../shared/errors';
import { reinvitedCount } from '../../store/sent';
import { repliesAbout } from '../inbox/replies';
import { ShareReplies } from '../inbox/ShareReplies';
import { DirectAccess } from './DirectAccess';
import { onlyByAcl } from './direct-access';
import { InviteForm } from './InviteForm';
import { ShareeList } from './ShareeList';
import './sharing.css';

/** How long a collection stays selected before it is read again. */
const REREAD_DELAY_MS = 300;

function PublishSection({ accountId, collection }: { accountId: string; collection: Collection }) {
  const setPublished = useStore((s) => s.setPublished);
  const toggle = useAction((publish: boolean) => setPublished(accountId, collection.url, publish));
  useErrorClearedByRead(
    toggle,
    useStore((s) => readTime(s.collections[accountId], collection.url)),
  );
  const [copied, setCopied] = useState(false);
  const link = collection.publish?.url;
  if (!collection.publish || (!collection.publish.available && !link)) return null;
  return (
    <section className="section" aria-labelledby="publish-heading">
      <h3 id="publish-heading">Public link</h3>
      <div className="card publish-row">
        {link ? (
          <code title={link}>{link}</code>
        ) : (
          <span className="meta">Anyone with the link could subscribe to this calendar (read-only).</span>
        )}
        {link && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              void navigator.clipboard.writeText(link).then(() => {
                setCopied(true);
                setTimeout(() => {
                  setCopied(false);
                }, 1500);
              });
            }}
          >
            {copied ? 'Copied' : 'Copy link'}
          </button>
        )}
        {collection.publish.available && (
          <ActionButton className="btn btn-small" busy={toggle.busy} onClick={() => void toggle.run(!link)}>
            {link ? 'Unpublish' : 'Publish'}
          </ActionButton>
        )}
      </div>
      <ErrorMessage error={toggle.error} onDismiss={toggle.clear} />
    </section>
  );
}

function SharedWithYou({ accountId, collection }: { accountId: string; collection: Collection }) {
  const leave = useStore((s) => s.leave);
  const requestFocus = useStore((s) => s.requestFocus);
  const [confirming, setConfirming] = useState(false);
  const action = useAction(async () => {
    await leave(accountId, collection.url);
    // The panel goes with the share: the list of collections takes the focus.
    requestFocus('collections');
  });
  const by = personLabel(collection.sharedBy);
  const level = collection.access === 'read-write' ? 'read-write' : 'read';
  return (
    <section className="section">
      <div className="card publish-row">
        <span className="meta" style={{ flex: 1, margin: 0 }}>
          Shared with you by{' '}
          <strong>
            <bdi>{by}</bdi>
          </strong>{' '}
          · you {accessPhrase(level)}
        </span>
        <button
          type="button"
          className="btn btn-small btn-danger"
          onClick={() => {
            setConfirming(true);
          }}
        >
          Leave share
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={
            <>
              Leave “<bdi>{collection.name}</bdi>”?
            </>
          }
          description={
            <>
              It disappears from your account; the original of <bdi>{by}</bdi> is not touched. <bdi>{by}</bdi> can invite you again.
            </>
          }
          confirmLabel="Leave"
          busy={action.busy}
          error={<ErrorMessage error={action.error} />}
          onCancel={() => {
            setConfirming(false);
          }}
          onConfirm={() => void action.run()}
        />
      )}
    </section>
  );
}

/** Whether a sharee is the account's own user (a sharee sees themselves among the sharees). */
function isSelf(account: Account, address: string): boolean {
  if (account.addresses.some((own) => sameAddress(own, address))) return true;
  try {
    return new URL(address, account.principalUrl).href === new URL(account.principalUrl).href;
  } catch {
    return false;
  }
}

/**
 * Re-reads the collection shortly after it is opened (and, for its owner, the answers to its
 * invitations), and learns the directory's names of the people it lists by address only; says how
 * old what is shown is, and when reading failed.
 */
function Freshness({ accountId, url, unnamed, owned }: { accountId: string; url: string; unnamed: readonly string[]; owned: boolean }) {
  const rereadOpened = useStore((s) => s.rereadOpened);
  const refreshReplies = useStore((s) => s.refreshReplies);
  const learnNames = useStore((s) => s.learnNames);
  const key = unnamed.join('\n');
  const readAt = useStore((s) => readTime(s.collections[accountId], url));
  /** Why reading it again failed, and when: shown until a later read answers. */
  const [failed, setFailed] = useState<{ error: SharedeckError; at: number }>();
  const now = useNow();
  useEffect(() => {
    const timer = setTimeout(() => {
      if (owned) void refreshReplies(accountId);
      rereadOpened(accountId, url).then(
        () => {
          setFailed(undefined);
        },
        (e: unknown) => {
          setFailed({ error: toSharedeckError(e), at: Date.now() });
        },
      );
    }, REREAD_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [accountId, url, owned, rereadOpened, refreshReplies]);
  useEffect(() => {
    if (key !== '') void learnNames(accountId, key.split('\n'));
  }, [accountId, key, learnNames]);
  if (readAt === undefined) return null;
  return (
    <p className="meta freshness">
      {updatedAgo(readAt, now)}
      {failed && failed.at >= readAt && ` · could not read it again (${errorHeading(failed.error).toLowerCase()})`}
    </p>
  );
}

/** Who answered this collection's invitations, as the server told its owner; nothing when nobody did. */
function Answers({ accountId, url }: { accountId: string; url: string }) {
  const all = useStore((s) => s.replies[accountId]?.list);
  const replies = repliesAbout(all ?? [], url);
  if (replies.length === 0) return null;
  return (
    <section className="section" aria-labelledby="answers-heading">
      <h3 id="answers-heading" tabIndex={-1}>
        Answers to your invitations
      </h3>
      <ShareReplies accountId={accountId} replies={replies} focusWhenEmpty={['answers-heading', 'people-heading']} />
    </section>
  );
}

export function SharingPanel({ account, collection: shown }: { account: Account; collection: Collection }) {
  const sent = useStore((s) => s.sent);
  const isSharee = isAccess(shown.access);
  // "Also shared with" lists the others: not the user it was shared with.
  const collection = isSharee ? { ...shown, sharees: shown.sharees.filter((s) => !isSelf(account, s.address)) } : shown;
  const path = displayPath(collection.url);
  const aclOnly = onlyByAcl(collection);
  // Someone invited again after a decline is waiting again, whatever the server still says.
  const again = reinvitedCount(sent, account.id, collection);
  const active = activeSharees(collection.sharees).length + again;
  const declined = collection.sharees.filter((s) => s.status === 'declined').length - again;
  const invalid = collection.sharees.filter((s) => s.status === 'invalid').length;
  const others = [declined > 0 && `${declined} declined`, invalid > 0 && `${invalid} not valid`].filter(Boolean).join(', ');
  return (
    <article aria-labelledby="panel-title">
      <div className="panel-head">
        {collection.color ? (
          <span className="swatch" style={{ background: collection.color }} aria-hidden="true" />
        ) : (
          <KindIcon kind={collection.kind} />
        )}
        <div style={{ minWidth: 0 }}>
          <h2 id="panel-title" dir="auto">
            {collection.name}
          </h2>
          <p className="meta">
            {KIND_LABELS[collection.kind]} ·{' '}
            <bdi className="panel-path" title={isolate(collection.url)}>
              {path}
            </bdi>
          </p>
          {collection.description && (
            <p className="meta" dir="auto">
              {collection.description}
            </p>
          )}
          <Freshness
            accountId={account.id}
            url={collection.url}
            unnamed={[
              ...collection.sharees.filter((s) => !s.name).map((s) => s.address),
              ...(collection.aclGrants ?? []).filter((g) => !g.everyone).map((g) => g.address),
            ]}
            owned={!isSharee && collection.canShare}
          />
        </div>
      </div>

      {isSharee && <SharedWithYou accountId={account.id} collection={collection} />}

      {collection.canShare && (
        <section className="section" aria-labelledby="invite-heading">
          <h3 id="invite-heading">{aclOnly ? 'Give access' : 'Share'}</h3>
          <InviteForm account={account} collection={collection} direct={aclOnly} />
        </section>
      )}
      {!isSharee && !collection.canShare && (
        <div className="alert alert-info section" role="note">
          <p>The server does not offer sharing for this {KIND_LABELS[collection.kind]}.</p>
        </div>
      )}

      {!(aclOnly && collection.sharees.length === 0) && (
        <section className="section" aria-labelledby="people-heading">
          <h3 id="people-heading" tabIndex={-1}>
            {isSharee ? 'Also shared with' : 'Shared with'}
            {active > 0 ? ` (${active})` : ''}
            {others && <span className="heading-note"> · {others}</span>}
          </h3>
          <ShareeList accountId={account.id} collection={collection} />
        </section>
      )}
      <DirectAccess account={account} collection={collection} />

      {!isSharee && <Answers accountId={account.id} url={collection.url} />}

      <PublishSection accountId={account.id} collection={collection} />
    </article>
  );
}
