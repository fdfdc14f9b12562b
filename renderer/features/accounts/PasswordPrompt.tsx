// Shown when the engine has no (or no longer the right) password for an account: browser mode
// forgets passwords on restart, and a password can change on the server.

import { useId, useState, type SyntheticEvent } from 'react';
import type { Account } from '../../../shared/model';
import { ActionButton } from '../../components/ActionButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/useAction';
import { useStore } from '../../store';

export function PasswordPrompt({ account }: { account: Account }) {
  const setPassword = useStore((s) => s.setPassword);
  const refreshCollections = useStore((s) => s.refreshCollections);
  const refreshInvitations = useStore((s) => s.refreshInvitations);
  const [password, setValue] = useState('');
  const id = useId();
  const save = useAction(async () => {
    await setPassword(account.id, password);
    setValue('');
    await Promise.all([refreshCollections(account.id), refreshInvitations(account.id)]);
  });
  const onSubmit = (e: SyntheticEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <form className="alert alert-warn" style={{ margin: '10px 16px 0', flexWrap: 'wrap' }} onSubmit={onSubmit} aria-label="Enter password">
      <p style={{ flex: '1 1 260px' }}>
        <strong>Password needed</strong>
        Enter the password of {account.username} on {new URL(account.serverUrl).host} to continue.
      </p>
      <label className="visually-hidden" htmlFor={id}>
        Password for {account.label}
      </label>
      <input
        id={id}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => {
          setValue(e.target.value);
        }}
        required
      />
      <ActionButton type="submit" className="btn btn-primary" busy={save.busy} aria-disabled={password === '' || undefined}>
        Sign in
      </ActionButton>
      {save.error && (
        <div style={{ flexBasis: '100%' }}>
          <ErrorMessage error={save.error} />
        </div>
      )}
    </form>
  );
}
