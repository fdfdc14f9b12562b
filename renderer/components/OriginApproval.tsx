// The question before an account's password may go to another server: a dialog naming both
// hosts (the engine's sentence) and the account, with "Don't allow" focused. One question at a
// time; renderer/trust.ts asks it once per account and origin, then repeats the call on yes.

import { useEffect, useState } from 'react';
import { useStore } from '../store';
import { setOriginApprover, type OriginQuestion } from '../trust';
import { Dialog } from './Dialog';

interface Pending {
  question: OriginQuestion;
  answer: (allowed: boolean) => void;
}

export function OriginApproval() {
  const accounts = useStore((s) => s.accounts);
  const [queue, setQueue] = useState<Pending[]>([]);

  useEffect(
    () =>
      setOriginApprover(
        (question) =>
          new Promise<boolean>((answer) => {
            setQueue((list) => [...list, { question, answer }]);
          }),
      ),
    [],
  );

  const current = queue[0];
  if (!current) return null;
  const { question } = current;
  const other = new URL(question.origin).host;
  const account = accounts.find((a) => a.id === question.accountId);
  const reply = (allowed: boolean) => {
    current.answer(allowed);
    setQueue((list) => list.slice(1));
  };
  return (
    <Dialog
      title={`Allow ${other}?`}
      description={<bdi>{question.message}</bdi>}
      role="alertdialog"
      onClose={() => {
        reply(false);
      }}
    >
      <p className="approval-question">
        {account ? (
          <>
            Let <bdi>{account.label}</bdi> use {other} too?
          </>
        ) : (
          <>Let this account use {other} too?</>
        )}{' '}
        Sharedeck will then send this account’s password there whenever it needs to. Some providers spread an account over several servers.
      </p>
      <div className="dialog-actions">
        <button
          type="button"
          className="btn"
          data-autofocus
          onClick={() => {
            reply(false);
          }}
        >
          Don’t allow
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            reply(true);
          }}
        >
          Allow {other}
        </button>
      </div>
    </Dialog>
  );
}
