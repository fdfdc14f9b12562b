// Real local HTTP servers for DavHttp's tests (node:http on 127.0.0.1, never a stubbed fetch):
// plain, behind Basic, and a Digest server (RFC 7616) that verifies responses itself; the
// client they are asked with, and the checks every error must pass. Where a test needs a
// non-loopback or https origin without a trusted certificate, the client's `fetch` option
// (via127) rewrites the address just before the real global fetch opens the socket.

import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type https from 'node:https';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { DavHttp, type DavHttpOptions } from '../../electron/dav/http';
import { SharedeckError } from '../../shared/errors';

export const USER = 'alice';
export const PASSWORD = 'pa55-W0rd-s3cret';
export const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

export interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const servers: Array<http.Server | https.Server> = [];

export async function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Starts a server whose handler sees each request with its whole body already read. */
export async function serve(
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
export async function serveBasic(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void,
): Promise<{ url: string; seen: Seen[] }> {
  return serve((req, res, seen) => {
    if (req.headers.authorization === BASIC) handler(req, res, seen);
    else res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="dav"' }).end();
  });
}

/** The URL of a port on 127.0.0.1 that nothing listens on any more (a server started there, then closed). */
export async function closedPortUrl(): Promise<string> {
  const { url } = await serve(() => undefined);
  const server = servers.pop()!;
  await new Promise((resolve) => server.close(resolve));
  return url;
}

/** Closes every server these helpers started (each test file runs it after each test). */
export async function closeServers(): Promise<void> {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
}

export function client(baseUrl: string, extra: Partial<DavHttpOptions> = {}): DavHttp {
  return new DavHttp({ baseUrl, credentials: { username: USER, password: PASSWORD }, ...extra });
}

/** A `fetch` that connects to 127.0.0.1:port over plain HTTP whatever the URL says. */
export function via127(port: number): typeof fetch {
  return (input, init) => {
    const u = new URL(input instanceof Request ? input.url : input);
    u.protocol = 'http:';
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return globalThis.fetch(u, init);
  };
}

export async function failure(p: Promise<unknown>): Promise<SharedeckError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SharedeckError);
    return err as SharedeckError;
  }
  throw new Error('expected a rejection');
}

export function expectNoSecret(err: SharedeckError, ...secrets: string[]): void {
  const texts = [err.message, JSON.stringify(err), String(err), err.stack ?? '', JSON.stringify(Object.entries(err))];
  for (const secret of [PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64'), ...secrets]) {
    for (const t of texts) expect(t).not.toContain(secret);
  }
  expect(err.message).not.toMatch(/authorization/i);
}

export const portOf = (url: string): number => Number(new URL(url).port);

// ---------------------------------------------------------------------------------------------
// A Digest server (RFC 7616) that verifies responses itself.

export interface DigestServer {
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

export async function digestServer(opts: {
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
