// toCollection() on Cyrus 3.6's recorded collections (test/fixtures/cyrus-3.6): every dialect's
// view merged into the one model, with each Cyrus quirk the traces show (docs/servers.md).

import { describe, expect, it } from 'vitest';
import type { Collection } from '../../shared/model';
import { toCollection } from '../../electron/dav/collections';
import { davTokens } from '../../electron/dav/http';
import { parseMultistatus, type DavResource } from '../../electron/dav/multistatus';
import { NS, clark, parseXml } from '../../electron/dav/xml';
import {
  collectionModels,
  cutElement,
  CYRUS_ORIGIN,
  cyrusAccount,
  loadCyrus,
  overlay,
  renamePrefixes,
  resourceAt,
  resourcesOf,
  responseBlock,
  writeWithDefaultNamespaces,
} from '../support/dav-fixtures';

const C = CYRUS_ORIGIN;
const alicePrincipal = { address: `${C}/dav/principals/user/alice/` };
const bobPrincipal = { address: `${C}/dav/principals/user/bob/` };

describe('Cyrus 3.6', () => {
  const aliceDefault = `${C}/dav/calendars/user/alice/Default/`;
  const listing06 = () => resourcesOf(loadCyrus('06'));

  it('06: of a calendar home only the calendar is a collection; home, inbox, outbox and notifications are not', () => {
    const models = collectionModels(listing06(), cyrusAccount('alice'));
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
    const models = collectionModels(resourcesOf(loadCyrus('07')), cyrusAccount('alice'));
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
    const models = collectionModels(resourcesOf(loadCyrus('17')), cyrusAccount('bob'));
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

  it('17 with D:invite and CS:invite refused (403, as servers answer sharees): the list is not visible', () => {
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
    const models = collectionModels(resourcesOf(loadCyrus('48')), cyrusAccount('bob'));
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
    const models = collectionModels(resourcesOf(loadCyrus('34')), cyrusAccount('carol'));
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
    const expected = collectionModels(resourcesOf(f), account);
    const renamed = renamePrefixes(f.response.body, { D: 'dav', C: 'D', A: 'x', CS: 'C' });
    expect(renamed).toContain('<dav:multistatus xmlns:dav="DAV:" xmlns:D="urn:ietf:params:xml:ns:caldav"');
    expect(collectionModels(resourcesOf(f, renamed), account)).toEqual(expected);
    const unprefixed = writeWithDefaultNamespaces(parseXml(f.response.body));
    expect(unprefixed).not.toMatch(/<\w+:/);
    expect(collectionModels(resourcesOf(f, unprefixed), account)).toEqual(expected);
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
