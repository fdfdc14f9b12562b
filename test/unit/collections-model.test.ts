// toCollection(): every dialect's view of a recorded collection merged into the one model the UI
// shows, with each server quirk of PROTOCOL.md §3–§9 that the traces exhibit; and the PROPFIND
// body that asks for all of it.

import { describe, expect, it } from 'vitest';
import type { Account, Collection } from '../../shared/model';
import { COLLECTION_PROPERTIES, toCollection } from '../../electron/dav/collections';
import { DIALECTS, DIALECT_ORDER } from '../../electron/dav/dialects';
import { davTokens } from '../../electron/dav/http';
import { parseMultistatus, type DavResource } from '../../electron/dav/multistatus';
import { propfindBody } from '../../electron/dav/propfind';
import { NS, clark, parseXml } from '../../electron/dav/xml';
import {
  CYRUS_ORIGIN,
  SABRE_ORIGIN,
  cutElement,
  cyrusAccount,
  loadCyrus,
  loadSabre,
  overlay,
  renamePrefixes,
  resourceAt,
  resourcesOf,
  responseBlock,
  sabreAccount,
  writeWithDefaultNamespaces,
} from '../support/dav-fixtures';

const C = CYRUS_ORIGIN;
const S = SABRE_ORIGIN;
const alicePrincipal = { address: `${C}/dav/principals/user/alice/` };
const bobPrincipal = { address: `${C}/dav/principals/user/bob/` };

/** All collections of a recorded listing, as listCollections would keep them (the home itself aside). */
function modelsOf(resources: readonly DavResource[], account: Account, allowFolders = false): Map<string, Collection> {
  const out = new Map<string, Collection>();
  for (const r of resources) {
    const c = toCollection(r, account, allowFolders);
    if (c) out.set(c.url, c);
  }
  return out;
}

function only(resources: readonly DavResource[], url: string, account: Account): Collection {
  const c = toCollection(resourceAt(resources, url), account, false);
  if (!c) throw new Error(`${url} is not a collection`);
  return c;
}

describe('the collection PROPFIND', () => {
  it('asks for every base and dialect property in one body (exact)', () => {
    expect(propfindBody(COLLECTION_PROPERTIES)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav" xmlns:A="http://apple.com/ns/ical/" xmlns:OC="http://owncloud.org/ns" xmlns:NC="http://nextcloud.com/ns" xmlns:CS="http://calendarserver.org/ns/">' +
        '<D:prop>' +
        '<D:resourcetype/><D:displayname/><D:owner/><D:current-user-privilege-set/>' +
        '<C:calendar-description/><CR:addressbook-description/><A:calendar-color/>' +
        '<OC:invite/><OC:owner-principal/><NC:owner-displayname/>' +
        '<D:share-access/><D:invite/><D:sharer-resource-uri/><D:share-resource-uri/>' +
        '<CS:invite/><CS:allowed-sharing-modes/><CS:shared-url/><CS:publish-url/>' +
        '<D:acl/><D:acl-restrictions/><D:inherited-acl-set/>' +
        '</D:prop></D:propfind>',
    );
  });

  it('lists each property once, every dialect’s included', () => {
    const keys = COLLECTION_PROPERTIES.map(([ns, name]) => clark(ns, name));
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of DIALECT_ORDER) for (const [ns, name] of DIALECTS[d].properties) expect(keys).toContain(clark(ns, name));
    expect(keys).toContain('{DAV:}resourcetype');
  });

  it('propfindBody of nothing is an empty D:prop', () => {
    expect(propfindBody([])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<D:propfind xmlns:D="DAV:"><D:prop/></D:propfind>');
  });
});

