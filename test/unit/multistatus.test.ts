// electron/dav/multistatus.ts: D:multistatus → one record per D:response, with 2xx properties by
// Clark name and the refused/absent ones with their status.

import { describe, expect, it } from 'vitest';
import { collectionKey, sameCollection } from '../../shared/urls';
import { parseMultistatus, parseStatusLine, readMultistatus, resolveHref } from '../../electron/dav/multistatus';
import { hrefOf } from '../../electron/dav/xml';
import { expectReadableMessage, expectSharedeckError, loadCyrus, loadSabre, resourcesOf } from '../support/dav-fixtures';

describe('parseMultistatus', () => {
  it('Cyrus 06: one record per response, hrefs resolved, properties split by status', () => {
    const resources = resourcesOf(loadCyrus('06'));
    expect(resources.map((r) => r.url)).toEqual([
      'http://127.0.0.1:8580/dav/calendars/user/alice/',
      'http://127.0.0.1:8580/dav/calendars/user/alice/Default/',
      'http://127.0.0.1:8580/dav/calendars/user/alice/Inbox/',
      'http://127.0.0.1:8580/dav/calendars/user/alice/Outbox/',
      'http://127.0.0.1:8580/dav/notifications/user/alice/',
    ]);
    const def = resources[1]!;
    expect(def.status).toBeUndefined();
    expect([...def.props.keys()]).toEqual([
      '{DAV:}resourcetype',
      '{DAV:}displayname',
      '{DAV:}invite',
      '{DAV:}share-access',
      '{http://calendarserver.org/ns/}invite',
      '{http://calendarserver.org/ns/}allowed-sharing-modes',
      '{DAV:}owner',
    ]);
    expect([...def.failed]).toEqual([
      ['{DAV:}sharer-resource-uri', 404],
      ['{http://calendarserver.org/ns/}shared-url', 404],
    ]);
    expect(def.props.get('{DAV:}displayname')!.text).toBe('personal');
    expect(hrefOf(def.props.get('{DAV:}owner'))).toBe('/dav/principals/user/alice/');
    expect(def.props.get('{http://calendarserver.org/ns/}shared-url')).toBeUndefined();
  });

  it('sabre 016: lower-case prefixes, the same records', () => {
    const resources = resourcesOf(loadSabre('016'));
    expect(resources).toHaveLength(5);
    const copy = resources[1]!;
    expect(copy.url).toBe('http://127.0.0.1:8411/calendars/bob/201e0b7d-255a-48d2-b5ee-25244df915a4/');
    expect(copy.props.has('{DAV:}share-resource-uri')).toBe(true);
    expect(copy.failed.size).toBe(0);
    expect(resources[0]!.failed.get('{urn:ietf:params:xml:ns:caldav}calendar-description')).toBe(404);
  });

  const ms = (inner: string) => `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">${inner}</D:multistatus>`;

  it('a response with a status and no propstat keeps that status', () => {
    const [r] = parseMultistatus(
      ms('<D:response><D:href>/gone/</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>'),
      'https://h/x/',
    );
    expect(r).toEqual({ url: 'https://h/gone/', status: 404, props: new Map(), failed: new Map() });
  });

  it('5xx and 403 propstats are failures; several D:prop in one propstat all count', () => {
    const [r] = parseMultistatus(
      ms(
        '<D:response><D:href>https://other.example/abs/</D:href>' +
          '<D:propstat><D:prop><D:displayname>n</D:displayname></D:prop><D:prop><D:getetag>"e"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>' +
          '<D:propstat><D:prop><D:invite/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat>' +
          '<D:propstat><D:prop><D:owner/></D:prop><D:status>HTTP/1.1 500 Internal Server Error</D:status></D:propstat>' +
          '<D:propstat><D:prop><D:quota/></D:prop><D:status>garbage</D:status></D:propstat>' +
          '</D:response>',
      ),
      'https://h/x/',
    );
    expect(r!.url).toBe('https://other.example/abs/');
    expect([...r!.props.keys()]).toEqual(['{DAV:}displayname', '{DAV:}getetag']);
    expect([...r!.failed]).toEqual([
      ['{DAV:}invite', 403],
      ['{DAV:}owner', 500],
      ['{DAV:}quota', 0],
    ]);
  });

  it('skips responses without a usable href', () => {
    const resources = parseMultistatus(
      ms(
        '<D:response><D:status>HTTP/1.1 200 OK</D:status></D:response><D:response><D:href>   </D:href></D:response><D:response><D:href>http://[bad/</D:href></D:response><D:response><D:href>ok/</D:href></D:response>',
      ),
      'https://h/base/',
    );
    expect(resources.map((r) => r.url)).toEqual(['https://h/base/ok/']);
  });

  it('an empty multistatus is no resources', () => {
    expect(parseMultistatus(ms(''), 'https://h/')).toEqual([]);
  });

  it('refuses XML that is not a multistatus (sabre 017: a D:error body)', async () => {
    const f = loadSabre('017');
    const err = await expectSharedeckError(() => parseMultistatus(f.response.body, f.request.url), 'malformed');
    expectReadableMessage(err);
  });

  it('refuses a body that is not XML', async () => {
    await expectSharedeckError(() => parseMultistatus('<html><body>Login</body>', 'https://h/'), 'malformed');
    await expectSharedeckError(() => parseMultistatus('', 'https://h/'), 'malformed');
  });
});

