// Direct access to one collection: the grants of its access control list (RFC 3744) that no share
// accounts for, one row per principal and the grants to everyone as such, each labelled as direct
// access, not a share. Where this account may change them: the access and Revoke (confirmed), by
// the ACL route only (a share of the same person is never touched). What shows afterwards is the
// server's re-read, with each change it did not apply.

import { useRef, useState } from 'react';
import { initials, isDefaultFreeBusy } from '../../../shared/format';
import { isolate } from '../../../shared/inert-text';
import type { Access, Account, AclGrant, Collection } from '../../../shared/model';
import { displayPath } from '../../../shared/urls';
import { ConfirmDialog } from '../../components/Dialog';
import { DismissButton } from '../../components/DismissButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Isolated } from '../../components/Isolated';
import { useAction } from '../../components/useAction';
import { useStore } from '../../store';
import { FIXED_WORDS, GRANT_ACCESS_WORDS } from '../../components/vocabulary';
import {
  EVERYONE_MEANINGS,
  accessOptions,
  changeable,
  grantTitle,
  needsConfirmation,
  outcomeOf,
  showsDirectAccess,
  sortGrants,
  stillListed,
  type Outcome,
} from './direct-access';

/** The directory's name for a principal, once the panel has learnt it (the panel asks when it opens). */
function usePrincipalName(accountId: string, address: string): string | undefined {
  return useStore((s) => s.names[accountId]?.[address]) || undefined;
}

function AclGrantRow({
  account,
  collection,
  grant,
  onOutcome,
}: {
  account: Account;
  collection: Collection;
  grant: AclGrant;
  /** `gone`: the grant is no longer listed (revoked, or now a share), so its row goes. */
  onOutcome: (outcome: Outcome, gone: boolean) => void;
}) {
  const setAccess = useStore((s) => s.setAccess);
  const revoke = useStore((s) => s.revoke);
  const name = usePrincipalName(account.id, grant.address);
  const title = grantTitle(grant, name);
  // Who labels name ("every signed-in user" inside them), and who the sentences name: a server's
  // name marked for isolation.
  const spoken = grant.everyone ? title.toLowerCase() : title;
  const who = grant.everyone ? spoken : isolate(title);
  const [confirming, setConfirming] = useState<{ access: Access | 'none' }>();
  const change = useAction(async (access: Access) => {
    const result = await setAccess(account.id, collection.url, grant.address, access, 'acl');
    onOutcome(outcomeOf(collection, result, grant, who, access), !stillListed(result, grant));
    return true;
  });
  const remove = useAction(async () => {
    const result = await revoke(account.id, collection.url, [grant.address], 'acl');
    onOutcome(outcomeOf(collection, result, grant, who, 'none'), !stillListed(result, grant));
    return true;
  });
  const can = changeable(collection, grant);
  // The principal's path says on which server and under which name it is.
  const path = grant.everyone ? undefined : displayPath(grant.address);
  const everyoneWhat = grant.everyone ? EVERYONE_MEANINGS[grant.everyone] : undefined;
  // Free/busy time for everyone is what the server gives every calendar, not something shared.
  const serverDefault = isDefaultFreeBusy(grant.everyone, grant.access);

  return (
    <li className={serverDefault ? 'sharee sharee-direct sharee-default' : 'sharee sharee-direct'}>
      <span className={grant.everyone ? `avatar avatar-everyone${serverDefault ? ' avatar-default' : ''}` : 'avatar'} aria-hidden="true">
        {grant.everyone ? '∗' : initials(title)}
      </span>
      <span className="person">
        <strong title={isolate(grant.address)}>
          <bdi>{title}</bdi>
        </strong>
        <span className="person-line">
          {serverDefault ? <span className="chip chip-default">Server default</span> : <span className="chip chip-acl">ACL grant</span>}
          {grant.fixed && <span className="chip">{FIXED_WORDS[grant.fixed]}</span>}
          {path !== undefined && (
            <span className="person-address" title={isolate(grant.address)}>
              <bdi>{path}</bdi>
            </span>
          )}
        </span>
        {everyoneWhat && !serverDefault && <span className="person-note">That is {everyoneWhat}.</span>}
        {everyoneWhat && serverDefault && (
          <span className="person-note">
            That is {everyoneWhat}: they can see when you are busy, not what. The server gives every calendar this by default.
          </span>
        )}
        {!can.ok && can.why && <span className="person-note">{can.why}</span>}
      </span>
      {can.ok ? (
        <>
          <span>
            <label className="visually-hidden" htmlFor={`acl-access-${grant.address}`}>
              Direct access for {spoken}
            </label>
            <select
              id={`acl-access-${grant.address}`}
              value={grant.access}
              disabled={change.busy}
              onChange={(e) => {
                const access: Access = e.target.value === 'read-write' ? 'read-write' : 'read';
                change.clear();
                if (needsConfirmation(grant, access)) setConfirming({ access });
                else void change.run(access);
              }}
            >
              {accessOptions(grant.access).map((o) => (
                <option key={o.value} value={o.value} disabled={o.disabled}>
                  {o.label}
                </option>
              ))}
            </select>
            {change.busy && <span className="spinner" aria-label="Saving" style={{ marginLeft: 6 }} />}
          </span>
          <button
            type="button"
            className="btn btn-small btn-danger"
            aria-label={`Revoke direct access of ${spoken}`}
            onClick={() => {
              remove.clear();
              setConfirming({ access: 'none' });
            }}
          >
            Revoke
          </button>
        </>
      ) : (
        <>
          <span className="meta">{GRANT_ACCESS_WORDS[grant.access]}</span>
          <span />
        </>
      )}
      {change.error && !confirming && (
        <div style={{ gridColumn: '2 / -1' }}>
          <ErrorMessage error={change.error} onDismiss={change.clear} />
        </div>
      )}
      {confirming?.access === 'none' && (
        <ConfirmDialog
          title={
            <>
              Revoke direct access of <bdi>{title}</bdi>?
            </>
          }
          description={
            <>
              The access list of “<bdi>{collection.name}</bdi>” will no longer let <bdi>{title}</bdi> reach it. A share of the same person,
              if there is one, stays.
            </>
          }
          confirmLabel="Revoke"
          busy={remove.busy}
          error={<ErrorMessage error={remove.error} />}
          onCancel={() => {
            setConfirming(undefined);
          }}
          onConfirm={() => {
            void remove.run().then((done) => {
              if (done) setConfirming(undefined);
            });
          }}
        />
      )}
      {confirming && confirming.access !== 'none' && (
        <ConfirmDialog
          title={
            <>
              Let {spoken} {confirming.access === 'read-write' ? 'edit' : 'view'} “<bdi>{collection.name}</bdi>”?
            </>
          }
          description={`${title} (that is ${everyoneWhat ?? who}) could then ${confirming.access === 'read-write' ? 'see and change everything in it' : 'see everything in it'}.`}
          confirmLabel={confirming.access === 'read-write' ? 'Let them edit' : 'Let them view'}
          busy={change.busy}
          error={<ErrorMessage error={change.error} />}
          onCancel={() => {
            setConfirming(undefined);
          }}
          onConfirm={() => {
            const access = confirming.access === 'read-write' ? 'read-write' : 'read';
            void change.run(access).then((done) => {
              if (done) setConfirming(undefined);
            });
          }}
        />
      )}
    </li>
  );
}

