// The ACL route end to end over HTTP, against a small local server that keeps an access list the
// way each kind of live server does (docs/protocol.md, "Access control lists"): replacing it on
// every ACL request (Cyrus, RFC 3744), updating it entry by entry (DAViCal), refusing the method,
// or answering 200 and changing nothing. The engine is the real one (DavHttp, collections,
// sharing, acl-write); the requests it sends are asserted.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/model';
import { listCollections } from '../../electron/dav/collections';
import { newAclFacts, type DavContext } from '../../electron/dav/context';
import { DavHttp } from '../../electron/dav/http';
import { invite, revoke, setAccess } from '../../electron/dav/sharing';
import { NS, child, childrenNamed, parseXml } from '../../electron/dav/xml';

type Mode = 'replace' | 'per-entry' | 'refuse' | 'ignore' | 'cyrus';
interface Entry {
  principal: string;
  privileges: string[];
}

let server: Server;
let origin = '';
let mode: Mode = 'replace';
let entries: Entry[] = [];
let requests: { method: string; body: string }[] = [];

const CAL = '/dav/alice/work/';
const OWNER = '<d:property><d:owner/></d:property>';
const PRINCIPALS: Record<string, string> = { bob: 'mailto:bob@example.com', carol: 'mailto:carol@example.com' };

function principalXml(p: string): string {
  return p.startsWith('<') ? p : `<d:href>${p}</d:href>`;
}

function propfindAnswer(detail: boolean): string {
  const acl = entries
    .map(
      (e) =>
        `<d:ace><d:principal>${principalXml(e.principal)}</d:principal><d:grant>${e.privileges.map((p) => `<d:privilege><${p === 'read-free-busy' ? 'c' : 'd'}:${p}/></d:privilege>`).join('')}</d:grant></d:ace>`,
    )
    .join('');
  const tree =
    '<d:supported-privilege-set><d:supported-privilege><d:privilege><d:all/></d:privilege>' +
    ['read', 'write', 'read-acl', 'write-acl', 'read-current-user-privilege-set']
      .map((p) => `<d:supported-privilege><d:privilege><d:${p}/></d:privilege></d:supported-privilege>`)
      .join('') +
    '</d:supported-privilege></d:supported-privilege-set>';
  return `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:response><d:href>${CAL}</d:href><d:propstat><d:prop>
    <d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:displayname>Work</d:displayname>
    <d:owner><d:href>/dav/alice/</d:href></d:owner>
    <d:current-user-privilege-set><d:privilege><d:all/></d:privilege>${mode === 'cyrus' ? '<d:privilege><y:admin xmlns:y="http://cyrusimap.org/ns/"/></d:privilege>' : ''}</d:current-user-privilege-set>
    ${mode === 'cyrus' ? '<d:share-access><d:shared-owner/></d:share-access><d:invite/>' : ''}
    <d:acl>${acl}</d:acl><d:acl-restrictions><d:grant-only/></d:acl-restrictions>${detail ? tree : ''}
    </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`;
}

