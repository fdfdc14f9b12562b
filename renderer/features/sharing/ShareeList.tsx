// The people a collection is shared with: access selector, invite status, and Revoke (confirmed).

import { useState } from 'react';
import { STATUS_LABELS, addressLabel } from '../../../shared/format';
import type { Access, Collection, Sharee } from '../../../shared/model';
import { ConfirmDialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/useAction';
import { useStore } from '../../store';

function initials(s: Sharee): string {
  // An e-mail address gives the initials of its local part only ("bob@example.com" is B, not BE).
  const base = (s.name ?? addressLabel(s.address)).replace(/@.*$/, '');
  const parts = base.split(/[\s._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts[1]?.[0] ?? '')).toUpperCase();
}

function ShareeRow({ accountId, collection, sharee }: { accountId: string; collection: Collection; sharee: Sharee }) {
  const setAccess = useStore((s) => s.setAccess);
  const revoke = useStore((s) => s.revoke);
  const [confirming, setConfirming] = useState(false);
  const change = useAction((access: Access) => setAccess(accountId, collection.url, sharee.address, access));
  const remove = useAction(() => revoke(accountId, collection.url, [sharee.address]));
  const label = sharee.name ?? addressLabel(sharee.address);
  const address = sharee.address.replace(/^mailto:/i, '');

  return (
    <li className="sharee">
      <span className="avatar" aria-hidden="true">
        {initials(sharee)}
      </span>
      <span className="person">
        <strong title={sharee.address}>{label}</strong>
        <span className="person-line">
          <span className={`chip chip-${sharee.status}`}>{STATUS_LABELS[sharee.status]}</span>
          {sharee.type === 'group' && <span className="chip">group</span>}
          {label !== address && <span className="person-address">{address}</span>}
        </span>
        {sharee.comment && <span>“{sharee.comment}”</span>}
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
              disabled={change.busy}
              onChange={(e) => void change.run(e.target.value === 'read-write' ? 'read-write' : 'read')}
            >
              <option value="read">Can view</option>
              <option value="read-write">Can edit</option>
            </select>
            {change.busy && <span className="spinner" aria-label="Saving" style={{ marginLeft: 6 }} />}
          </span>
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
        </>
      ) : (
        <>
          <span className="meta">{sharee.access === 'read-write' ? 'Can edit' : 'Can view'}</span>
          <span />
        </>
      )}
      {change.error && (
        <div style={{ gridColumn: '2 / -1' }}>
          <ErrorMessage error={change.error} onDismiss={change.clear} />
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Revoke ${label}?`}
          description={`${label} will no longer see “${collection.name}”. You can invite them again later.`}
          confirmLabel="Revoke"
          busy={remove.busy}
          error={<ErrorMessage error={remove.error} />}
          onCancel={() => {
            setConfirming(false);
          }}
          onConfirm={() => {
            void remove.run().then((r) => {
              if (r) setConfirming(false);
            });
          }}
        />
      )}
    </li>
  );
}

export function ShareeList({ accountId, collection }: { accountId: string; collection: Collection }) {
  if (!collection.shareesVisible) {
    return <p className="meta">The server does not show you who else this is shared with.</p>;
  }
  if (collection.sharees.length === 0) {
    return <p className="meta">{collection.canShare ? 'Not shared with anyone yet.' : 'Nobody else is listed.'}</p>;
  }
  return (
    <ul className="card sharees" aria-label={`People “${collection.name}” is shared with`}>
      {collection.sharees.map((s) => (
        <ShareeRow key={s.address} accountId={accountId} collection={collection} sharee={s} />
      ))}
    </ul>
  );
}