describe('Cyrus 3.6', () => {
  const aliceDefault = `${C}/dav/calendars/user/alice/Default/`;
  const listing06 = () => resourcesOf(loadCyrus('06'));

  it('06: of a calendar home only the calendar is a collection; home, inbox, outbox and notifications are not', () => {
    const models = modelsOf(listing06(), cyrusAccount('alice'));
    expect([...models.keys()]).toEqual([aliceDefault]);
    expect(models.get(aliceDefault)).toEqual({
      url: aliceDefault,
      name: 'personal',
      kind: 'calendar',
      access: 'not-shared',
      dialects: ['dav', 'cs'],
      sharees: [],
      shareesVisible: true,
      canShare: true,
      owner: alicePrincipal,
    });
  });

  it('07: an address book shares in the DAV: dialect only (Cyrus has no CS: sharing there)', () => {
    const models = modelsOf(resourcesOf(loadCyrus('07')), cyrusAccount('alice'));
    expect([...models.values()]).toEqual([
      {
        url: `${C}/dav/addressbooks/user/alice/Default/`,
        name: 'personal',
        kind: 'addressbook',
        access: 'not-shared',
        dialects: ['dav'],
        sharees: [],
        shareesVisible: true,
        canShare: true,
        owner: alicePrincipal,
      },
    ]);
  });

  /** 11 asked only for the sharing properties; the name and type come from the earlier listing (06). */
  const shared11 = () => overlay(resourceAt(listing06(), aliceDefault), resourceAt(resourcesOf(loadCyrus('11')), aliceDefault));

  it('11: after sharing, the owner sees three pending sharees', () => {
    expect(toCollection(shared11(), cyrusAccount('alice'), false)).toEqual({
      url: aliceDefault,
      name: 'personal',
      kind: 'calendar',
      access: 'shared-owner',
      dialects: ['dav', 'cs'],
      sharees: [
        { address: 'mailto:bob@example.com', access: 'read-write', status: 'pending' },
        { address: 'mailto:dave@example.com', access: 'read', status: 'pending' },
        { address: 'mailto:carol@example.com', access: 'read', status: 'pending' },
      ],
      shareesVisible: true,
      canShare: true,
      owner: alicePrincipal,
    });
  });

  it('11: D:invite and CS:invite list the sharees in different orders; the model has the same people either way', () => {
    const both = shared11();
    const davOnly: DavResource = { ...both, props: new Map([...both.props].filter(([k]) => k !== clark(NS.CS, 'invite'))) };
    const csOnly: DavResource = { ...both, props: new Map([...both.props].filter(([k]) => k !== clark(NS.DAV, 'invite'))) };
    const account = cyrusAccount('alice');
    const bySet = (c: Collection | undefined) => [...(c?.sharees ?? [])].sort((a, b) => a.address.localeCompare(b.address));
    const fromDav = toCollection(davOnly, account, false);
    const fromCs = toCollection(csOnly, account, false);
    const fromBoth = toCollection(both, account, false);
    expect(fromCs!.sharees.map((s) => s.address)).not.toEqual(fromDav!.sharees.map((s) => s.address)); // really different orders
    expect(bySet(fromDav)).toEqual(bySet(fromCs));
    expect(bySet(fromBoth)).toEqual(bySet(fromCs));
    for (const c of [fromDav, fromCs]) {
      expect({ ...c, sharees: [] }).toEqual({ ...fromBoth, sharees: [] });
    }
  });

  /** The 06 listing of the calendar without its (by then stale) sharing state. */
  const typeAndName06 = (): DavResource => {
    const r = resourceAt(listing06(), aliceDefault);
    const stale = new Set(['{DAV:}share-access', '{DAV:}invite', '{http://calendarserver.org/ns/}invite']);
    return { ...r, props: new Map([...r.props].filter(([k]) => !stale.has(k))) };
  };

  it('29: accepted and declined statuses reach the model', () => {
    const r = overlay(typeAndName06(), resourceAt(resourcesOf(loadCyrus('29')), aliceDefault));
    const c = toCollection(r, cyrusAccount('alice'), false)!;
    expect(c.sharees).toEqual([
      { address: 'mailto:bob@example.com', access: 'read-write', status: 'accepted' },
      { address: 'mailto:dave@example.com', access: 'read', status: 'declined' },
      { address: 'mailto:carol@example.com', access: 'read', status: 'accepted' },
    ]);
    // 29 did not return share-access; a listed sharee makes the owner's collection shared.
    expect(c.access).toBe('shared-owner');
    expect(c.canShare).toBe(true);
  });

  it('63: an unknown address Cyrus took is listed like any other (pending)', () => {
    const r = overlay(typeAndName06(), resourceAt(resourcesOf(loadCyrus('63')), aliceDefault));
    expect(toCollection(r, cyrusAccount('alice'), false)).toMatchObject({ access: 'shared-owner', canShare: true });
    expect(toCollection(r, cyrusAccount('alice'), false)!.sharees).toEqual([
      { address: 'mailto:nobody@example.com', access: 'read', status: 'pending' },
      { address: 'mailto:bob@example.com', access: 'read', status: 'accepted' },
    ]);
  });

  const bobCopy = `${C}/dav/calendars/user/bob/alice.Default/`;

  it("17: the sharee's copy names the sharer in D:owner and the original in sharer-resource-uri", () => {
    const models = modelsOf(resourcesOf(loadCyrus('17')), cyrusAccount('bob'));
    expect([...models.keys()]).toEqual([`${C}/dav/calendars/user/bob/Default/`, bobCopy]);
    expect(models.get(bobCopy)).toEqual({
      url: bobCopy,
      name: 'personal',
      kind: 'calendar',
      access: 'read-write',
      dialects: [],
      sharees: [{ address: 'mailto:bob@example.com', access: 'read-write', status: 'accepted' }],
      shareesVisible: true,
      canShare: false,
      owner: alicePrincipal,
      sharedBy: alicePrincipal,
      originalUrl: aliceDefault,
    });
    expect(models.get(`${C}/dav/calendars/user/bob/Default/`)).toMatchObject({ access: 'not-shared', canShare: true, owner: bobPrincipal });
    expect(models.get(`${C}/dav/calendars/user/bob/Default/`)!.sharedBy).toBeUndefined();
  });

  it('17 with D:invite and CS:invite refused (403, as PROTOCOL §3.1 documents for sharees): the list is not visible', () => {
    const f = loadCyrus('17');
    const { before, block, after } = responseBlock(f.response.body, '/dav/calendars/user/bob/alice.Default/');
    const withoutDav = cutElement(block, 'D:invite');
    const withoutBoth = cutElement(withoutDav.rest, 'CS:invite');
    const hidden = withoutBoth.rest.replace(
      '</D:response>',
      '<D:propstat><D:prop><D:invite/><CS:invite/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat></D:response>',
    );
    const r = resourceAt(parseMultistatus(before + hidden + after, f.request.url), bobCopy);
    expect(r.failed.get('{DAV:}invite')).toBe(403);
    expect(toCollection(r, cyrusAccount('bob'), false)).toEqual({
      url: bobCopy,
      name: 'personal',
      kind: 'calendar',
      access: 'read-write',
      dialects: [],
      sharees: [],
      shareesVisible: false,
      canShare: false,
      owner: alicePrincipal,
      sharedBy: alicePrincipal,
      originalUrl: aliceDefault,
    });
  });

  it('a 403 on D:invite alone still shows the CS: list', () => {
    const f = loadCyrus('17');
    const { before, block, after } = responseBlock(f.response.body, '/dav/calendars/user/bob/alice.Default/');
    const hidden = cutElement(block, 'D:invite').rest.replace(
      '</D:response>',
      '<D:propstat><D:prop><D:invite/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat></D:response>',
    );
    const c = toCollection(resourceAt(parseMultistatus(before + hidden + after, f.request.url), bobCopy), cyrusAccount('bob'), false)!;
    expect(c.shareesVisible).toBe(true);
    expect(c.sharees).toEqual([{ address: 'mailto:bob@example.com', access: 'read-write', status: 'accepted' }]);
  });

  it('44: the owner of a shared address book', () => {
    const url = `${C}/dav/addressbooks/user/alice/Default/`;
    const r = overlay(resourceAt(resourcesOf(loadCyrus('07')), url), resourceAt(resourcesOf(loadCyrus('44')), url));
    expect(toCollection(r, cyrusAccount('alice'), false)).toEqual({
      url,
      name: 'personal',
      kind: 'addressbook',
      access: 'shared-owner',
      dialects: ['dav'],
      sharees: [
        { address: 'mailto:carol@example.com', access: 'read', status: 'pending' },
        { address: 'mailto:bob@example.com', access: 'read-write', status: 'pending' },
      ],
      shareesVisible: true,
      canShare: true,
      owner: alicePrincipal,
    });
  });

  it("48: the sharee's copy of an address book has no CS:shared marker, and is still a share given to bob", () => {
    const url = `${C}/dav/addressbooks/user/bob/alice.Default/`;
    const models = modelsOf(resourcesOf(loadCyrus('48')), cyrusAccount('bob'));
    expect([...models.keys()]).toEqual([`${C}/dav/addressbooks/user/bob/Default/`, url]);
    expect(models.get(url)).toEqual({
      url,
      name: 'personal',
      kind: 'addressbook',
      access: 'read-write',
      dialects: [],
      sharees: [{ address: 'mailto:bob@example.com', access: 'read-write', status: 'accepted' }],
      shareesVisible: true,
      canShare: false,
      owner: alicePrincipal,
      sharedBy: alicePrincipal,
      originalUrl: `${C}/dav/addressbooks/user/alice/Default/`,
    });
  });

  it('34: a listing of nothing but resourcetype gives the calendar, named after its URL, with no sharing known', () => {
    const models = modelsOf(resourcesOf(loadCyrus('34')), cyrusAccount('carol'));
    expect([...models.keys()]).toEqual([`${C}/dav/calendars/user/carol/Default/`]);
    expect(models.get(`${C}/dav/calendars/user/carol/Default/`)).toEqual({
      url: `${C}/dav/calendars/user/carol/Default/`,
      name: 'Default',
      kind: 'calendar',
      access: 'not-shared',
      dialects: [],
      sharees: [],
      shareesVisible: true,
      canShare: false,
    });
    // Without a resourcetype nothing is known to be a collection.
    expect(toCollection(resourceAt(resourcesOf(loadCyrus('11')), aliceDefault), cyrusAccount('alice'), true)).toBeUndefined();
  });

  it('the same listing with other prefixes, or with default namespaces only, gives the same models', () => {
    const f = loadCyrus('17');
    const account = cyrusAccount('bob');
    const expected = modelsOf(resourcesOf(f), account);
    const renamed = renamePrefixes(f.response.body, { D: 'dav', C: 'D', A: 'x', CS: 'C' });
    expect(renamed).toContain('<dav:multistatus xmlns:dav="DAV:" xmlns:D="urn:ietf:params:xml:ns:caldav"');
    expect(modelsOf(resourcesOf(f, renamed), account)).toEqual(expected);
    const unprefixed = writeWithDefaultNamespaces(parseXml(f.response.body));
    expect(unprefixed).not.toMatch(/<\w+:/);
    expect(modelsOf(resourcesOf(f, unprefixed), account)).toEqual(expected);
  });

  it('which dialects are offered follows the DAV header tokens of the account', () => {
    const r = resourceAt(listing06(), aliceDefault);
    const noCs = cyrusAccount('alice', { capabilities: davTokens(loadCyrus('05').response.headers) });
    expect(noCs.capabilities).not.toContain('calendarserver-sharing');
    expect(toCollection(r, noCs, false)!.dialects).toEqual(['dav']);
    const csOnly = cyrusAccount('alice', { capabilities: ['calendarserver-sharing'] });
    expect(toCollection(r, csOnly, false)!.dialects).toEqual(['cs']);
    const none = cyrusAccount('alice', { capabilities: ['1', '2', '3'] });
    expect(toCollection(r, none, false)).toMatchObject({ dialects: [], canShare: false });
    // An account whose capabilities were never read trusts what the collection says.
    expect(toCollection(r, cyrusAccount('alice', { capabilities: [] }), false)!.dialects).toEqual(['dav', 'cs']);
  });
});

