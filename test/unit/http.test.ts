// DavHttp against real local servers (node:http / node:https on 127.0.0.1), never a stubbed fetch.
// Where a test needs a non-loopback or https origin without a trusted certificate, the client's
// `fetch` option rewrites the address just before the real global fetch opens the socket.

import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { propfind } from 'tsdav';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../electron/dav/deadline';
import { DavHttp, type DavHttpOptions, davTokens, errorForStatus, redactUrl } from '../../electron/dav/http';
import { SharedeckError } from '../../shared/errors';

const USER = 'alice';
const PASSWORD = 'pa55-W0rd-s3cret';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const servers: Array<http.Server | https.Server> = [];

async function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Starts a server whose handler sees each request with its whole body already read. */
async function serve(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void,
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      handler(req, res, s);
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, seen };
}

/**
 * Like serve(), behind Basic authentication as most DAV servers are: a request without the right
 * credentials gets a 401 naming Basic; `seen` has every request, `handler` only sees the rest.
 */
async function serveBasic(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void,
): Promise<{ url: string; seen: Seen[] }> {
  return serve((req, res, seen) => {
    if (req.headers.authorization === BASIC) handler(req, res, seen);
    else res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="dav"' }).end();
  });
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

function client(baseUrl: string, extra: Partial<DavHttpOptions> = {}): DavHttp {
  return new DavHttp({ baseUrl, credentials: { username: USER, password: PASSWORD }, ...extra });
}

/** A `fetch` that connects to 127.0.0.1:port over plain HTTP whatever the URL says. */
function via127(port: number): typeof fetch {
  return (input, init) => {
    const u = new URL(input instanceof Request ? input.url : input);
    u.protocol = 'http:';
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return globalThis.fetch(u, init);
  };
}

async function failure(p: Promise<unknown>): Promise<SharedeckError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SharedeckError);
    return err as SharedeckError;
  }
  throw new Error('expected a rejection');
}

