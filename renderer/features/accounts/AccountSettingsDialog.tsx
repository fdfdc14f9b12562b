// Rename an account, change its folders, the collections added by address and the other servers it
// may use, or remove it from Sharedeck (nothing on the server changes).

import { useId, useState, type SyntheticEvent } from 'react';
import type { Account } from '../../../shared/model';
import { api } from '../../api';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { ActionButton } from '../../components/ActionButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/useAction';
import { useStore } from '../../store';

export function AccountSettingsDialog({ account, onClose }: { account: Account; onClose: () => void }) {
  const renameAccount = useStore((s) => s.renameAccount);
  const setApprovedOrigins = useStore((s) => s.setApprovedOrigins);
  const removeAccount = useStore((s) => s.removeAccount);
  const loadAccounts = useStore((s) => s.loadAccounts);
  const refreshCollections = useStore((s) => s.refreshCollections);
  const [label, setLabel] = useState(account.label);
  const [folders, setFolders] = useState(account.folders.join('\n'));
  const [added, setAdded] = useState((account.collections ?? []).join('\n'));
  const [origins, setOrigins] = useState(account.approvedOrigins);
  const [newOrigin, setNewOrigin] = useState('');
  const [confirmRemove, setConfirmRemove] = useState(false);
  const id = useId();

  const save = useAction(async () => {
    if (label.trim() !== account.label) await renameAccount(account.id, label.trim());
    const allowed = newOrigin.trim() ? [...origins, newOrigin.trim()] : origins;
    if (allowed.join('\n') !== account.approvedOrigins.join('\n')) {
      await setApprovedOrigins(account.id, allowed);
      void refreshCollections(account.id);
    }
    const lines = (text: string) =>
      text
        .split(/[\s,]+/)
        .map((f) => f.trim())
        .filter(Boolean);
    const changes: { folders?: string[]; collections?: string[] } = {};
    if (lines(folders).join('\n') !== account.folders.join('\n')) changes.folders = lines(folders);
    if (lines(added).join('\n') !== (account.collections ?? []).join('\n')) changes.collections = lines(added);
    if (changes.folders || changes.collections) {
      await api.updateAccount(account.id, changes);
      await loadAccounts();
      void refreshCollections(account.id);
    }
    onClose();
  });
  const requestFocus = useStore((s) => s.requestFocus);
  const remove = useAction(async () => {
    await removeAccount(account.id);
    onClose();
    // Its entry is gone: the account shown now (or Add account) takes the focus.
    requestFocus('accounts');
  });

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    void save.run();
  };

  if (confirmRemove) {
    return (
      <ConfirmDialog
        title={`Remove ${account.label}?`}
        description="Sharedeck forgets this account and its password. Nothing changes on the server: your collections and shares stay as they are."
        confirmLabel="Remove account"
        busy={remove.busy}
        error={<ErrorMessage error={remove.error} />}
        onCancel={() => {
          setConfirmRemove(false);
        }}
        onConfirm={() => void remove.run()}
      />
    );
  }

  return (
    <Dialog title="Account settings" description={`${account.username} on ${new URL(account.serverUrl).host}`} onClose={onClose}>
      <form onSubmit={onSubmit} aria-label="Account settings">
        <div className="field">
          <label htmlFor={`${id}-label`}>Name in Sharedeck</label>
          <input
            id={`${id}-label`}
            type="text"
            value={label}
            onChange={(e) => {
              setLabel(e.target.value);
            }}
            required
            data-autofocus
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-folders`}>WebDAV folders</label>
          <textarea
            id={`${id}-folders`}
            rows={3}
            spellCheck={false}
            value={folders}
            onChange={(e) => {
              setFolders(e.target.value);
            }}
          />
          <span className="hint">One folder address per line; their subfolders are listed as folders.</span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-collections`}>Calendars and address books added by address</label>
          <textarea
            id={`${id}-collections`}
            rows={3}
            spellCheck={false}
            value={added}
            onChange={(e) => {
              setAdded(e.target.value);
            }}
          />
          <span className="hint">
            One address per line, for what the server does not list for you (such as a calendar shared by access list).
          </span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-origin`}>Other servers this account may use</label>
          {origins.length > 0 && (
            <ul className="trusted-servers" aria-label="Servers allowed for this account">
              {origins.map((o) => (
                <li key={o}>
                  <code>{o}</code>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-label={`Stop allowing ${o}`}
                    onClick={() => {
                      setOrigins((list) => list.filter((x) => x !== o));
                    }}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <input
            id={`${id}-origin`}
            type="text"
            inputMode="url"
            spellCheck={false}
            placeholder="https://p42-caldav.example.com"
            value={newOrigin}
            onChange={(e) => {
              setNewOrigin(e.target.value);
            }}
          />
          <span className="hint">
            Sharedeck sends the password only to {new URL(account.serverUrl).host} and the servers listed here. Add one only if your
            provider uses it.
          </span>
        </div>
        <ErrorMessage error={save.error} />
        <div className="dialog-actions">
          <button
            type="button"
            className="btn btn-danger"
            style={{ marginRight: 'auto' }}
            onClick={() => {
              setConfirmRemove(true);
            }}
          >
            Remove account…
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <ActionButton type="submit" className="btn btn-primary" busy={save.busy} aria-disabled={label.trim() === '' || undefined}>
            Save
          </ActionButton>
        </div>
      </form>
    </Dialog>
  );
}