function searchAnswer(body: string): string {
  const term = /<D:match>([^<]*)<\/D:match>/.exec(body)?.[1] ?? '';
  const hits = Object.entries(PRINCIPALS).filter(([name, mail]) => name.includes(term) || mail.includes(term));
  return `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${hits
    .map(
      ([name, mail]) =>
        `<d:response><d:href>/dav/${name}/</d:href><d:propstat><d:prop><d:displayname>${name}</d:displayname><c:calendar-user-address-set><d:href>${mail}</d:href></c:calendar-user-address-set></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
    )
    .join('')}</d:multistatus>`;
}

/** What the server does with an ACL body, by mode. */
function applyAcl(body: string): void {
  const sent: Entry[] = childrenNamed(parseXml(body), NS.DAV, 'ace').map((ace) => {
    const p = child(ace, NS.DAV, 'principal')!.children[0]!;
    const principal = p.name === 'href' ? p.text : p.name === 'property' ? OWNER : `<d:${p.name}/>`;
    const privileges = childrenNamed(child(ace, NS.DAV, 'grant'), NS.DAV, 'privilege').map((x) => x.children[0]!.name);
    return { principal, privileges };
  });
  if (mode === 'replace') entries = sent.filter((e) => e.privileges.length > 0);
  else if (mode === 'per-entry') {
    for (const e of sent) {
      if (e.principal === OWNER) continue; // DAViCal: the owner's entry is fixed
      const i = entries.findIndex((x) => x.principal === e.principal);
      if (i >= 0) entries[i] = e;
      else entries.push(e);
    }
  }
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      resolve(body);
    });
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((body) => {
      requests.push({ method: req.method ?? '', body });
      if (req.method === 'PROPFIND' && req.url === CAL) {
        res.writeHead(207, { 'Content-Type': 'application/xml' }).end(propfindAnswer(body.includes('supported-privilege-set')));
      } else if (req.method === 'REPORT') {
        res
          .writeHead(body.includes('principal-search-property-set') ? 404 : 207, { 'Content-Type': 'application/xml' })
          .end(searchAnswer(body));
      } else if (req.method === 'POST' && req.url === CAL && mode === 'cyrus') {
        // Cyrus's share request: the one entry it names (here only taking access away).
        const href = /<D:href>([^<]+)<\/D:href>/.exec(body)?.[1];
        if (body.includes('<D:no-access/>')) entries = entries.filter((e) => e.principal !== href);
        res.writeHead(204).end();
      } else if (req.method === 'ACL' && req.url === CAL) {
        if (mode === 'refuse') res.writeHead(405, { Allow: 'OPTIONS, PROPFIND, GET' }).end();
        else {
          applyAcl(body);
          res.writeHead(200).end();
        }
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    }),
);

let ctx: DavContext;
beforeEach(() => {
  mode = 'replace';
  entries = [
    { principal: OWNER, privileges: ['all'] },
    { principal: '<d:authenticated/>', privileges: ['read-free-busy'] },
  ];
  requests = [];
  const account: Account = {
    id: 'a',
    label: 'alice',
    serverUrl: `${origin}/dav/`,
    username: 'alice',
    principalUrl: `${origin}/dav/alice/`,
    displayName: 'Alice',
    addresses: ['mailto:alice@example.com'],
    calendarHomes: [],
    addressbookHomes: [],
    folders: [],
    approvedOrigins: [],
    collections: [`${origin}${CAL}`],
    principalCollectionUrl: `${origin}/dav/`,
    capabilities: ['access-control', 'resource-sharing'],
    dialects: ['dav', 'acl'],
  };
  ctx = {
    http: new DavHttp({ baseUrl: account.serverUrl, credentials: { username: 'alice', password: 'pw' } }),
    account,
    acl: newAclFacts(),
  };
});

const methods = () => requests.map((r) => r.method);
const aclBodies = () => requests.filter((r) => r.method === 'ACL').map((r) => r.body);
const BOB_READ =
  '<D:ace><D:principal><D:href>/dav/bob/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege><D:privilege><D:read-current-user-privilege-set/></D:privilege></D:grant></D:ace>';

describe('the ACL route over HTTP', () => {
  it('a collection added by its URL is listed by itself, shareable through ACL only', async () => {
    const {
      collections: [c],
    } = await listCollections(ctx);
    expect(c).toMatchObject({
      url: `${origin}${CAL}`,
      name: 'Work',
      kind: 'calendar',
      access: 'not-shared',
      dialects: ['acl'],
      canShare: true,
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.body).not.toContain('supported-privilege-set');
  });

  it('an update-per-entry server: invite resolves the address, revoke is learnt to need an empty grant', async () => {
    mode = 'per-entry';
    const url = `${origin}${CAL}`;
    const granted = await invite(ctx, url, [{ address: 'bob@example.com', access: 'read' }]);
    expect(granted.unresolved).toEqual([]);
    expect(granted.collection.aclGrants?.find((g) => g.address === `${origin}/dav/bob/`)?.access).toBe('read');
    expect(methods()).toEqual(['PROPFIND', 'REPORT', 'REPORT', 'ACL', 'PROPFIND']);
    expect(aclBodies()[0]).toContain(BOB_READ);

    requests = [];
    const changed = await setAccess(ctx, url, `${origin}/dav/bob/`, 'read-write');
    expect(changed.collection.aclGrants?.find((g) => g.address === `${origin}/dav/bob/`)?.access).toBe('read-write');
    expect(methods()).toEqual(['PROPFIND', 'ACL', 'PROPFIND']);

    requests = [];
    const revoked = await revoke(ctx, url, [`${origin}/dav/bob/`]);
    expect(revoked.unresolved).toEqual([]);
    expect(revoked.collection.aclGrants?.map((g) => g.address)).toEqual(['DAV:authenticated']);
    // Left out first (RFC 3744); the re-read still showed bob; sent again with an empty grant.
    expect(methods()).toEqual(['PROPFIND', 'ACL', 'PROPFIND', 'ACL', 'PROPFIND']);
    expect(aclBodies()[0]).not.toContain('/dav/bob/');
    expect(aclBodies()[1]).toContain('<D:ace><D:principal><D:href>/dav/bob/</D:href></D:principal><D:grant/></D:ace>');
    expect(ctx.acl?.perEntry.has(origin)).toBe(true);

    // Learnt: the next revoke is one ACL request.
    await invite(ctx, url, [{ address: `${origin}/dav/carol/`, access: 'read' }]);
    requests = [];
    expect((await revoke(ctx, url, ['carol@example.com'])).unresolved).toEqual([]);
    expect(methods()).toEqual(['PROPFIND', 'REPORT', 'REPORT', 'ACL', 'PROPFIND']);
  });

  it('a replacing server: a revoke is one request, the entry left out', async () => {
    mode = 'replace';
    const url = `${origin}${CAL}`;
    await invite(ctx, url, [{ address: `${origin}/dav/bob/`, access: 'read-write' }]);
    requests = [];
    const revoked = await revoke(ctx, url, [`${origin}/dav/bob/`]);
    expect(revoked.unresolved).toEqual([]);
    expect(methods()).toEqual(['PROPFIND', 'ACL', 'PROPFIND']);
    expect(ctx.acl?.perEntry.size).toBe(0);
    // Everything else went back: the owner's entry and everyone's free/busy.
    expect(entries).toEqual([
      { principal: OWNER, privileges: ['all'] },
      { principal: '<d:authenticated/>', privileges: ['read-free-busy'] },
    ]);
  });

  it('a server that answers 200 and changes nothing: the addresses it did not apply are reported', async () => {
    mode = 'ignore';
    const result = await invite(ctx, `${origin}${CAL}`, [{ address: `${origin}/dav/bob/`, access: 'read' }]);
    expect(result.unresolved).toEqual([`${origin}/dav/bob/`]);
    // Named as the request named them, not by the principal the directory gave for the address.
    const byMail = await invite(ctx, `${origin}${CAL}`, [{ address: 'carol@example.com', access: 'read' }]);
    expect(byMail.notApplied).toEqual([{ address: 'mailto:carol@example.com', problem: 'not-listed' }]);
    expect(byMail.unresolved).toEqual(['mailto:carol@example.com']);
  });

  it('a server that refuses the ACL method: a sentence, and the list as it was', async () => {
    mode = 'refuse';
    await expect(invite(ctx, `${origin}${CAL}`, [{ address: `${origin}/dav/bob/`, access: 'read' }])).rejects.toMatchObject({
      code: 'unsupported',
      message: 'The server does not let access lists be changed (the ACL method) on “Work”.',
    });
  });

  it("the owner's own access is never sent to be changed: nothing reaches the server", async () => {
    mode = 'replace';
    entries.push({ principal: '/dav/alice/', privileges: ['read'] });
    await expect(revoke(ctx, `${origin}${CAL}`, [`${origin}/dav/alice/`])).rejects.toMatchObject({ code: 'unknown-sharee' });
    await expect(invite(ctx, `${origin}${CAL}`, [{ address: `${origin}/dav/alice/`, access: 'read' }])).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'The owner’s own access cannot be changed or taken away.',
    });
    expect(methods()).not.toContain('ACL');
  });

  it('Cyrus: a direct grant is taken away with its share request for that one entry; no ACL is sent', async () => {
    mode = 'cyrus';
    entries.push({ principal: '/dav/carol/', privileges: ['read'] }, { principal: '/dav/dave/', privileges: ['read'] });
    const url = `${origin}${CAL}`;
    const {
      collections: [listed],
    } = await listCollections(ctx);
    expect(listed?.dialects).toEqual(['dav']);
    expect(listed?.aclGrants?.map((g) => g.address)).toEqual(['DAV:authenticated', `${origin}/dav/carol/`, `${origin}/dav/dave/`]);
    requests = [];
    const revoked = await revoke(ctx, url, [`${origin}/dav/carol/`]);
    expect(revoked.unresolved).toEqual([]);
    expect(methods()).toEqual(['PROPFIND', 'POST', 'PROPFIND']);
    expect(requests[1]!.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<D:share-resource xmlns:D="DAV:"><D:sharee><D:href>/dav/carol/</D:href><D:share-access><D:no-access/></D:share-access></D:sharee></D:share-resource>',
    );
    expect(entries.map((e) => e.principal)).toEqual([OWNER, '<d:authenticated/>', '/dav/dave/']);
    await expect(revoke(ctx, url, ['DAV:authenticated'])).rejects.toMatchObject({ code: 'unsupported' });
    expect(methods()).not.toContain('ACL');
  });

  it('an unknown person is refused before anything is sent', async () => {
    await expect(invite(ctx, `${origin}${CAL}`, [{ address: 'zed@example.com', access: 'read' }])).rejects.toMatchObject({
      code: 'unknown-sharee',
    });
    expect(methods()).not.toContain('ACL');
  });
});
