// The one request path of the DAV engine: which servers may get the password (origins.ts),
// authentication (Basic/Digest, learnt per origin from its first 401), the operation's deadline
// (deadline.ts), response size limits, redirects and typed errors. Plain Node: never imports
// 'electron'. Credentials never appear in messages, logs or error properties.

import { SharedeckError } from '../../shared/errors';
import { basicAuthorization, chooseChallenge, digestAuthorization, parseChallenges, type AuthChoice, type Credentials } from './auth';
import { Deadline } from './deadline';
import { authError, formatSize, hostOf, networkError } from './http-errors';
import { OriginPolicy } from './origins';

export type { Credentials } from './auth';

export interface DavHttpOptions {
  /** The account's DAV root (or the address being tried): its origin is the account's own. */
  baseUrl: string;
  credentials: Credentials;
  /** Other origins the person allowed for this account; every other origin is refused. */
  approvedOrigins?: readonly string[];
  /**
   * The time one operation may take. A client made for an operation (operation()) shares one
   * deadline over all its requests; otherwise each request (with its redirects and auth retries,
   * its body and its parse) gets this much.
   */
  timeoutMs?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  userAgent?: string;
  fetch?: typeof fetch;
  onRequest?: (info: { method: string; url: string; status: number; ms: number }) => void;
  /**
   * Schemes origins asked for earlier (learntSchemes() of an earlier client, kept by the caller).
   * Basic is then sent unasked from the first request; Digest still waits for the server's
   * challenge, whose nonce is the server's to give.
   */
  rememberedSchemes?: Readonly<Record<string, AuthScheme>>;
}

export type AuthScheme = 'basic' | 'digest';

/** One exchange as an operation's observer sees it (no header, no body). */
export interface ExchangeInfo {
  method: string;
  url: string;
  status: number;
}

export interface DavRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  depth?: '0' | '1' | 'infinity';
  redirect?: 'follow' | 'manual';
  /** Cancels the request; the promise then rejects with the signal's reason, as fetch does. */
  signal?: AbortSignal;
}

export interface DavResponse {
  status: number;
  url: string;
  headers: Headers;
  text: string;
  redirected: boolean;
  /**
   * Runs a (synchronous) parse of this answer within the operation's deadline: it is checked
   * before and after, so a parse that ends late still ends in the typed timeout error.
   */
  parse<T>(read: (text: string, url: string) => T): T;
}

type Body = string | Uint8Array<ArrayBuffer>;
interface Exchange {
  method: string;
  url: string;
  deadline: Deadline;
  headers: Headers;
  body: Body | undefined;
  redirect: 'follow' | 'manual';
  signal: AbortSignal | undefined;
}
interface Raw {
  status: number;
  statusText: string;
  url: string;
  headers: Headers;
  bytes: Uint8Array<ArrayBuffer>;
  redirected: boolean;
}
type Sent = { scheme: AuthScheme; nonce?: string; preemptive: boolean } | undefined;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_TIMEOUT_MS = 60_000;

/** What every view of one account's client shares: the request count, what auth was learnt, the trust. */
interface Shared {
  count: number;
  /** What each origin asked for (the scheme, and Digest's nonce: never a secret), learnt from its 401. */
  auth: Map<string, AuthChoice>;
  origins: OriginPolicy;
}

/** What makes a client a view for one operation. */
interface View {
  shared: Shared;
  deadline: Deadline;
  signal?: AbortSignal;
  observe?: (exchange: ExchangeInfo) => void;
}

export class DavHttp {
  readonly baseUrl: string;
  private readonly options: DavHttpOptions;
  private readonly shared: Shared;
  private readonly deadline: Deadline | undefined;
  /** The operation's cancel: aborts every request of it (the call it serves was cancelled). */
  private readonly signal: AbortSignal | undefined;
  private readonly observe: ((exchange: ExchangeInfo) => void) | undefined;