describe('parseStatusLine', () => {
  it.each([
    ['HTTP/1.1 200 OK', 200],
    ['  HTTP/1.1 404 Not Found', 404],
    ['HTTP/2 403', 403],
    ['http/1.0 507 Insufficient Storage', 507],
    ['200 OK', 0],
    ['HTTP/1.1 OK', 0],
    ['', 0],
    [undefined, 0],
  ])('%j → %d', (line, code) => {
    expect(parseStatusLine(line)).toBe(code);
  });
});

describe('resolveHref and collection keys', () => {
  it('resolves relative, absolute-path and absolute hrefs; undefined when unusable', () => {
    expect(resolveHref('/dav/a/', 'http://h:1/x/y')).toBe('http://h:1/dav/a/');
    expect(resolveHref('b/', 'http://h/x/')).toBe('http://h/x/b/');
    expect(resolveHref('https://o/p', 'http://h/')).toBe('https://o/p');
    expect(resolveHref('mailto:a@b', 'http://h/')).toBe('mailto:a@b');
    expect(resolveHref('http://[bad', 'http://h/')).toBeUndefined();
  });

  it('compares collection URLs regardless of trailing slash, host case and percent-encoding', () => {
    expect(sameCollection('http://H/dav/My%20Cal', 'http://h/dav/My Cal/')).toBe(true);
    expect(sameCollection('http://h/dav/a/', 'http://h/dav/b/')).toBe(false);
    expect(sameCollection('http://h/dav/a/', 'https://h/dav/a/')).toBe(false);
    expect(collectionKey('not a url')).toBe('not a url');
  });
});

describe('readMultistatus: unusable hrefs are reported, not dropped in silence', () => {
  it('keeps the usable responses and names each one it left out, with why', () => {
    const body =
      '<D:multistatus xmlns:D="DAV:">' +
      ['/dav/ok/', 'file:///etc/passwd', 'http://[bad/', 'javascript:alert(1)', `/dav/${'x'.repeat(300)}/`]
        .map((h) => `<D:response><D:href>${h}</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>`)
        .join('') +
      '<D:response><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>';
    const { resources, skipped } = readMultistatus(body, 'http://h:1/dav/');
    expect(resources.map((r) => r.url)).toEqual(['http://h:1/dav/ok/', `http://h:1/dav/${'x'.repeat(300)}/`]);
    expect(skipped).toEqual([
      { what: 'the entry “file:///etc/passwd”', reason: 'it is a file: address, which Sharedeck does not follow.' },
      { what: 'the entry “http://[bad/”', reason: 'it is not a valid address.' },
      { what: 'the entry “javascript:alert(1)”', reason: 'it is a javascript: address, which Sharedeck does not follow.' },
    ]);
    expect(parseMultistatus(body, 'http://h:1/dav/')).toEqual(resources);
  });
});
