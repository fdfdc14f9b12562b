// Tiny DAV servers on 127.0.0.1 that play an account's server, or a second server on another
// port, for the hostile-server tests. Each answers from a table of routes ("METHOD /path"), asks
// for credentials with a 401 like a real server (Basic by default, or Digest only), and records
// every request it gets with its Authorization header, so a test can say exactly what reached it.

import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const USER = 'alice';
export const PASSWORD = 'hostile-test-pw-5521';
export const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

export interface Recorded {
  method: string;
  path: string;
  depth?: string;
  authorization?: string;
  body: string;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** After the headers and the body, go on sending one more space every 100 ms, never ending. */
  trickle?: boolean;
}

/** A fixed answer, or one made per request; `undefined` from a function means 404. */
export type Route = Answer | ((req: Recorded) => Answer | 'hang' | undefined);
/** "METHOD /path" → route; "* *" answers everything else. */
export type Routes = Record<string, Route>;

export interface DavFake {
  /** http(s)://127.0.0.1:PORT */
  origin: string;
  /** 127.0.0.1:PORT */
  host: string;
  /** Every request, including the ones answered 401. */
  requests: Recorded[];
  /** The requests that carried an Authorization header of any kind. */
  authorized(): Recorded[];
  close(): Promise<void>;
}

export interface FakeOptions {
  /** 'basic' (default), 'digest' (MD5, qop=auth, verified; Basic is never accepted). */
  auth?: 'basic' | 'digest';
  tls?: { key: Buffer; cert: Buffer };
}

const servers = new Set<DavFake>();

