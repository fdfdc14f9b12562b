// What went wrong, as a sentence a person can act on: network failures (undici nests the real
// error in cause chains), statuses a server answered with, and the sign-in refusals. The one
// request path (http.ts) throws these; the readers and writers map their statuses here.

import { SharedeckError, defaultMessage } from '../../shared/errors';
import { capitalise } from '../../shared/format';

export function hostOf(url: string): string {
  try {
    return new URL(url).host || 'the server';
  } catch {
    return 'the server';
  }
}

export function authError(url: string, unsupportedScheme: boolean): SharedeckError {
  const message = unsupportedScheme
    ? `The server at ${hostOf(url)} asks for a sign-in method that Sharedeck does not support (only Basic and Digest are).`
    : `${defaultMessage('auth')} (${hostOf(url)})`;
  return new SharedeckError('auth', message, { status: 401 });
}

export function formatSize(bytes: number): string {
  if (bytes >= 1048576) return `${+(bytes / 1048576).toFixed(1)} MB`;
  return bytes >= 1024 ? `${+(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/** Maps what fetch threw (undici nests the real error in cause chains / AggregateErrors) to a typed error. */
export function networkError(err: unknown, url: string): SharedeckError {
  const codes: string[] = [];
  const messages: string[] = [];
  const seen = new Set<unknown>();
  const walk = (e: unknown, depth: number): void => {
    if (typeof e !== 'object' || e === null || seen.has(e) || depth > 8) return;
    seen.add(e);
    const { code, message, cause, errors } = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') codes.push(code);
    if (typeof message === 'string') messages.push(message.toLowerCase());
    walk(cause, depth + 1);
    if (Array.isArray(errors)) for (const x of errors) walk(x, depth + 1);
  };
  walk(err, 0);
  const host = hostOf(url);
  const make = (code: ConstructorParameters<typeof SharedeckError>[0], message: string): SharedeckError =>
    new SharedeckError(code, message, { cause: err });
  const has = (...cs: string[]): boolean => cs.some((c) => codes.includes(c));
  const tls = codes.find((c) => TLS_CODES.has(c) || c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_') || c.includes('CERT'));
  if (has('ERR_SSL_WRONG_VERSION_NUMBER') || messages.some((m) => m.includes('wrong version number'))) {
    return make(
      'tls',
      `The server at ${host} did not answer with a secure (https) connection. Check whether the address should start with http://.`,
    );
  }
  if (tls || messages.some((m) => m.includes('certificate'))) {
    const message =
      tls === 'CERT_HAS_EXPIRED'
        ? `The certificate of ${host} has expired, so Sharedeck did not connect. Ask the server’s administrator to renew it.`
        : tls === 'DEPTH_ZERO_SELF_SIGNED_CERT' || tls === 'SELF_SIGNED_CERT_IN_CHAIN'
          ? `The server at ${host} uses a self-signed certificate that this computer does not trust, so Sharedeck did not connect.`
          : tls === 'ERR_TLS_CERT_ALTNAME_INVALID'
            ? `The certificate of ${host} was issued for a different host name, so Sharedeck did not connect. Check the address.`
            : `The certificate of ${host} could not be verified, so Sharedeck did not connect. Check the address, or ask the server’s administrator.`;
    return make('tls', message);
  }
  if (messages.includes('bad port')) {
    // fetch refuses a short list of ports (WHATWG "bad ports"); no connection was ever tried.
    return make(
      'invalid-input',
      `Sharedeck cannot connect to port ${new URL(url).port} of ${hostOf(url).replace(/:\d+$/, '')}: web requests to that port are blocked. Use another port.`,
    );
  }
  if (has('ECONNREFUSED'))
    return make(
      'connection-refused',
      `The server at ${host} refused the connection. Check the address and port, and that the server is running.`,
    );
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL')) {
    return make(
      'host-not-found',
      `No server named ${hostOf(url).replace(/:\d+$/, '')} was found. Check the spelling of the host name and that this computer is online.`,
    );
  }
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'))
    return make('timeout', `The server at ${host} did not answer in time. Check your connection and try again.`);
  if (has('EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN'))
    return make('connection-lost', `Sharedeck could not reach ${host}. Check this computer’s network connection.`);
  return make('connection-lost', `The connection to ${host} was lost before the server answered. Try again.`);
}

/**
 * Maps a non-success response to a SharedeckError with a sentence a person can act on. `write`:
 * the request changed something, where a 404 need not mean the collection is gone (Nextcloud
 * answers a write it does not allow with 404); `readOnly`: the user's access there is read-only.
 */
export function errorForStatus(
  res: { status: number; text: string; url: string },
  what: string,
  context: { write?: boolean; readOnly?: boolean } = {},
): SharedeckError {
  const { status } = res;
  const What = capitalise(what);
  const said = excerpt(res.text);
  const tail = said ? ` The server said: “${said}”.` : '';
  const err = (code: ConstructorParameters<typeof SharedeckError>[0], message: string): SharedeckError =>
    new SharedeckError(code, message + tail, { status });
  switch (status) {
    case 401:
      return err('auth', `${defaultMessage('auth')} (${hostOf(res.url)})`);
    case 403:
      return err('forbidden', `The server does not allow this account to do that with ${what}.`);
    case 404:
    case 410:
      if (context.write && status === 404) {
        return err(
          'not-found',
          context.readOnly
            ? `The server answered “not found” to ${what}: your access there is read-only, and some servers (Nextcloud) answer a change they do not allow that way.`
            : `The server answered “not found” to ${what}. Some servers (Nextcloud) answer so when this account may not make that change; or it was deleted meanwhile. Refresh the list to see which.`,
        );
      }
      return err('not-found', `${What} was not found on the server. It may have been deleted or renamed; refresh the list.`);
    case 405:
    case 501:
      return err('unsupported', `The server does not allow that on ${what}.`);
    case 406:
    case 415:
      return err('server', `The server did not accept the format of the request for ${what} (HTTP ${status}).`);
    case 400:
    case 409:
    case 412:
    case 422:
      return err('server', `The server refused the request for ${what} (HTTP ${status}).`);
    case 413:
      return err('server', `The request for ${what} was too large for the server (HTTP 413).`);
    case 429:
      return err('server', `The server is receiving too many requests (HTTP 429). Wait a moment and try again.`);
  }
  if (status >= 500)
    return err('server', `The server at ${hostOf(res.url)} ran into an error with ${what} (HTTP ${status}). Try again later.`);
  return err('server', `The server answered the request for ${what} with an unexpected status (HTTP ${status}).`);
}

/** A short single-line text from an HTML error page's <title> or first <p>, or ''. */
function excerpt(html: string): string {
  const m = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html) ?? /<p[^>]*>([\s\S]*?)<\/p>/i.exec(html);
  if (!m?.[1]) return '';
  const text = m[1]
    .replace(/<[^>]*>?/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, e: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
      const code = e[0] !== '#' ? undefined : e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code === undefined ? (named[e.toLowerCase()] ?? '') : code > 0x1f && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    })
    .replace(/[<>]/g, '') // decoded entities must not rebuild tags
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim();
  return text.length > 120 ? `${text.slice(0, 119).trimEnd()}…` : text;
}
