// Give one person access to several collections at once, picked from every account's list: a
// filter, one checkbox per collection (windowed: an account of thousands stays quick), an access
// level and a message for the invitations. Each account's collections are given by its own
// server, by the route each collection offers (a share, else an ACL grant).

import { useEffect, useId, useMemo, useState, type SyntheticEvent } from 'react';
import type { Access, Account, PersonAccess } from '../../../shared/model';
import { Dialog } from '../../components/Dialog';
import { KindIcon } from '../../components/icons';
import { useStore } from '../../store';
import type { GrantTarget } from '../../store/people';
import { grantAddress } from './action-plan';
import { personName, plural } from './person-rows';
import { buildPickRows, pickKey } from './pick-rows';
import { useWindowedRows } from '../../components/useWindowedRows';

export function GrantDialog({
  person,
  accounts,
  onClose,
  onStarted,
}: {
  person: PersonAccess;
  accounts: readonly Account[];
  onClose: () => void;
  onStarted: () => void;
}) {
  const collections = useStore((s) => s.collections);
  const refreshCollections = useStore((s) => s.refreshCollections);
  const passwordNeeded = useStore((s) => s.passwordNeeded);
  const grantAccess = useStore((s) => s.grantAccess);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [access, setAccess] = useState<Access>('read');
  const [comment, setComment] = useState('');
  const id = useId();
  const name = personName(person);

  useEffect(() => {
    // Accounts not opened yet have no collections in memory: read them now.
    for (const a of accounts) if (!collections[a.id] && !passwordNeeded[a.id]) void refreshCollections(a.id);
    // once, when the dialog opens
  }, []);

  const { rows, height } = useMemo(() => buildPickRows(person, accounts, collections, filter), [person, accounts, collections, filter]);
  const windowed = useWindowedRows(rows);
  const count = picked.size;

  const toggle = (key: string) => {
    setPicked((set) => {
      const next = new Set(set);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  };

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    if (count === 0) return;
    const targets: GrantTarget[] = [];
    for (const account of accounts) {
      const address = grantAddress(person, account);
      const urls = (collections[account.id]?.list ?? []).map((c) => c.url).filter((url) => picked.has(pickKey(account.id, url)));
      if (address !== undefined && urls.length > 0) targets.push({ accountId: account.id, address, urls });
    }
    onClose();
    onStarted();
    void grantAccess(person, targets, access, comment.trim() || undefined);
  };

  return (
    <Dialog
      title={
        <>
          Give <bdi>{name}</bdi> access
        </>
      }
      description="Pick the collections, from any of your accounts."
      onClose={onClose}
    >
      <form className="grant-picker" onSubmit={onSubmit}>
        <label className="visually-hidden" htmlFor={`${id}-filter`}>
          Filter collections to pick
        </label>
        <input
          id={`${id}-filter`}
          type="search"
          placeholder="Filter by name"
          data-autofocus
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
          }}
        />
        <div ref={windowed.ref} className="pick-list" onScroll={windowed.onScroll} role="group" aria-label="Collections to pick">
          <div style={{ height, position: 'relative' }}>
            {rows.slice(windowed.start, windowed.end).map((r) =>
              r.type === 'account' ? (
                <div key={r.key} className="pick-account" style={{ top: r.top, height: r.height }}>
                  <strong>
                    <bdi>{r.account.label}</bdi>
                  </strong>
                  {r.note && (
                    <span className="meta">
                      {' '}
                      · <bdi>{r.note}</bdi>
                    </span>
                  )}
                </div>
              ) : (
                <label key={r.key} className={r.blocked ? 'pick pick-blocked' : 'pick'} style={{ top: r.top, height: r.height }}>
                  <input
                    type="checkbox"
                    checked={picked.has(r.key)}
                    disabled={r.blocked !== undefined}
                    onChange={() => {
                      toggle(r.key);
                    }}
                  />
                  <KindIcon kind={r.collection.kind} />
                  <span className="pick-name">
                    <bdi>{r.collection.name}</bdi>
                    <span className="visually-hidden">
                      {' '}
                      in <bdi>{r.account.label}</bdi>
                    </span>
                  </span>
                  {r.blocked && <span className="meta">{r.blocked}</span>}
                </label>
              ),
            )}
          </div>
        </div>
        <div className="pick-options">
          <label className="visually-hidden" htmlFor={`${id}-access`}>
            Access to give
          </label>
          <select
            id={`${id}-access`}
            value={access}
            onChange={(e) => {
              setAccess(e.target.value === 'read-write' ? 'read-write' : 'read');
            }}
          >
            <option value="read">Can view</option>
            <option value="read-write">Can edit</option>
          </select>
          <label className="visually-hidden" htmlFor={`${id}-comment`}>
            Message (optional)
          </label>
          <textarea
            id={`${id}-comment`}
            rows={1}
            placeholder="Message (optional, for invitations)"
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
            }}
          />
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={count === 0}>
            {count === 0 ? 'Pick collections' : `Give access to ${plural(count, 'collection')}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