  constructor(options: DavHttpOptions, view?: View) {
    this.baseUrl = checkUrl(options.baseUrl).href;
    this.options = options;
    this.shared = view?.shared ?? {
      count: 0,
      auth: new Map(
        Object.entries(options.rememberedSchemes ?? {}).flatMap(([origin, scheme]) => (scheme === 'basic' ? [[origin, { scheme }]] : [])),
      ),
      origins: new OriginPolicy(this.baseUrl, options.approvedOrigins),
    };
    this.deadline = view?.deadline;
    this.signal = view?.signal;
    this.observe = view?.observe;
  }

  /**
   * This client for one operation: all its requests, bodies and parses end by `deadline`, and
   * stop when `signal` aborts (rejecting with its reason, as fetch does); `observe` sees every
   * exchange the operation makes (each redirect and authentication retry on its own).
   */
  operation(deadline: Deadline = new Deadline(this.timeoutMs), signal?: AbortSignal, observe?: (exchange: ExchangeInfo) => void): DavHttp {
    return new DavHttp(this.options, { shared: this.shared, deadline, ...(signal ? { signal } : {}), ...(observe ? { observe } : {}) });
  }

  /** The scheme each origin asked for so far (never a secret: no nonce, no credentials). */
  learntSchemes(): Record<string, AuthScheme> {
    return Object.fromEntries([...this.shared.auth].map(([origin, choice]) => [origin, choice.scheme]));
  }

  get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  get requestCount(): number {
    return this.shared.count;
  }

  /** The account's own origin. */
  get origin(): string {
    return this.shared.origins.home;
  }

  /** Whether credentials may go to `url` (the account's origin, or one the person allowed). */
  trusts(url: string): boolean {
    return this.shared.origins.trusts(url);
  }

  /** Discovery only: the server's well-known address moved the account to another origin. */
  moveTo(url: string): void {
    this.shared.origins.moveHome(url);
  }

  /** Throws the typed timeout error when this operation's deadline has passed (e.g. after a parse by tsdav). */
  checkDeadline(url: string = this.baseUrl, parsing = false): void {
    this.deadline?.check(url, parsing);
  }

  resolve(url: string): string {
    return checkUrl(url, this.baseUrl).href;
  }

  async request(req: DavRequest): Promise<DavResponse> {
    let headers: Headers;
    try {
      headers = new Headers(req.headers);
    } catch (err) {
      throw new SharedeckError('invalid-input', 'A request header is not valid.', { cause: err });
    }
    if (req.depth) headers.set('Depth', req.depth);
    const deadline = this.deadline ?? new Deadline(this.timeoutMs);
    const raw = await this.perform({
      method: req.method,
      url: req.url,
      deadline,
      headers,
      body: req.body,
      redirect: req.redirect ?? 'follow',
      signal: this.withOperationSignal(req.signal),
    });
    const { status, url, headers: h, redirected } = raw;
    const text = new TextDecoder('utf-8', { fatal: false }).decode(raw.bytes);
    return {
      status,
      url,
      headers: h,
      redirected,
      text,
      parse: (read) => {
        this.signal?.throwIfAborted();
        deadline.check(url, true);
        const value = read(text, url);
        this.signal?.throwIfAborted();
        deadline.check(url, true);
        return value;
      },
    };
  }

  asFetch(): typeof fetch {
    const davFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
      const request = input instanceof Request ? input : undefined;
      const headers = new Headers(request?.headers);
      new Headers(init?.headers).forEach((v, k) => {
        headers.set(k, v);
      });
      let body: Body | undefined;
      const source = init?.body ?? (request?.body ? await request.arrayBuffer() : undefined);
      if (typeof source === 'string') body = source;
      else if (source !== undefined && source !== null) {
        // Response normalises every BodyInit (Blob, FormData, URLSearchParams, streams) to bytes + type.
        const normalised = new Response(source);
        body = new Uint8Array(await normalised.arrayBuffer());
        const type = normalised.headers.get('content-type');
        if (type && !headers.has('content-type')) headers.set('content-type', type);
      }
      const raw = await this.perform({
        method: init?.method ?? request?.method ?? 'GET',
        url: request ? request.url : input instanceof URL ? input.href : (input as string),
        deadline: this.deadline ?? new Deadline(this.timeoutMs),
        headers,
        body,
        redirect: (init?.redirect ?? request?.redirect) === 'manual' ? 'manual' : 'follow',
        signal: this.withOperationSignal(init?.signal ?? request?.signal ?? undefined),
      });
      const noBody = [204, 205, 304].includes(raw.status) || raw.bytes.byteLength === 0;
      const res = new Response(noBody ? null : raw.bytes, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
      // A constructed Response has url '' and redirected false; report what actually happened.
      Object.defineProperty(res, 'url', { value: raw.url });
      Object.defineProperty(res, 'redirected', { value: raw.redirected });
      return res;
    };
    return davFetch;
  }

