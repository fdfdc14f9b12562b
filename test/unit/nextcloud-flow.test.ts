// The OC: dialect and publishing end to end over HTTP, against a small local server that answers
// the way Nextcloud's apps/dav does (PROTOCOL.md §4.6 and §8): OC:invite on the owner's calendar,
// OC:share POSTs with principal: hrefs, CS:publish-calendar → 202 and a CS:publish-url after it.
// No Nextcloud runs on this machine, so its documented answers stand in; the engine under test is
// the real one (DavHttp, collections, sharing), and each request body is asserted exactly.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/model';
import { DavHttp } from '../../electron/dav/http';
import { listCollections } from '../../electron/dav/collections';
import { invite, revoke, setPublished } from '../../electron/dav/sharing';

interface Posted {
  contentType: string;
  body: string;
}

let server: Server;
let origin = '';
let posts: Posted[] = [];
let sharees: { href: string; name: string; rw: boolean }[] = [];
let published = false;

const CAL = '/remote.php/dav/calendars/alice/team/';
const SHARED_TO_ALICE = '/remote.php/dav/calendars/alice/plans_shared_by_bob/';
const PUBLIC = 'https://cloud.example.com/remote.php/dav/public-calendars/Ab12Cd34';

function ocInvite(): string {
  return sharees
    .map(
      (s) =>
        `<OC:user><D:href>${s.href}</D:href><OC:common-name>${s.name}</OC:common-name><OC:invite-accepted/><OC:access>${s.rw ? '<OC:read-write/>' : '<OC:read/>'}</OC:access></OC:user>`,
    )
    .join('');
}

function listing(): string {
  const own = `<d:response><d:href>${CAL}</d:href><d:propstat><d:prop>
    <d:resourcetype><d:collection/><cal:calendar/></d:resourcetype><d:displayname>Team</d:displayname>
    <d:owner><d:href>/remote.php/dav/principals/users/alice/</d:href></d:owner>
    <x1:calendar-color xmlns:x1="http://apple.com/ns/ical/">#0082C9FF</x1:calendar-color>
    <OC:invite>${ocInvite()}</OC:invite>
    <OC:owner-principal>principals/users/alice</OC:owner-principal>
    <cs:allowed-sharing-modes><cs:can-be-shared/><cs:can-be-published/></cs:allowed-sharing-modes>
    ${published ? `<cs:publish-url><d:href>${PUBLIC}</d:href></cs:publish-url>` : ''}
    <d:current-user-privilege-set><d:privilege><d:write/></d:privilege><d:privilege><d:read/></d:privilege></d:current-user-privilege-set>
    </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>
    ${published ? '' : '<d:propstat><d:prop><cs:publish-url/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>'}</d:response>`;
  const given = `<d:response><d:href>${SHARED_TO_ALICE}</d:href><d:propstat><d:prop>
    <d:resourcetype><d:collection/><cal:calendar/></d:resourcetype><d:displayname>Plans (Bob)</d:displayname>
    <OC:invite><OC:user><D:href>principal:principals/users/alice</D:href><OC:invite-accepted/><OC:access><OC:read/></OC:access></OC:user></OC:invite>
    <OC:owner-principal>principals/users/bob</OC:owner-principal><nc:owner-displayname>Bob Baker</nc:owner-displayname>
    <d:current-user-privilege-set><d:privilege><d:read/></d:privilege></d:current-user-privilege-set>
    </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
  return `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:D="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:OC="http://owncloud.org/ns" xmlns:nc="http://nextcloud.com/ns">${own}${given}</d:multistatus>`;
}

function only(path: string): string {
  const all = listing();
  const start = all.indexOf(`<d:response><d:href>${path}</d:href>`);
  const end = all.indexOf('</d:response>', start) + '</d:response>'.length;
  return `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:D="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:OC="http://owncloud.org/ns" xmlns:nc="http://nextcloud.com/ns">${all.slice(start, end)}</d:multistatus>`;
}

/** What Nextcloud's share plugin does with an OC:share document (only principal: hrefs count). */
function applyShare(body: string): void {
  for (const m of body.matchAll(
    /<OC:set><D:href>([^<]+)<\/D:href>(?:<OC:summary>[^<]*<\/OC:summary>)?(<OC:read-write\/>|<OC:read\/>)<\/OC:set>/g,
  )) {
    const href = m[1]!;
    if (!href.startsWith('principal:principals/')) continue;
    sharees = sharees.filter((s) => s.href !== href);
    sharees.push({ href, name: href.split('/').pop()!, rw: m[2] === '<OC:read-write/>' });
  }
  for (const m of body.matchAll(/<OC:remove><D:href>([^<]+)<\/D:href><\/OC:remove>/g)) sharees = sharees.filter((s) => s.href !== m[1]);
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      resolve(text);
    });
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((body) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'PROPFIND') {
        const text = req.headers.depth === '1' ? listing() : only(path);
        res.writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8' }).end(text);
        return;
      }
      if (req.method === 'POST' && path === CAL) {
        posts.push({ contentType: req.headers['content-type'] ?? '', body });
        if (body.includes('publish-calendar')) {
          published = !body.includes('unpublish-calendar');
          res.writeHead(published ? 202 : 200).end();
        } else {
          applyShare(body);
          res.writeHead(200, { 'X-Sabre-Status': 'everything-went-well' }).end();
        }
        return;
      }
      res.writeHead(501).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
});

