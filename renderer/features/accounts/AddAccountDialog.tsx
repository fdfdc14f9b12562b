// Add an account: server, user name, password; the discovery steps shown as they happen, and
// the reason in plain words when it does not work.

import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import type { DiscoveryStep } from '../../../shared/model';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ActionButton } from '../../components/ActionButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/useAction';
import { useStore } from '../../store';
import './accounts.css';

const STEPS: { step: DiscoveryStep; label: string }[] = [
  { step: 'service-discovery', label: 'Looking for the server' },
  { step: 'principal', label: 'Signing in and finding your account' },
  { step: 'homes', label: 'Finding your calendars and address books' },
  { step: 'capabilities', label: 'Checking what the server can share' },
];

function newProgressId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : String(Math.random()).slice(2);
}

export function AddAccountDialog({ onClose }: { onClose: () => void }) {
  const addAccount = useStore((s) => s.addAccount);
  const refreshCollections = useStore((s) => s.refreshCollections);
  const refreshInvitations = useStore((s) => s.refreshInvitations);
  const [server, setServer] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [label, setLabel] = useState('');
  const [folders, setFolders] = useState('');
  const [reached, setReached] = useState<DiscoveryStep>();
  const progressId = useRef('');
  /** The discovery running now: closing the dialog (Cancel, Escape) cancels it, and nothing is kept. */
  const attempt = useRef<AbortController | undefined>(undefined);
  const id = useId();

  useEffect(
    () => () => {
      attempt.current?.abort();
    },
    [],
  );

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'discovery-step' && event.progressId === progressId.current) setReached(event.step);
      }),
    [],
  );

  const add = useAction(async () => {
    setReached(undefined);
    // A fresh id per attempt, so steps of an earlier try never show up in this one.
    progressId.current = newProgressId();
    attempt.current?.abort();
    const controller = new AbortController();
    attempt.current = controller;
    const folderList = folders
      .split(/[\s,]+/)
      .map((f) => f.trim())
      .filter(Boolean);
    const account = await addAccount(
      {
        serverUrl: server.trim(),
        username: user.trim(),
        password,
        progressId: progressId.current,
        ...(label.trim() ? { label: label.trim() } : {}),
        ...(folderList.length ? { folders: folderList } : {}),
      },
      controller.signal,
    );
    void refreshCollections(account.id);
    void refreshInvitations(account.id);
    onClose();
  });

  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    void add.run();
  };

  const reachedIndex = reached === 'done' ? STEPS.length : STEPS.findIndex((s) => s.step === reached);
  return (
    <Dialog title="Add account" description="Sharedeck finds your calendars, address books and shares on the server." onClose={onClose}>
      <form onSubmit={onSubmit} aria-label="Add account">
        <div className="field">
          <label htmlFor={`${id}-server`}>Server</label>
          <input
            id={`${id}-server`}
            type="text"
            inputMode="url"
            autoComplete="url"
            spellCheck={false}
            placeholder="dav.example.com or https://…"
            value={server}
            onChange={(e) => {
              setServer(e.target.value);
            }}
            required
            data-autofocus
          />
          <span className="hint">A host name is enough; Sharedeck looks up the rest.</span>
        </div>
        <div className="field">
          <label htmlFor={`${id}-user`}>User name</label>
          <input
            id={`${id}-user`}
            type="text"
            autoComplete="username"
            spellCheck={false}
            value={user}
            onChange={(e) => {
              setUser(e.target.value);
            }}
            required
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
            }}
            required
          />
        </div>
        <details className="advanced">
          <summary>More options</summary>
          <div className="field">
            <label htmlFor={`${id}-label`}>Name in Sharedeck</label>
            <input
              id={`${id}-label`}
              type="text"
              placeholder="e.g. Work"
              value={label}
              onChange={(e) => {
                setLabel(e.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-folders`}>WebDAV folders</label>
            <textarea
              id={`${id}-folders`}
              rows={2}
              spellCheck={false}
              placeholder="/dav/drive/user/you/"
              value={folders}
              onChange={(e) => {
                setFolders(e.target.value);
              }}
            />
            <span className="hint">Folders are not discoverable: name the ones whose subfolders you share, one per line.</span>
          </div>
        </details>

        {add.busy && (
          <ol className="steps" aria-label="Progress">
            {STEPS.map((s, i) => (
              <li
                key={s.step}
                className={i < reachedIndex ? 'done' : i === reachedIndex || (reachedIndex === -1 && i === 0) ? 'current' : ''}
              >
                <span className="step-mark" aria-hidden="true">
                  {i < reachedIndex ? '✓' : i === reachedIndex || (reachedIndex === -1 && i === 0) ? <span className="spinner" /> : '·'}
                </span>
                {s.label}
                <span className="visually-hidden">{i < reachedIndex ? ' (done)' : ''}</span>
              </li>
            ))}
          </ol>
        )}
        <div aria-live="assertive">
          <ErrorMessage error={add.error} />
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <ActionButton type="submit" className="btn btn-primary" busy={add.busy}>
            Add
          </ActionButton>
        </div>
      </form>
    </Dialog>
  );
}