function expectNoSecret(err: SharedeckError, ...secrets: string[]): void {
  const texts = [err.message, JSON.stringify(err), String(err), err.stack ?? '', JSON.stringify(Object.entries(err))];
  for (const secret of [PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64'), ...secrets]) {
    for (const t of texts) expect(t).not.toContain(secret);
  }
  expect(err.message).not.toMatch(/authorization/i);
}

const portOf = (url: string): number => Number(new URL(url).port);

// ---------------------------------------------------------------------------------------------
// A Digest server (RFC 7616) that verifies responses itself.

interface DigestServer {
  url: string;
  seen: Seen[];
  /** Parsed Authorization of each request (undefined when none or not Digest). */
  auths: Array<Record<string, string> | undefined>;
  nonces: Map<string, { stale: boolean; lastNc: number }>;
}

function params(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^Digest /i, '').matchAll(/([\w*]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    out[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return out;
}

async function digestServer(opts: {
  algorithm: 'MD5' | 'SHA-256';
  password?: string;
  /** Extra WWW-Authenticate header lines sent before the Digest one. */
  also?: string[];
  /** Mark a nonce stale after this many successful uses. */
  staleAfter?: number;
  /** Issue nonces that are already stale: the first one only, or every one. */
  expired?: 'first' | 'always';
  /** Per-path handler once authenticated; default 207 with a small body. */
  ok?: (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void;
}): Promise<DigestServer> {
  const realm = 'Sharedeck test, "quoted" realm';
  const hashName = opts.algorithm === 'MD5' ? 'md5' : 'sha256';
  const H = (s: string): string => createHash(hashName).update(s).digest('hex');
  const nonces = new Map<string, { stale: boolean; lastNc: number; uses: number }>();
  const auths: DigestServer['auths'] = [];
  const challenge = (stale: boolean): string => {
    const nonce = randomBytes(12).toString('base64');
    nonces.set(nonce, { stale: opts.expired === 'always' || (opts.expired === 'first' && nonces.size === 0), lastNc: 0, uses: 0 });
    return `Digest realm="${realm.replace(/"/g, '\\"')}", qop="auth-int, auth", algorithm=${opts.algorithm}, nonce="${nonce}", opaque="op,aque"${stale ? ', stale=true' : ''}`;
  };
  const { url, seen } = await serve((req, res, s) => {
    const header = req.headers.authorization;
    const p = header?.startsWith('Digest ') ? params(header) : undefined;
    auths.push(p);
    if (p) {
      const n = nonces.get(p.nonce!);
      const ha1 = H(`${USER}:${realm}:${opts.password ?? PASSWORD}`);
      const expected = H(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${H(`${req.method}:${p.uri}`)}`);
      const nc = parseInt(p.nc ?? '', 16);
      const valid =
        n !== undefined &&
        p.username === USER &&
        p.realm === realm &&
        p.uri === req.url &&
        p.qop === 'auth' &&
        p.algorithm === opts.algorithm &&
        p.opaque === 'op,aque' &&
        /^[0-9a-f]{8}$/.test(p.nc ?? '') &&
        nc > n.lastNc &&
        p.response === expected;
      if (valid && n.stale) {
        res.writeHead(401, { 'WWW-Authenticate': challenge(true) }).end();
        return;
      }
      if (valid) {
        n.lastNc = nc;
        if (++n.uses >= (opts.staleAfter ?? Infinity)) n.stale = true;
        if (opts.ok) opts.ok(req, res, s);
        else res.writeHead(207, { 'Content-Type': 'application/xml' }).end('<multistatus xmlns="DAV:"/>');
        return;
      }
    }
    res.writeHead(401, { 'WWW-Authenticate': [...(opts.also ?? []), challenge(false)], 'Content-Type': 'text/html' });
    res.end('<html><title>401 Unauthorized</title></html>');
  });
  return { url, seen, auths, nonces };
}

// ---------------------------------------------------------------------------------------------

describe('authentication', () => {
  it('sends no credentials until the origin asks for Basic (loopback), then Basic unasked on every later request', async () => {
    const { url, seen } = await serve((req, res) =>
      res.writeHead(req.headers.authorization === BASIC ? 207 : 401, { 'WWW-Authenticate': 'Basic realm="x"' }).end('ok'),
    );
    const dav = client(`${url}/dav/`);
    const propfind = () =>
      dav.request({
        method: 'PROPFIND',
        url: 'calendars/',
        depth: '0',
        headers: { 'Content-Type': 'application/xml' },
        body: '<propfind xmlns="DAV:"/>',
      });
    const res = await propfind();
    expect(res.status).toBe(207);
    expect(res.text).toBe('ok');
    expect(dav.requestCount).toBe(2);
    expect(seen.map((s) => s.headers.authorization)).toEqual([undefined, BASIC]);
    expect(seen[1]!.url).toBe('/dav/calendars/');
    expect(seen[1]!.body).toBe('<propfind xmlns="DAV:"/>');
    expect(seen[1]!.headers.depth).toBe('0');
    expect(seen[1]!.headers['user-agent']).toBe('Sharedeck/0.1');
    expect((await propfind()).status).toBe(207);
    expect(seen.map((s) => s.headers.authorization)).toEqual([undefined, BASIC, BASIC]);
  });

  it('sends no Basic unasked over https either: the first request carries no credentials', async () => {
    const { url, seen } = await serve((req, res) =>
      res.writeHead(req.headers.authorization === BASIC ? 200 : 401, { 'WWW-Authenticate': 'Basic realm="x"' }).end(),
    );
    const dav = client('https://dav.example.test/', { fetch: via127(portOf(url)) });
    expect((await dav.request({ method: 'GET', url: '/' })).status).toBe(200);
    expect(seen.map((s) => s.headers.authorization)).toEqual([undefined, BASIC]);
  });

  it('does not send credentials unasked to a plain-http remote host, then learns Basic', async () => {
    const { url, seen } = await serve((req, res) =>
      res.writeHead(req.headers.authorization === BASIC ? 200 : 401, { 'WWW-Authenticate': 'Basic realm="dav"' }).end(),
    );
    const dav = client('http://dav.example.test/', { fetch: via127(portOf(url)) });
    expect((await dav.request({ method: 'GET', url: '/a' })).status).toBe(200);
    expect((await dav.request({ method: 'GET', url: '/b' })).status).toBe(200);
    expect(seen.map((s) => s.headers.authorization)).toEqual([undefined, BASIC, BASIC]);
    expect(dav.requestCount).toBe(3);
  });

  it.each(['MD5', 'SHA-256'] as const)(
    'negotiates Digest %s, verified by the server, then authenticates preemptively',
    async (algorithm) => {
      const server = await digestServer({ algorithm });
      const dav = client(server.url);
      const body = '<propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>';
      const res = await dav.request({
        method: 'PROPFIND',
        url: '/dav/x/?a=1',
        depth: '1',
        headers: { 'Content-Type': 'application/xml' },
        body,
      });
      expect(res.status).toBe(207);
      expect(dav.requestCount).toBe(2); // no credentials, then Digest
      expect(server.seen[0]!.headers.authorization).toBeUndefined();
      expect(server.auths[1]).toMatchObject({ nc: '00000001', qop: 'auth', algorithm, uri: '/dav/x/?a=1' });
      expect(server.seen[1]!.body).toBe(body);

      expect((await dav.request({ method: 'REPORT', url: '/dav/y/', body: '<r/>' })).status).toBe(207);
      expect(dav.requestCount).toBe(3);
      expect(server.auths[2]).toMatchObject({
        nc: '00000002',
        nonce: server.auths[1]!.nonce,
        cnonce: server.auths[1]!.cnonce,
        uri: '/dav/y/',
      });
    },
  );

  it('prefers Digest when the server offers Basic too (separate and comma-joined header lines)', async () => {
    const server = await digestServer({ algorithm: 'SHA-256', also: ['Negotiate, Basic realm="a, b"'] });
    const dav = client(server.url);
    expect((await dav.request({ method: 'GET', url: '/' })).status).toBe(207);
    expect(server.seen.map((s) => s.headers.authorization?.split(' ')[0])).toEqual([undefined, 'Digest']);
  });

  it('retries with the new nonce on stale=true', async () => {
    const server = await digestServer({ algorithm: 'MD5', staleAfter: 2 });
    const dav = client(server.url);
    await dav.request({ method: 'GET', url: '/1' }); // Basic, Digest nc=1
    await dav.request({ method: 'GET', url: '/2' }); // nc=2, nonce now stale
    const res = await dav.request({ method: 'GET', url: '/3' }); // nc=3 → 401 stale → new nonce nc=1
    expect(res.status).toBe(207);
    expect(dav.requestCount).toBe(5);
    const [, a, b, c, d] = server.auths;
    expect([a!.nc, b!.nc, c!.nc, d!.nc]).toEqual(['00000001', '00000002', '00000003', '00000001']);
    expect(c!.nonce).toBe(a!.nonce);
    expect(d!.nonce).not.toBe(a!.nonce);
    expect((await dav.request({ method: 'GET', url: '/4' })).status).toBe(207);
    expect(server.auths[5]).toMatchObject({ nonce: d!.nonce, nc: '00000002' });
  });

  it('retries when the nonce of a fresh challenge is already stale, but not forever', async () => {
    const once = await digestServer({ algorithm: 'MD5', expired: 'first' });
    const dav = client(once.url);
    expect((await dav.request({ method: 'GET', url: '/' })).status).toBe(207);
    expect(dav.requestCount).toBe(3); // Basic, Digest (stale), Digest
    expect(once.auths[2]!.nonce).not.toBe(once.auths[1]!.nonce);

    const always = await digestServer({ algorithm: 'MD5', expired: 'always' });
    const stuck = client(always.url);
    expect((await failure(stuck.request({ method: 'GET', url: '/' }))).code).toBe('auth');
    expect(stuck.requestCount).toBe(3);
  });

  it('recovers once when the server forgot a remembered nonce (no stale flag)', async () => {
    const server = await digestServer({ algorithm: 'MD5' });
    const dav = client(server.url);
    await dav.request({ method: 'GET', url: '/' });
    server.nonces.clear(); // server restart
    expect((await dav.request({ method: 'GET', url: '/' })).status).toBe(207);
    expect(dav.requestCount).toBe(4);
  });

  it('wrong password with Basic: code auth after one Basic attempt, no secret anywhere', async () => {
    const { url } = await serve((req, res) =>
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' }).end('<title>Unauthorized</title>'),
    );
    const log: unknown[] = [];
    const dav = client(url, { onRequest: (i) => log.push(i) });
    const err = await failure(dav.request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.message).toContain(new URL(url).host);
    expect(dav.requestCount).toBe(2);
    expectNoSecret(err);
    expect(JSON.stringify(log)).not.toContain(PASSWORD);
  });

  it('wrong password with Digest: code auth after one Digest attempt, no digest response leaked', async () => {
    const server = await digestServer({ algorithm: 'SHA-256', password: 'something else' });
    const dav = client(server.url);
    const err = await failure(dav.request({ method: 'PROPFIND', url: '/', body: '<x/>' }));
    expect(err.code).toBe('auth');
    expect(dav.requestCount).toBe(2);
    expectNoSecret(err, server.auths[1]!.response!, server.auths[1]!.cnonce!);
    expect(Object.keys(err)).not.toContain('headers');
  });

  it('a server that only offers an unsupported scheme gives auth with a sentence saying so', async () => {
    const { url } = await serve((req, res) => res.writeHead(401, { 'WWW-Authenticate': 'Negotiate' }).end());
    const dav = client(url);
    const err = await failure(dav.request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('auth');
    expect(err.message).toMatch(/sign-in method/);
    expect(dav.requestCount).toBe(1);
  });

  it('replaces a caller-supplied Authorization header with its own, or none', async () => {
    const { url, seen } = await serveBasic((req, res) => res.writeHead(200).end());
    await client(url).request({ method: 'GET', url: '/', headers: { Authorization: 'Bearer nope' } });
    expect(seen.map((s) => s.headers.authorization)).toEqual([undefined, BASIC]);
  });
});

describe('redirects', () => {
  it.each([301, 302, 307, 308])('re-sends PROPFIND with body, headers and auth after a same-origin %i', async (code) => {
    const body = '<propfind xmlns="DAV:"><allprop/></propfind>';
    const { url, seen } = await serveBasic((req, res) => {
      if (req.url === '/dav/calendars/user/bob/work/') res.writeHead(code, { Location: '../../alice/work/' }).end('moved');
      else res.writeHead(207, { 'Content-Type': 'application/xml' }).end('<multistatus xmlns="DAV:"/>');
    });
    const dav = client(`${url}/dav/`);
    const res = await dav.request({
      method: 'PROPFIND',
      url: 'calendars/user/bob/work/',
      depth: '1',
      headers: { 'Content-Type': 'application/xml' },
      body,
    });
    expect(res.status).toBe(207);
    expect(res.redirected).toBe(true);
    expect(res.url).toBe(`${url}/dav/calendars/user/alice/work/`);
    expect(dav.requestCount).toBe(3); // the 401, the redirect, the target
    const second = seen[2]!;
    expect(second).toMatchObject({ method: 'PROPFIND', url: '/dav/calendars/user/alice/work/', body });
    expect(second.headers).toMatchObject({ depth: '1', 'content-type': 'application/xml', authorization: BASIC });
  });

  it('re-sends POST with its body after a 301 (Cyrus redirects non-owners)', async () => {
    const { url, seen } = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(301, { Location: `${url}/new` }).end();
      else res.writeHead(200).end(req.method);
    });
    const res = await client(url).request({
      method: 'POST',
      url: '/old',
      headers: { 'Content-Type': 'application/davsharing+xml' },
      body: '<share-resource/>',
    });
    expect(res.text).toBe('POST');
    expect(seen[1]).toMatchObject({ method: 'POST', body: '<share-resource/>' });
  });

  it('turns a 303 into a GET without body', async () => {
    const { url, seen } = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(303, { Location: '/new' }).end();
      else res.writeHead(200).end();
    });
    await client(url).request({ method: 'POST', url: '/old', headers: { 'Content-Type': 'text/xml' }, body: '<x/>' });
    expect(seen[1]).toMatchObject({ method: 'GET', url: '/new', body: '' });
    expect(seen[1]!.headers['content-type']).toBeUndefined();
  });

  it('follows with Digest, hashing the new URI', async () => {
    const server = await digestServer({
      algorithm: 'MD5',
      ok: (req, res) => (req.url === '/old' ? res.writeHead(301, { Location: '/new' }).end() : res.writeHead(207).end('new')),
    });
    const res = await client(server.url).request({ method: 'PROPFIND', url: '/old' });
    expect(res.text).toBe('new');
    expect(server.auths.at(-1)).toMatchObject({ uri: '/new', nc: '00000002' });
  });

  it('does not follow a Location on another origin: untrusted-origin, and the other server is never contacted', async () => {
    const other = await serveBasic((req, res) => res.writeHead(200).end());
    const { url } = await serveBasic((req, res) => res.writeHead(302, { Location: `${other.url}/steal` }).end('elsewhere'));
    const dav = client(url);
    const err = await failure(dav.request({ method: 'PROPFIND', url: '/x' }));
    expect(err.code).toBe('untrusted-origin');
    expect(err.origin).toBe(other.url);
    const [ours, theirs] = [new URL(url).host, new URL(other.url).host];
    expect(err.message).toBe(
      `The address is on ${theirs}, which is not this account’s server (${ours}), so Sharedeck did not send your password there. Allow ${theirs} for this account only if you trust it.`,
    );
    expect(other.seen).toHaveLength(0);
    expect(dav.requestCount).toBe(2);
    expectNoSecret(err);
  });

  it('follows a Location on an origin the person allowed, answering its own 401 there', async () => {
    const other = await serveBasic((req, res) => res.writeHead(207).end('there'));
    const { url } = await serveBasic((req, res) => res.writeHead(307, { Location: `${other.url}/calendars/` }).end());
    const dav = client(url, { approvedOrigins: [`${other.url}/ignored/path`] });
    const res = await dav.request({ method: 'PROPFIND', url: '/x' });
    expect(res).toMatchObject({ status: 207, text: 'there', url: `${other.url}/calendars/`, redirected: true });
    expect(other.seen.map((s) => s.headers.authorization)).toEqual([undefined, BASIC]);
  });

  it.each([[[]], [['http://dav.example.test']]])(
    'never steps down from https to http, allowed or not (allowed: %j)',
    async (approvedOrigins) => {
      const { url, seen } = await serve((req, res) => res.writeHead(301, { Location: `http://dav.example.test${req.url}` }).end());
      const dav = client('https://dav.example.test/', { fetch: via127(portOf(url)), approvedOrigins });
      const err = await failure(dav.request({ method: 'GET', url: '/a' }));
      expect(err.code).toBe('untrusted-origin');
      expect(err.origin).toBeUndefined();
      expect(err.message).toBe(
        'The address is on http://dav.example.test, an unencrypted connection, while this account’s server https://dav.example.test uses https, so Sharedeck did not send your password there: it never steps down from https to http.',
      );
      expect(seen).toHaveLength(1);
    },
  );

  it("returns the 3xx as is with redirect: 'manual'", async () => {
    const { url, seen } = await serve((req, res) => res.writeHead(301, { Location: '/elsewhere' }).end());
    const res = await client(url).request({ method: 'GET', url: '/', redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(seen).toHaveLength(1);
  });

  it('stops a redirect loop with code server', async () => {
    const { url } = await serve((req, res) => res.writeHead(307, { Location: req.url === '/a' ? '/b' : '/a' }).end());
    const dav = client(url, { maxRedirects: 3 });
    const err = await failure(dav.request({ method: 'PROPFIND', url: '/a' }));
    expect(err.code).toBe('server');
    expect(err.message).toMatch(/redirected more than 3 times/);
    expect(dav.requestCount).toBe(4);
  });
});

describe('the account’s origin', () => {
  it('sends nothing to a request URL on another origin: untrusted-origin naming both hosts', async () => {
    const other = await serveBasic((req, res) => res.writeHead(200).end());
    const { url } = await serveBasic((req, res) => res.writeHead(200).end());
    const dav = client(`${url}/dav/`);
    const err = await failure(dav.request({ method: 'PROPFIND', url: `${other.url}/dav/calendars/` }));
    expect(err.code).toBe('untrusted-origin');
    expect(err.origin).toBe(other.url);
    expect(err.message).toContain(new URL(other.url).host);
    expect(err.message).toContain(new URL(url).host);
    expect(err.message).toContain('Sharedeck did not send your password there');
    expect(err.toJSON()).toEqual({ code: 'untrusted-origin', message: err.message, origin: other.url });
    expect(other.seen).toHaveLength(0);
    expect(dav.requestCount).toBe(0);
    expect(dav.trusts(`${other.url}/x`)).toBe(false);
    expect(dav.trusts(`${url}/anything`)).toBe(true);
  });

  it('names the whole origin where only the scheme differs', async () => {
    const dav = client('http://127.0.0.1:9/');
    const err = await failure(dav.request({ method: 'GET', url: 'https://127.0.0.1:9/x' }));
    expect(err.message).toBe(
      'The address is on https://127.0.0.1:9, which is not this account’s server (http://127.0.0.1:9), so Sharedeck did not send your password there. Allow https://127.0.0.1:9 for this account only if you trust it.',
    );
  });

  it('refuses a request URL that is not http(s) with a sentence, sending nothing', async () => {
    const dav = client('http://127.0.0.1:9/');
    const err = await failure(dav.request({ method: 'GET', url: 'file:///etc/passwd' }));
    expect(err.code).toBe('malformed');
    expect(err.message).toBe('The server at 127.0.0.1:9 named a file: address, which Sharedeck does not follow (only https and http).');
    expect(dav.requestCount).toBe(0);
  });

  it('moveTo (the well-known step) makes another origin the account’s own, but never from https to http', async () => {
    const { url, seen } = await serveBasic((req, res) => res.writeHead(200).end());
    const dav = client('http://127.0.0.1:9/');
    dav.moveTo(`${url}/dav/`);
    expect(dav.origin).toBe(url);
    expect((await dav.request({ method: 'GET', url: `${url}/dav/` })).status).toBe(200);
    expect(seen.map((s) => s.headers.authorization)).toEqual([undefined, BASIC]);
    expect(dav.trusts('http://127.0.0.1:9/')).toBe(false);
    const secure = client('https://dav.example.test/');
    expect(() => {
      secure.moveTo('http://dav.example.test/dav/');
    }).toThrow(/never steps down from https to http/);
    expect(secure.origin).toBe('https://dav.example.test');
  });

  it('an operation view shares what was learnt (auth, count, trust) with its client', async () => {
    const { url, seen } = await serveBasic((req, res) => res.writeHead(200).end());
    const dav = client(url);
    await dav.operation().request({ method: 'GET', url: '/a' });
    await dav.operation().request({ method: 'GET', url: '/b' });
    expect(seen.map((s) => s.headers.authorization)).toEqual([undefined, BASIC, BASIC]);
    expect(dav.requestCount).toBe(3);
  });
});

describe('a Digest-only server', () => {
  it('never sees Authorization: Basic, over requests, redirects, a stale nonce and tsdav', async () => {
    const server = await digestServer({
      algorithm: 'MD5',
      staleAfter: 3,
      ok: (req, res) => (req.url === '/old' ? res.writeHead(301, { Location: '/new' }).end() : res.writeHead(207).end('ok')),
    });
    const dav = client(server.url);
    for (const path of ['/a', '/old', '/b', '/c', '/d']) await dav.request({ method: 'PROPFIND', url: path, body: '<x/>' });
    await propfind({ url: `${server.url}/e/`, props: { 'd:displayname': {} }, depth: '0', fetch: dav.asFetch() });
    await dav.operation().request({ method: 'GET', url: '/f' });
    const sent = server.seen.map((s) => s.headers.authorization?.split(' ')[0]);
    expect(sent).not.toContain('Basic');
    expect(sent[0]).toBeUndefined();
    expect(sent.slice(1).every((a) => a === 'Digest')).toBe(true);
    expect(server.seen.length).toBeGreaterThan(8);
  });
});

describe('one deadline per operation', () => {
  it('bounds every request of an operation together: the third of three slow answers ends in timeout', async () => {
    const { url } = await serve((req, res) => {
      setTimeout(() => res.writeHead(200).end(), 250);
    });
    const op = client(url, { timeoutMs: 60_000 }).operation(new Deadline(600));
    const started = Date.now();
    await op.request({ method: 'GET', url: '/1' });
    await op.request({ method: 'GET', url: '/2' });
    const err = await failure(op.request({ method: 'GET', url: '/3' }));
    expect(err.code).toBe('timeout');
    expect(err.message).toBe(`The server at ${new URL(url).host} did not answer within 0.6 seconds. Check your connection and try again.`);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ends a body that trickles a byte at a time at the deadline', async () => {
    let closed!: () => void;
    const hungUp = new Promise<void>((resolve) => (closed = resolve));
    const { url } = await serve((req, res) => {
      res.writeHead(207, { 'Content-Type': 'application/xml' });
      res.write('<');
      const timer = setInterval(() => res.write('x'), 50);
      res.on('close', () => {
        clearInterval(timer);
        closed();
      });
    });
    const started = Date.now();
    const err = await failure(client(url).operation(new Deadline(500)).request({ method: 'PROPFIND', url: '/' }));
    expect(err.code).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(Date.now() - started).toBeLessThan(2000);
    await hungUp;
  });

  it('a parse that ends after the deadline still ends in timeout, with its own sentence', async () => {
    const { url } = await serve((req, res) => res.writeHead(207).end('<multistatus xmlns="DAV:"/>'));
    const res = await client(url).operation(new Deadline(300)).request({ method: 'PROPFIND', url: '/' });
    let parsed = false;
    const slowParse = (text: string): string => {
      const until = performance.now() + 400; // a parse that blocks past the deadline
      while (performance.now() < until);
      parsed = true;
      return text;
    };
    expect(() => res.parse(slowParse)).toThrow(
      `Sharedeck could not read the answer of the server at ${new URL(url).host} within 0.3 seconds: it is unusually large or complex. Try again, or ask the server’s administrator.`,
    );
    expect(parsed).toBe(true);
    // Before the parse too: once the deadline has passed, no parse starts.
    parsed = false;
    expect(() => res.parse(slowParse)).toThrow(SharedeckError);
    expect(parsed).toBe(false);
  });

  it('a parse within the deadline returns its value', async () => {
    const { url } = await serve((req, res) => res.writeHead(207).end('body'));
    const res = await client(url).operation(new Deadline(5000)).request({ method: 'GET', url: '/' });
    expect(res.parse((text, at) => `${text} from ${at}`)).toBe(`body from ${url}/`);
  });
});

describe('timeouts and size limits', () => {
  it('times out a server that never answers', async () => {
    const { url } = await serve(() => undefined);
    const started = Date.now();
    const err = await failure(client(url, { timeoutMs: 300 }).request({ method: 'GET', url: '/' }));
    const took = Date.now() - started;
    expect(err.code).toBe('timeout');
    expect(err.message).toContain('0.3 seconds');
    expect(err.message).toContain(new URL(url).host);
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(2000);
  });

  it('times out a server that sends headers and then stalls the body', async () => {
    const { url } = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial');
    });
    const started = Date.now();
    const err = await failure(client(url, { timeoutMs: 300 }).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a body whose Content-Length is over the limit', async () => {
    const { url } = await serve((req, res) => res.writeHead(200, { 'Content-Length': '5000' }).end('x'.repeat(5000)));
    const err = await failure(client(url, { maxResponseBytes: 1000 }).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('too-large');
    expect(err.message).toContain('1000 bytes');
  });

  it('stops reading an endless chunked body at the limit and closes the connection', async () => {
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    const { url } = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/xml' });
      const timer = setInterval(() => res.write('y'.repeat(16 * 1024)), 2);
      res.on('close', () => {
        clearInterval(timer);
        closed();
      });
    });
    const err = await failure(client(url, { maxResponseBytes: 1024 * 1024 }).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('too-large');
    expect(err.message).toContain('1 MB');
    await serverSawClose;
  });

  it('accepts a body of exactly the limit, and decodes UTF-8', async () => {
    const text = 'é'.repeat(500); // 1000 bytes
    const { url } = await serve((req, res) => res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text));
    expect((await client(url, { maxResponseBytes: 1000 }).request({ method: 'GET', url: '/' })).text).toBe(text);
  });

  it('gives an empty string for no body', async () => {
    const { url } = await serve((req, res) => res.writeHead(204).end());
    expect(await client(url).request({ method: 'DELETE', url: '/x' })).toMatchObject({ status: 204, text: '' });
  });
});

describe('network errors', () => {
  let certDir: string;
  let tlsOptions: { key: Buffer; cert: Buffer };

  beforeAll(() => {
    certDir = mkdtempSync(join(tmpdir(), 'sharedeck-tls-'));
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
          '/CN=localhost',
          '-keyout',
          join(certDir, 'key.pem'),
          '-out',
          join(certDir, 'cert.pem'),
        ],
        { stdio: 'pipe' },
      );
    } catch (err) {
      throw new Error(
        `The TLS tests need the openssl command to create a self-signed certificate (apt-get install openssl): ${String(err)}`,
        { cause: err },
      );
    }
    tlsOptions = { key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) };
  });
  afterAll(() => {
    rmSync(certDir, { recursive: true, force: true });
  });

  it('maps a closed port to connection-refused', async () => {
    const { url } = await serve(() => undefined);
    const s = servers.pop()!;
    await new Promise((resolve) => s.close(resolve));
    const err = await failure(client(url).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('connection-refused');
    expect(err.message).toContain(new URL(url).host);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('maps a socket destroyed mid-body to connection-lost', async () => {
    const { url } = await serve((req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('x'.repeat(100), () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const err = await failure(client(url).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('connection-lost');
  });

  it('maps a socket destroyed before any answer to connection-lost', async () => {
    const { url } = await serve((req) => req.socket.destroy());
    expect((await failure(client(url).request({ method: 'GET', url: '/' }))).code).toBe('connection-lost');
  });

  it('maps a self-signed certificate to tls', async () => {
    const port = await listen(https.createServer(tlsOptions, (req, res) => res.writeHead(200).end()));
    const err = await failure(client(`https://127.0.0.1:${port}/`).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('tls');
    expect(err.message).toMatch(/self-signed/);
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('maps https spoken to a plain-HTTP port to tls, suggesting http://', async () => {
    const { url, seen } = await serve((req, res) => res.writeHead(200).end());
    const err = await failure(client(url.replace('http:', 'https:')).request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('tls');
    expect(err.code).not.toBe('server');
    expect(err.message).toContain('http://');
    expect(seen).toHaveLength(0);
  });

  it('maps an unknown host to host-not-found', async () => {
    const err = await failure(client('http://no-such-host.sharedeck.invalid/').request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('host-not-found');
    expect(err.message).toContain('no-such-host.sharedeck.invalid');
  });

  it('maps a port that fetch blocks to invalid-input', async () => {
    const err = await failure(client('http://127.0.0.1:6000/').request({ method: 'GET', url: '/' }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toContain('port 6000');
  });

  it('passes an external abort through as the signal reason', async () => {
    const { url } = await serve(() => undefined);
    const ac = new AbortController();
    const p = client(url).request({ method: 'GET', url: '/', signal: ac.signal });
    setTimeout(() => {
      ac.abort(new Error('user cancelled'));
    }, 50);
    await expect(p).rejects.toThrow('user cancelled');
  });
});

describe('URLs, headers and logging', () => {
  it('rejects user info in the base URL or a request URL without echoing it', async () => {
    expect(() => client('http://alice:hunter2@127.0.0.1/')).toThrow(SharedeckError);
    try {
      client('http://alice:hunter2@127.0.0.1/');
    } catch (err) {
      expect((err as SharedeckError).code).toBe('invalid-input');
      expect((err as SharedeckError).message).not.toContain('hunter2');
    }
    const dav = client('http://127.0.0.1:9/');
    const err = await failure(dav.request({ method: 'GET', url: 'http://alice:hunter2@127.0.0.1:9/x' }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).not.toContain('hunter2');
    expect(dav.requestCount).toBe(0);
    expect(() => client('ftp://example.com/')).toThrow(/https:\/\//);
    expect(() => client('not a url')).toThrow(SharedeckError);
  });

  it('resolves relative URLs against the base URL', () => {
    const dav = client('https://dav.example.com/dav/');
    expect(dav.baseUrl).toBe('https://dav.example.com/dav/');
    expect(dav.resolve('calendars/')).toBe('https://dav.example.com/dav/calendars/');
    expect(dav.resolve('/principals/x/')).toBe('https://dav.example.com/principals/x/');
    expect(dav.resolve('https://other.example/a#frag')).toBe('https://other.example/a');
  });

  it('calls onRequest once per exchange with a redacted URL and no headers or bodies', async () => {
    const { url } = await serve((req, res) => {
      if (req.url!.startsWith('/old')) res.writeHead(301, { Location: '/new?token=abc' }).end();
      else res.writeHead(200).end('body');
    });
    const log: Array<Record<string, unknown>> = [];
    const dav = client(url, { userAgent: 'Bench/1', onRequest: (i) => log.push(i) });
    await dav.request({ method: 'propfind', url: '/old?token=abc' });
    expect(log).toHaveLength(dav.requestCount);
    expect(log.map((l) => [l.method, l.url, l.status])).toEqual([
      ['PROPFIND', `${url}/old`, 301],
      ['PROPFIND', `${url}/new`, 200],
    ]);
    for (const l of log) expect(Object.keys(l).sort()).toEqual(['method', 'ms', 'status', 'url']);
    expect(typeof log[0]!.ms).toBe('number');
  });

  it('reads the fetch option at call time (defaults to globalThis.fetch)', async () => {
    const { url } = await serve((req, res) => res.writeHead(200).end());
    const dav = client(url);
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      await dav.request({ method: 'GET', url: '/' });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]![1]).toMatchObject({ redirect: 'manual' });
    } finally {
      spy.mockRestore();
    }
  });

  it('redactUrl drops user info, query and fragment', () => {
    expect(redactUrl('https://u:p@dav.example.com:8443/a/b?x=1#f')).toBe('https://dav.example.com:8443/a/b');
    expect(redactUrl('//u:p@host/x?y')).toBe('//host/x');
  });

  it('davTokens joins several DAV header lines (Cyrus)', async () => {
    const { url } = await serve((req, res) => {
      res.setHeader('DAV', [
        '1, 2, 3, access-control, extended-mkcol, resource-sharing',
        'calendarserver-sharing, inbox-availability',
        ' Calendar-Access ,, 1',
      ]);
      res.writeHead(200).end();
    });
    const res = await client(url).request({ method: 'OPTIONS', url: '/dav/' });
    expect(davTokens(res.headers)).toEqual([
      '1',
      '2',
      '3',
      'access-control',
      'extended-mkcol',
      'resource-sharing',
      'calendarserver-sharing',
      'inbox-availability',
      'calendar-access',
    ]);
    expect(davTokens(new Headers())).toEqual([]);
  });
});

describe('errorForStatus', () => {
  const page = (title: string, p = '') =>
    `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>x</h1><p>${p}</p></body></html>`;
  const at = 'https://dav.example.com/dav/calendars/user/alice/work/';

  it('maps 403 to forbidden with a sanitised excerpt', () => {
    const err = errorForStatus(
      { status: 403, url: at, text: page('403 <b>Forbidden</b> &amp; &lt;script&gt;alert(1)&lt;/script&gt;\n\tfor you') },
      'the calendar “Work”',
    );
    expect(err.code).toBe('forbidden');
    expect(err.status).toBe(403);
    expect(err.message).toContain('the calendar “Work”');
    expect(err.message).toContain('403 Forbidden & scriptalert(1)/script for you');
    expect(err.message).not.toMatch(/[<>\n\t]/);
  });

  it('maps 404 and 410 to not-found, using the first <p> when there is no title', () => {
    const err = errorForStatus(
      { status: 404, url: at, text: '<html><body><p>The requested\n URL was <em>not</em> found.</p><p>second</p></body></html>' },
      'the calendar “Work”',
    );
    expect(err.code).toBe('not-found');
    expect(err.message).toMatch(/^The calendar “Work” was not found/);
    expect(err.message).toContain('“The requested URL was not found.”');
    expect(err.message).not.toContain('second');
    expect(errorForStatus({ status: 410, url: at, text: '' }, 'it').code).toBe('not-found');
  });

  it('maps 405 and 501 to unsupported naming the thing', () => {
    for (const status of [405, 501]) {
      const err = errorForStatus({ status, url: at, text: page('Method Not Allowed') }, 'the address book “Team”');
      expect(err.code).toBe('unsupported');
      expect(err.message).toContain('does not allow that on the address book “Team”');
    }
  });

  it('maps 500 to server with the status and a truncated excerpt', () => {
    const err = errorForStatus({ status: 500, url: at, text: page('E'.repeat(300)) }, 'the calendar “Work”');
    expect(err.code).toBe('server');
    expect(err.status).toBe(500);
    expect(err.message).toContain('HTTP 500');
    expect(err.message).toContain('dav.example.com');
    expect(err.message).toContain('…');
    expect(err.message.length).toBeLessThan(260);
  });

  it('maps refusals, format errors, 413 and 401', () => {
    for (const status of [400, 409, 412, 422]) {
      const err = errorForStatus(
        { status, url: at, text: '<?xml version="1.0"?><error xmlns="DAV:"><need-privileges/></error>' },
        'the calendar “Work”',
      );
      expect(err.code).toBe('server');
      expect(err.message).toContain('refused');
      expect(err.message).not.toContain('need-privileges');
    }
    expect(errorForStatus({ status: 415, url: at, text: '' }, 'x').code).toBe('server');
    expect(errorForStatus({ status: 406, url: at, text: '' }, 'x').message).toContain('406');
    expect(errorForStatus({ status: 413, url: at, text: '' }, 'x')).toMatchObject({ code: 'server', status: 413 });
    expect(errorForStatus({ status: 401, url: at, text: '' }, 'x')).toMatchObject({ code: 'auth', status: 401 });
  });
});

describe('asFetch', () => {
  it("honours redirect: 'manual' and returns a real Response with body and headers", async () => {
    const { url, seen } = await serveBasic((req, res) =>
      res.writeHead(301, { Location: '/dav/calendars/', 'Content-Type': 'text/plain' }).end('moved'),
    );
    const f = client(url).asFetch();
    const res = await f(`${url}/.well-known/caldav`, { method: 'PROPFIND', redirect: 'manual' });
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/dav/calendars/');
    expect(await res.text()).toBe('moved');
    expect(seen.map((s) => s.headers.authorization)).toEqual([undefined, BASIC]);
  });

  it('follows same-origin redirects by default and reports url and redirected', async () => {
    const { url, seen } = await serve((req, res) => {
      if (req.url === '/old') res.writeHead(308, { Location: '/new' }).end();
      else res.writeHead(207, { 'Content-Type': 'application/xml' }).end('<multistatus xmlns="DAV:"/>');
    });
    const f = client(url).asFetch();
    const res = await f(new URL('/old', url), {
      method: 'PROPFIND',
      headers: new Headers({ Depth: '0', 'Content-Type': 'application/xml' }),
      body: new TextEncoder().encode('<propfind/>'),
    });
    expect(res.status).toBe(207);
    expect(res.ok).toBe(true);
    expect(res.url).toBe(`${url}/new`);
    expect(res.redirected).toBe(true);
    expect(await res.text()).toBe('<multistatus xmlns="DAV:"/>');
    expect(seen[1]).toMatchObject({ method: 'PROPFIND', url: '/new', body: '<propfind/>' });
    expect(seen[1]!.headers.depth).toBe('0');
  });

  it('accepts a Request object and a relative URL', async () => {
    const { url, seen } = await serve((req, res) => res.writeHead(200).end(req.url));
    const dav = client(`${url}/dav/`);
    const f = dav.asFetch();
    expect(await (await f(new Request(`${url}/a`, { method: 'POST', body: 'x', headers: { 'Content-Type': 'text/plain' } }))).text()).toBe(
      '/a',
    );
    expect(seen[0]).toMatchObject({ method: 'POST', body: 'x' });
    expect(await (await f('calendars/')).text()).toBe('/dav/calendars/');
    const head = await f('x', { method: 'HEAD' });
    expect(head.body).toBeNull();
  });

  it('rejects with typed errors', async () => {
    const { url } = await serve(() => undefined);
    const err = await failure(client(url, { timeoutMs: 200 }).asFetch()(`${url}/`));
    expect(err.code).toBe('timeout');
  });

  it('works as the fetch option of tsdav (Digest server)', async () => {
    const server = await digestServer({
      algorithm: 'SHA-256',
      ok: (req, res) =>
        res
          .writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8' })
          .end(
            `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>${req.url}</d:href><d:propstat><d:prop><d:displayname>Work</d:displayname></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`,
          ),
    });
    const dav = client(server.url);
    const result = await propfind({
      url: `${server.url}/dav/calendars/user/alice/work/`,
      props: { 'd:displayname': {} },
      depth: '0',
      fetch: dav.asFetch(),
    });
    expect(result[0]?.ok).toBe(true);
    expect(result[0]?.props?.displayname).toBe('Work');
    expect(server.auths.at(-1)).toMatchObject({ algorithm: 'SHA-256', uri: '/dav/calendars/user/alice/work/' });
  });
});
