// What a shell talks to: the Engine, which takes a call by name with raw arguments and answers with
// an envelope (never a rejection). The shells start it with startEngine() (engine-host.ts), which
// runs the service in worker threads, off the shell's event loop; inProcessEngine() runs the very
// same dispatcher on the calling thread, for tests of the shells and the benchmark's baseline.

import type { AppEvent } from '../../shared/api';
import { buildSharingApi, type SharingClient } from '../../shared/api-client';
import type { Envelope } from '../../shared/envelope';
import { defaultMessage } from '../../shared/errors';
import type { Account, InvitationList } from '../../shared/model';
import { dispatch, errorAnswer, type Answer, type Log } from './dispatcher';
import { Listeners } from './listeners';
import type { Service } from './validation';

export interface CallOptions {
  /** Aborting it cancels the call: the engine aborts the call's requests, and the call answers 'cancelled'. */
  signal?: AbortSignal;
}

export interface Engine {
  /** One call; resolves with its answer, whatever happened (a crashed thread answers 'engine-stopped'). */
  call(method: string, args: unknown, options?: CallOptions): Promise<Answer>;
  /** Subscribes to AppEvents; returns the function that unsubscribes. */
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** Reads every account's inbox and announces each as an 'invitations' event; never rejects. */
  pollInvitations(): Promise<void>;
  /** Stops the engine; calls made afterwards answer 'engine-stopped'. */
  close(): Promise<void>;
}

/** The value of an 'ok' answer (what the caller knows the method returns); undefined for any other. */
export function answerValue(answer: Answer): unknown {
  if (answer.status !== 'ok') return undefined;
  return (JSON.parse(answer.envelope) as { value?: unknown }).value;
}

/**
 * The inbox poll both engines share: each account's invitations, announced one account at a time
 * as they come, with what had to be left out ('invitations'); where an account's inbox could not
 * be read, an 'invitations-failed' event says why, so the failure shows where the inbox is. Accounts
 * whose password is not known are left alone. It never raises.
 */
export async function pollInboxes(
  call: Engine['call'],
  emit: (event: AppEvent) => void,
  hasPassword: (accountId: string) => Promise<boolean> = () => Promise.resolve(true),
): Promise<void> {
  const accounts = answerValue(await call('listAccounts', [])) as Account[] | undefined;
  if (!Array.isArray(accounts)) return;
  await Promise.all(
    accounts.map(async ({ id }) => {
      try {
        if (!(await hasPassword(id))) return;
        const envelope = JSON.parse((await call('listInvitations', [id])).envelope) as Envelope<InvitationList>;
        if (envelope.ok) emit({ type: 'invitations', accountId: id, ...envelope.value });
        else emit({ type: 'invitations-failed', accountId: id, error: envelope.error });
      } catch {
        emit({ type: 'invitations-failed', accountId: id, error: { code: 'server', message: POLL_FAILED } });
      }
    }),
  );
}

const POLL_FAILED = 'Sharedeck could not check this account’s inbox. It tries again in a few minutes.';

/** The dispatcher over a service on this thread: what the worker runs, without the worker. */
export function inProcessEngine(service: Service, options: { log?: Log } = {}): Engine {
  const listeners = new Listeners<AppEvent>();
  const emit = (event: AppEvent): void => {
    listeners.emit(event);
  };
  const unsubscribe = service.onEvent(emit);
  let closed = false;
  const call: Engine['call'] = (method, args, callOptions = {}) =>
    closed
      ? Promise.resolve(stoppedAnswer())
      : dispatch(service, method, args, { ...callOptions, ...(options.log ? { log: options.log } : {}) });
  return {
    call,
    onEvent: (listener) => listeners.add(listener),
    pollInvitations: () => pollInboxes(call, emit),
    close() {
      closed = true;
      unsubscribe();
      listeners.clear();
      return Promise.resolve();
    },
  };
}

/** The answer of a call that the engine could not finish because its thread stopped. */
export function stoppedAnswer(): Answer {
  return errorAnswer({ code: 'engine-stopped', message: defaultMessage('engine-stopped') });
}

/** A SharingApi over an engine, for code in the shell's own process (the desktop's inbox watch). */
export function engineClient(engine: Engine): SharingClient {
  const inFlight = new Map<string, AbortController>();
  return buildSharingApi({
    async call({ id, method, args }) {
      const controller = new AbortController();
      inFlight.set(id, controller);
      try {
        return JSON.parse((await engine.call(method, args, { signal: controller.signal })).envelope) as Envelope;
      } finally {
        inFlight.delete(id);
      }
    },
    cancel(id) {
      inFlight.get(id)?.abort();
    },
    onEvent: (listener) => engine.onEvent(listener),
  });
}
