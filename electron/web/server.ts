// Browser mode: the SharingApi contract over HTTP on 127.0.0.1, for machines without the Electron
// binary (and for development). renderer/http-transport.ts is the client:
//
//   POST /api/call/<method>   header X-Sharedeck-Token, Content-Type application/json, body {"args":[...]},
//                             optional header X-Sharedeck-Call-Id (to cancel it)
//                             → 200 {ok:true,value} | 200 {ok:false,error:ErrorInfo} (the service's own error)
//                             | 400 (arguments the contract refuses) | 404 (no such method)
//                             | 4xx/5xx {ok:false,error:ErrorInfo} (transport refusals, unexpected faults)
//   POST /api/cancel/<id>     header X-Sharedeck-Token → 204; the call with that id answers 'cancelled'
//   GET  /api/events          header X-Sharedeck-Token → text/event-stream of `data: <AppEvent JSON>\n\n`
//   GET  /, /<file>           the built renderer (out/renderer), with the strict CSP as a header
//
// Any web page the user visits can reach 127.0.0.1, so every request is checked: the Host header
// must name this server (DNS rebinding), an Origin, when sent, must be this server's, and every API
// request must carry the per-launch token, which reaches the page only in the URL fragment that
// this process prints. What a call asks is the engine's to judge (its dispatcher and the service's
// validation, the same as for Electron IPC); this server relays calls and answers.
//
// As a command: `tsx electron/web/server.ts [--port N]` (or `npm run web`, which builds the renderer
// first). Accounts live in a JSON file in the user's config folder; passwords only in memory.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ErrorInfo } from '../../shared/errors';
import type { AnswerStatus } from '../service/dispatcher';
import type { Engine } from '../service/engine';
import { startEngine } from '../service/engine-host';
import { MemorySecretStore } from '../service/secret-store';
import { describeError } from '../service/log-redaction';
import { CONTENT_SECURITY_POLICY, contentTypeFor } from '../service/renderer-content';

export interface WebServerOptions {
  engine: Engine;
  /** The built renderer (out/renderer). It may be missing: `/` then says how to build it. */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Only '127.0.0.1' is accepted; anything else (even 0.0.0.0) is refused. */
  host?: string;
  /** Between inbox polls; 5 minutes by default. */
  pollIntervalMs?: number;
  /** Between heartbeat comments on the event stream; 25 s by default. */
  heartbeatMs?: number;
  /** Largest request body accepted; 1 MB by default. */
  maxBodyBytes?: number;
}