describe('sabre/dav 4.7', () => {
  const aliceDefault = `${S}/calendars/alice/default/`;
  // As sabre lists her among the sharees; as the owner of her own calendar she is DAV:owner, the same principal.
  const sabreAlice = { address: `${S}/principals/alice` };
  const aliceOwner = { address: `${S}/principals/alice/` };

  it("014: the owner's calendar; sabre's owner entry in D:invite is the owner, not a sharee", () => {
    const models = modelsOf(resourcesOf(loadSabre('014')), sabreAccount('alice'));
    expect([...models.keys()]).toEqual([aliceDefault]);
    expect(models.get(aliceDefault)).toEqual({
      url: aliceDefault,
      name: "Alice's calendar",
      kind: 'calendar',
      access: 'shared-owner',
      dialects: ['dav', 'cs'],
      sharees: [
        { address: 'mailto:bob@example.org', name: 'Bob B.', access: 'read-write', status: 'accepted' },
        { address: 'mailto:carol@example.org', name: 'Carol C.', access: 'read', status: 'accepted' },
      ],
      shareesVisible: true,
      canShare: true,
      owner: aliceOwner,
    });
  });

  it.each([
    ['009', []],
    ['012', [['mailto:bob@example.org', 'read-write']]],
    ['030', [['mailto:bob@example.org', 'read-write']]],
    [
      '032',
      [
        ['mailto:bob@example.org', 'read-write'],
        ['mailto:carol@example.org', 'read-write'],
      ],
    ],
    ['035', [['mailto:carol@example.org', 'read-write']]],
    ['039', []],
  ])('%s: the owner sees exactly the sharees other than herself', (id, sharees) => {
    const c = only(resourcesOf(loadSabre(id)), aliceDefault, sabreAccount('alice'));
    expect(c.sharees.map((s) => [s.address, s.access])).toEqual(sharees);
    expect(c.sharees.every((s) => s.status === 'accepted')).toBe(true);
    // sabre says shared-owner even on a calendar nobody else has: the model says not-shared then.
    expect(c.access).toBe(sharees.length === 0 ? 'not-shared' : 'shared-owner');
    expect(c).toMatchObject({ owner: aliceOwner, canShare: true, dialects: ['dav', 'cs'], shareesVisible: true });
    expect(c.sharedBy).toBeUndefined();
    expect(c.originalUrl).toBeUndefined();
  });

  const bobCopy = `${S}/calendars/bob/201e0b7d-255a-48d2-b5ee-25244df915a4/`;

  it("016: bob's copy; D:owner names bob, the sharer comes from the invite list", () => {
    const resources = resourcesOf(loadSabre('016'));
    expect(resourceAt(resources, bobCopy).props.get('{DAV:}owner')?.children[0]?.text).toBe('/principals/bob/');
    const models = modelsOf(resources, sabreAccount('bob'));
    expect([...models.keys()]).toEqual([bobCopy, `${S}/calendars/bob/default/`]);
    expect(models.get(bobCopy)).toEqual({
      url: bobCopy,
      name: "Alice's calendar",
      kind: 'calendar',
      description: 'Default calendar of Alice Archer',
      access: 'read-write',
      dialects: [],
      sharees: [
        { address: 'mailto:bob@example.org', name: 'Bob B.', access: 'read-write', status: 'accepted' },
        { address: 'mailto:carol@example.org', name: 'Carol C.', access: 'read', status: 'accepted' },
      ],
      shareesVisible: true,
      canShare: false,
      owner: sabreAlice,
      sharedBy: sabreAlice,
    });
    expect(models.get(`${S}/calendars/bob/default/`)).toEqual({
      url: `${S}/calendars/bob/default/`,
      name: "Bob's calendar",
      kind: 'calendar',
      description: 'Default calendar of Bob Baker',
      access: 'not-shared',
      dialects: ['dav', 'cs'],
      sharees: [],
      shareesVisible: true,
      canShare: true,
      owner: { address: `${S}/principals/bob/` },
    });
  });

  it("026: carol's read-only copy", () => {
    const url = `${S}/calendars/carol/7749003f-7dd1-433f-8159-0cda65f14d1a/`;
    const c = only(resourcesOf(loadSabre('026')), url, sabreAccount('carol'));
    expect(c).toMatchObject({ access: 'read', canShare: false, dialects: [], owner: sabreAlice, sharedBy: sabreAlice });
    expect(c.sharees.map((s) => s.address)).toEqual(['mailto:bob@example.org', 'mailto:carol@example.org']);
  });

  it('016 with share-access written as text gives the same model', () => {
    const f = loadSabre('016');
    const text = f.response.body.replace('<d:share-access><d:read-write/></d:share-access>', '<d:share-access>read-write</d:share-access>');
    expect(text).not.toBe(f.response.body);
    const account = sabreAccount('bob');
    expect(modelsOf(resourcesOf(f, text), account)).toEqual(modelsOf(resourcesOf(f), account));
    const asRead = f.response.body.replace(
      '<d:share-access><d:read-write/></d:share-access>',
      '<d:share-access> {DAV:}read </d:share-access>',
    );
    expect(modelsOf(resourcesOf(f, asRead), account).get(bobCopy)!.access).toBe('read');
  });

  it('014 with other prefixes gives the same model', () => {
    const f = loadSabre('014');
    const account = sabreAccount('alice');
    const renamed = renamePrefixes(f.response.body, { d: 'cs', cs: 'd', cal: 'card', card: 'cal', s: 'q' });
    expect(modelsOf(resourcesOf(f, renamed), account)).toEqual(modelsOf(resourcesOf(f), account));
  });

  it('045 / 048: address books cannot be shared on sabre', () => {
    const alice = modelsOf(resourcesOf(loadSabre('045')), sabreAccount('alice'));
    expect([...alice.values()]).toEqual([
      {
        url: `${S}/addressbooks/alice/default/`,
        name: "Alice's contacts",
        kind: 'addressbook',
        access: 'not-shared',
        dialects: [],
        sharees: [],
        shareesVisible: true,
        canShare: false,
        owner: { address: `${S}/principals/alice/` },
      },
    ]);
    const bob = modelsOf(resourcesOf(loadSabre('048')), sabreAccount('bob'));
    expect([...bob.values()]).toEqual([
      {
        url: `${S}/addressbooks/bob/default/`,
        name: "Bob's contacts",
        kind: 'addressbook',
        access: 'not-shared',
        dialects: [],
        sharees: [],
        shareesVisible: true,
        canShare: false,
      },
    ]);
  });
});

