// The test server itself works as docs/servers.md (Cyrus IMAP 3.6) describes: the rest of the integration
// suite builds on exactly these facts.
import { describe, expect, it } from 'vitest';
import { TEST_USER_NAMES, davRequest, mkaddressbook, mkcalendar, testServer, uniqueName } from '../support/test-servers';

const XML = { 'Content-Type': 'application/xml; charset=utf-8' };
const PROPFIND = `<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:displayname/><D:resourcetype/></D:prop></D:propfind>`;

function hrefs(multistatus: string): string[] {
  return [...multistatus.matchAll(/<(?:[A-Za-z0-9]+:)?href>([^<]*)<\/(?:[A-Za-z0-9]+:)?href>/g)].map((m) => m[1] ?? '');
}

describe('Cyrus test server', () => {
  it('is configured (SHAREDECK_TEST_SERVER)', () => {
    expect(testServer().url).toMatch(/^https?:\/\//);
  });

  it("lists alice's Default calendar in her calendar home", async () => {
    const res = await davRequest('alice', 'PROPFIND', '/dav/calendars/user/alice/', {
      headers: { ...XML, Depth: '1' },
      body: PROPFIND,
    });
    expect(res.status).toBe(207);
    expect(hrefs(res.text)).toContain('/dav/calendars/user/alice/Default/');
  });

  it.each(TEST_USER_NAMES)('lets %s log in and read their homes', async (name) => {
    for (const home of ['calendars', 'addressbooks', 'notifications']) {
      const res = await davRequest(name, 'PROPFIND', `/dav/${home}/user/${name}/`, {
        headers: { ...XML, Depth: '0' },
        body: PROPFIND,
      });
      expect(res.status, `${home} of ${name}`).toBe(207);
    }
  });

  it('rejects a wrong password with 401', async () => {
    const res = await davRequest({ name: 'alice', password: 'wrong' }, 'PROPFIND', '/dav/calendars/user/alice/', {
      headers: { ...XML, Depth: '0' },
      body: PROPFIND,
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('finds bob in a principal search by alice', async () => {
    const res = await davRequest('alice', 'REPORT', '/dav/principals/', {
      headers: { ...XML, Depth: '0' },
      body:
        '<?xml version="1.0" encoding="utf-8"?><D:principal-property-search xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">' +
        '<D:property-search><D:prop><D:displayname/></D:prop><D:match>bob</D:match></D:property-search>' +
        '<D:prop><D:displayname/><C:calendar-user-address-set/></D:prop></D:principal-property-search>',
    });
    expect(res.status).toBe(207);
    expect(hrefs(res.text)).toContain('/dav/principals/user/bob/');
    expect(hrefs(res.text)).not.toContain('/dav/principals/user/carol/');
  });

  it('creates a calendar that a Depth 1 PROPFIND then lists', async () => {
    const name = uniqueName('cal');
    const url = await mkcalendar('alice', name, 'Server test <calendar>');
    expect(url).toBe(`${testServer().url}/dav/calendars/user/alice/${name}/`);
    const res = await davRequest('alice', 'PROPFIND', '/dav/calendars/user/alice/', {
      headers: { ...XML, Depth: '1' },
      body: PROPFIND,
    });
    expect(res.status).toBe(207);
    expect(hrefs(res.text)).toContain(`/dav/calendars/user/alice/${name}/`);
    // Cyrus sends displaynames as CDATA sections; any other server would escape them.
    expect(res.text).toMatch(/<!\[CDATA\[Server test <calendar>\]\]>|Server test &lt;calendar&gt;/);
    expect((await davRequest('alice', 'DELETE', url)).status).toBe(204);
  });

  it('gives a new calendar free/busy time for everyone, which its share request cannot take away', async () => {
    const url = await mkcalendar('alice', uniqueName('cal'), 'Server test free/busy');
    const acl = async () => {
      const res = await davRequest('alice', 'PROPFIND', url, {
        headers: { ...XML, Depth: '0' },
        body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:acl/></D:prop></D:propfind>',
      });
      expect(res.status).toBe(207);
      return /<D:acl>([\s\S]*)<\/D:acl>/.exec(res.text.replace(/>\s+</g, '><'))?.[1];
    };
    const everyone = '<D:ace><D:principal><D:all/></D:principal><D:grant><D:privilege><C:read-free-busy/></D:privilege></D:grant></D:ace>';
    const before = await acl();
    expect(before).toContain(everyone);
    // Not protected: nothing marks it as the server's; only what every new calendar has says so.
    expect(before).not.toContain('<D:protected/>');
    const revoke = await davRequest('alice', 'POST', url, {
      headers: { 'Content-Type': 'application/davsharing+xml; charset=utf-8' },
      body: '<?xml version="1.0" encoding="utf-8"?><D:share-resource xmlns:D="DAV:"><D:sharee><D:href>DAV:all</D:href><D:share-access><D:no-access/></D:share-access></D:sharee></D:share-resource>',
    });
    // Success, and nothing changed.
    expect(revoke.status).toBeGreaterThanOrEqual(200);
    expect(revoke.status).toBeLessThan(300);
    expect(await acl()).toBe(before);
    expect((await davRequest('alice', 'DELETE', url)).status).toBe(204);
  });

  it('creates an address book that a Depth 1 PROPFIND then lists', async () => {
    const name = uniqueName('ab');
    const url = await mkaddressbook('alice', name, 'Server test book');
    const res = await davRequest('alice', 'PROPFIND', '/dav/addressbooks/user/alice/', {
      headers: { ...XML, Depth: '1' },
      body: PROPFIND,
    });
    expect(res.status).toBe(207);
    expect(hrefs(res.text)).toContain(new URL(url).pathname);
    expect((await davRequest('alice', 'DELETE', url)).status).toBe(204);
  });
});
