// Accounts in the sidebar: each with its collections and its inbox, plus adding an account; above
// them, the People view across every account. Every account shows how many invitations wait for an
// answer: on its own entry, or on its Inbox entry when it is the one shown.

import { useRef, useState } from 'react';
import type { Account } from '../../../shared/model';
import { focusFirst, useFocusRequest } from '../../components/focus';
import { useStore } from '../../store';
import { PeopleEntry } from '../people/PeopleEntry';
import { answerable } from '../../store/waiting';
import { AccountSettingsDialog } from './AccountSettingsDialog';
import './accounts.css';

function waiting(n: number): string {
  return `${n} ${n === 1 ? 'invitation' : 'invitations'} waiting`;
}

function AccountEntry({ account }: { account: Account }) {
  const selected = useStore((s) => s.selectedAccountId === account.id);
  const view = useStore((s) => s.view);
  const selectAccount = useStore((s) => s.selectAccount);
  const showView = useStore((s) => s.showView);
  const pending = useStore((s) => answerable(s.invitations[account.id]?.list ?? []).length);
  const needsPassword = useStore((s) => s.passwordNeeded[account.id] === true);
  const [settings, setSettings] = useState(false);
  const host = new URL(account.serverUrl).host;
  const isDefaultLabel = account.label === `${account.username}@${host}`;

  return (
    <li className="account">
      <div className="account-head">
        <button
          type="button"
          className="nav-item"
          aria-current={selected && view === 'collections' ? 'page' : undefined}
          aria-label={[account.label, needsPassword && 'password needed', !selected && pending > 0 && waiting(pending)]
            .filter(Boolean)
            .join(', ')}
          onClick={() => {
            selectAccount(account.id);
          }}
        >
          <span className="account-name" title={`${account.label} (${account.username} on ${host})`}>
            {/* The default label is user@host: show it as two lines that fit the sidebar. */}
            <strong dir="auto">{isDefaultLabel ? account.username : account.label}</strong>
            <span>{needsPassword ? 'Password needed' : isDefaultLabel ? host : `${account.username} · ${host}`}</span>
          </span>
          {!selected && pending > 0 && (
            <span className="count" aria-hidden="true">
              {pending}
            </span>
          )}
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label={`Settings of ${account.label}`}
          onClick={() => {
            setSettings(true);
          }}
        >
          ⋯
        </button>
      </div>
      {selected && (
        <div className="account-sub">
          <button
            type="button"
            className="nav-item"
            aria-current={view === 'inbox' ? 'page' : undefined}
            onClick={() => {
              showView('inbox');
            }}
          >
            Inbox
            {pending > 0 && (
              <span className="count" aria-label={waiting(pending)}>
                {pending}
              </span>
            )}
          </button>
        </div>
      )}
      {settings && (
        <AccountSettingsDialog
          account={account}
          onClose={() => {
            setSettings(false);
          }}
        />
      )}
    </li>
  );
}

export function Sidebar() {
  const accounts = useStore((s) => s.accounts);
  const setAddingAccount = useStore((s) => s.setAddingAccount);
  const navRef = useRef<HTMLElement>(null);
  useFocusRequest('accounts', () => {
    const nav = navRef.current;
    focusFirst(
      nav?.querySelector<HTMLElement>('.account-head .nav-item[aria-current]'),
      nav?.querySelector<HTMLElement>('.account-head .nav-item'),
      nav?.querySelector<HTMLElement>('.sidebar-foot .btn'),
    );
  });
  return (
    <nav className="sidebar" aria-label="Accounts" ref={navRef}>
      <div className="brand">
        <img src="./icon.svg" alt="" />
        Sharedeck
      </div>
      {accounts.length > 0 && <PeopleEntry />}
      <div className="sidebar-section">
        <h2 className="sidebar-heading">Accounts</h2>
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {accounts.map((a) => (
            <AccountEntry key={a.id} account={a} />
          ))}
        </ul>
      </div>
      <div className="sidebar-foot">
        <button
          type="button"
          className="btn btn-wide"
          onClick={() => {
            setAddingAccount(true);
          }}
        >
          <span aria-hidden="true">+</span> Add account
        </button>
      </div>
    </nav>
  );
}