beforeEach(() => {
  posts = [];
  sharees = [];
  published = false;
});

function context() {
  const account: Account = {
    id: 'nc-alice',
    label: 'alice@cloud',
    serverUrl: `${origin}/`,
    username: 'alice',
    principalUrl: `${origin}/remote.php/dav/principals/users/alice/`,
    displayName: 'Alice',
    addresses: ['mailto:alice@example.com'],
    calendarHomes: [`${origin}/remote.php/dav/calendars/alice/`],
    addressbookHomes: [],
    folders: [],
    capabilities: [
      '1',
      '3',
      'access-control',
      'calendar-access',
      'calendarserver-sharing',
      'oc-resource-sharing',
      'oc-calendar-publishing',
    ],
    dialects: ['oc'],
    approvedOrigins: [],
  };
  return { http: new DavHttp({ baseUrl: `${origin}/`, credentials: { username: 'alice', password: 'nc-pw' } }), account };
}

describe('Nextcloud (OC: sharing, CS: publishing) end to end', () => {
  it('lists the owner’s calendar as shareable in OC: only, and a calendar shared with alice by its owner', async () => {
    const list = await listCollections(context());
    const own = list.find((c) => c.url === `${origin}${CAL}`);
    const given = list.find((c) => c.url === `${origin}${SHARED_TO_ALICE}`);
    expect(own).toMatchObject({
      name: 'Team',
      kind: 'calendar',
      access: 'not-shared',
      dialects: ['oc'],
      canShare: true,
      color: '#0082c9ff',
      publish: { available: true },
    });
    expect(given).toMatchObject({ name: 'Plans (Bob)', access: 'read', canShare: false, sharedBy: { name: 'Bob Baker' } });
  });

  it('invites with principal: hrefs in an OC:share document, then shows what the server holds', async () => {
    const result = await invite(
      context(),
      `${origin}${CAL}`,
      [
        { address: `${origin}/remote.php/dav/principals/users/bob/`, access: 'read-write' },
        { address: 'principal:principals/users/carol', access: 'read' },
      ],
      { comment: 'Q3 planning' },
    );
    expect(posts).toEqual([
      {
        contentType: 'text/xml; charset=utf-8',
        body:
          '<?xml version="1.0" encoding="utf-8"?>\n' +
          '<OC:share xmlns:OC="http://owncloud.org/ns" xmlns:D="DAV:">' +
          '<OC:set><D:href>principal:principals/users/bob</D:href><OC:summary>Q3 planning</OC:summary><OC:read-write/></OC:set>' +
          '<OC:set><D:href>principal:principals/users/carol</D:href><OC:summary>Q3 planning</OC:summary><OC:read/></OC:set>' +
          '</OC:share>',
      },
    ]);
    expect(result.unresolved).toEqual([]);
    expect(result.collection.access).toBe('shared-owner');
    expect(result.collection.sharees.map((s) => [s.address, s.access, s.status])).toEqual([
      ['principal:principals/users/bob', 'read-write', 'accepted'],
      ['principal:principals/users/carol', 'read', 'accepted'],
    ]);
  });

  it('reports a mailto: address Nextcloud silently ignores as not taken', async () => {
    const result = await invite(context(), `${origin}${CAL}`, [{ address: 'dave@example.com', access: 'read' }]);
    expect(result.unresolved).toEqual(['mailto:dave@example.com']);
    expect(result.collection.sharees).toEqual([]);
  });

  it('revokes with OC:remove', async () => {
    sharees = [{ href: 'principal:principals/users/bob', name: 'bob', rw: true }];
    const result = await revoke(context(), `${origin}${CAL}`, ['bob']);
    expect(posts.map((p) => p.body)).toEqual([
      '<?xml version="1.0" encoding="utf-8"?>\n<OC:share xmlns:OC="http://owncloud.org/ns" xmlns:D="DAV:"><OC:remove><D:href>principal:principals/users/bob</D:href></OC:remove></OC:share>',
    ]);
    expect(result.collection.sharees).toEqual([]);
    expect(result.unresolved).toEqual([]);
  });

  it('publishes (202) and unpublishes (200), returning the re-read public link', async () => {
    const on = await setPublished(context(), `${origin}${CAL}`, true);
    expect(on.publish).toEqual({ available: true, url: PUBLIC });
    const off = await setPublished(context(), `${origin}${CAL}`, false);
    expect(off.publish).toEqual({ available: true });
    expect(posts).toEqual([
      {
        contentType: 'text/xml; charset=utf-8',
        body: '<?xml version="1.0" encoding="utf-8"?>\n<CS:publish-calendar xmlns:CS="http://calendarserver.org/ns/"/>',
      },
      {
        contentType: 'text/xml; charset=utf-8',
        body: '<?xml version="1.0" encoding="utf-8"?>\n<CS:unpublish-calendar xmlns:CS="http://calendarserver.org/ns/"/>',
      },
    ]);
  });

  it('refuses to publish a calendar someone else shared, before sending anything', async () => {
    await expect(setPublished(context(), `${origin}${SHARED_TO_ALICE}`, true)).rejects.toMatchObject({ code: 'forbidden' });
    expect(posts).toEqual([]);
  });
});
