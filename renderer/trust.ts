// Asking the person before an account's password may go to another server. When a call ends in
// 'untrusted-origin' with an origin that approval can allow, the question goes to the approver the
// window registers (OriginApproval.tsx, a confirm dialog naming both hosts), once per account and
// origin in this session. On yes, the origin is remembered with the account (approvedOrigins) and
// the call is made again; on no, the call fails with the engine's sentence, where it was made.

import type { NewAccount, SharingApi, SharingApiMethod } from '../shared/api';
import type { SharingClient } from '../shared/api-client';
import { SharedeckError } from '../shared/errors';
import type { Account } from '../shared/model';

export interface OriginQuestion {
  /** The account the call was for; undefined while adding an account. */
  accountId: string | undefined;
  /** The other server, as an origin (https://host:port). */
  origin: string;
  /** The engine's sentence: it names both hosts and says the password was not sent. */
  message: string;
}

type Approver = (question: OriginQuestion) => Promise<boolean>;

let approver: Approver | undefined;
const updateListeners = new Set<(account: Account) => void>();
/**
 * Questions being asked, and the "no"s of this session, by account and origin: never asked twice
 * at the same time, and not again after a no (until the account's servers are changed by hand).
 */
const answers = new Map<string, Promise<boolean>>();

/** Registers the function that asks (the window's dialog); returns the function that removes it. */
export function setOriginApprover(ask: Approver): () => void {
  approver = ask;
  return () => {
    if (approver === ask) approver = undefined;
  };
}

/** Called with the account after an origin was allowed for it (the store puts it in place). */
export function onAccountApproved(listener: (account: Account) => void): () => void {
  updateListeners.add(listener);
  return () => updateListeners.delete(listener);
}

/** Forgets the answers about an account (its servers were changed by hand): the next meeting asks again. */
export function forgetAnswers(accountId: string): void {
  for (const key of answers.keys()) if (key.startsWith(`${accountId} `)) answers.delete(key);
}

/** Calls made again after approval; an accept already went through, so it is not made twice. */
const REPEATABLE: ReadonlySet<SharingApiMethod> = new Set<SharingApiMethod>([
  'listCollections',
  'getCollection',
  'share',
  'setAccess',
  'revoke',
  'listInvitations',
  'declineInvitation',
  'dismissInvitation',
  'listReplies',
  'dismissReply',
  'leaveShare',
  'searchPrincipals',
  'lookupPeople',
  'publish',
  'unpublish',
  // The People view's: a listing, and writes that ask for an end state (made again, they change nothing more).
  'listPeople',
  'revokeEverywhere',
  'setAccessEverywhere',
  'grantAccess',
]);

function ask(question: OriginQuestion): Promise<boolean> {
  if (!approver) return Promise.resolve(false);
  const key = `${question.accountId ?? ''} ${question.origin}`;
  let answer = answers.get(key);
  if (!answer) {
    answer = approver(question).catch(() => false);
    // A new account has no id yet: its question is asked again on the next attempt.
    if (question.accountId !== undefined) {
      answers.set(key, answer);
      // A yes becomes part of the account; only a no is remembered here.
      void answer.then((yes) => {
        if (yes) answers.delete(key);
      });
    }
  }
  return answer;
}

function approvable(e: unknown): e is SharedeckError & { origin: string } {
  return e instanceof SharedeckError && e.code === 'untrusted-origin' && typeof e.origin === 'string';
}

/** The client, with the question asked (and the call repeated) where another server is met. */
export function withOriginApproval(client: SharingClient): SharingClient {
  return { ...approving(client), withSignal: (signal: AbortSignal) => approving(client.withSignal(signal)) };
}

function approving(api: SharingApi): SharingApi {
  const wrapped: Record<string, unknown> = { ...api };
  const methods = api as unknown as Record<SharingApiMethod, (...args: unknown[]) => Promise<unknown>>;

  wrapped.addAccount = async (input: NewAccount): Promise<Account> => {
    let attempt = input;
    for (let asked = 0; ; asked++) {
      try {
        return await api.addAccount(attempt);
      } catch (e) {
        if (!approvable(e) || asked >= 3 || !(await ask({ accountId: undefined, origin: e.origin, message: e.message }))) throw e;
        attempt = { ...attempt, approvedOrigins: [...(attempt.approvedOrigins ?? []), e.origin] };
      }
    }
  };

  for (const method of REPEATABLE) {
    wrapped[method] = async (accountId: string, ...rest: unknown[]): Promise<unknown> => {
      for (let asked = 0; ; asked++) {
        try {
          return await methods[method](accountId, ...rest);
        } catch (e) {
          if (!approvable(e) || asked >= 3 || !(await allow(api, accountId, e))) throw e;
        }
      }
    };
  }

  wrapped.acceptInvitation = async (accountId: string, ...rest: unknown[]): Promise<unknown> => {
    try {
      return await methods.acceptInvitation(accountId, ...rest);
    } catch (e) {
      // Allowed or not, the accept is done; the lists are read again by whoever made the call.
      if (approvable(e)) await allow(api, accountId, e);
      throw e;
    }
  };
  return wrapped as unknown as SharingApi;
}

/** Asks; on yes, adds the origin to the account and tells the store. */
async function allow(api: SharingApi, accountId: string, e: SharedeckError & { origin: string }): Promise<boolean> {
  if (!(await ask({ accountId, origin: e.origin, message: e.message }))) return false;
  const account = (await api.listAccounts()).find((a) => a.id === accountId);
  if (!account) return false;
  const updated = account.approvedOrigins.includes(e.origin)
    ? account
    : await api.updateAccount(accountId, { approvedOrigins: [...account.approvedOrigins, e.origin] });
  for (const listener of updateListeners) listener(updated);
  return true;
}
