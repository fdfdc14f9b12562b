// The People listing and its bulk actions in the engine, end to end over HTTP against a small local
// server that shares the way a DAV: resource-sharing server with ACLs does (sharees by mailto:, an
// ACL entry per sharee, direct grants by principal URL, a directory that matches addresses by
// substring). Asserted: one person per principal whatever form names them, never by display name;
// the request count (the listing's one PROPFIND, then at most one directory search per person not
// yet known); revoke, change and grant across collections, a few at a time.

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAccess, type Account, type CollectionOutcome } from '../../shared/model';
import { newAclFacts } from '../../electron/dav/context';
import { DavHttp } from '../../electron/dav/http';
import {
  MAX_LOOKUPS,
  grantAccess,
  listPeople,
  newPeopleDirectory,
  revokeEverywhere,
  setAccessEverywhere,
  type PeopleContext,
} from '../../electron/dav/people';
import { newPrincipalSearchCache } from '../../electron/dav/principals';
import { NS, child, childrenNamed, parseXml } from '../../electron/dav/xml';

interface Cal {
  sharees: { id: string; access: 'read' | 'read-write' }[];
  /** Direct grants: principal id → privileges. */
  grants: Record<string, string[]>;
}

const HOME = '/dav/calendars/alice/';
const PRINCIPALS: Record<string, { name: string; mail: string }> = {
  bob: { name: 'Bob', mail: 'bob@example.com' },
  carol: { name: 'Carol', mail: 'carol@example.com' },
  sam: { name: 'Sam', mail: 'sam@example.com' },
  sam2: { name: 'Sam', mail: 'sam@partner.test' },
};

let server: Server;
let origin = '';
let cals: Record<string, Cal> = {};
let requests: { method: string; url: string; body: string }[] = [];
let inFlight = 0;
let maxInFlight = 0;

function privileges(list: readonly string[]): string {
  return list.map((p) => `<d:privilege><d:${p}/></d:privilege>`).join('');
}

function entry(name: string, cal: Cal, detail: boolean): string {
  const sharees = cal.sharees
    .map(
      (s) =>
        `<d:sharee><d:href>mailto:${PRINCIPALS[s.id]!.mail}</d:href><d:invite-accepted/><d:share-access><d:${s.access}/></d:share-access></d:sharee>`,
    )
    .join('');
  const aces = [
    `<d:ace><d:principal><d:self/></d:principal><d:grant>${privileges(['all'])}</d:grant></d:ace>`,
    ...cal.sharees.map(
      (s) =>
        `<d:ace><d:principal><d:href>/principals/${s.id}/</d:href></d:principal><d:grant>${privileges(s.access === 'read' ? ['read'] : ['read', 'write'])}</d:grant></d:ace>`,
    ),
    ...Object.entries(cal.grants).map(
      ([id, p]) => `<d:ace><d:principal><d:href>/principals/${id}/</d:href></d:principal><d:grant>${privileges(p)}</d:grant></d:ace>`,
    ),
  ].join('');
  return `<d:response><d:href>${HOME}${name}/</d:href><d:propstat><d:prop>
    <d:resourcetype><d:collection/><c:calendar/></d:resourcetype><d:displayname>${name}</d:displayname>
    <d:owner><d:href>/principals/alice/</d:href></d:owner>
    <d:current-user-privilege-set>${privileges(['all'])}</d:current-user-privilege-set>
    <d:share-access><d:${cal.sharees.length > 0 ? 'shared-owner' : 'not-shared'}/></d:share-access><d:invite>${sharees}</d:invite>
    <d:acl>${aces}</d:acl>${detail ? `<d:supported-privilege-set><d:supported-privilege><d:privilege><d:all/></d:privilege><d:supported-privilege><d:privilege><d:read/></d:privilege></d:supported-privilege><d:supported-privilege><d:privilege><d:write/></d:privilege></d:supported-privilege><d:supported-privilege><d:privilege><d:write-acl/></d:privilege></d:supported-privilege></d:supported-privilege></d:supported-privilege-set>` : ''}
    </d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
}

function multistatus(body: string): string {
  return `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${body}</d:multistatus>`;
}

function search(body: string): string {
  const term = /<D:match>([^<]*)<\/D:match>/.exec(body)?.[1] ?? '';
  const hits = Object.entries(PRINCIPALS).filter(([id, p]) => id.includes(term) || p.mail.includes(term));
  return multistatus(
    hits
      .map(
        ([id, p]) =>
          `<d:response><d:href>/principals/${id}/</d:href><d:propstat><d:prop><d:displayname>${p.name}</d:displayname><c:calendar-user-address-set><d:href>mailto:${p.mail}</d:href></c:calendar-user-address-set><c:calendar-user-type>INDIVIDUAL</c:calendar-user-type></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
      )
      .join(''),
  );
}

