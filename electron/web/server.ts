// Browser mode: the SharingApi contract over HTTP on 127.0.0.1, for machines without the Electron
// binary (and for development). renderer/http-transport.ts is the client:
//
//   POST /api/call/<method>   header X-Sharedeck-Token, Content-Type application/json, body {"args":[...]},
//                             optional header X-Sharedeck-Call-Id (to cancel it)
//                             → 200 {ok:true,value} | 200 {ok:false,error:ErrorInfo} (the service's own error)
//                             | 400 (arguments the contract refuses) | 404 (no such method)
//                             | 4xx/5xx {ok:false,error:ErrorInfo} (transport refusals, unexpected faults)
//   POST /api/cancel/<id>     header X-Sharedeck-Token → 204; the call with that id answers 'cancelled'
//   GET  /api/events          header X-Sharedeck-Token → text/event-stream of AppEvents (event-stream.ts)
//   GET  /, /<file>           the built renderer (out/renderer), with the strict CSP (static-files.ts)
//
// Every request passes the checks of request-checks.ts first. What a call asks is the engine's to
// judge (its dispatcher and the service's validation, the same as for Electron IPC); this server
// relays calls and answers. main.ts starts it as a command.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { CALL_ID } from '../../shared/api-client';
import { defaultMessage } from '../../shared/errors';
import { UNEXPECTED_MESSAGE, type AnswerStatus } from '../service/dispatcher';
import type { Engine } from '../service/engine';
import { describeError } from '../service/log-redaction';
import { openEventStream } from './event-stream';
import { failure, mediaType, readBody, refuse, sendJson, sendText, SECURITY_HEADERS } from './http-io';
import { RequestChecks, TOKEN_HEADER } from './request-checks';
import { serveStatic } from './static-files';

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
const CALL_ID_HEADER = 'x-sharedeck-call-id';

/** The HTTP status of each kind of answer. */
const STATUS: Record<AnswerStatus, number> = { ok: 200, error: 200, 'invalid-arguments': 400, 'no-such-method': 404, unexpected: 500 };

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

  const checks = new RequestChecks();
  const streams = new Set<ServerResponse>();
  /** Calls in flight that named an id, so that a cancel request can abort them. */
  const inFlight = new Map<string, AbortController>();

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      logUnexpected('request', e);
      if (!res.headersSent) sendJson(res, 500, failure('server', UNEXPECTED_MESSAGE));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '';
    const path = target.split('?', 1)[0] ?? '';
    const isApi = path === '/api' || path.startsWith('/api/');

    if (!checks.hostAllowed(req.headers.host)) {
      refuse(res, isApi, 403, 'forbidden', 'This server answers only requests addressed to 127.0.0.1 or localhost at its own port.');
      return;
    }
    if (!path.startsWith('/')) {
      refuse(res, isApi, 400, 'invalid-input', 'Bad request target.');
      return;
    }
    if (!isApi) {
      await serveStatic(req, res, rendererDir, path);
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
    if (!checks.originAllowed(req.headers.origin)) {
      sendJson(res, 403, failure('forbidden', 'Requests from other web sites are not accepted.'));
      return;
    }
    if (!checks.tokenMatches(req.headers[TOKEN_HEADER])) {
      // An open tab of an earlier run is the usual case: a page of ours says so, and how to go on.
      sendJson(res, 401, failure('old-session', defaultMessage('old-session')));
      return;
    }
    if (route === 'events') {
      streams.add(res);
      res.on('close', () => streams.delete(res));
      openEventStream(res, engine, heartbeatMs, (e) => {
        logUnexpected('event', e);
      });
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

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(requestedPort, HOST, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  checks.listening(port);

  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    engine
      .pollInvitations()
      .catch((e: unknown) => {
        logUnexpected('pollInvitations', e);
      })
      .finally(() => {
        polling = false;
      });
  }, options.pollIntervalMs ?? POLL_INTERVAL_MS);
  poll.unref();

  let closing: Promise<void> | undefined;
  const origin = `http://${HOST}:${port}`;
  return {
    url: `${origin}/#token=${checks.token}`,
    origin,
    token: checks.token,
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

/** Logs a fault of this server (not a call's: the engine logs those), redacted all the same. */
function logUnexpected(where: string, error: unknown): void {
  console.error(`[sharedeck web] unexpected error in ${where}: ${describeError(error, [])}`);
}
