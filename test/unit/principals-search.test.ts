// Directory search against a small local server that behaves like Cyrus: it ignores
// test="anyof" and requires every property-search to match.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DavHttp } from '../../electron/dav/http';
import { searchPrincipals } from '../../electron/dav/principals';
import { cyrusAccount } from '../support/dav-fixtures';

const SEARCH_SET = `<?xml version="1.0" encoding="utf-8"?>
<D:principal-search-property-set xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<D:principal-search-property><D:prop><D:displayname/></D:prop></D:principal-search-property>
<D:principal-search-property><D:prop><C:calendar-user-address-set/></D:prop></D:principal-search-property>
</D:principal-search-property-set>`;

const PEOPLE = [
  { id: 'carol', name: 'Carol Smith', mail: 'carol@example.com', internal: 'carol@localhost' },
  { id: 'bob', name: 'Bob Baker', mail: 'bob@example.com', internal: 'bob@localhost' },
];

let server: Server;
let base = '';
const reports: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      reports.push(body);
      if (body.includes('principal-search-property-set')) {
        res.writeHead(200, { 'Content-Type': 'application/xml' }).end(SEARCH_SET);
        return;
      }
      // Every property-search must match (Cyrus's reading of the REPORT).
      const searches = [...body.matchAll(/<D:property-search><D:prop><([A-Z]+):([a-z-]+)\/><\/D:prop><D:match>([^<]*)<\/D:match>/g)];
      const found = PEOPLE.filter((p) =>
        searches.every(([, , prop, term]) =>
          (prop === 'displayname' ? p.name : p.internal).toLowerCase().includes((term ?? '').toLowerCase()),
        ),
      );
      const responses = found
        .map(
          (p) =>
            `<D:response><D:href>/dav/principals/user/${p.id}/</D:href><D:propstat><D:prop><D:displayname>${p.name}</D:displayname><C:calendar-user-address-set><D:href>mailto:${p.mail}</D:href></C:calendar-user-address-set></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`,
        )
        .join('');
      res
        .writeHead(207, { 'Content-Type': 'application/xml' })
        .end(`<?xml version="1.0"?><D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">${responses}</D:multistatus>`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) =>
    server.close(() => {
      r();
    }),
  );
});

function context() {
  const account = cyrusAccount('alice', {
    principalCollectionUrl: `${base}/dav/principals/user/`,
    principalUrl: `${base}/dav/principals/user/alice/`,
  });
  return { http: new DavHttp({ baseUrl: base, credentials: { username: 'alice', password: 'pw' } }), account };
}

describe('directory search on a server that ignores test="anyof"', () => {
  it('finds a person by a surname that only the display name contains, by asking each property alone', async () => {
    reports.length = 0;
    const found = await searchPrincipals(context(), 'Smith');
    expect(found.map((p) => [p.name, p.address])).toEqual([['Carol Smith', 'mailto:carol@example.com']]);
    // The search-property set, the combined search (nobody), then one search per property.
    expect(reports).toHaveLength(4);
    expect(reports[1]).toContain('test="anyof"');
  });

  it('asks once when the combined search already finds people', async () => {
    reports.length = 0;
    const found = await searchPrincipals(context(), 'bob');
    expect(found.map((p) => p.name)).toEqual(['Bob Baker']);
    expect(reports).toHaveLength(2);
  });

  it('finds a person by the e-mail address the server lists, not only by its internal one', async () => {
    const found = await searchPrincipals(context(), 'carol@example.com');
    expect(found.map((p) => p.address)).toEqual(['mailto:carol@example.com']);
  });

  it('finds nobody for a name nobody has', async () => {
    expect(await searchPrincipals(context(), 'zed')).toEqual([]);
  });
});
