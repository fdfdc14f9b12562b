// One deadline per operation: every request, body read and parse that a listing, an invite or an
// accept makes ends by the same moment, whatever the number of requests. The service creates one
// per call; the request path (http.ts) aborts what is in flight when it passes. Parsing is
// synchronous and cannot be interrupted, so it is checked before and after: a parse that ends late
// still ends the operation with the typed timeout error.

import { SharedeckError } from '../../shared/errors';

export class Deadline {
  readonly ms: number;
  /** Aborts when the deadline passes (fetch and body reads listen to it). */
  readonly signal: AbortSignal;
  private readonly end: number;

  constructor(ms: number) {
    if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError('A deadline needs a positive number of milliseconds.');
    this.ms = ms;
    this.end = performance.now() + ms;
    this.signal = AbortSignal.timeout(ms);
  }

  get expired(): boolean {
    return this.signal.aborted || performance.now() >= this.end;
  }

  /** The timeout error for an operation that was waiting on `url`. */
  error(url: string, parsing = false, cause?: unknown): SharedeckError {
    const seconds = +(this.ms / 1000).toFixed(1);
    const within = `within ${seconds} second${seconds === 1 ? '' : 's'}`;
    const message = parsing
      ? `Sharedeck could not read the answer of the server at ${hostOf(url)} ${within}: it is unusually large or complex. Try again, or ask the server’s administrator.`
      : `The server at ${hostOf(url)} did not answer ${within}. Check your connection and try again.`;
    return new SharedeckError('timeout', message, cause === undefined ? undefined : { cause });
  }

  /** Throws the timeout error when the deadline has passed. */
  check(url: string, parsing = false): void {
    if (this.expired) throw this.error(url, parsing);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'the server';
  } catch {
    return 'the server';
  }
}