  /** A request's own signal combined with the operation's. */
  private withOperationSignal(own: AbortSignal | undefined): AbortSignal | undefined {
    if (!this.signal) return own;
    return own ? AbortSignal.any([own, this.signal]) : this.signal;
  }

  /**
   * Follows redirects within the trusted origins (same method, headers and body; 303 becomes GET).
   * Every URL, the first and each Location, is checked before anything is sent to it.
   */
  private async perform(ex: Exchange): Promise<Raw> {
    let url = this.target(ex.url).href;
    let method = ex.method.toUpperCase(); // fetch uppercases only some methods; Digest hashes what is sent
    let body = ex.body;
    // Our auth logic owns Authorization; a caller's (e.g. tsdav's own Basic header) would defeat Digest.
    ex.headers.delete('authorization');
    if (!ex.headers.has('user-agent')) ex.headers.set('User-Agent', this.options.userAgent ?? 'Sharedeck/0.1');
    const max = this.options.maxRedirects ?? 5;
    for (let redirects = 0; ; redirects++) {
      const raw = await this.authenticated(method, url, ex.headers, body, ex.deadline, ex.signal);
      raw.redirected = redirects > 0;
      const location = raw.headers.get('location');
      if (ex.redirect === 'manual' || !REDIRECTS.has(raw.status) || !location) return raw;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        return raw;
      }
      if ((next.protocol !== 'http:' && next.protocol !== 'https:') || next.username || next.password) return raw;
      // Another origin gets nothing unless the person allowed it; never https → http.
      const refused = this.shared.origins.refusal(next);
      if (refused) throw refused;
      if (redirects >= max) {
        throw new SharedeckError(
          'server',
          `The server at ${hostOf(url)} redirected more than ${max} times, so Sharedeck stopped following it. Check the server address.`,
          { status: raw.status },
        );
      }
      next.hash = '';
      url = next.href;
      if (raw.status === 303 && method !== 'HEAD') {
        method = 'GET';
        body = undefined;
        ex.headers.delete('content-type');
      }
    }
  }

  /** The URL of a request: an http(s) address on a trusted origin, else a typed error. */
  private target(url: string): URL {
    let u: URL;
    try {
      u = new URL(url, this.baseUrl);
    } catch (err) {
      throw new SharedeckError('malformed', `The server at ${hostOf(this.baseUrl)} named an address that is not a valid URL.`, {
        cause: err,
      });
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new SharedeckError(
        'malformed',
        `The server at ${hostOf(this.baseUrl)} named a ${u.protocol} address, which Sharedeck does not follow (only https and http).`,
      );
    }
    if (u.username || u.password) {
      throw new SharedeckError('invalid-input', 'Put the user name and password in their own fields, not in the server address.');
    }
    const refused = this.shared.origins.refusal(u);
    if (refused) throw refused;
    u.hash = '';
    return u;
  }

  /**
   * One request with credentials. They are sent unasked only once the origin's 401 said which
   * scheme it wants, so a Digest-only server never sees the password in a Basic header.
   */
  private async authenticated(
    method: string,
    url: string,
    headers: Headers,
    body: Body | undefined,
    deadline: Deadline,
    signal: AbortSignal | undefined,
  ): Promise<Raw> {
    const target = new URL(url);
    const origin = target.origin;
    const { credentials } = this.options;
    let choice = this.shared.auth.get(origin);
    let preemptive = true;
    for (let attempt = 0; ; attempt++) {
      let sent: Sent;
      if (choice?.scheme === 'basic') {
        headers.set('Authorization', basicAuthorization(credentials));
        sent = { scheme: 'basic', preemptive };
      } else if (choice?.scheme === 'digest') {
        headers.set('Authorization', digestAuthorization(choice.digest, credentials, method, target.pathname + target.search, body));
        sent = { scheme: 'digest', nonce: choice.digest.nonce, preemptive };
      } else headers.delete('Authorization');
      let raw: Raw;
      try {
        raw = await this.exchange(method, url, headers, body, deadline, signal);
      } finally {
        headers.delete('Authorization'); // leave no secret behind in a Headers object that outlives the call
      }
      if (raw.status !== 401) return raw;
      const challenges = parseChallenges(raw.headers.get('www-authenticate'));
      const offered = chooseChallenge(challenges);
      // Retry when nothing was sent, the scheme changed (the server moved from Basic to Digest), or
      // a Digest nonce was replaced: stale=true, or a remembered nonce the server has forgotten.
      const retry =
        offered !== undefined &&
        attempt < 2 &&
        (sent === undefined ||
          offered.scheme !== sent.scheme ||
          (offered.scheme === 'digest' && offered.digest.nonce !== sent.nonce && (sent.preemptive || offered.stale)));
      if (!retry) throw authError(url, offered === undefined && challenges.length > 0);
      this.shared.auth.set(origin, offered);
      choice = offered;
      preemptive = false;
    }
  }

  /** Exactly one fetch, its whole body read within the deadline and the size limit. */
  private async exchange(
    method: string,
    url: string,
    headers: Headers,
    body: Body | undefined,
    deadline: Deadline,
    signal: AbortSignal | undefined,
  ): Promise<Raw> {
    signal?.throwIfAborted();
    deadline.check(url);
    const started = performance.now();
    let status = 0;
    this.shared.count++;
    try {
      const doFetch = this.options.fetch ?? globalThis.fetch;
      const aborts = signal ? AbortSignal.any([deadline.signal, signal]) : deadline.signal;
      const res = await doFetch(url, { method, headers, body, redirect: 'manual', signal: aborts });
      status = res.status;
      const bytes = await readBody(res, this.options.maxResponseBytes ?? 64 * 1024 * 1024, url);
      return { status, statusText: res.statusText, url, headers: res.headers, bytes, redirected: false };
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (deadline.expired) throw deadline.error(url, false, err);
      if (err instanceof SharedeckError) throw err;
      throw networkError(err, url);
    } finally {
      try {
        this.options.onRequest?.({ method, url: redactUrl(url), status, ms: Math.round(performance.now() - started) });
        this.observe?.({ method, url, status });
      } catch {
        // logging and observing must never break a request
      }
    }
  }
}

