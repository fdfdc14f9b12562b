// The collections one person can reach, by account, as a windowed list: each with its access,
// route (share or ACL grant), invite status where it has one, and a way to open it. Where the
// latest action on the person did not go through on a collection, its row says so.

import { useMemo } from 'react';
import { STATUS_LABELS, isDefaultFreeBusy } from '../../../shared/format';
import type { Account, CollectionOutcome, PersonAccess, PersonGrant } from '../../../shared/model';
import { collectionKey } from '../../../shared/urls';
import { KindIcon } from '../../components/icons';
import { useStore } from '../../store';
import { FIXED_WORDS, GRANT_ACCESS_WORDS } from '../../components/vocabulary';
import { ROUTE_NAMES, buildGrantRows, personName, plural, type GrantRow } from './person-rows';
import { RESULT_NAMES } from './action-plan';
import { useWindowedRows } from '../../components/useWindowedRows';

function GrantItem({
  grant,
  who,
  account,
  outcome,
  row,
  position,
  size,
}: {
  grant: PersonGrant;
  /** The entry's type: a grant to everyone of free/busy time only is the server's default. */
  who: PersonAccess['type'];
  account: Account | undefined;
  outcome: CollectionOutcome | undefined;
  row: GrantRow;
  position: number;
  size: number;
}) {
  const selectAccount = useStore((s) => s.selectAccount);
  const selectCollection = useStore((s) => s.selectCollection);
  const setFilter = useStore((s) => s.setFilter);
  const route = isDefaultFreeBusy(who, grant.access) ? 'Server default' : ROUTE_NAMES[grant.via];
  const problem = outcome && outcome.result !== 'done' ? outcome : undefined;
  return (
    <div className="grant" role="listitem" aria-posinset={position} aria-setsize={size} style={{ top: row.top, height: row.height }}>
      <KindIcon kind={grant.kind} />
      <span className="grant-main">
        <span className="grant-name">
          <bdi>{grant.collectionName}</bdi>
        </span>
        <span className="grant-line">
          {route}
          {grant.status && (
            <>
              {' · '}
              <span className={`chip chip-${grant.status}`}>{STATUS_LABELS[grant.status]}</span>
            </>
          )}
          {grant.fixed && <> · {FIXED_WORDS[grant.fixed]}</>}
          {problem && (
            <>
              {' · '}
              <span className="chip chip-invalid">{RESULT_NAMES[problem.result]}</span>
            </>
          )}
        </span>
      </span>
      <span className="grant-access">{GRANT_ACCESS_WORDS[grant.access]}</span>
      {account && (
        <button
          type="button"
          className="btn btn-small"
          aria-label={`Open ${grant.collectionName} in ${account.label}`}
          onClick={() => {
            selectAccount(account.id);
            setFilter('');
            selectCollection(grant.collectionUrl);
          }}
        >
          Open
        </button>
      )}
    </div>
  );
}

export function GrantList({
  person,
  accounts,
  outcomes,
}: {
  person: PersonAccess;
  accounts: readonly Account[];
  outcomes: readonly CollectionOutcome[];
}) {
  const { rows, height } = useMemo(() => buildGrantRows(person, accounts), [person, accounts]);
  const problems = useMemo(() => {
    const map = new Map<string, CollectionOutcome>();
    for (const o of outcomes) if (o.result !== 'done') map.set(`${o.accountId} ${collectionKey(o.collectionUrl)}`, o);
    return map;
  }, [outcomes]);
  const windowed = useWindowedRows(rows);
  const visible = rows.slice(windowed.start, windowed.end);
  return (
    <div
      ref={windowed.ref}
      className="grant-list"
      role="list"
      aria-label={`Collections ${personName(person)} can reach`}
      tabIndex={0}
      onScroll={windowed.onScroll}
    >
      <div style={{ height, position: 'relative' }}>
        {visible.map((r, i) => {
          const position = windowed.start + i + 1;
          if (r.type === 'account') {
            return (
              <div
                key={r.key}
                className="grant-account"
                role="listitem"
                aria-posinset={position}
                aria-setsize={rows.length}
                style={{ top: r.top, height: r.height }}
              >
                <span>
                  <bdi>{r.account?.label ?? 'An account removed since'}</bdi> · {plural(r.count, 'collection')}
                </span>
              </div>
            );
          }
          return (
            <GrantItem
              key={r.key}
              row={r}
              grant={r.grant}
              who={person.type}
              account={accounts.find((a) => a.id === r.grant.accountId)}
              outcome={problems.get(`${r.grant.accountId} ${collectionKey(r.grant.collectionUrl)}`)}
              position={position}
              size={rows.length}
            />
          );
        })}
      </div>
    </div>
  );
}