describe('Nextcloud (OC:, small hand-written documents; nextcloud-29.test.ts has the recorded ones)', () => {
  const NC = 'https://cloud.example.com';
  const tokens = davTokens(
    new Headers({
      DAV: '1, 3, extended-mkcol, access-control, calendarserver-principal-property-search, oc-resource-sharing, oc-calendar-publishing, calendarserver-sharing, calendar-access, addressbook, nextcloud-checksum-update',
    }),
  );
  const account = (user: string): Account => ({
    id: `nc-${user}`,
    label: user,
    serverUrl: `${NC}/`,
    username: user,
    principalUrl: `${NC}/remote.php/dav/principals/users/${user}/`,
    displayName: user,
    addresses: [`mailto:${user}@example.com`],
    calendarHomes: [`${NC}/remote.php/dav/calendars/${user}/`],
    addressbookHomes: [],
    folders: [],
    capabilities: tokens,
    dialects: ['oc'],
    approvedOrigins: [],
  });
  const listing = (href: string, props: string) => {
    const body =
      '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.com/ns" xmlns:x1="http://apple.com/ns/ical/">' +
      `<d:response><d:href>${href}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>` +
      '<d:propstat><d:prop><d:share-access/><d:invite/><d:sharer-resource-uri/><d:share-resource-uri/><cs:invite/><cs:shared-url/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat></d:response></d:multistatus>';
    return parseMultistatus(body, `${NC}${href}`)[0]!;
  };

  it('the owner: OC:invite sharees, OC: as the only dialect (never CS:, though advertised and can-be-shared), publishing', () => {
    expect(tokens).toEqual(expect.arrayContaining(['oc-resource-sharing', 'calendarserver-sharing']));
    const r = listing(
      '/remote.php/dav/calendars/alice/personal/',
      '<d:resourcetype><d:collection/><cal:calendar/></d:resourcetype><d:displayname>Personal</d:displayname>' +
        '<d:owner><d:href>/remote.php/dav/principals/users/alice/</d:href></d:owner>' +
        '<d:current-user-privilege-set><d:privilege><d:all/></d:privilege></d:current-user-privilege-set>' +
        '<x1:calendar-color>#0082C9</x1:calendar-color><cal:calendar-description>Work &amp; more</cal:calendar-description>' +
        '<oc:invite><oc:user><d:href>principal:principals/users/bob</d:href><oc:common-name>Bob</oc:common-name><oc:invite-accepted/><oc:access><oc:read-write/></oc:access></oc:user>' +
        '<oc:user><d:href>principal:principals/groups/staff</d:href><oc:common-name>staff</oc:common-name><oc:invite-accepted/><oc:access><oc:read/></oc:access></oc:user></oc:invite>' +
        '<oc:owner-principal>principals/users/alice</oc:owner-principal><nc:owner-displayname>Alice</nc:owner-displayname>' +
        '<cs:allowed-sharing-modes><cs:can-be-shared/><cs:can-be-published/></cs:allowed-sharing-modes>' +
        '<cs:publish-url><d:href>https://cloud.example.com/remote.php/dav/public-calendars/Xy12</d:href></cs:publish-url>',
    );
    expect(toCollection(r, account('alice'), false)).toEqual({
      url: `${NC}/remote.php/dav/calendars/alice/personal/`,
      name: 'Personal',
      kind: 'calendar',
      color: '#0082c9',
      description: 'Work & more',
      access: 'shared-owner',
      dialects: ['oc'],
      sharees: [
        { address: 'principal:principals/users/bob', name: 'Bob', access: 'read-write', status: 'accepted', type: 'individual' },
        { address: 'principal:principals/groups/staff', name: 'staff', access: 'read', status: 'accepted', type: 'group' },
      ],
      shareesVisible: true,
      canShare: true,
      owner: { address: `${NC}/remote.php/dav/principals/users/alice/`, name: 'Alice' },
      publish: { available: true, url: 'https://cloud.example.com/remote.php/dav/public-calendars/Xy12' },
    });
  });

  it('an unshared calendar of the owner: not-shared, OC: only', () => {
    const r = listing(
      '/remote.php/dav/calendars/alice/personal/',
      '<d:resourcetype><d:collection/><cal:calendar/></d:resourcetype><oc:invite/><oc:owner-principal>principals/users/alice</oc:owner-principal>' +
        '<cs:allowed-sharing-modes><cs:can-be-shared/></cs:allowed-sharing-modes>',
    );
    expect(toCollection(r, account('alice'), false)).toMatchObject({
      name: 'personal',
      access: 'not-shared',
      dialects: ['oc'],
      canShare: true,
      sharees: [],
    });
  });

  it("the sharee's copy: owner from OC:owner-principal, the level from privileges, no dialects, publishing not offered, the list hidden", () => {
    const r = listing(
      '/remote.php/dav/calendars/bob/personal_shared_by_alice/',
      '<d:resourcetype><d:collection/><cal:calendar/></d:resourcetype><d:displayname>Personal (Alice)</d:displayname>' +
        '<d:owner><d:href>/remote.php/dav/principals/users/alice/</d:href></d:owner>' +
        '<d:current-user-privilege-set><d:privilege><d:read/></d:privilege><d:privilege><d:write-properties/></d:privilege></d:current-user-privilege-set>' +
        '<oc:invite/><oc:owner-principal>principals/users/alice</oc:owner-principal><nc:owner-displayname>Alice</nc:owner-displayname>' +
        '<cs:allowed-sharing-modes><cs:can-be-published/></cs:allowed-sharing-modes>',
    );
    expect(toCollection(r, account('bob'), false)).toEqual({
      url: `${NC}/remote.php/dav/calendars/bob/personal_shared_by_alice/`,
      name: 'Personal (Alice)',
      kind: 'calendar',
      access: 'read',
      dialects: [],
      sharees: [],
      shareesVisible: false,
      canShare: false,
      owner: { address: `${NC}/remote.php/dav/principals/users/alice/`, name: 'Alice' },
      sharedBy: { address: `${NC}/remote.php/dav/principals/users/alice/`, name: 'Alice' },
      publish: { available: false },
    });
  });
});