async function readBody(res: Response, max: number, url: string): Promise<Uint8Array<ArrayBuffer>> {
  if (!res.body) return new Uint8Array(0);
  const tooLarge = (): SharedeckError =>
    new SharedeckError(
      'too-large',
      `The server at ${hostOf(url)} sent an answer larger than ${formatSize(max)}, the most Sharedeck accepts.`,
      { status: res.status },
    );
  if (Number(res.headers.get('content-length')) > max) {
    void res.body.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function checkUrl(url: string, base?: string): URL {
  let u: URL;
  try {
    u = new URL(url, base);
  } catch (err) {
    // Not echoed: what was typed may contain a password.
    throw new SharedeckError('invalid-input', 'That is not a valid server address. Use a full address such as https://dav.example.com/.', {
      cause: err,
    });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new SharedeckError('invalid-input', 'The server address must start with https:// or http://.');
  }
  if (u.username || u.password) {
    throw new SharedeckError('invalid-input', 'Put the user name and password in their own fields, not in the server address.');
  }
  u.hash = '';
  return u;
}

/** Joins all DAV header lines and splits them into trimmed lowercase tokens (no duplicates). */
export function davTokens(headers: Headers): string[] {
  const tokens = (headers.get('dav') ?? '').split(',').map((t) => t.trim().toLowerCase());
  return [...new Set(tokens.filter((t) => t !== ''))];
}

/** Removes userinfo, query and fragment from a URL for use in messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? `${u.protocol}${u.pathname}` : `${u.origin}${u.pathname}`;
  } catch {
    return url.replace(/\/\/[^/?#]*@/, '//').replace(/[?#].*$/, '');
  }
}
