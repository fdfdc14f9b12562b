// A broken server: a small node:http server started here answers Sharedeck's discovery properly
// (well-known redirect, current-user-principal, the principal's homes, OPTIONS on the homes) and
// then breaks the command's own request in one way per test. The command line must end with the
// right exit code and a sentence, quickly, without unhandled rejections.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectError, runSharedeck } from './cli-helpers';

/** The requests Sharedeck sends, in order, before and during `ls`. */
type Step = 'well-known' | 'current-user-principal' | 'principal' | 'options' | 'command';
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const PASSWORD = 'fake-server-pw-91';
const MS = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:A="urn:ietf:params:xml:ns:carddav">${body}</D:multistatus>`;
const OK = '<D:status>HTTP/1.1 200 OK</D:status>';

function stepOf(req: IncomingMessage): Step {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path.startsWith('/.well-known/')) return 'well-known';
  if (req.method === 'OPTIONS') return 'options';
  if (req.method === 'PROPFIND' && path === '/dav/') return 'current-user-principal';
  if (req.method === 'PROPFIND' && path === '/dav/principals/user/alice/') return 'principal';
  return 'command';
}

/** Valid answers for every discovery step. */
const VALID: Record<Exclude<Step, 'command'>, Handler> = {
  'well-known': (_req, res) => {
    res.writeHead(301, { Location: '/dav/' }).end();
  },
  'current-user-principal': (_req, res) => {
    res.writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8' });
    res.end(
      MS(
        `<D:response><D:href>/dav/</D:href><D:propstat><D:prop><D:current-user-principal><D:href>/dav/principals/user/alice/</D:href></D:current-user-principal></D:prop>${OK}</D:propstat></D:response>`,
      ),
    );
  },
  principal: (_req, res) => {
    res.writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8' });
    res.end(
      MS(
        '<D:response><D:href>/dav/principals/user/alice/</D:href><D:propstat><D:prop>' +
          '<D:displayname>Alice</D:displayname>' +
          '<C:calendar-home-set><D:href>/dav/calendars/user/alice/</D:href></C:calendar-home-set>' +
          '<A:addressbook-home-set><D:href>/dav/addressbooks/user/alice/</D:href></A:addressbook-home-set>' +
          `</D:prop>${OK}</D:propstat></D:response>`,
      ),
    );
  },
  options: (_req, res) => {
    res
      .writeHead(200, {
        DAV: '1, 3, access-control, calendar-access, addressbook, resource-sharing',
        Allow: 'OPTIONS, GET, PROPFIND, POST',
      })
      .end();
  },
};

interface FakeServer {
  url: string;
  /** Steps in the order the server saw them, with the right credentials. */
  seen: Step[];
  /** Requests answered 401 because they carried no (or wrong) credentials. */
  challenged: number;
  close(): Promise<void>;
}

/** Serves valid discovery answers, and `broken` for the command's requests, behind Basic auth. */
async function fakeServer(broken: Handler): Promise<FakeServer> {
  const seen: Step[] = [];
  let challenged = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    res.on('error', () => undefined); // the client may hang up on purpose (too large, timeout)
    req.resume();
    if (req.headers.authorization !== `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`) {
      challenged++;
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="fake"' }).end();
      return;
    }
    const step = stepOf(req);
    seen.push(step);
    req.on('end', () => {
      if (step === 'command') broken(req, res);
      else VALID[step](req, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    seen,
    get challenged() {
      return challenged;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

let server: FakeServer | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  // Give a stray rejection from the finished run a turn to surface before checking.
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled).toEqual([]);
});

async function lsAgainst(broken: Handler, extra: string[] = []) {
  server = await fakeServer(broken);
  const started = performance.now();
  const run = await runSharedeck(['--server', server.url, '--user', 'alice', ...extra, 'ls'], PASSWORD);
  const seconds = (performance.now() - started) / 1000;
  return { run, seconds, seen: server.seen, challenged: server.challenged };
}

/** Discovery ran to its end and the failure came from the command's own request. */
function expectDiscoveryCompleted(seen: Step[]): void {
  expect(seen.slice(0, 2)).toEqual(['well-known', 'current-user-principal']);
  expect(seen).toContain('principal');
  expect(seen.filter((s) => s === 'options')).toHaveLength(2);
  expect(seen).toContain('command');
}

describe('a broken server', () => {
  it('(a) a 207 whose body is not XML: exit 4, the answer is malformed', async () => {
    const { run, seen, challenged } = await lsAgainst((_req, res) => {
      res
        .writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8' })
        .end('<D:multistatus xmlns:D="DAV:"><D:response><D:href>/x</D:hr');
    });
    expectDiscoveryCompleted(seen);
    // Only the first request went out without credentials; the 401 taught Basic for the rest.
    expect(challenged).toBe(1);
    expectError(run, 4, /The server sent an answer that is not valid WebDAV XML \(.+\)\./, [PASSWORD]);
  });

  it('(a) a 207 with XML that is not a multistatus: exit 4, malformed', async () => {
    const { run, seen } = await lsAgainst((_req, res) => {
      res.writeHead(207, { 'Content-Type': 'application/xml' }).end('<?xml version="1.0"?><html><body>hello</body></html>');
    });
    expectDiscoveryCompleted(seen);
    expectError(run, 4, /XML that is not a WebDAV multistatus/, [PASSWORD]);
  });

  it('(b) a 500: exit 4, a server error to try again later', async () => {
    const { run, seen } = await lsAgainst((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' }).end('<html><head><title>Internal Server Error</title></head></html>');
    });
    expectDiscoveryCompleted(seen);
    expectError(run, 4, /ran into an error .*\(HTTP 500\)\. Try again later\./, [PASSWORD]);
  });

  it('(c) never answering: with --timeout 1, exit 4 within a few seconds, saying it timed out', async () => {
    const { run, seconds, seen } = await lsAgainst(() => {
      // Keep the request open: no status, no body.
    }, ['--timeout', '1']);
    expectDiscoveryCompleted(seen);
    expectError(run, 4, /did not answer within 1 second\. Check your connection and try again\./, [PASSWORD]);
    expect(seconds).toBeLessThan(5);
  });

  it('(d) a 207 body over 64 MiB, streamed: exit 4, too large', async () => {
    const chunk = Buffer.from(`<D:response><D:href>/dav/calendars/user/alice/${'x'.repeat(1000)}/</D:href></D:response>\n`.repeat(1000));
    let sent = 0;
    let stopped = false;
    const { run, seen, seconds } = await lsAgainst((_req, res) => {
      res.writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8' }); // chunked: no Content-Length to refuse early
      res.write('<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:">');
      res.on('close', () => (stopped = true));
      const pump = (): void => {
        // Generated lazily, with back-pressure, until the client hangs up (or 256 MiB, as a bound).
        while (!stopped && sent < 256 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!stopped) res.end('</D:multistatus>');
      };
      pump();
    });
    expectDiscoveryCompleted(seen);
    expectError(run, 4, /sent an answer larger than 64 MB, the most Sharedeck accepts\./, [PASSWORD]);
    expect(sent).toBeGreaterThan(64 * 1024 * 1024);
    expect(sent).toBeLessThan(256 * 1024 * 1024);
    expect(seconds).toBeLessThan(30);
  });

  it('(e) not a DAV server at all (HTML 200 everywhere): exit 3, not a CalDAV or CardDAV server', async () => {
    const html = createServer((req, res) => {
      req.resume();
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end('<!doctype html><html><head><title>Welcome</title></head><body><p>My homepage</p></body></html>');
    });
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = html.address() as AddressInfo;
      const run = await runSharedeck(['--server', `http://127.0.0.1:${port}/`, '--user', 'alice', 'ls'], PASSWORD);
      expectError(run, 3, /answered, but did not name a WebDAV account for this user\. Check the address/, [PASSWORD]);
    } finally {
      html.closeAllConnections();
      await new Promise<void>((resolve) =>
        html.close(() => {
          resolve();
        }),
      );
    }
  });

  it('(f) the connection dropped in the middle of the body: exit 4, connection lost', async () => {
    const { run, seen } = await lsAgainst((_req, res) => {
      res.writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': '100000' });
      res.write('<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:"><D:response><D:href>/dav/calendars/user/alice/');
      setImmediate(() => res.socket?.destroy());
    });
    expectDiscoveryCompleted(seen);
    expectError(run, 4, /The connection to 127\.0\.0\.1:\d+ was lost before the server answered\. Try again\./, [PASSWORD]);
  });
});

/** A server that answers every request the same way (or never), counting what it gets. */
async function sameForAll(handler: Handler): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    res.on('error', () => undefined);
    req.resume();
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

describe('a server broken from the first request', () => {
  it('never answering anything: discovery gives up after one timeout, not one per well-known attempt', async () => {
    const silent = await sameForAll(() => {
      // Hold every request open.
    });
    try {
      const started = performance.now();
      const run = await runSharedeck(['--server', silent.url, '--user', 'alice', '--timeout', '1', 'ls'], PASSWORD);
      const seconds = (performance.now() - started) / 1000;
      expectError(run, 4, /did not answer within 1 second/, [PASSWORD]);
      expect(silent.requests()).toBe(1);
      expect(seconds).toBeLessThan(3);
    } finally {
      await silent.close();
    }
  });

  it('answering 500 to everything: exit 4, a server error, not “not a DAV server”', async () => {
    const failing = await sameForAll((_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('boom');
    });
    try {
      const run = await runSharedeck(['--server', failing.url, '--user', 'alice', 'ls'], PASSWORD);
      expectError(run, 4, /ran into an error \(HTTP 500\) while Sharedeck looked for your account\. Try again later\./, [PASSWORD]);
    } finally {
      await failing.close();
    }
  });
});
