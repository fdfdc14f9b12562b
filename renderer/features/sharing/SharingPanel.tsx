// Everything about sharing one collection: who owns it, who it is shared with, inviting,
// publishing, and leaving a share someone else gave.

import { useState } from 'react';
import { ACCESS_LABELS, KIND_LABELS, personLabel } from '../../../shared/format';
import type { Account, Collection } from '../../../shared/model';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { KindIcon } from '../../components/icons';
import { useAction } from '../../components/useAction';
import { useStore } from '../../store';
import { InviteForm } from './InviteForm';
import { ShareeList } from './ShareeList';
import './sharing.css';

function PublishSection({ accountId, collection }: { accountId: string; collection: Collection }) {
  const setPublished = useStore((s) => s.setPublished);
  const toggle = useAction((publish: boolean) => setPublished(accountId, collection.url, publish));
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
          <button type="button" className="btn btn-small" disabled={toggle.busy} onClick={() => void toggle.run(!link)}>
            {toggle.busy && <span className="spinner" aria-hidden="true" />}
            {link ? 'Unpublish' : 'Publish'}
          </button>
        )}
      </div>
      <ErrorMessage error={toggle.error} onDismiss={toggle.clear} />
    </section>
  );
}

function SharedWithYou({ accountId, collection }: { accountId: string; collection: Collection }) {
  const leave = useStore((s) => s.leave);
  const [confirming, setConfirming] = useState(false);
  const action = useAction(() => leave(accountId, collection.url));
  const by = personLabel(collection.sharedBy);
  const level = collection.access === 'read-write' ? ACCESS_LABELS['read-write'] : ACCESS_LABELS.read;
  return (
    <section className="section">
      <div className="card publish-row">
        <span className="meta" style={{ flex: 1, margin: 0 }}>
          Shared with you by <strong>{by}</strong> · {level}
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
          title={`Leave “${collection.name}”?`}
          description={`It disappears from your account; ${by}'s original is not touched. ${by} can invite you again.`}
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
  const a = address.toLowerCase();
  if (account.addresses.some((own) => own.toLowerCase() === a)) return true;
  try {
    return new URL(address, account.principalUrl).href === new URL(account.principalUrl).href;
  } catch {
    return false;
  }
}

export function SharingPanel({ account, collection: shown }: { account: Account; collection: Collection }) {
  const isSharee = shown.access === 'read' || shown.access === 'read-write';
  // "Also shared with" lists the others: not the user it was shared with.
  const collection = isSharee ? { ...shown, sharees: shown.sharees.filter((s) => !isSelf(account, s.address)) } : shown;
  const path = decodeURI(new URL(collection.url).pathname);
  return (
    <article aria-labelledby="panel-title">
      <div className="panel-head">
        {collection.color ? (
          <span className="swatch" style={{ background: collection.color }} aria-hidden="true" />
        ) : (
          <KindIcon kind={collection.kind} />
        )}
        <div style={{ minWidth: 0 }}>
          <h2 id="panel-title">{collection.name}</h2>
          <p className="meta">
            {KIND_LABELS[collection.kind]} · <span title={collection.url}>{path}</span>
          </p>
          {collection.description && <p className="meta">{collection.description}</p>}
        </div>
      </div>

      {isSharee && <SharedWithYou accountId={account.id} collection={collection} />}

      {collection.canShare && (
        <section className="section" aria-labelledby="invite-heading">
          <h3 id="invite-heading">Share</h3>
          <InviteForm accountId={account.id} collection={collection} />
        </section>
      )}
      {!isSharee && !collection.canShare && (
        <div className="alert alert-info section" role="note">
          <p>The server does not offer sharing for this {KIND_LABELS[collection.kind]}.</p>
        </div>
      )}

      <section className="section" aria-labelledby="people-heading">
        <h3 id="people-heading">
          {isSharee ? 'Also shared with' : 'Shared with'}
          {collection.sharees.length > 0 ? ` (${collection.sharees.length})` : ''}
        </h3>
        <ShareeList accountId={account.id} collection={collection} />
      </section>

      <PublishSection accountId={account.id} collection={collection} />
    </article>
  );
}