/**
 * The "Direct access (ACL)" section of the sharing panel: shown where the server lets this account
 * read the collection's access list and it grants someone access, and always on a collection
 * whose only route is the access list.
 */
export function DirectAccess({ account, collection }: { account: Account; collection: Collection }) {
  const [outcome, setOutcome] = useState<Outcome>();
  const heading = useRef<HTMLHeadingElement>(null);
  if (!showsDirectAccess(collection)) return null;
  const grants = sortGrants(collection.aclGrants ?? []);
  // The count is of what someone granted: the server's own default is listed, not counted.
  const granted = grants.filter((g) => !isDefaultFreeBusy(g.everyone, g.access)).length;
  return (
    <section className="section" aria-labelledby="direct-access-heading">
      <h3 id="direct-access-heading" ref={heading} tabIndex={-1}>
        Direct access (ACL){granted > 0 ? ` (${granted})` : ''}
      </h3>
      {grants.length === 0 ? (
        <p className="meta">Nobody else has direct access.</p>
      ) : (
        <ul className="card sharees" aria-label={`Direct access to “${collection.name}”`}>
          {grants.map((g) => (
            <AclGrantRow
              key={g.address}
              account={account}
              collection={collection}
              grant={g}
              onOutcome={(o, gone) => {
                setOutcome(o);
                // The row goes with the grant: the section keeps the focus.
                if (gone) heading.current?.focus();
              }}
            />
          ))}
        </ul>
      )}
      <div aria-live="polite">
        {outcome && outcome.notApplied.length > 0 && (
          <div className="alert alert-warn" role="alert" style={{ marginTop: 10 }}>
            <p>
              <strong>Not applied</strong>
              <Isolated text={outcome.notApplied.join(' ')} />
            </p>
            <DismissButton
              label="Dismiss message"
              onDismiss={() => {
                setOutcome(undefined);
              }}
            />
          </div>
        )}
        {outcome?.done && (
          <p className="meta">
            <Isolated text={outcome.done} />
          </p>
        )}
      </div>
    </section>
  );
}