export interface WebServer {
  /** The address to open, token included: `http://127.0.0.1:PORT/#token=…`. */
  url: string;
  /** `http://127.0.0.1:PORT`, without the token. */
  origin: string;
  token: string;
  port: number;
  /** Stops the server: ends event streams, closes every socket, stops the poll. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const POLL_INTERVAL_MS = 5 * 60_000;
const HEARTBEAT_MS = 25_000;
const MAX_BODY_BYTES = 1024 * 1024;
const TOKEN_HEADER = 'x-sharedeck-token';
const CALL_ID_HEADER = 'x-sharedeck-call-id';
const CALL_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The HTTP status of each kind of answer. */
const STATUS: Record<AnswerStatus, number> = { ok: 200, error: 200, 'invalid-arguments': 400, 'no-such-method': 404, unexpected: 500 };

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // The desktop window's policy (the same as renderer/index.html's meta tag), plus frame-ancestors,
  // which only a header can carry.
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sharedeck</title></head>
<body>
<h1>Sharedeck’s interface has not been built yet</h1>
<p>Stop this server and start it with <code>npm run web</code>, which builds the interface first
(or run <code>npx vite build</code>), then open the new address it prints.</p>
</body>
</html>
`;

/** Starts browser mode's HTTP server on 127.0.0.1. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { engine } = options;
  if (options.host !== undefined && options.host !== HOST) {
    throw new Error(`Browser mode listens on ${HOST} only; refusing host ${JSON.stringify(options.host)}.`);
  }
  const requestedPort = options.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new Error(`Not a port number: ${String(requestedPort)}.`);
  }
  const rendererDir = resolve(options.rendererDir);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;

  const token = randomBytes(32).toString('base64url');
  const tokenDigest = digest(token);
  const streams = new Set<ServerResponse>();
  /** Calls in flight that named an id, so that a cancel request can abort them. */
  const inFlight = new Map<string, AbortController>();
  let allowedHosts: ReadonlySet<string> = new Set();
  let allowedOrigins: ReadonlySet<string> = new Set();

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      logUnexpected('request', e, []);
      if (!res.headersSent) sendJson(res, 500, failure('server', UNEXPECTED_MESSAGE));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '';
    const path = target.split('?', 1)[0] ?? '';
    const isApi = path === '/api' || path.startsWith('/api/');

    const host = req.headers.host?.toLowerCase();
    if (host === undefined || !allowedHosts.has(host)) {
      refuse(res, isApi, 403, 'forbidden', 'This server answers only requests addressed to 127.0.0.1 or localhost at its own port.');
      return;
    }
    if (!path.startsWith('/')) {
      refuse(res, isApi, 400, 'invalid-input', 'Bad request target.');
      return;
    }
    if (!isApi) {
      await serveStatic(req, res, path);
      return;
    }

    const callPrefix = '/api/call/';
    const cancelPrefix = '/api/cancel/';
    const route = path.startsWith(callPrefix)
      ? 'call'
      : path.startsWith(cancelPrefix)
        ? 'cancel'
        : path === '/api/events'
          ? 'events'
          : undefined;
    if (route === undefined) {
      sendJson(res, 404, failure('not-found', 'There is no such API route.'));
      return;
    }
    const verb = route === 'events' ? 'GET' : 'POST';
    if (req.method !== verb) {
      sendJson(res, 405, failure('invalid-input', `Use ${verb} for this route.`), { Allow: verb });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      sendJson(res, 403, failure('forbidden', 'Requests from other web sites are not accepted.'));
      return;
    }
    if (!tokenMatches(req.headers[TOKEN_HEADER])) {
      sendJson(
        res,
        401,
        failure('auth', 'This page does not have Sharedeck’s current access key. Open the address that Sharedeck printed when it started.'),
      );
      return;
    }
    if (route === 'events') {
      openEventStream(res);
      return;
    }
    if (route === 'cancel') {
      inFlight.get(path.slice(cancelPrefix.length))?.abort();
      req.resume();
      res.writeHead(204, { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    await call(req, res, path.slice(callPrefix.length));
  }

  async function call(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (mediaType(req.headers['content-type']) !== 'application/json') {
      sendJson(res, 415, failure('invalid-input', 'Send the call as JSON (Content-Type: application/json).'));
      return;
    }
    const callId = req.headers[CALL_ID_HEADER];
    if (callId !== undefined && (typeof callId !== 'string' || !CALL_ID.test(callId))) {
      sendJson(res, 400, failure('invalid-input', 'The call id is not valid.'));
      return;
    }
    if (callId !== undefined && inFlight.has(callId)) {
      sendJson(res, 400, failure('invalid-input', 'A call with this id is already running.'));
      return;
    }
    let body: Buffer | 'too-large';
    try {
      body = await readBody(req, maxBodyBytes);
    } catch {
      res.destroy(); // the client went away mid-request: nobody to answer
      return;
    }
    if (body === 'too-large') {
      sendJson(res, 413, failure('invalid-input', 'The request is too large.'), { Connection: 'close' });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      sendJson(res, 400, failure('invalid-input', 'The request is not valid JSON.'));
      return;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || !Array.isArray((payload as { args?: unknown }).args)) {
      sendJson(res, 400, failure('invalid-input', 'The request must be a JSON object with an "args" list.'));
      return;
    }
    const controller = new AbortController();
    if (callId !== undefined) inFlight.set(callId, controller);
    // A client that goes away before the answer (a closed tab) cancels the call: nobody waits for it.
    const onClose = (): void => {
      if (!res.writableEnded) controller.abort();
    };
    res.on('close', onClose);
    try {
      const answer = await engine.call(method, omitTrailingNulls((payload as { args: unknown[] }).args), { signal: controller.signal });
      sendText(res, STATUS[answer.status], 'application/json; charset=utf-8', answer.envelope, { 'Cache-Control': 'no-store' });
    } finally {
      res.off('close', onClose);
      if (callId !== undefined) inFlight.delete(callId);
    }
  }

  function openEventStream(res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = engine.onEvent((event) => {
      let data: string;
      try {
        data = JSON.stringify(event);
      } catch (e) {
        logUnexpected('event', e, []);
        return;
      }
      res.write(`data: ${data}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    heartbeat.unref();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      clearInterval(heartbeat);
      streams.delete(res);
    };
    // 'close' on the response: the client went away, or close() ended the stream.
    res.on('close', end);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'text/plain; charset=utf-8', 'Method not allowed.\n', { Allow: 'GET, HEAD' });
      return;
    }
    const file = await staticFile(rendererDir, path);
    if (file === undefined) {
      if (path === '/' || path === '/index.html') {
        sendText(res, 503, 'text/html; charset=utf-8', NOT_BUILT_PAGE, { 'Cache-Control': 'no-store' });
      } else {
        sendText(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
      }
      return;
    }
    const content = await readFile(file);
    const type = contentTypeFor(file);
    const isIndex = file === join(await realpath(rendererDir), 'index.html');
    sendBytes(res, 200, type, content, { 'Cache-Control': isIndex ? 'no-store' : 'no-cache' }, req.method === 'HEAD');
  }

  function tokenMatches(given: string | string[] | undefined): boolean {
    if (typeof given !== 'string') return false;
    // Equal-length digests, compared in constant time: neither the token nor its length leaks.
    return timingSafeEqual(digest(given), tokenDigest);
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(requestedPort, HOST, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    engine
      .pollInvitations()
      .catch((e: unknown) => {
        logUnexpected('pollInvitations', e, []);
      })
      .finally(() => {
        polling = false;
      });
  }, options.pollIntervalMs ?? POLL_INTERVAL_MS);
  poll.unref();

  let closing: Promise<void> | undefined;
  const origin = `http://${HOST}:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        clearInterval(poll);
        for (const controller of inFlight.values()) controller.abort();
        for (const stream of streams) stream.end();
        server.close(() => {
          resolveClose();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

// ---- helpers --------------------------------------------------------------------------------

const UNEXPECTED_MESSAGE = 'Sharedeck ran into an unexpected problem. Try again; if it keeps happening, restart Sharedeck.';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function failure(code: ErrorInfo['code'], message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code, message } };
}

/**
 * JSON has no undefined: JSON.stringify writes an argument left undefined as null. Trailing nulls
 * are therefore what IPC would see as undefined (no schema accepts null anywhere), so they are
 * dropped before validation; a null anywhere else is still refused.
 */
function omitTrailingNulls(args: readonly unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === null) end--;
  return args.slice(0, end);
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

function sendBytes(
  res: ServerResponse,
  status: number,
  type: string,
  body: Buffer,
  headers: Record<string, string> = {},
  headOnly = false,
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Type': type, 'Content-Length': String(body.length) });
  res.end(headOnly ? undefined : body);
}

function sendText(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  sendBytes(res, status, type, Buffer.from(text, 'utf8'), headers);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, 'application/json; charset=utf-8', JSON.stringify(body), { 'Cache-Control': 'no-store', ...headers });
}

function refuse(res: ServerResponse, json: boolean, status: number, code: ErrorInfo['code'], message: string): void {
  if (json) sendJson(res, status, failure(code, message));
  else sendText(res, status, 'text/plain; charset=utf-8', `${message}\n`, { 'Cache-Control': 'no-store' });
}

/** The whole body, or 'too-large' as soon as it passes the limit (the rest is discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.off('end', onEnd);
        chunks.length = 0;
        req.resume();
        resolveBody('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      resolveBody(Buffer.concat(chunks));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', rejectBody);
    // A client that goes away mid-body: settle (no-op when already settled) so nothing waits forever.
    req.on('close', () => {
      rejectBody(new Error('The request was aborted before its body was complete.'));
    });
  });
}

/**
 * The file a request path names inside the renderer folder, or undefined. Decodes once, refuses
 * `..`, dot files, backslashes and NUL, and checks the real path (symlinks) is still inside.
 */
async function staticFile(root: string, path: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  if (segments.length === 0) segments.push('index.html');
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(join(realRoot, ...segments));
  } catch {
    return undefined;
  }
  if (!real.startsWith(realRoot + sep)) return undefined;
  try {
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Logs a fault without the call's arguments: only where it happened and the error's own text, with
 * every argument string (they may be passwords) blanked out of it, in case the error quotes one.
 */
function logUnexpected(where: string, error: unknown, args: readonly unknown[]): void {
  console.error(`[sharedeck web] unexpected error in ${where}: ${describeError(error, args)}`);
}

// ---- command line ---------------------------------------------------------------------------

const USAGE = `Usage: tsx electron/web/server.ts [--port N]

