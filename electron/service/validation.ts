// The service's boundary: every call is checked here against the contract's schemas
// (shared/schemas.ts) before the implementation sees it, whoever makes it (a shell's dispatcher,
// the CLI, a test). Arguments are validated once, here, and nowhere else.

import { SHARING_API_METHODS, type AppEvent, type SharingApi, type SharingApiMethod } from '../../shared/api';
import { SharedeckError, defaultMessage, isSharedeckError } from '../../shared/errors';
import { parseArguments } from '../../shared/schemas';

/** What the implementation knows about the call it serves. */
export interface CallContext {
  /** Aborted when the caller cancels the call: its requests stop, and it keeps nothing. */
  readonly signal: AbortSignal;
}

/** Each contract method, with the call's context first. */
export type ServiceImplementation = {
  [M in SharingApiMethod]: (call: CallContext, ...args: Parameters<SharingApi[M]>) => ReturnType<SharingApi[M]>;
} & Pick<SharingApi, 'onEvent'>;

/** The service as callers see it: the contract, plus one generic entry for dispatchers. */
export interface Service extends SharingApi {
  /** One call by name, with its raw arguments (validated here) and the signal that cancels it. */
  invoke(method: SharingApiMethod, args: unknown, signal?: AbortSignal): Promise<unknown>;
}

/** Arguments the contract does not allow: the call never reached the implementation. */
export class InvalidArguments extends SharedeckError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'InvalidArguments';
  }
}

/** The error of a call whose signal aborted: its reason when that is ours, else a plain 'cancelled'. */
export function cancelledError(signal: AbortSignal): SharedeckError {
  const reason: unknown = signal.reason;
  return isSharedeckError(reason) ? reason : new SharedeckError('cancelled', defaultMessage('cancelled'));
}

const NEVER = new AbortController().signal;

export function withValidation(implementation: ServiceImplementation): Service {
  const invoke = (method: SharingApiMethod, args: unknown, signal: AbortSignal = NEVER): Promise<unknown> => {
    const parsed = parseArguments(method, args);
    if (!parsed.ok) return Promise.reject(new InvalidArguments(parsed.message));
    if (signal.aborted) return Promise.reject(cancelledError(signal));
    const run = implementation[method] as (call: CallContext, ...a: unknown[]) => Promise<unknown>;
    return run.call(implementation, { signal }, ...(parsed.args as unknown[]));
  };
  const service: Record<string, unknown> = {
    invoke,
    onEvent: (listener: (event: AppEvent) => void) => implementation.onEvent(listener),
  };
  for (const method of SHARING_API_METHODS) service[method] = (...args: unknown[]) => invoke(method, args);
  return service as unknown as Service;
}
