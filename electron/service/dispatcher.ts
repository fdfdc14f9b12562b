// The one dispatcher: a method name and raw arguments in, an answer out. Every shell's calls end
// here (in the engine's thread): the name must be a contract method, the service's boundary
// validates the arguments, SharedeckErrors travel as their ErrorInfo, and anything else becomes a
// generic 'server' error while the real one is logged without the call's arguments (they may hold
// a password).

import { isSharingApiMethod } from '../../shared/api';
import { SharedeckError, isSharedeckError, type ErrorInfo } from '../../shared/errors';
import { errorEnvelope, okEnvelope, type Envelope } from '../../shared/envelope';
import { describeError } from './log-redaction';
import { InvalidArguments, cancelledError, type Service } from './validation';

/**
 * How a call ended: 'ok' and 'error' are the service's own answers; the others mean no method
 * ran ('no-such-method', 'invalid-arguments') or it failed in a way it should not
 * ('unexpected'). Shells may map them to their transport (browser mode: HTTP statuses).
 */
export type AnswerStatus = 'ok' | 'error' | 'no-such-method' | 'invalid-arguments' | 'unexpected';

export interface Answer {
  /** The envelope as JSON text, serialised where the call ran: a shell passes it on as it is. */
  envelope: string;
  status: AnswerStatus;
}

export const UNEXPECTED_MESSAGE = 'Sharedeck ran into an unexpected problem. Try again; if it keeps happening, restart Sharedeck.';

export type Log = Pick<Console, 'error'>;

export interface DispatchOptions {
  /** Cancels the call. */
  signal?: AbortSignal;
  /** Where unexpected errors are reported (redacted); the console by default. */
  log?: Log;
}

function answer(envelope: Envelope, status: AnswerStatus): Answer {
  return { envelope: JSON.stringify(envelope), status };
}

/** An answer that carries an error; `status` says which kind. */
export function errorAnswer(error: ErrorInfo, status: AnswerStatus = 'error'): Answer {
  return answer(errorEnvelope(error), status);
}

export async function dispatch(service: Service, method: unknown, args: unknown, options: DispatchOptions = {}): Promise<Answer> {
  const log = options.log ?? console;
  // Own names only: "constructor", "__proto__" or "toString" are no methods of ours.
  if (!isSharingApiMethod(method)) return errorAnswer({ code: 'not-found', message: 'Sharedeck has no such function.' }, 'no-such-method');
  let value: unknown;
  try {
    value = await service.invoke(method, args, options.signal);
  } catch (e) {
    if (e instanceof InvalidArguments) return errorAnswer(e.toJSON(), 'invalid-arguments');
    if (options.signal?.aborted && !(isSharedeckError(e) && e.code !== 'cancelled')) {
      return errorAnswer(cancelledError(options.signal).toJSON());
    }
    if (e instanceof SharedeckError) return errorAnswer(e.toJSON());
    log.error(`[engine] ${method} failed unexpectedly: ${describeError(e, args)}`);
    return errorAnswer({ code: 'server', message: UNEXPECTED_MESSAGE }, 'unexpected');
  }
  try {
    return answer(okEnvelope(value), 'ok');
  } catch (e) {
    log.error(`[engine] the answer of ${method} could not be serialised: ${describeError(e, args)}`);
    return errorAnswer({ code: 'server', message: UNEXPECTED_MESSAGE }, 'unexpected');
  }
}