function idOf(href: string): string | undefined {
  const mail = /^mailto:(.+)$/.exec(href)?.[1];
  if (mail) return Object.entries(PRINCIPALS).find(([, p]) => p.mail === mail)?.[0];
  return /\/principals\/([^/]+)\/?$/.exec(href)?.[1];
}

function applyShare(cal: Cal, body: string): void {
  for (const s of childrenNamed(parseXml(body), NS.DAV, 'sharee')) {
    const id = idOf(child(s, NS.DAV, 'href')!.text.trim());
    const access = child(s, NS.DAV, 'share-access')!.children[0]!.name;
    if (!id) continue;
    cal.sharees = cal.sharees.filter((x) => x.id !== id);
    if (isAccess(access)) cal.sharees.push({ id, access });
  }
}

function applyAcl(cal: Cal, body: string): void {
  const grants: Record<string, string[]> = {};
  for (const ace of childrenNamed(parseXml(body), NS.DAV, 'ace')) {
    const href = child(child(ace, NS.DAV, 'principal'), NS.DAV, 'href')?.text;
    const id = href === undefined ? undefined : idOf(href);
    if (!id || cal.sharees.some((s) => s.id === id)) continue;
    const privs = childrenNamed(child(ace, NS.DAV, 'grant'), NS.DAV, 'privilege').map((p) => p.children[0]!.name);
    if (privs.length > 0) grants[id] = privs;
  }
  cal.grants = grants;
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
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    void read(req).then(async (body) => {
      // A little latency, so that concurrent writes overlap.
      await new Promise((r) => setTimeout(r, 5));
      const url = req.url ?? '';
      requests.push({ method: req.method ?? '', url, body });
      const name = url.startsWith(HOME) ? url.slice(HOME.length).replace(/\/$/, '') : undefined;
      const cal = name ? cals[name] : undefined;
      const reply = (status: number, text = '') => {
        inFlight--;
        res.writeHead(status, { 'Content-Type': 'application/xml' }).end(text);
      };
      if (req.method === 'PROPFIND' && url === HOME)
        reply(
          207,
          multistatus(
            Object.entries(cals)
              .map(([n, c]) => entry(n, c, false))
              .join(''),
          ),
        );
      else if (req.method === 'PROPFIND' && cal) reply(207, multistatus(entry(name!, cal, body.includes('supported-privilege-set'))));
      else if (req.method === 'REPORT' && body.includes('principal-property-search')) reply(207, search(body));
      else if (req.method === 'POST' && cal) {
        applyShare(cal, body);
        reply(204);
      } else if (req.method === 'ACL' && cal) {
        applyAcl(cal, body);
        reply(200);
      } else reply(404);
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

let ctx: PeopleContext;
beforeEach(() => {
  cals = {
    Work: { sharees: [{ id: 'bob', access: 'read-write' }], grants: {} },
    Team: { sharees: [{ id: 'carol', access: 'read' }], grants: { bob: ['read'] } },
    Lunch: { sharees: [{ id: 'sam', access: 'read' }], grants: { sam2: ['read'] } },
  };
  requests = [];
  maxInFlight = 0;
  const account: Account = {
    id: 'acct',
    label: 'alice',
    serverUrl: `${origin}/dav/`,
    username: 'alice',
    principalUrl: `${origin}/principals/alice/`,
    displayName: 'Alice',
    addresses: ['mailto:alice@example.com'],
    calendarHomes: [`${origin}${HOME}`],
    addressbookHomes: [],
    folders: [],
    approvedOrigins: [],
    principalCollectionUrl: `${origin}/principals/`,
    capabilities: ['access-control', 'resource-sharing'],
    dialects: ['dav', 'acl'],
  };
  ctx = {
    http: new DavHttp({ baseUrl: account.serverUrl, credentials: { username: 'alice', password: 'pw' } }),
    account,
    acl: newAclFacts(),
    directory: newPeopleDirectory(),
    principals: newPrincipalSearchCache(),
  };
});

const summary = (people: Awaited<ReturnType<typeof listPeople>>['people']) =>
  Object.fromEntries(
    people.map((p) => [`${p.name ?? '?'} ${p.address}`, p.grants.map((g) => `${g.collectionName}:${g.via}:${g.access}`).sort()]),
  );

describe('People in the engine', () => {
  it('one entry per principal, whether a share names them by mail or the ACL by URL; never by display name', async () => {
    const { people } = await listPeople(ctx);
    // This server does not show that it writes its sharees' addresses from their principals (Cyrus
    // does, by its own privileges): the entry each share wrote in the access list, by principal
    // URL, is listed beside the share, as the server holds it, never taken to be the share.
    expect(summary(people)).toEqual({
      'Bob mailto:bob@example.com': ['Team:acl:read', 'Work:acl:read-write', 'Work:share:read-write'],
      'Carol mailto:carol@example.com': ['Team:acl:read', 'Team:share:read'],
      'Sam mailto:sam@example.com': ['Lunch:acl:read', 'Lunch:share:read'],
      'Sam mailto:sam@partner.test': ['Lunch:acl:read'],
    });
    expect(people.find((p) => p.address === 'mailto:bob@example.com')).toMatchObject({
      type: 'individual',
      addresses: ['mailto:bob@example.com', `${origin}/principals/bob/`],
    });
  });

  it('costs the listing, plus at most one directory search per person not yet known', async () => {
    await listPeople(ctx);
    const reports = requests.filter((r) => r.method === 'REPORT');
    const searches = reports.filter((r) => r.body.includes('principal-property-search')).length;
    expect(requests.filter((r) => r.method === 'PROPFIND')).toHaveLength(1);
    // What the directory can search, asked once (this server does not say: the defaults hold).
    expect(reports.filter((r) => r.body.includes('principal-search-property-set'))).toHaveLength(1);
    // Five addresses (three mailto:, two principal URLs) of four people: one search each at most.
    expect(searches).toBeGreaterThan(0);
    expect(searches).toBeLessThanOrEqual(4);
    expect(reports).toHaveLength(searches + 1);
    requests = [];
    await listPeople(ctx);
    expect(requests.map((r) => r.method)).toEqual(['PROPFIND']);
  });

  it(
    'asks the directory about at most MAX_LOOKUPS people per listing, and about the next ones the next time',
    { timeout: 30_000 },
    async () => {
      cals = { Big: { sharees: [], grants: Object.fromEntries(Array.from({ length: MAX_LOOKUPS + 50 }, (_, i) => [`u${i}`, ['read']])) } };
      const first = await listPeople(ctx);
      expect(first.people).toHaveLength(MAX_LOOKUPS + 50);
      const searches = () => requests.filter((r) => r.method === 'REPORT' && r.body.includes('principal-property-search'));
      expect(searches()).toHaveLength(MAX_LOOKUPS);
      expect(first.skipped).toEqual([
        {
          what: 'the directory lookups of 50 more people',
          count: 50,
          reason: `one listing asks about ${MAX_LOOKUPS} people at most; they are shown by their address until the list is read again.`,
        },
      ]);
      requests = [];
      const second = await listPeople(ctx);
      // What the directory can search was asked once, the first time.
      expect(requests.filter((r) => r.method === 'REPORT')).toHaveLength(50);
      expect(searches()).toHaveLength(50);
      expect(second.skipped).toEqual([]);
    },
  );

  it('revokes a person everywhere, by share and by ACL grant, and re-reads', async () => {
    const progress: CollectionOutcome[] = [];
    const result = await revokeEverywhere(ctx, ['Bob@Example.com'], { onOutcome: (o) => progress.push(o) });
    expect(result.notFound).toEqual([]);
    expect(result.outcomes.map((o) => [o.collectionName, o.result, o.change]).sort()).toEqual([
      ['Team', 'done', 'revoked ACL grant'],
      ['Work', 'done', 'revoked share and ACL grant'],
    ]);
    expect(progress).toHaveLength(2);
    expect(cals.Work!.sharees).toEqual([]);
    expect(cals.Team!.grants).toEqual({});
    expect(cals.Team!.sharees).toEqual([{ id: 'carol', access: 'read' }]);
    expect(result.people.some((p) => p.address === 'mailto:bob@example.com')).toBe(false);
    const unknown = await revokeEverywhere(ctx, ['nobody@example.com']);
    expect(unknown).toMatchObject({ outcomes: [], notFound: ['nobody@example.com'] });
  });

  it('changes access everywhere, and gives access to many collections, a few at a time', async () => {
    for (let i = 0; i < 12; i++) cals[`Extra${i}`] = { sharees: [], grants: {} };
    const granted = await grantAccess(
      ctx,
      'mailto:carol@example.com',
      Object.keys(cals).map((n) => `${origin}${HOME}${n}/`),
      'read',
    );
    expect(granted.outcomes.every((o) => o.result === 'done')).toBe(true);
    expect(granted.outcomes).toHaveLength(15);
    expect(maxInFlight).toBeLessThanOrEqual(4);
    // A share and the entry it wrote on each collection (see the first test).
    expect(granted.people.find((p) => p.address === 'mailto:carol@example.com')?.grants).toHaveLength(30);

    maxInFlight = 0;
    const changed = await setAccessEverywhere(ctx, [`${origin}/principals/carol/`], 'read-write');
    expect(changed.outcomes.filter((o) => o.result === 'done')).toHaveLength(15);
    expect(maxInFlight).toBeLessThanOrEqual(4);
    expect(new Set(changed.people.find((p) => p.address === 'mailto:carol@example.com')?.grants.map((g) => g.access))).toEqual(
      new Set(['read-write']),
    );
  });
});
