// Browser mode's transport (electron/web/: server.ts with its request checks, static files and
// event stream; main.ts for where accounts live) against a real server on 127.0.0.1:0, over the
// real dispatcher and validation with a recording implementation behind them
// (test/support/fake-engine.ts): the engine has its own tests, these check what reaches it and
// what does not. Requests go through node:http so that Host and Origin can be anything.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../shared/api';
import { SharedeckError } from '../../shared/errors';
import { configDir } from '../../electron/web/main';
import { startWebServer, type WebServer } from '../../electron/web/server';
import { fakeEngine, type FakeEngine } from '../support/fake-engine';
import { CONTENT_SECURITY_POLICY } from '../../electron/service/renderer-content';

// ---- client -----------------------------------------------------------------------------------

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body in chunks without a Content-Length. */
  chunked?: boolean;
}

function request(port: number, path: string, options: RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        agent: false,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) {
      if (options.chunked) {
        const body = Buffer.from(options.body);
        for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      } else {
        req.setHeader('Content-Length', Buffer.byteLength(options.body));
        req.write(options.body);
      }
    }
    req.end();
  });
}

/** Opens the stream; resolves once the headers are in. */
function openEvents(
  p: number,
  token: string,
): Promise<{ res: http.IncomingMessage; received: () => string; close: () => void; next: (pattern: string) => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port: p, path: '/api/events', agent: false, headers: { Host: `127.0.0.1:${p}`, 'X-Sharedeck-Token': token } },
      (res) => {
        let text = '';
        const waiters: { pattern: string; done: () => void }[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          for (const w of waiters.splice(0)) {
            if (text.includes(w.pattern)) w.done();
            else waiters.push(w);
          }
        });
        res.on('error', () => undefined);
        resolve({
          res,
          received: () => text,
          close: () => req.destroy(),
          next: (pattern) =>
            new Promise<void>((done) => {
              if (text.includes(pattern)) done();
              else waiters.push({ pattern, done });
            }),
        });
      },
    );
    req.on('error', reject);
  });
}

let fake: FakeEngine;
let server: WebServer;
let port: number;
let root: string;
let rendererDir: string;

const SECRET_MARKER = 'TOP-SECRET-OUTSIDE-RENDERER';
const PASSWORD = 'pa55-W0rd-s3cret';

function call(method: string, args: unknown[], headers: Record<string, string> = {}): Promise<Answer> {
  return request(port, `/api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Sharedeck-Token': server.token, ...headers },
    body: JSON.stringify({ args }),
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sharedeck-web-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>Sharedeck</title><script type="module" src="./assets/app.js"></script>',
  );
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(rendererDir, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(rendererDir, 'data.bin'), 'xx');
  writeFileSync(join(rendererDir, '.env'), SECRET_MARKER);
  writeFileSync(join(root, 'package.json'), SECRET_MARKER);
  symlinkSync(join(root, 'package.json'), join(rendererDir, 'assets', 'link.js'));
  fake = fakeEngine();
  server = await startWebServer({ engine: fake.engine, rendererDir });
  port = server.port;
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

afterEach(() => {
  fake.calls.length = 0;
  fake.answers = {};
  vi.restoreAllMocks();
});

// ---- tests ------------------------------------------------------------------------------------

describe('startup', () => {
  it('listens on 127.0.0.1 and gives the URL with a fresh token in the fragment', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/#token=${server.token}`);
    expect(server.origin).toBe(`http://127.0.0.1:${port}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startWebServer({ engine: fakeEngine().engine, rendererDir });
    try {
      expect(other.token).not.toBe(server.token);
      expect(other.port).not.toBe(port);
    } finally {
      await other.close();
    }
  });

  it.each(['0.0.0.0', 'localhost', '::', '::1', '192.168.1.10'])('refuses to listen on %s', async (host) => {
    await expect(startWebServer({ engine: fakeEngine().engine, rendererDir, host })).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('accepts host 127.0.0.1 given explicitly', async () => {
    const s = await startWebServer({ engine: fakeEngine().engine, rendererDir, host: '127.0.0.1' });
    await s.close();
  });

  it('keeps accounts in SHAREDECK_CONFIG_DIR, else XDG_CONFIG_HOME/sharedeck, else ~/.config/sharedeck', () => {
    expect(configDir({ SHAREDECK_CONFIG_DIR: '/x/y' })).toBe('/x/y');
    expect(configDir({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/sharedeck');
    expect(configDir({ XDG_CONFIG_HOME: 'relative' })).toMatch(/\/\.config\/sharedeck$/);
    expect(configDir({})).toMatch(/\/\.config\/sharedeck$/);
  });
});

describe('token', () => {
  it('answers a call with the right token', async () => {
    fake.answers.listAccounts = () => [{ id: 'a1' }];
    const res = await call('listAccounts', []);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json).toEqual({ ok: true, value: [{ id: 'a1' }] });
    expect(fake.calls).toEqual([{ method: 'listAccounts', args: [] }]);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['wrong', 'not-the-token'],
    ['wrong, same length', 'A'.repeat(43)],
    ['the token with a suffix', 'TOKEN+x'],
  ])('refuses a call with a %s token (401)', async (_name, given) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (given !== undefined) headers['X-Sharedeck-Token'] = given.replace('TOKEN', server.token);
    const res = await request(port, '/api/call/listAccounts', { method: 'POST', headers, body: '{"args":[]}' });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'old-session' } });
    expect((res.json as { error: { message: string } }).error.message).toMatch(/earlier run .* printed/);
    expect(fake.calls).toEqual([]);
  });

  it('does not take the token from the query string or a cookie', async () => {
    const res = await request(port, `/api/call/listAccounts?token=${server.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: `token=${server.token}` },
      body: '{"args":[]}',
    });
    expect(res.status).toBe(401);
    expect(fake.calls).toEqual([]);
  });

  it('checks the token before saying whether a method exists', async () => {
    const res = await request(port, '/api/call/noSuchMethod', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"args":[]}',
    });
    expect(res.status).toBe(401);
  });
});