Starts Sharedeck in browser mode on 127.0.0.1 and prints the address to open.
  --port N   listen on port N (default: any free port)

Accounts are kept in $SHAREDECK_CONFIG_DIR, else $XDG_CONFIG_HOME/sharedeck, else
~/.config/sharedeck (accounts.json). Passwords are kept in memory only: after a restart,
Sharedeck asks for them again.`;

/** Where browser mode keeps accounts.json. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHAREDECK_CONFIG_DIR) return resolve(env.SHAREDECK_CONFIG_DIR);
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'sharedeck');
}

type CommandLine = { port: number } | { help: true } | { error: string };

function parseCommandLine(argv: readonly string[]): CommandLine {
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { help: true };
    let value: string | undefined;
    if (arg === '--port') value = argv[++i];
    else if (arg.startsWith('--port=')) value = arg.slice('--port='.length);
    else return { error: `unknown option ${arg}` };
    if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) return { error: '--port needs a number from 0 to 65535' };
    port = Number(value);
  }
  return { port };
}

/** Runs browser mode until SIGINT or SIGTERM; resolves to the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const parsed = parseCommandLine(argv);
  if ('help' in parsed) {
    console.log(USAGE);
    return 0;
  }
  if ('error' in parsed) {
    console.error(`sharedeck web: ${parsed.error}\n\n${USAGE}`);
    return 1;
  }
  const { port } = parsed;
  // The service runs in the engine's threads; passwords stay in this thread, in memory only.
  const engine = startEngine({ accountsFile: join(configDir(), 'accounts.json'), secrets: new MemorySecretStore() });
  const rendererDir = fileURLToPath(new URL('../../out/renderer/', import.meta.url));
  let server: WebServer;
  try {
    server = await startWebServer({ engine, rendererDir, port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${port} is in use` : e instanceof Error ? e.message : String(e);
    console.error(`sharedeck web: cannot start: ${reason}.`);
    await engine.close();
    return 1;
  }
  console.log(`Sharedeck is running in browser mode; open ${server.url}`);

  return new Promise<number>((resolveExit) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A second signal while closing ends the process at once.
      process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
      void server
        .close()
        .then(() => engine.close())
        .then(() => {
          resolveExit(0);
        });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(resolve(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main();
}
