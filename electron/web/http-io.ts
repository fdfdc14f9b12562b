// How browser mode writes answers and reads request bodies: every response carries the security
// headers; bodies are read up to a limit and no further.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorInfo } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../service/renderer-content';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // The desktop window's policy (the same as renderer/index.html's meta tag), plus frame-ancestors,
  // which only a header can carry.
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function failure(code: ErrorInfo['code'], message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code, message } };
}

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

export function sendBytes(
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

export function sendText(res: ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  sendBytes(res, status, type, Buffer.from(text, 'utf8'), headers);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, 'application/json; charset=utf-8', JSON.stringify(body), { 'Cache-Control': 'no-store', ...headers });
}

/** A refusal as JSON for the API, as a line of text for anything else. */
export function refuse(res: ServerResponse, json: boolean, status: number, code: ErrorInfo['code'], message: string): void {
  if (json) sendJson(res, status, failure(code, message));
  else sendText(res, status, 'text/plain; charset=utf-8', `${message}\n`, { 'Cache-Control': 'no-store' });
}

/** The whole body, or 'too-large' as soon as it passes the limit (the rest is discarded). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
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
