// What an action on a person is doing, then what it did: progress while it runs, then the summary,
// each collection that did not go through with a sentence to act on, the accounts that could not
// be reached, and the collections where it was done. Everything here comes from the server's
// answers; the lists around it are the server's re-read.

import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/model';
import { DismissButton } from '../../components/DismissButton';
import { ErrorMessage } from '../../components/ErrorMessage';
import { KindIcon } from '../../components/icons';
import type { PeopleActionState } from '../../store/people';
import { RESULT_NAMES, outcomeProblem, outcomeSummary } from './action-plan';

function accountLabel(accounts: readonly Account[], id: string): string {
  return accounts.find((a) => a.id === id)?.label ?? 'an account removed since';
}

function progressOf(action: PeopleActionState): { done: number; total: number } {
  const all = Object.values(action.progress);
  return { done: all.reduce((n, p) => n + p.done, 0), total: all.reduce((n, p) => n + p.total, 0) };
}

export function ActionResult({
  action,
  accounts,
  focusSeq,
  onDismiss,
}: {
  action: PeopleActionState;
  accounts: readonly Account[];
  /** A new value asks for the focus on the result's heading (after the action was started). */
  focusSeq: number;
  onDismiss: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [showDone, setShowDone] = useState(false);

  useEffect(() => {
    if (focusSeq > 0) heading.current?.focus();
  }, [focusSeq]);

  const { done, total } = progressOf(action);
  const problems = action.outcomes.filter((o) => o.result !== 'done');
  const succeeded = action.outcomes.filter((o) => o.result === 'done');
  const who = action.personName;
  const status = action.running
    ? total > 0
      ? `Working: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} collections settled…`
      : 'Working…'
    : outcomeSummary(action.outcomes, action.failures.length);

  return (
    <section className="card action-result" aria-labelledby="action-result-heading">
      <div className="action-result-head">
        <h3 id="action-result-heading" ref={heading} tabIndex={-1}>
          {action.title}: <bdi>{who}</bdi>
        </h3>
        {!action.running && <DismissButton label="Dismiss the result" onDismiss={onDismiss} />}
      </div>
      <p className="action-status" role="status">
        {action.running && (
          <>
            <span className="spinner" aria-hidden="true" />{' '}
          </>
        )}
        {status}
      </p>
      {action.running && total > 0 && <progress max={total} value={done} aria-label="Collections settled" />}
      {action.failures.map((f) => (
        <div key={f.accountId} className="action-failure">
          <p className="meta">
            <bdi>{accountLabel(accounts, f.accountId)}</bdi>: the action stopped here. What it changed before is listed as the server has it
            now.
          </p>
          <ErrorMessage error={f.error} />
        </div>
      ))}
      {action.notFound.map((id) => (
        <p key={id} className="meta">
          In <bdi>{accountLabel(accounts, id)}</bdi>, <bdi>{who}</bdi> had no access any more when the action started.
        </p>
      ))}
      {problems.length > 0 && (
        <ul className="outcomes" aria-label="Collections where it did not go through">
          {problems.map((o) => (
            <li key={`${o.accountId} ${o.collectionUrl} ${o.change}`} className="outcome">
              <KindIcon kind={o.kind} />
              <div>
                <p className="outcome-title">
                  <span className="chip chip-invalid">{RESULT_NAMES[o.result]}</span> <bdi>{o.collectionName}</bdi>
                  <span className="meta">
                    {' '}
                    · <bdi>{accountLabel(accounts, o.accountId)}</bdi>
                  </span>
                </p>
                <p className="outcome-why">
                  <bdi>{outcomeProblem(o, action.kind, who)}</bdi>
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
      {!action.running && succeeded.length > 0 && (
        <div className="outcomes-done">
          <button
            type="button"
            className="btn btn-small btn-ghost"
            aria-expanded={showDone}
            onClick={() => {
              setShowDone((v) => !v);
            }}
          >
            {showDone ? 'Hide' : 'Show'} the {succeeded.length.toLocaleString('en-US')}{' '}
            {succeeded.length === 1 ? 'collection' : 'collections'} where it was done
          </button>
          {showDone && (
            <ul className="outcomes" aria-label="Collections where it was done">
              {succeeded.map((o) => (
                <li key={`${o.accountId} ${o.collectionUrl} ${o.change}`} className="outcome">
                  <KindIcon kind={o.kind} />
                  <p className="outcome-title">
                    <span className="chip chip-accepted">{RESULT_NAMES.done}</span> <bdi>{o.collectionName}</bdi>
                    <span className="meta">
                      {' '}
                      · <bdi>{accountLabel(accounts, o.accountId)}</bdi> · <bdi>{o.change}</bdi>
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
