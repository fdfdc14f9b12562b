// DavHttp's sign-in against real local servers: no credentials before the origin asks, Basic and
// Digest (RFC 7616, verified by the server), stale and forgotten nonces, wrong passwords, and
// servers that take Digest only.

import { propfind } from 'tsdav';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BASIC,
  client,
  closeServers,
  digestServer,
  expectNoSecret,
  failure,
  PASSWORD,
  portOf,
  serve,
  serveBasic,
  via127,
} from '../support/local-http';

afterEach(closeServers);

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
