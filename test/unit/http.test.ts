// DavHttp, the engine's one request path, against real local servers (node:http / node:https on
// 127.0.0.1, never a stubbed fetch): redirects, the account's origin, one deadline per
// operation, timeouts and size limits, URLs, headers and logging, and the fetch it gives tsdav.
// Sign-in is in http-auth.test.ts, errors in http-errors.test.ts.

import { propfind } from 'tsdav';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../electron/dav/deadline';
import { davTokens, redactUrl } from '../../electron/dav/http';
import { SharedeckError } from '../../shared/errors';
import {
  BASIC,
  client,
  closeServers,
  digestServer,
  expectNoSecret,
  failure,
  portOf,
  serve,
  serveBasic,
  via127,
} from '../support/local-http';

afterEach(closeServers);

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