describe('Apple CalendarServer (CS: only, written from PROTOCOL.md §4.1)', () => {
  const A = 'https://apple.example.com';
  const account: Account = {
    id: 'apple-bob',
    label: 'bob',
    serverUrl: `${A}/`,
    username: 'bob',
    principalUrl: `${A}/principals/__uids__/B2C3D4E5/`,
    displayName: 'Bob',
    addresses: ['mailto:bob@example.net'],
    calendarHomes: [`${A}/calendars/__uids__/B2C3D4E5/`],
    addressbookHomes: [],
    folders: [],
    capabilities: ['calendar-access', 'calendarserver-sharing'],
    dialects: ['cs'],
    approvedOrigins: [],
  };

  it("a sharee's copy: CS:shared, organizer as the sharer (D:owner too), level from privileges", () => {
    const body =
      '<D:multistatus xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:response><D:href>/calendars/__uids__/B2C3D4E5/7f9c2b1e-team/</D:href><D:propstat><D:prop>' +
      '<D:resourcetype><D:collection/><C:calendar/><CS:shared/></D:resourcetype><D:displayname>Alice&apos;s team</D:displayname>' +
      '<D:owner><D:href>/principals/__uids__/A1B2C3D4/</D:href></D:owner>' +
      '<D:current-user-privilege-set><D:privilege><D:read/></D:privilege></D:current-user-privilege-set>' +
      '<CS:invite><CS:organizer><D:href>/principals/__uids__/A1B2C3D4/</D:href><CS:common-name>Alice Example</CS:common-name></CS:organizer>' +
      '<CS:user><D:href>urn:x-uid:B2C3D4E5</D:href><CS:common-name>Bob Example</CS:common-name><CS:access><CS:read/></CS:access><CS:invite-accepted/></CS:user></CS:invite>' +
      '<CS:shared-url><D:href>/calendars/__uids__/A1B2C3D4/team/</D:href></CS:shared-url>' +
      '</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>';
    const [r] = parseMultistatus(body, `${A}/calendars/__uids__/B2C3D4E5/`);
    const alice = { address: `${A}/principals/__uids__/A1B2C3D4/`, name: 'Alice Example' };
    expect(toCollection(r!, account, false)).toEqual({
      url: `${A}/calendars/__uids__/B2C3D4E5/7f9c2b1e-team/`,
      name: "Alice's team",
      kind: 'calendar',
      access: 'read',
      dialects: [],
      sharees: [{ address: 'urn:x-uid:B2C3D4E5', name: 'Bob Example', access: 'read', status: 'accepted' }],
      shareesVisible: true,
      canShare: false,
      owner: alice,
      sharedBy: alice,
      originalUrl: `${A}/calendars/__uids__/A1B2C3D4/team/`,
    });
  });
});

