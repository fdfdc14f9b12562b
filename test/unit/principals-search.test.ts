// Directory search against a small local server that behaves like Cyrus: it ignores
// test="anyof" and requires every property-search to match, and matches calendar-user-address-set
// against an internal user@servername. (The live Cyrus runs the same searches in
// test/integration/cli-ls-search.test.ts; sabre-4.7-stock.test.ts and nextcloud-29.test.ts play
// back the other servers.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DavHttp } from '../../electron/dav/http';
import { resolvePrincipalUrl, searchPrincipals, shareeCollections } from '../../electron/dav/principals';
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

describe('directory search on a server that ignores test="anyof" (Cyrus)', () => {
  it('finds a person by a surname only the display name has, because it asks calendar-user-address-set alone, never combined', async () => {
    reports.length = 0;
    const { principals: found, skipped } = await searchPrincipals(context(), 'Smith');
    expect(skipped).toEqual([]);
    expect(found.map((p) => [p.name, p.address])).toEqual([['Carol Smith', 'mailto:carol@example.com']]);
    // The search-property set, then the display name and the address set, each alone (Cyrus
    // offers no other combinable property).
    expect(reports).toHaveLength(3);
    expect(reports.slice(1).every((r) => !r.includes('test="anyof"'))).toBe(true);
    expect(
      reports
        .slice(1)
        .map((r) => /<D:prop><[A-Z]+:([a-z-]+)\/><\/D:prop><D:match>/.exec(r)?.[1])
        .sort(),
    ).toEqual(['calendar-user-address-set', 'displayname']);
  });

  it('finds a person by the e-mail address the server lists, by searching the part before the @ (it matches its internal user@servername)', async () => {
    reports.length = 0;
    const found = (await searchPrincipals(context(), 'carol@example.com')).principals;
    expect(found.map((p) => p.address)).toEqual(['mailto:carol@example.com']);
    expect(reports[1]).toContain('<D:match>carol@example.com</D:match>');
    expect(reports.slice(2).every((r) => r.includes('<D:match>carol</D:match>'))).toBe(true);
  });

  it('keeps only who has exactly the typed address', async () => {
    expect(await searchPrincipals(context(), 'carol@elsewhere.example')).toEqual({ principals: [], skipped: [] });
  });

  it('finds nobody for a name nobody has', async () => {
    expect(await searchPrincipals(context(), 'zed')).toEqual({ principals: [], skipped: [] });
  });

  it('resolves an address for an access list by the one mail rule (mailto: or bare, any case): exactly one of the addresses listed', async () => {
    const carol = `${base}/dav/principals/user/carol/`;
    expect(await resolvePrincipalUrl(context(), 'mailto:Carol@Example.COM')).toBe(carol);
    expect(await resolvePrincipalUrl(context(), ' carol@example.com ')).toBe(carol);
    await expect(resolvePrincipalUrl(context(), 'carol@elsewhere.example')).rejects.toMatchObject({ code: 'unknown-sharee' });
  });
});

describe('the principal collections searched', () => {
  it('are those that hold people or groups, a few at most however many the server lists', () => {
    const h = 'https://cloud.example.com/remote.php/dav/principals';
    expect(
      shareeCollections({ principalCollections: [`${h}/users/`, `${h}/groups/`, `${h}/calendar-resources/`, `${h}/calendar-rooms/`] }),
    ).toEqual([`${h}/users/`, `${h}/groups/`]);
    const many = Array.from({ length: 500 }, (_, i) => `${h}/c${i}/`);
    expect(shareeCollections({ principalCollections: many })).toEqual(many.slice(0, 8));
    // Accounts added before every collection was kept search the one they have.
    expect(shareeCollections({ principalCollectionUrl: `${h}/users/` })).toEqual([`${h}/users/`]);
    expect(shareeCollections({})).toEqual([]);
  });
});
