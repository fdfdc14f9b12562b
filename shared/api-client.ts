// The one SharingApi proxy: every caller outside the engine (the renderer in either shell, the
// desktop main process's inbox watch) builds its SharingApi here, over a Transport that carries
// calls to the engine and answers back. The builder gives each call an id, lets a caller cancel a
// call through an AbortSignal (the transport sends a cancel message naming the id), and turns
// answers into values or SharedeckErrors. Pure: no DOM, no Node, no Electron.

import { SHARING_API_METHODS, type AppEvent, type SharingApi, type SharingApiMethod } from './api';
import { SharedeckError, defaultMessage, isErrorInfo } from './errors';
import type { Envelope } from './envelope';

/** One call as it travels: its id (for a cancel message), the method, and its arguments. */
export interface CallRequest {
  id: string;
  method: SharingApiMethod;
  args: unknown[];
}

/** How calls reach the engine: IPC in the desktop app, HTTP in browser mode, a thread in main. */
export interface Transport {
  /** Sends a call; resolves with the engine's answer. Rejects only when the transport itself failed. */
  call(request: CallRequest): Promise<Envelope>;
  /** Asks the engine to abort a call in flight. The call still answers: cancelled, or done already. */
  cancel(id: string): void;
  /** Subscribes to AppEvents; returns the function that unsubscribes. */
  onEvent(listener: (event: AppEvent) => void): () => void;
}

export interface SharingClient extends SharingApi {
  /**
   * The same calls, cancelled when `signal` aborts: the engine aborts its requests and keeps
   * nothing of the call. The promise then rejects with a 'cancelled' SharedeckError, unless the
   * engine had finished already, in which case it settles with what the engine did.
   */
  withSignal(signal: AbortSignal): SharingApi;
}

export const LOST_CONTACT_MESSAGE = 'Sharedeck lost contact with its engine. Reload the window and try again.';

/** What a call id may look like (the shells refuse any other): short, and nothing that needs escaping. */
export const CALL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Anything thrown at the UI, as a SharedeckError: ErrorInfo objects keep their code and sentence. */
export function toSharedeckError(e: unknown): SharedeckError {
  if (e instanceof SharedeckError) return e;
  if (isErrorInfo(e)) return SharedeckError.from(e);
  // Anything else is a fault of ours or of the transport; say so plainly.
  return new SharedeckError('connection-lost', LOST_CONTACT_MESSAGE);
}

export interface ClientOptions {
  /** Prefix of the call ids, so that ids of several clients (tabs, windows) never meet. */
  idPrefix?: string;
}

export function buildSharingApi(transport: Transport, options: ClientOptions = {}): SharingClient {
  const prefix = options.idPrefix ?? 'c';
  let counter = 0;

  const send = async (method: SharingApiMethod, args: unknown[], signal: AbortSignal | undefined): Promise<unknown> => {
    if (signal?.aborted) throw new SharedeckError('cancelled', defaultMessage('cancelled'));
    // JSON has no undefined: a left-out trailing optional must not arrive as null.
    const sent = [...args];
    while (sent.length > 0 && sent[sent.length - 1] === undefined) sent.pop();
    const id = `${prefix}${++counter}`;
    const onAbort = (): void => {
      transport.cancel(id);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let answer: Envelope;
    try {
      answer = await transport.call({ id, method, args: sent });
    } catch {
      throw new SharedeckError('connection-lost', LOST_CONTACT_MESSAGE);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
    if (answer.ok) return answer.value;
    throw toSharedeckError(answer.error);
  };

  const methods = (signal: AbortSignal | undefined): SharingApi => {
    const api: Record<string, unknown> = { onEvent: (listener: (event: AppEvent) => void) => transport.onEvent(listener) };
    for (const method of SHARING_API_METHODS) api[method] = (...args: unknown[]) => send(method, args, signal);
    return api as unknown as SharingApi;
  };

  return Object.assign(methods(undefined), { withSignal: (signal: AbortSignal) => methods(signal) });
}
