// The trace loader: both recorded formats parse into request / response records whose bodies are
// byte-for-byte what the servers sent.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FIXTURES_DIR,
  loadCyrus,
  loadNextcloud,
  loadSabre,
  loadSabreStock,
  parseCyrusTrace,
  parseSabreTrace,
  traceNames,
} from '../fixtures/load';

describe('Cyrus .txt traces', () => {
  it('splits a trace with a request body into request and response', () => {
    const f = loadCyrus('10');
    expect(f.name).toBe('10-cal-share-resource');
    expect(f.title).toBe('cal-share-resource (as alice)');
    expect(f.request.method).toBe('POST');
    expect(f.request.path).toBe('/dav/calendars/user/alice/Default/');
    expect(f.request.url).toBe('http://127.0.0.1:8580/dav/calendars/user/alice/Default/');
    expect(f.request.headers.get('content-type')).toBe('application/davsharing+xml; charset=utf-8');
    expect(f.request.rawHeaders.map(([n]) => n)).toEqual(['Content-Type', 'Authorization']);
    expect(f.request.body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<D:share-resource xmlns:D="DAV:">')).toBe(true);
    expect(f.request.body.endsWith('</D:share-resource>')).toBe(true);
    expect(f.response.status).toBe(204);
    expect(f.response.statusText).toBe('No Content');
    expect(f.response.headers.get('cache-control')).toBe('no-cache, private');
    expect(f.response.body).toBe('');
  });

  it('reads a request without a body and joins repeated response headers', () => {
    const f = loadCyrus('04');
    expect(f.request.method).toBe('OPTIONS');
    expect(f.request.body).toBe('');
    expect(f.response.status).toBe(200);
    expect(f.response.rawHeaders.filter(([n]) => n === 'DAV')).toHaveLength(4);
    expect(f.response.headers.get('dav')).toBe(
      '1, 2, 3, access-control, extended-mkcol, resource-sharing, calendar-access, calendar-auto-schedule, calendar-query-extended, calendar-availability, calendar-managed-attachments, calendarserver-sharing, inbox-availability',
    );
  });

  it('keeps the response body exactly (its length is the Content-Length the server sent)', () => {
    const f = loadCyrus('13');
    expect(Number(f.response.headers.get('content-length'))).toBe(Buffer.byteLength(f.response.body));
    expect(f.response.body.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<D:notification')).toBe(true);
    expect(f.response.body.endsWith('</D:notification>\n')).toBe(true);
  });

  it('accepts a number or a full name, and refuses unknown or ambiguous ones', () => {
    expect(loadCyrus('06-calhome-depth1-unshared').name).toBe(loadCyrus('06').name);
    expect(() => loadCyrus('99')).toThrow(/not found/);
    expect(() => loadCyrus('1')).toThrow(/not found/); // "1" is no file's number ("10", "11", ... are others)
  });

  it('parses a hand-written trace, and refuses a trace without a response', () => {
    const f = parseCyrusTrace('>>> GET /x HTTP/1.1\n>>> Accept: */*\n>>>\n\n<<<\nHTTP/1.1 404 Not Found\nContent-Length: 0\n\n', 'inline');
    expect(f.title).toBeUndefined();
    expect(f.request).toMatchObject({ method: 'GET', path: '/x', body: '' });
    expect(f.request.headers.get('accept')).toBe('*/*');
    expect(f.response).toMatchObject({ status: 404, statusText: 'Not Found', body: '' });
    expect(() => parseCyrusTrace('>>> GET /x HTTP/1.1\n>>>\n', 'broken')).toThrow(/<<</);
    expect(() => parseCyrusTrace('GET /x HTTP/1.1\n', 'broken')).toThrow(/>>>/);
  });
});

describe('sabre .req/.resp traces', () => {
  it('reads raw CRLF messages, with the URL from the Host header', () => {
    const f = loadSabre('011');
    expect(f.name).toBe('011-alice-share-cal-bob-rw-davsharing');
    expect(f.request.method).toBe('POST');
    expect(f.request.path).toBe('/calendars/alice/default/');
    expect(f.request.url).toBe('http://127.0.0.1:8411/calendars/alice/default/');
    expect(f.request.headers.get('content-type')).toBe('application/davsharing+xml; charset=utf-8');
    expect(Number(f.request.headers.get('content-length'))).toBe(Buffer.byteLength(f.request.body));
    expect(f.request.body).not.toContain('\r');
    expect(f.response.status).toBe(200);
    expect(f.response.headers.get('x-sabre-status')).toBe('everything-went-well');
    expect(f.response.body).toBe('');
  });

  it('reads a multistatus response', () => {
    const f = loadSabre('014');
    expect(f.response.status).toBe(207);
    expect(f.response.statusText).toBe('Multi-Status');
    expect(f.response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(f.response.body.startsWith('<?xml version="1.0"?>\n<d:multistatus')).toBe(true);
  });

  it('parses a hand-written pair', () => {
    const f = parseSabreTrace('DELETE /a/ HTTP/1.1\r\nHost: example.net\r\n\r\n', 'HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n', 'inline');
    expect(f.request).toMatchObject({ method: 'DELETE', path: '/a/', url: 'http://example.net/a/', body: '' });
    expect(f.response).toMatchObject({ status: 204, body: '' });
    expect(f.response.headers.get('x-a')).toBe('1');
  });
});

describe('every copied trace', () => {
  const cyrus = readdirSync(join(FIXTURES_DIR, 'cyrus-3.6')).filter((f) => /^\d+-.*\.txt$/.test(f));
  const sabre = readdirSync(join(FIXTURES_DIR, 'sabre-4.7')).filter((f) => /^\d+-.*\.req$/.test(f));

  it('there are traces of both servers', () => {
    expect(cyrus.length).toBeGreaterThan(20);
    expect(sabre.length).toBeGreaterThan(15);
  });

  it.each(cyrus)('Cyrus %s loads with a request line, a status and a body matching Content-Length', (file) => {
    const f = loadCyrus(file.slice(0, -4));
    expect(f.request.method).toMatch(/^[A-Z]+$/);
    expect(f.request.path.startsWith('/')).toBe(true);
    expect(f.response.status).toBeGreaterThanOrEqual(200);
    const length = f.response.headers.get('content-length');
    // Cyrus's text/calendar bodies were stored with LF line ends; every XML body is exact.
    if (length !== null && !/text\/calendar/.test(f.response.headers.get('content-type') ?? '')) {
      expect(Buffer.byteLength(f.response.body)).toBe(Number(length));
    }
  });

  it.each(sabre)('sabre %s loads with a request line, a status and bodies matching Content-Length', (file) => {
    const f = loadSabre(file.slice(0, -4));
    expect(f.request.method).toMatch(/^[A-Z]+$/);
    expect(f.response.status).toBeGreaterThanOrEqual(200);
    const reqLength = f.request.headers.get('content-length');
    if (reqLength !== null) expect(Buffer.byteLength(f.request.body)).toBe(Number(reqLength));
    const resLength = f.response.headers.get('content-length');
    if (resLength !== null) expect(Buffer.byteLength(f.response.body)).toBe(Number(resLength));
  });

  const raw = [
    ['stock sabre', 'sabre-4.7-stock', loadSabreStock, 'http://127.0.0.1:8411'],
    ['Nextcloud', 'nextcloud-29', loadNextcloud, 'http://127.0.0.1:8420'],
  ] as const;

  it.each(raw)('the %s traces are all there, in recording order (%s)', (_label, folder) => {
    const names = traceNames(folder);
    expect(names.length).toBeGreaterThan(125);
    expect(names.map((n) => Number(n.slice(0, 3)))).toEqual(names.map((_n, i) => i + 1));
  });

  it.each(raw.flatMap(([label, folder, load, origin]) => traceNames(folder).map((name) => [label, name, load, origin] as const)))(
    '%s %s loads with the recorded host and bodies matching Content-Length',
    (_label, name, load, origin) => {
      const f = load(name);
      expect(f.name).toBe(name);
      expect(f.request.url.startsWith(`${origin}/`)).toBe(true);
      expect(f.response.status).toBeGreaterThanOrEqual(200);
      const reqLength = f.request.headers.get('content-length');
      if (reqLength !== null) expect(Buffer.byteLength(f.request.body)).toBe(Number(reqLength));
      const resLength = f.response.headers.get('content-length');
      if (resLength !== null) expect(Buffer.byteLength(f.response.body)).toBe(Number(resLength));
    },
  );
});