/** Starts a server whose routes may name its own origin (given to `build`). */
export async function davServer(build: (origin: string) => Routes, options: FakeOptions = {}): Promise<DavFake> {
  const requests: Recorded[] = [];
  const sockets = new Set<Socket>();
  let routes: Routes = {};
  const nonces = new Set<string>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    res.on('error', () => undefined);
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const seen: Recorded = { method: req.method ?? '', path, body: Buffer.concat(chunks).toString('utf8') };
      if (req.headers.authorization !== undefined) seen.authorization = req.headers.authorization;
      if (typeof req.headers.depth === 'string') seen.depth = req.headers.depth;
      requests.push(seen);
      if (!authenticated(req, options.auth ?? 'basic', nonces)) {
        const nonce = randomBytes(12).toString('hex');
        nonces.add(nonce);
        const challenge =
          options.auth === 'digest' ? `Digest realm="fake", qop="auth", algorithm=MD5, nonce="${nonce}"` : 'Basic realm="fake"';
        res.writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Type': 'text/plain' }).end('Unauthorized');
        return;
      }
      const route = routes[`${seen.method} ${new URL(path, 'http://x').pathname}`] ?? routes['* *'];
      const answer = typeof route === 'function' ? route(seen) : route;
      if (answer === 'hang') return;
      const a = answer ?? { status: 404, body: 'Not found' };
      const send = (): void => {
        res.writeHead(a.status, a.headers ?? (a.body?.startsWith('<?xml') ? { 'Content-Type': 'application/xml; charset=utf-8' } : {}));
        if (!a.trickle) {
          res.end(a.body ?? '');
          return;
        }
        res.write(a.body ?? '');
        const timer = setInterval(() => res.write(' '), 100);
        res.on('close', () => {
          clearInterval(timer);
        });
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  routes = build(origin);
  const fake: DavFake = {
    origin,
    host: `127.0.0.1:${port}`,
    requests,
    authorized: () => requests.filter((r) => r.authorization !== undefined),
    close: () =>
      new Promise<void>((resolve) => {
        servers.delete(fake);
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
  servers.add(fake);
  return fake;
}

/** Stops every server still running (afterEach). */
export async function closeAll(): Promise<void> {
  await Promise.all([...servers].map((s) => s.close()));
}

function authenticated(req: IncomingMessage, scheme: 'basic' | 'digest', nonces: Set<string>): boolean {
  const header = req.headers.authorization ?? '';
  if (scheme === 'basic') return header === BASIC;
  if (!header.startsWith('Digest ')) return false;
  const p: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/([\w*]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) p[m[1]!] = m[2] ?? m[3]!;
  const H = (s: string): string => createHash('md5').update(s).digest('hex');
  const ha1 = H(`${USER}:fake:${PASSWORD}`);
  const expected = H(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${H(`${req.method}:${p.uri}`)}`);
  return nonces.has(p.nonce ?? '') && p.username === USER && p.uri === req.url && p.response === expected;
}

// ---- documents ------------------------------------------------------------------------------

const NAMESPACES =
  'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:A="urn:ietf:params:xml:ns:carddav"';
const OK = '<D:status>HTTP/1.1 200 OK</D:status>';

export function multistatus(...responses: string[]): Answer {
  return { status: 207, body: `<?xml version="1.0" encoding="utf-8"?><D:multistatus ${NAMESPACES}>${responses.join('')}</D:multistatus>` };
}

export function response(href: string, props: string): string {
  return `<D:response><D:href>${href}</D:href><D:propstat><D:prop>${props}</D:prop>${OK}</D:propstat></D:response>`;
}

/** A calendar the user owns, shared with bob (DAV: and CS: properties), optionally publishable. */
export function calendar(href: string, name: string, extra = ''): string {
  return response(
    href,
    `<D:resourcetype><D:collection/><C:calendar/></D:resourcetype><D:displayname>${name}</D:displayname>` +
      '<D:share-access><D:shared-owner/></D:share-access>' +
      '<D:invite><D:sharee><D:href>mailto:bob@example.com</D:href><D:invite-accepted/><D:share-access><D:read-write/></D:share-access></D:sharee></D:invite>' +
      '<CS:allowed-sharing-modes><CS:can-be-shared/><CS:can-be-published/></CS:allowed-sharing-modes>' +
      extra,
  );
}

export interface AccountHrefs {
  principal?: string;
  home?: string;
  notifications?: string;
  /** Which notification-URL property names the inbox: DAV: (default) or CS:. */
  notificationDialect?: 'dav' | 'cs';
  principals?: string;
}

/**
 * Alice's account: the DAV root /dav/, her principal, a calendar home holding "Work",
 * an inbox and a directory. `hrefs` replaces what the principal names; `extra` adds or replaces routes.
 */
export function accountRoutes(hrefs: AccountHrefs = {}, extra: Routes = {}): Routes {
  const home = hrefs.home ?? '/dav/calendars/alice/';
  const inbox = hrefs.notifications ?? '/dav/notifications/alice/';
  const inboxProp =
    hrefs.notificationDialect === 'cs'
      ? `<CS:notification-URL><D:href>${inbox}</D:href></CS:notification-URL>`
      : `<D:notification-URL><D:href>${inbox}</D:href></D:notification-URL>`;
  return {
    'PROPFIND /dav/': multistatus(
      response(
        '/dav/',
        `<D:current-user-principal><D:href>${hrefs.principal ?? '/dav/principals/alice/'}</D:href></D:current-user-principal>`,
      ),
    ),
    'PROPFIND /dav/principals/alice/': multistatus(
      response(
        '/dav/principals/alice/',
        '<D:displayname>Alice</D:displayname>' +
          `<C:calendar-home-set><D:href>${home}</D:href></C:calendar-home-set>` +
          inboxProp +
          '<C:calendar-user-address-set><D:href>mailto:alice@example.com</D:href></C:calendar-user-address-set>' +
          `<D:principal-collection-set><D:href>${hrefs.principals ?? '/dav/principals/'}</D:href></D:principal-collection-set>`,
      ),
    ),
    'OPTIONS /dav/calendars/alice/': {
      status: 200,
      headers: { DAV: '1, 3, access-control, calendar-access, resource-sharing, calendarserver-sharing' },
    },
    'PROPFIND /dav/calendars/alice/': multistatus(
      response('/dav/calendars/alice/', '<D:resourcetype><D:collection/></D:resourcetype>'),
      calendar('/dav/calendars/alice/work/', 'Work'),
    ),
    'PROPFIND /dav/calendars/alice/work/': multistatus(calendar('/dav/calendars/alice/work/', 'Work')),
    'PROPFIND /dav/notifications/alice/': multistatus(response('/dav/notifications/alice/', '<D:getetag>"1"</D:getetag>')),
    'REPORT /dav/principals/': multistatus(),
    'DELETE /dav/notifications/alice/inv1.xml': { status: 204 },
    ...extra,
  };
}

/** An inbox listing with one DAV: share invitation per href. */
export function inbox(...hrefs: string[]): Answer {
  return multistatus(
    response('/dav/notifications/alice/', '<D:getetag>"1"</D:getetag>'),
    ...hrefs.map((h, i) =>
      response(h, `<D:notificationtype><D:share-invite-notification/></D:notificationtype><D:getetag>"e${i}"</D:getetag>`),
    ),
  );
}

/** A DAV: share invitation from bob, answered at `replyUrl` when given. */
export function davInvite(name: string, replyUrl?: string): Answer {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/davnotification+xml; charset=utf-8' },
    body:
      `<?xml version="1.0" encoding="utf-8"?><D:notification xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:dtstamp>2026-11-26T10:32:38Z</D:dtstamp>` +
      '<D:share-invite-notification><D:principal><D:href>/dav/principals/bob/</D:href><D:prop><D:displayname>Bob</D:displayname></D:prop></D:principal>' +
      '<D:invite-noresponse/><D:sharer-resource-uri><D:href>/dav/calendars/bob/team/</D:href></D:sharer-resource-uri>' +
      '<D:share-access><D:read-write/></D:share-access>' +
      `<D:prop><D:displayname>${name}</D:displayname><D:resourcetype><D:collection/><C:calendar/></D:resourcetype></D:prop>` +
      (replyUrl ? `<D:reply-url><D:href>${replyUrl}</D:href></D:reply-url>` : '') +
      '</D:share-invite-notification></D:notification>',
  };
}

/** A CS: invitation from bob (what Apple and Cyrus's legacy form send). */
export function csInvite(name: string): Answer {
  return {
    status: 200,
    body:
      '<?xml version="1.0" encoding="utf-8"?><CS:notification xmlns:CS="http://calendarserver.org/ns/" xmlns:D="DAV:"><CS:dtstamp>20261126T103238Z</CS:dtstamp>' +
      '<CS:invite-notification><CS:uid>inv1.xml</CS:uid><D:href>mailto:alice@example.com</D:href><CS:invite-noresponse/>' +
      `<CS:access><CS:read/></CS:access><CS:hosturl><D:href>/dav/calendars/bob/${name}/</D:href></CS:hosturl>` +
      '<CS:organizer><D:href>/dav/principals/bob/</D:href><CS:common-name>Bob</CS:common-name></CS:organizer>' +
      '</CS:invite-notification></CS:notification>',
  };
}

// ---- a throwaway certificate --------------------------------------------------------------

/** A self-signed certificate for 127.0.0.1 and localhost, made with openssl; `dir` holds cert.pem. */
export function testCertificate(): { key: Buffer; cert: Buffer; certFile: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sharedeck-hostile-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`The https tests need the openssl command to make a test certificate (apt-get install openssl): ${String(err)}`, {
      cause: err,
    });
  }
  return {
    key: readFileSync(join(dir, 'key.pem')),
    cert: readFileSync(join(dir, 'cert.pem')),
    certFile: join(dir, 'cert.pem'),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
