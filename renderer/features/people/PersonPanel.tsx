// One entry of the People view: who it is (every address it is known by), the actions on it
// across every account (change access everywhere, give access to several collections, revoke
// everywhere), the latest action's result, and every collection it can reach.

import { useState } from 'react';
import { initials } from '../../../shared/format';
import { isolate } from '../../../shared/inert-text';
import type { Access, Account, PersonAccess } from '../../../shared/model';
import { ConfirmDialog } from '../../components/Dialog';
import { Isolated } from '../../components/Isolated';
import { useStore } from '../../store';
import type { PeopleActionState } from '../../store/people';
import { ActionResult } from './ActionResult';
import { GrantDialog } from './GrantDialog';
import { GrantList } from './GrantList';
import { grantsToChange, revokeDescription } from './action-plan';
import {
  EVERYONE_MEANING,
  TYPE_NAMES,
  accountsOf,
  collectionCount,
  onlyServerDefault,
  personName,
  plural,
  reachSummary,
  shownAddress,
} from './person-rows';
import { isEveryone } from '../../../shared/people';

function AccessEverywhere({ person, busy, onStart }: { person: PersonAccess; busy: boolean; onStart: () => void }) {
  const setAccessEverywhere = useStore((s) => s.setAccessEverywhere);
  const [access, setAccess] = useState<Access>(person.grants.every((g) => g.access === 'read-write') ? 'read-write' : 'read');
  const name = personName(person);
  const changes = collectionCount(grantsToChange(person, access));
  return (
    <div className="access-everywhere">
      <label htmlFor="access-everywhere">Access everywhere</label>
      <select
        id="access-everywhere"
        value={access}
        onChange={(e) => {
          setAccess(e.target.value === 'read-write' ? 'read-write' : 'read');
        }}
      >
        <option value="read">Can view</option>
        <option value="read-write">Can edit</option>
      </select>
      <button
        type="button"
        className="btn"
        disabled={busy || changes === 0}
        aria-label={changes === 0 ? `Nothing to change for ${name}` : `Apply to ${plural(changes, 'collection')} for ${name}`}
        onClick={() => {
          onStart();
          void setAccessEverywhere(person, access);
        }}
      >
        {changes === 0 ? 'Nothing to change' : `Apply to ${plural(changes, 'collection')}`}
      </button>
    </div>
  );
}

function PersonHead({ person, accounts }: { person: PersonAccess; accounts: readonly Account[] }) {
  const name = personName(person);
  const everyone = isEveryone(person.type);
  const others = person.addresses.filter((a) => a !== person.address);
  const inAccounts = accountsOf(person, accounts);
  const serverDefault = onlyServerDefault(person);
  return (
    <div className="panel-head person-head">
      <span
        className={everyone ? `avatar avatar-large avatar-everyone${serverDefault ? ' avatar-default' : ''}` : 'avatar avatar-large'}
        aria-hidden="true"
      >
        {everyone ? '∗' : initials(name)}
      </span>
      <div style={{ minWidth: 0 }}>
        <h2 id="person-title">
          <bdi>{name}</bdi>
        </h2>
        <p className="meta">
          {isEveryone(person.type) ? EVERYONE_MEANING[person.type] : TYPE_NAMES[person.type]}
          {!everyone && shownAddress(person.address) !== name && (
            <>
              {' · '}
              <bdi>{shownAddress(person.address)}</bdi>
            </>
          )}
          {everyone && inAccounts[0] && (
            <>
              {' · '}
              <bdi>{inAccounts[0].label}</bdi>
            </>
          )}
          {' · '}
          {reachSummary(person)}
        </p>
        {serverDefault && (
          <p className="meta">Free/busy time only (when you are busy, not what): the server gives every calendar this by default.</p>
        )}
        {others.length > 0 && (
          <p className="meta person-also">
            Also known as{' '}
            {others.map((a, i) => (
              <span key={a}>
                {i > 0 && ', '}
                <bdi className="address">{shownAddress(a)}</bdi>
              </span>
            ))}
          </p>
        )}
      </div>
    </div>
  );
}

export function PersonPanel({
  person,
  personKey,
  accounts,
  action,
  onLeave,
}: {
  /** Undefined when the entry reaches nothing any more (after a revoke); its action's result stays. */
  person: PersonAccess | undefined;
  personKey: string;
  accounts: readonly Account[];
  action: PeopleActionState | undefined;
  /** Takes the focus back to the list, when what had it goes away. */
  onLeave: () => void;
}) {
  const revokeEverywhere = useStore((s) => s.revokeEverywhere);
  const dismiss = useStore((s) => s.dismissPeopleAction);
  const [confirming, setConfirming] = useState(false);
  const [granting, setGranting] = useState(false);
  const [focusSeq, setFocusSeq] = useState(0);
  const busy = action?.running === true;
  const started = () => {
    setFocusSeq((n) => n + 1);
  };

  return (
    <article className="person-panel" aria-labelledby="person-title">
      <div className={person ? 'person-top' : 'person-top person-top-alone'}>
        {person ? (
          <PersonHead person={person} accounts={accounts} />
        ) : (
          <div className="panel-head person-head">
            <div>
              <h2 id="person-title">
                <bdi>{action?.personName ?? 'Nobody'}</bdi>
              </h2>
              <p className="meta">No access to any collection of your accounts any more.</p>
            </div>
          </div>
        )}
        {person && (
          <div className="person-actions" role="group" aria-label={`Actions on ${personName(person)} in every account`}>
            <div className="person-buttons">
              {!isEveryone(person.type) && (
                <button
                  type="button"
                  className="btn"
                  disabled={busy}
                  aria-label={`Give access to ${personName(person)}…`}
                  onClick={() => {
                    setGranting(true);
                  }}
                >
                  Give access…
                </button>
              )}
              <button
                type="button"
                className="btn btn-danger"
                disabled={busy}
                aria-label={`Revoke everywhere: ${personName(person)}`}
                onClick={() => {
                  setConfirming(true);
                }}
              >
                Revoke everywhere
              </button>
            </div>
            {!isEveryone(person.type) && <AccessEverywhere key={personKey} person={person} busy={busy} onStart={started} />}
          </div>
        )}
        {action && (
          <ActionResult
            action={action}
            accounts={accounts}
            focusSeq={focusSeq}
            onDismiss={() => {
              dismiss(personKey);
              onLeave();
            }}
          />
        )}
      </div>
      {person && <GrantList person={person} accounts={accounts} outcomes={action?.outcomes ?? []} />}
      {person && confirming && (
        <ConfirmDialog
          title={
            <>
              Revoke <bdi>{personName(person)}</bdi> everywhere?
            </>
          }
          description={<Isolated text={revokeDescription(person, accounts, isolate)} />}
          confirmLabel="Revoke everywhere"
          onCancel={() => {
            setConfirming(false);
          }}
          onConfirm={() => {
            setConfirming(false);
            started();
            void revokeEverywhere(person);
          }}
        />
      )}
      {person && granting && (
        <GrantDialog
          person={person}
          accounts={accounts}
          onClose={() => {
            setGranting(false);
          }}
          onStarted={started}
        />
      )}
    </article>
  );
}