describe('Host and Origin (DNS rebinding, cross-site requests)', () => {
  const spoofed = () => [
    `evil.example:${port}`,
    'evil.example',
    `127.0.0.1:${port + 1}`,
    `localhost:${port + 1}`,
    '127.0.0.1',
    `0.0.0.0:${port}`,
    `[::1]:${port}`,
    `127.0.0.1:${port}.evil.example`,
  ];

  it('refuses API calls addressed to another host or port (403)', async () => {
    for (const host of spoofed()) {
      const res = await call('listAccounts', [], { Host: host });
      expect(res.status, host).toBe(403);
      expect(res.json, host).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(fake.calls).toEqual([]);
  });

  it('refuses static files and the event stream addressed to another host (403)', async () => {
    for (const host of spoofed()) {
      for (const path of ['/', '/index.html', '/assets/app.js']) {
        const res = await request(port, path, { headers: { Host: host } });
        expect(res.status, `${host} ${path}`).toBe(403);
        expect(res.text).not.toContain('Sharedeck</title>');
      }
      const events = await request(port, '/api/events', { headers: { Host: host, 'X-Sharedeck-Token': server.token } });
      expect(events.status).toBe(403);
    }
  });

  it('accepts 127.0.0.1:PORT and localhost:PORT, in any letter case', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`]) {
      expect((await call('listAccounts', [], { Host: host })).status, host).toBe(200);
      expect((await request(port, '/', { headers: { Host: host } })).status, host).toBe(200);
    }
  });

  it('refuses a request without a Host header', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/', agent: false, setHost: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect([400, 403]).toContain(status);
  });

  it('refuses API calls from a foreign Origin (403)', async () => {
    for (const origin of [
      'http://evil.example',
      'null',
      '',
      `http://127.0.0.1:${port + 1}`,
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port}.evil.example`,
    ]) {
      const res = await call('listAccounts', [], { Origin: origin });
      expect(res.status, origin).toBe(403);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const events = await request(port, '/api/events', { headers: { Origin: origin, 'X-Sharedeck-Token': server.token } });
      expect(events.status, origin).toBe(403);
    }
    expect(fake.calls).toEqual([]);
  });

  it('accepts its own origin, under either name', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect((await call('listAccounts', [], { Origin: origin })).status, origin).toBe(200);
    }
  });
});

describe('verbs and routes', () => {
  it('takes calls by POST only (405 with Allow: POST)', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await request(port, '/api/call/listAccounts', { method, headers: { 'X-Sharedeck-Token': server.token } });
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('POST');
    }
    expect(fake.calls).toEqual([]);
  });

  it('serves events by GET only (405 with Allow: GET)', async () => {
    const res = await request(port, '/api/events', {
      method: 'POST',
      headers: { 'X-Sharedeck-Token': server.token, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET');
  });

  it('serves static files by GET (and HEAD) only', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const res = await request(port, '/', { method });
      expect(res.status, method).toBe(405);
    }
    const head = await request(port, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('answers unknown methods with 404', async () => {
    for (const method of [
      'noSuchMethod',
      'onEvent',
      'pollInvitations',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'listAccounts%00',
      'listAccounts/x',
      '',
    ]) {
      const res = await call(method, []);
      expect(res.status, method).toBe(404);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    expect(fake.calls).toEqual([]);
    expect(fake.polls).toBe(0);
  });

  it('answers unknown API routes with 404', async () => {
    for (const path of ['/api', '/api/', '/api/calls/listAccounts', '/api/event']) {
      const res = await request(port, path, { headers: { 'X-Sharedeck-Token': server.token } });
      expect(res.status, path).toBe(404);
    }
  });
});

describe('payloads', () => {
  const post = (body: string | Buffer, contentType = 'application/json', extra: Partial<RequestOptions> = {}) =>
    request(port, '/api/call/listCollections', {
      method: 'POST',
      headers: { 'Content-Type': contentType, 'X-Sharedeck-Token': server.token },
      body,
      ...extra,
    });

  it('takes JSON only (415 otherwise)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '']) {
      const res = await post('{"args":["a1"]}', type);
      expect(res.status, type).toBe(415);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(fake.calls).toEqual([]);
    expect((await post('{"args":["a1"]}', 'application/json; charset=utf-8')).status).toBe(200);
  });

  it('refuses bodies over 1 MB (413), declared or chunked', async () => {
    const big = JSON.stringify({ args: ['a1'], pad: 'x'.repeat(1024 * 1024) });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const chunked = await post(big, 'application/json', { chunked: true });
    expect(chunked.status).toBe(413);
    expect(fake.calls).toEqual([]);
    // and the server still answers afterwards
    expect((await post('{"args":["a1"]}')).status).toBe(200);
  });

  it('refuses bodies that are not a JSON object with an args list (400)', async () => {
    for (const body of ['', '{', 'null', '[]', '"x"', '{"args":"a1"}', '{"args":{"0":"a1"}}', '{}']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.json).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    const notUtf8 = await post(Buffer.from([0x7b, 0x22, 0x61, 0x72, 0x67, 0x73, 0x22, 0x3a, 0x5b, 0x22, 0xff, 0x22, 0x5d, 0x7d]));
    expect(notUtf8.status).toBe(400);
    expect(fake.calls).toEqual([]);
  });

  it.each<[string, string, unknown[], RegExp]>([
    ['an owner access level', 'setAccess', ['a1', 'https://dav.example/cal/', 'mailto:bob@example.com', 'shared-owner'], /setAccess/],
    ['an extra property', 'addAccount', [{ serverUrl: 'dav.example', username: 'alice', password: 'pw', admin: true }], /addAccount/],
    [
      'a password that is too long',
      'addAccount',
      [{ serverUrl: 'dav.example', username: 'alice', password: 'p'.repeat(1025) }],
      /^The password is too long \(at most 1,024 characters\)\.$/,
    ],
    ['a missing argument', 'getCollection', ['a1'], /getCollection/],
    ['an extra argument', 'listCollections', ['a1', 'more'], /listCollections/],
    ['a wrong type', 'listCollections', [42], /listCollections/],
    ['an unknown dialect', 'revoke', ['a1', 'https://dav.example/cal/', ['mailto:bob@example.com'], 'xml'], /revoke/],
    [
      'an extra sharee property',
      'share',
      ['a1', 'https://dav.example/cal/', { sharees: [{ address: 'mailto:b@x', access: 'read', owner: true }] }],
      /share/,
    ],
  ])('refuses %s (400) without calling the service', async (_name, method, args, message) => {
    const res = await call(method, args);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((res.json as { error: { message: string } }).error.message).toMatch(message);
    expect(fake.calls).toEqual([]);
  });

  it('passes valid arguments through unchanged', async () => {
    const request = { sharees: [{ address: 'mailto:bob@example.com', access: 'read-write', name: 'Bob' }], comment: 'hi', dialect: 'cs' };
    await call('share', ['a1', 'https://dav.example/cal/', request]);
    await call('setAccess', ['a1', 'https://dav.example/cal/', 'mailto:bob@example.com', 'read']);
    await call('acceptInvitation', ['a1', 'https://dav.example/n/1.xml', { comment: 'thanks' }]);
    expect(fake.calls).toEqual([
      { method: 'share', args: ['a1', 'https://dav.example/cal/', request] },
      { method: 'setAccess', args: ['a1', 'https://dav.example/cal/', 'mailto:bob@example.com', 'read'] },
      { method: 'acceptInvitation', args: ['a1', 'https://dav.example/n/1.xml', { comment: 'thanks' }] },
    ]);
  });

  it('reads trailing nulls as left-out optional arguments (JSON’s spelling of undefined), and refuses other nulls', async () => {
    const res = await call('setAccess', ['a1', 'https://dav.example/cal/', 'mailto:bob@example.com', 'read', null]);
    expect(res.status).toBe(200);
    await call('acceptInvitation', ['a1', 'https://dav.example/n/1.xml', null]);
    expect(fake.calls).toEqual([
      { method: 'setAccess', args: ['a1', 'https://dav.example/cal/', 'mailto:bob@example.com', 'read'] },
      { method: 'acceptInvitation', args: ['a1', 'https://dav.example/n/1.xml'] },
    ]);
    fake.calls.length = 0;
    for (const args of [
      ['a1', null, 'mailto:bob@example.com', 'read'],
      ['a1', 'https://dav.example/cal/', null, 'read', null],
    ]) {
      expect((await call('setAccess', args)).status).toBe(400);
    }
    expect((await call('getCollection', ['a1', null])).status).toBe(400);
    expect(fake.calls).toEqual([]);
  });

  it('answers a method that returns nothing with ok:true and no value', async () => {
    fake.answers.removeAccount = () => undefined;
    const res = await call('removeAccount', ['a1']);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true });
  });
});

describe('errors from the service', () => {
  it('sends a SharedeckError as ok:false with its code, message and status', async () => {
    fake.answers.listCollections = () => {
      throw new SharedeckError('auth', 'The server did not accept this password.', { status: 401 });
    };
    const res = await call('listCollections', ['a1']);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: false, error: { code: 'auth', message: 'The server did not accept this password.', status: 401 } });
  });

  it('sends the origin of an untrusted-origin error along', async () => {
    fake.answers.listCollections = () => {
      throw new SharedeckError('untrusted-origin', 'Not this server.', { origin: 'https://p42.example.net' });
    };
    const res = await call('listCollections', ['a1']);
    expect(res.json).toEqual({
      ok: false,
      error: { code: 'untrusted-origin', message: 'Not this server.', origin: 'https://p42.example.net' },
    });
  });

  it('sends any other error as 500 with a generic message, and logs it without the arguments', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.answers.addAccount = () => {
      // an error whose message quotes an argument, as JSON.parse and friends do
      throw new TypeError(`cannot use "${PASSWORD}" for alice-the-user`);
    };
    const res = await call('addAccount', [{ serverUrl: 'dav.secret-host.example', username: 'alice-the-user', password: PASSWORD }]);
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ ok: false, error: { code: 'server', message: expect.stringMatching(/unexpected problem/) as unknown } });
    expect(res.text).not.toContain(PASSWORD);
    const text = logged.mock.calls.flat().map(String).join('\n');
    expect(text).toContain('addAccount');
    expect(text).toContain('TypeError');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('alice-the-user');
    expect(text).not.toContain('dav.secret-host.example');
  });

  it('logs even a short password nowhere', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.answers.updateAccount = () => {
      throw new Error('bad value: q7');
    };
    const res = await call('updateAccount', ['a1', { password: 'q7' }]);
    expect(res.status).toBe(500);
    expect(logged.mock.calls.flat().map(String).join('\n')).not.toContain('q7');
  });

  it('sends a thrown non-Error as 500 and does not log its value', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fake.answers.listAccounts = () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw 'a-thrown-string-value';
    };
    const res = await call('listAccounts', []);
    expect(res.status).toBe(500);
    expect(logged.mock.calls.flat().map(String).join('\n')).not.toContain('a-thrown-string-value');
  });
});

describe('cancelling', () => {
  /** The next call of `method` blocks until its signal aborts, then fails with the signal's reason. */
  function blockUntilAborted(method: 'addAccount' | 'listCollections'): Promise<AbortSignal> {
    return new Promise((started) => {
      fake.answers[method] = () => {
        const signal = fake.signals.at(-1)!;
        started(signal);
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            reject(signal.reason as Error);
          });
        });
      };
    });
  }

  it('POST /api/cancel/<id> aborts the call with that id, which answers cancelled', async () => {
    const running = blockUntilAborted('addAccount');
    const answer = call('addAccount', [{ serverUrl: 'dav.example', username: 'alice', password: PASSWORD }], {
      'X-Sharedeck-Call-Id': 'tab1-7',
    });
    const signal = await running;
    const other = await request(port, '/api/cancel/tab1-8', { method: 'POST', headers: { 'X-Sharedeck-Token': server.token } });
    expect(other.status).toBe(204);
    expect(signal.aborted).toBe(false);
    const cancel = await request(port, '/api/cancel/tab1-7', { method: 'POST', headers: { 'X-Sharedeck-Token': server.token } });
    expect(cancel.status).toBe(204);
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(signal.aborted).toBe(true);
  });

  it('a cancel needs the token, POST and this site', async () => {
    const running = blockUntilAborted('listCollections');
    const answer = call('listCollections', ['a1'], { 'X-Sharedeck-Call-Id': 'c9' });
    const signal = await running;
    expect((await request(port, '/api/cancel/c9', { method: 'POST' })).status).toBe(401);
    expect((await request(port, '/api/cancel/c9', { method: 'GET', headers: { 'X-Sharedeck-Token': server.token } })).status).toBe(405);
    expect(
      (
        await request(port, '/api/cancel/c9', {
          method: 'POST',
          headers: { 'X-Sharedeck-Token': server.token, Origin: 'http://evil.example' },
        })
      ).status,
    ).toBe(403);
    expect(signal.aborted).toBe(false);
    await request(port, '/api/cancel/c9', { method: 'POST', headers: { 'X-Sharedeck-Token': server.token } });
    expect((await answer).json).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('a client that goes away before the answer cancels its call', async () => {
    const running = blockUntilAborted('listCollections');
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: '/api/call/listCollections',
      method: 'POST',
      agent: false,
      headers: { Host: `127.0.0.1:${port}`, 'Content-Type': 'application/json', 'X-Sharedeck-Token': server.token },
    });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ args: ['a1'] }));
    const signal = await running;
    expect(signal.aborted).toBe(false);
    req.destroy();
    await vi.waitFor(() => {
      expect(signal.aborted).toBe(true);
    });
  });

  it('refuses a malformed call id, and a second call with the id of one in flight (400)', async () => {
    for (const id of ['', 'a b', 'x'.repeat(65), 'ä']) {
      const res = await call('listAccounts', [], { 'X-Sharedeck-Call-Id': id });
      expect(res.status, id).toBe(400);
    }
    const running = blockUntilAborted('listCollections');
    const first = call('listCollections', ['a1'], { 'X-Sharedeck-Call-Id': 'same' });
    await running;
    const second = await call('listAccounts', [], { 'X-Sharedeck-Call-Id': 'same' });
    expect(second.status).toBe(400);
    await request(port, '/api/cancel/same', { method: 'POST', headers: { 'X-Sharedeck-Token': server.token } });
    await first;
    expect((await call('listAccounts', [], { 'X-Sharedeck-Call-Id': 'same' })).status).toBe(200);
    expect(fake.calls.map((c) => c.method)).toEqual(['listCollections', 'listAccounts']);
  });
});

describe('static files', () => {
  it('serves index.html for / with the strict CSP and security headers, never cached', async () => {
    for (const path of ['/', '/index.html', '/?x=1']) {
      const res = await request(port, path);
      expect(res.status, path).toBe(200);
      expect(res.text).toContain('<title>Sharedeck</title>');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    }
  });

  it('uses the same policy as renderer/index.html’s meta tag', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves assets with their content type and the security headers', async () => {
    const types: Record<string, string> = {
      '/assets/app.js': 'text/javascript; charset=utf-8',
      '/assets/app.css': 'text/css; charset=utf-8',
      '/icon.svg': 'image/svg+xml',
      '/data.bin': 'application/octet-stream',
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await request(port, path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toBe(type);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    }
    expect((await request(port, '/assets/app.js')).text).toBe('console.log("app");');
  });

  it('answers a missing file with 404', async () => {
    for (const path of ['/nope.js', '/assets/', '/assets', '/assets/nope.css']) {
      expect((await request(port, path)).status, path).toBe(404);
    }
  });

  it('never serves a file outside the renderer folder, a dot file, or through a symlink out', async () => {
    const paths = [
      '/../package.json',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/package.json',
      '/%2e%2e%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%2fpackage.json',
      '/..%5cpackage.json',
      '/assets/..\\..\\package.json',
      '/%252e%252e/package.json',
      '/%c0%ae%c0%ae/package.json',
      '/%00/../package.json',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/.env',
      '/%2eenv',
      '/assets/link.js',
      `/${root}/package.json`,
      '//etc/passwd',
    ];
    for (const path of paths) {
      const res = await request(port, path);
      expect([400, 403, 404], path).toContain(res.status);
      expect(res.text, path).not.toContain(SECRET_MARKER);
      expect(res.text, path).not.toContain('root:');
    }
  });

  it('says how to build the interface when the renderer folder has no index.html', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sharedeck-web-empty-'));
    const s = await startWebServer({ engine: fakeEngine().engine, rendererDir: join(empty, 'missing') });
    try {
      const res = await request(s.port, '/');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.text).toContain('npm run web');
      expect((await request(s.port, '/assets/app.js')).status).toBe(404);
    } finally {
      await s.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('events', () => {
  it('needs the token', async () => {
    const res = await request(port, '/api/events');
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ ok: false, error: { code: 'old-session' } });
    expect(fake.subscribers).toBe(0);
  });

  it('streams each service event as a data frame, and unsubscribes when the client goes', async () => {
    const stream = await openEvents(port, server.token);
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.res.headers['cache-control']).toBe('no-store');
    await stream.next(': connected');
    expect(fake.subscribers).toBe(1);
    const event: AppEvent = { type: 'discovery-step', progressId: 'p1', step: 'principal' };
    fake.emit(event);
    await stream.next('"progressId":"p1"');
    expect(stream.received()).toContain(`data: ${JSON.stringify(event)}\n\n`);
    const invitations: AppEvent = { type: 'invitations', accountId: 'a1', invitations: [], skipped: [] };
    fake.emit(invitations);
    await stream.next('"invitations"');
    expect(stream.received()).toContain(`data: ${JSON.stringify(invitations)}\n\n`);
    stream.close();
    await vi.waitFor(() => {
      expect(fake.subscribers).toBe(0);
    });
  });

  it('sends heartbeat comments', async () => {
    const f = fakeEngine();
    const s = await startWebServer({ engine: f.engine, rendererDir, heartbeatMs: 20 });
    try {
      const stream = await openEvents(s.port, s.token);
      await stream.next(': heartbeat\n\n');
      stream.close();
    } finally {
      await s.close();
    }
  });
});

describe('polling and closing', () => {
  it('polls the inboxes on its interval until closed', async () => {
    const f = fakeEngine();
    const s = await startWebServer({ engine: f.engine, rendererDir, pollIntervalMs: 10 });
    await vi.waitFor(() => {
      expect(f.polls).toBeGreaterThanOrEqual(2);
    });
    await s.close();
    const after = f.polls;
    await new Promise((r) => setTimeout(r, 50));
    expect(f.polls).toBe(after);
  });

  it('polls every 5 minutes by default', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const f = fakeEngine();
      const s = await startWebServer({ engine: f.engine, rendererDir });
      vi.advanceTimersByTime(5 * 60_000 - 1);
      expect(f.polls).toBe(0);
      vi.advanceTimersByTime(1);
      expect(f.polls).toBe(1);
      await s.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it('close() ends event streams, closes every socket and timer, and leaves nothing open', async () => {
    const count = () => {
      const counts: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
      return counts;
    };
    const before = count();
    const f = fakeEngine();
    const s = await startWebServer({ engine: f.engine, rendererDir, heartbeatMs: 1000 });
    const stream = await openEvents(s.port, s.token);
    await stream.next(': connected');
    // a keep-alive connection left idle
    const keepAlive = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: s.port, path: '/', agent: keepAlive }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
        .on('error', reject);
    });
    const ended = new Promise<void>((resolve) => stream.res.on('close', resolve));
    await s.close();
    await ended;
    keepAlive.destroy();
    expect(f.subscribers).toBe(0);
    await expect(request(s.port, '/')).rejects.toThrow(/ECONNREFUSED/);
    await new Promise((r) => setTimeout(r, 20)); // sockets finish closing on the next turns
    const after = count();
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout']) expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0);
    // closing twice is harmless
    await s.close();
  });
});
