// Typed errors shared by the engine, the shells and the UI. Each code has a sentence a person can
// act on; messages are built from host names and collection names only, never from credentials.

export type ErrorCode =
  | 'auth' // wrong user name or password
  | 'forbidden' // authenticated, but not allowed (e.g. a sharee trying to re-share)
  | 'not-found' // no such collection, invitation or account
  | 'not-dav' // the address answers, but not as a CalDAV / CardDAV / WebDAV server
  | 'no-sharing' // server or collection without any sharing support
  | 'unsupported' // server lacks one feature (e.g. publishing)
  | 'unknown-sharee' // the server did not accept an address as a sharee
  | 'timeout'
  | 'connection-refused'
  | 'host-not-found'
  | 'connection-lost'
  | 'tls'
  | 'malformed' // response that is not the XML it should be
  | 'too-large' // response over the size limit
  | 'server' // 5xx or an unexpected status
  | 'invalid-input' // something the user typed is not usable (bad URL, bad access value)
  | 'duplicate' // what was to be added is there already (the same account added twice)
  | 'untrusted-origin' // a URL on another server than the account's, which the person has not allowed
  | 'cancelled' // the caller cancelled the call before it finished; nothing of it was kept
  | 'engine-stopped' // the engine's thread died during the call (it is started again)
  | 'old-session'; // browser mode: the page holds the access key of an earlier run of its server

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** HTTP status when the error came from a response. */
  status?: number;
  /**
   * With 'untrusted-origin': the other origin (`https://host:port`) that Sharedeck did not send the
   * password to. Allowing it for the account (approvedOrigins) lets the action succeed; absent when
   * no approval can help (https never steps down to http).
   */
  origin?: string;
}

export interface ErrorOptions {
  status?: number;
  origin?: string;
  cause?: unknown;
}

export class SharedeckError extends Error {
  readonly code: ErrorCode;
  readonly status?: number;
  readonly origin?: string;

  constructor(code: ErrorCode, message?: string, options?: ErrorOptions) {
    super(message ?? defaultMessage(code), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SharedeckError';
    this.code = code;
    if (options?.status !== undefined) this.status = options.status;
    if (options?.origin !== undefined) this.origin = options.origin;
  }

  toJSON(): ErrorInfo {
    return plainErrorInfo(this);
  }

  static from(info: ErrorInfo): SharedeckError {
    const options: ErrorOptions = {};
    if (typeof info.status === 'number') options.status = info.status;
    if (typeof info.origin === 'string') options.origin = info.origin;
    return new SharedeckError(info.code, info.message, options);
  }
}

/** Only the ErrorInfo fields, as plain data (what crosses IPC and HTTP): no stack, no cause. */
export function plainErrorInfo(error: ErrorInfo): ErrorInfo {
  const plain: ErrorInfo = { code: error.code, message: error.message };
  if (typeof error.status === 'number') plain.status = error.status;
  if (typeof error.origin === 'string') plain.origin = error.origin;
  return plain;
}

export function isSharedeckError(value: unknown): value is SharedeckError {
  return value instanceof SharedeckError;
}

export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  // Own keys only: `in` would also accept inherited names such as "toString" or "constructor".
  return typeof v.code === 'string' && typeof v.message === 'string' && Object.hasOwn(DEFAULT_MESSAGES, v.code);
}

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  auth: 'The server did not accept this user name and password. Check both and try again.',
  forbidden: 'The server does not allow this account to do that.',
  'not-found': 'The server has no such collection. It may have been deleted or renamed; refresh the list.',
  'not-dav': 'That address does not lead to a CalDAV or CardDAV server. Check the address, or ask your provider for the server URL.',
  'no-sharing': 'This server does not support sharing of calendars, address books or folders.',
  unsupported: 'This server does not offer that feature.',
  'unknown-sharee': 'The server does not know this person. Search the directory or check the address.',
  timeout: 'The server did not answer in time. Check your connection and try again.',
  'connection-refused': 'The server refused the connection. Check the address and port, and that the server is running.',
  'host-not-found': 'No server was found at that address. Check the spelling of the host name.',
  'connection-lost': 'The connection to the server was lost before it answered. Try again.',
  tls: 'The server’s certificate could not be verified, so the connection was not made. Check the address, or ask the server’s administrator.',
  malformed: 'The server sent an answer that is not valid WebDAV XML.',
  'too-large': 'The server sent an answer larger than Sharedeck accepts.',
  server: 'The server ran into an error. Try again later.',
  'invalid-input': 'That input is not valid.',
  duplicate: 'That is in Sharedeck already.',
  'untrusted-origin':
    'The server sent Sharedeck to another server, which this account does not trust, so Sharedeck did not send your password there.',
  cancelled: 'Cancelled. Nothing of it was kept.',
  'engine-stopped':
    'Sharedeck’s engine stopped unexpectedly and has been started again. What you asked for may or may not have reached the server: refresh to see, then try again.',
  'old-session':
    'This page belongs to an earlier run of Sharedeck’s browser mode, which has been restarted since. Open the address it printed when it started (it ends in #token=…), and close this tab.',
};

export function defaultMessage(code: ErrorCode): string {
  return DEFAULT_MESSAGES[code];
}

/** Exit code of the `sharedeck` command line for an error: 1 usage, 2 auth, 3 not found or forbidden (or another server not trusted), 4 network or server. */
export function exitCodeFor(code: ErrorCode): 1 | 2 | 3 | 4 {
  switch (code) {
    case 'invalid-input':
    case 'duplicate':
      return 1;
    case 'auth':
      return 2;
    case 'forbidden':
    case 'not-found':
    case 'not-dav':
    case 'no-sharing':
    case 'unsupported':
    case 'unknown-sharee':
    case 'untrusted-origin':
      return 3;
    default:
      return 4;
  }
}