describe('kinds, names and decoration', () => {
  const inline = (props: string, href = '/dav/c/') => {
    const body = `<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav" xmlns:CS="http://calendarserver.org/ns/" xmlns:A="http://apple.com/ns/ical/"><D:response><D:href>${href}</D:href><D:propstat><D:prop>${props}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>`;
    return parseMultistatus(body, `${C}${href}`)[0]!;
  };
  const alice = cyrusAccount('alice');

  it('a plain collection is a folder only where folders are listed', () => {
    const r = inline('<D:resourcetype><D:collection/></D:resourcetype><D:displayname>Files</D:displayname>');
    expect(toCollection(r, alice, false)).toBeUndefined();
    expect(toCollection(r, alice, true)).toMatchObject({ kind: 'folder', name: 'Files', access: 'not-shared', canShare: false });
  });

  it.each([
    ['a scheduling inbox', '<D:collection/><C:schedule-inbox/>'],
    ['a scheduling outbox', '<D:collection/><C:schedule-outbox/>'],
    ['a DAV: notification collection', '<D:collection/><D:notifications/>'],
    ['a CS: notification collection', '<D:collection/><CS:notification/>'],
    ['an Apple notifications collection', '<D:collection/><CS:notifications/>'],
    ['a principal', '<D:collection/><D:principal/>'],
    ['a webcal subscription', '<D:collection/><CS:subscribed/>'],
    ['a plain resource', ''],
  ])('%s is never a collection to share', (_label, types) => {
    const r = inline(`<D:resourcetype>${types}</D:resourcetype><D:share-access><D:not-shared/></D:share-access>`);
    expect(toCollection(r, alice, true)).toBeUndefined();
  });

  it('no displayname: the last path segment, decoded', () => {
    const r = inline('<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>', '/dav/calendars/user/alice/Team%20Caf%C3%A9/');
    expect(toCollection(r, alice, false)!.name).toBe('Team Café');
  });

  it('colour and description: valid colours lower-cased, anything else dropped', () => {
    const ok = inline(
      '<D:resourcetype><D:collection/><C:calendar/></D:resourcetype><A:calendar-color>#FF0000FF</A:calendar-color><C:calendar-description> Work </C:calendar-description>',
    );
    expect(toCollection(ok, alice, false)).toMatchObject({ color: '#ff0000ff', description: 'Work' });
    const bad = inline(
      '<D:resourcetype><D:collection/><C:calendar/></D:resourcetype><A:calendar-color>red; background:url(x)</A:calendar-color>',
    );
    expect(toCollection(bad, alice, false)!.color).toBeUndefined();
    const ab = inline(
      '<D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype><CR:addressbook-description>People</CR:addressbook-description>',
    );
    expect(toCollection(ab, alice, false)).toMatchObject({ kind: 'addressbook', description: 'People' });
  });

  it('an unusable D:owner href is ignored, not thrown', () => {
    const r = inline(
      '<D:resourcetype><D:collection/><C:calendar/></D:resourcetype><D:owner><D:href>http://[not a host/</D:href></D:owner>',
    );
    const c = toCollection(r, alice, false)!;
    expect(c.owner).toBeUndefined();
    expect(c.access).toBe('not-shared');
  });

  it("someone else's collection without any sharing property is read-only by default", () => {
    const r = inline(
      '<D:resourcetype><D:collection/><C:calendar/></D:resourcetype><D:owner><D:href>/dav/principals/user/zed/</D:href></D:owner>',
    );
    expect(toCollection(r, alice, false)).toMatchObject({
      access: 'read',
      sharedBy: { address: `${C}/dav/principals/user/zed/` },
      canShare: false,
      dialects: [],
    });
  });
});
