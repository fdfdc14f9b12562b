// Dialect B (CS: calendarserver sharing): the CS:share body, publishing bodies, and read() of
// CS:invite / CS:allowed-sharing-modes / CS:shared-url / resourcetype as sabre and Cyrus send them.

import { describe, expect, it } from 'vitest';
import { DIALECTS, type ShareChange } from '../../electron/dav/dialects';
import { csDialect } from '../../electron/dav/dialects/cs';
import { TEXT_XML } from '../../electron/dav/dialects/cs-shape';
import { canWrite } from '../../electron/dav/dialects/user-privileges';
import { parseMultistatus, type DavResource } from '../../electron/dav/multistatus';
import { NS, parseXml } from '../../electron/dav/xml';
import { loadCyrus, loadSabre, overlay, parsedTree, resourceAt, resourcesOf, tree, type Tree } from '../support/dav-fixtures';

const DECL = '<?xml version="1.0" encoding="utf-8"?>\n';
const CAL = 'http://127.0.0.1:8580/dav/calendars/user/alice/Default/';

describe('csDialect.buildShare', () => {
  it('is the CS: dialect, advertised by the calendarserver-sharing token', () => {
    expect(csDialect.id).toBe('cs');
    expect(csDialect.token).toBe('calendarserver-sharing');
    expect(DIALECTS.cs).toBe(csDialect);
    expect(csDialect.properties).toEqual([
      [NS.CS, 'invite'],
      [NS.CS, 'allowed-sharing-modes'],
      [NS.CS, 'shared-url'],
      [NS.CS, 'publish-url'],
    ]);
  });

  it('invites several people: common name when known, the comment as summary, text/xml', () => {
    const { contentType, body } = csDialect.buildShare(
      [
        { address: 'mailto:bob@example.com', access: 'read-write', name: 'Bob Example' },
        { address: '/dav/principals/user/carol/', access: 'read' },
      ],
      { collectionName: 'Team', comment: 'Team schedule for Q3' },
    );
    expect(contentType).toBe('text/xml; charset=utf-8');
    expect(contentType).toBe(TEXT_XML);
    expect(body).toBe(
      DECL +
        '<CS:share xmlns:CS="http://calendarserver.org/ns/" xmlns:D="DAV:">' +
        '<CS:set><D:href>mailto:bob@example.com</D:href><CS:common-name>Bob Example</CS:common-name><CS:summary>Team schedule for Q3</CS:summary><CS:read-write/></CS:set>' +
        '<CS:set><D:href>/dav/principals/user/carol/</D:href><CS:summary>Team schedule for Q3</CS:summary><CS:read/></CS:set>' +
        '</CS:share>',
    );
  });

  it('always sends a summary (Apple refuses a CS:set without one): the collection name stands in', () => {
    const { body } = csDialect.buildShare([{ address: 'mailto:bob@example.com', access: 'read' }], { collectionName: 'Team & Co' });
    expect(body).toBe(
      DECL +
        '<CS:share xmlns:CS="http://calendarserver.org/ns/" xmlns:D="DAV:"><CS:set><D:href>mailto:bob@example.com</D:href><CS:summary>Team &amp; Co</CS:summary><CS:read/></CS:set></CS:share>',
    );
  });

  it('changes access with another CS:set', () => {
    const { contentType, body } = csDialect.buildShare([{ address: 'mailto:dave@example.com', access: 'read' }], {
      collectionName: 'personal',
    });
    expect(contentType).toBe('text/xml; charset=utf-8');
    expect(body).toBe(
      DECL +
        '<CS:share xmlns:CS="http://calendarserver.org/ns/" xmlns:D="DAV:"><CS:set><D:href>mailto:dave@example.com</D:href><CS:summary>personal</CS:summary><CS:read/></CS:set></CS:share>',
    );
  });

  it('revokes with CS:remove carrying the href only', () => {
    const { contentType, body } = csDialect.buildShare(
      [
        { address: 'mailto:dave@example.com', access: 'none', name: 'Dave' },
        { address: 'mailto:carol@example.com', access: 'none' },
      ],
      { collectionName: 'personal', comment: 'bye' },
    );
    expect(contentType).toBe('text/xml; charset=utf-8');
    expect(body).toBe(
      DECL +
        '<CS:share xmlns:CS="http://calendarserver.org/ns/" xmlns:D="DAV:">' +
        '<CS:remove><D:href>mailto:dave@example.com</D:href></CS:remove>' +
        '<CS:remove><D:href>mailto:carol@example.com</D:href></CS:remove>' +
        '</CS:share>',
    );
  });

  describe('matches what the recorded clients sent', () => {
    it.each([
      [
        'Cyrus 38: set dave read-write with a common name and summary',
        () => loadCyrus('38'),
        [{ address: 'mailto:dave@example.com', access: 'read-write', name: 'Dave' }],
        'CS-style invite',
      ],
      ['Cyrus 41: remove dave', () => loadCyrus('41'), [{ address: 'mailto:dave@example.com', access: 'none' }], undefined],
      [
        'sabre 013: set carol read',
        () => loadSabre('013'),
        [{ address: 'mailto:carol@example.org', access: 'read', name: 'Carol C.' }],
        'FYI, read only',
      ],
      ['sabre 038: remove carol', () => loadSabre('038'), [{ address: 'mailto:carol@example.org', access: 'none' }], undefined],
    ] as [string, () => ReturnType<typeof loadCyrus>, ShareChange[], string | undefined][])('%s', (_label, load, changes, comment) => {
      const fixture = load();
      const ours = csDialect.buildShare(
        changes,
        comment === undefined ? { collectionName: 'personal' } : { collectionName: 'personal', comment },
      );
      expect(parsedTree(ours.body)).toEqual(parsedTree(fixture.request.body));
      // Cyrus took text/xml; sabre took application/xml; ours is the one type all servers accept.
      expect(['text/xml', 'application/xml']).toContain(fixture.request.headers.get('content-type')!.split(';')[0]);
      expect(ours.contentType).toBe('text/xml; charset=utf-8');
    });

    it('sabre 047 (address book): the same, plus the summary the recorded client left out', () => {
      const fixture = parsedTree(loadSabre('047').request.body);
      const ours = parsedTree(
        csDialect.buildShare([{ address: 'mailto:bob@example.org', access: 'read' }], { collectionName: "Alice's contacts" }).body,
      );
      const withoutSummary = (t: Tree): Tree => ({ ...t, children: t.children.filter((c) => c.name !== 'summary').map(withoutSummary) });
      expect(withoutSummary(ours)).toEqual(fixture);
      expect(ours.children[0]!.children.find((c) => c.name === 'summary')?.text).toBe("Alice's contacts");
    });
  });
});

describe('publishing (buildPublish)', () => {
  it('publish and unpublish are empty CS: roots sent as text/xml', () => {
    expect(csDialect.buildPublish?.(true)).toEqual({
      contentType: 'text/xml; charset=utf-8',
      body: DECL + '<CS:publish-calendar xmlns:CS="http://calendarserver.org/ns/"/>',
    });
    expect(csDialect.buildPublish?.(false)).toEqual({
      contentType: 'text/xml; charset=utf-8',
      body: DECL + '<CS:unpublish-calendar xmlns:CS="http://calendarserver.org/ns/"/>',
    });
  });
});

describe('csDialect.read', () => {
  it('Cyrus owner, unshared: empty list, shareable, no type marker, so no access of its own', () => {
    const r = resourceAt(resourcesOf(loadCyrus('06')), CAL);
    expect(csDialect.read(r, r.url)).toEqual({ sharees: [], shareable: true, publishable: false });
  });

  it('Cyrus owner, shared: the CS:invite list in its own order', () => {
    const r = resourceAt(resourcesOf(loadCyrus('11')), CAL);
    expect(csDialect.read(r, r.url)).toEqual({
      sharees: [
        { address: 'mailto:dave@example.com', access: 'read', status: 'pending' },
        { address: 'mailto:bob@example.com', access: 'read-write', status: 'pending' },
        { address: 'mailto:carol@example.com', access: 'read', status: 'pending' },
      ],
    });
  });

  it('Cyrus: accepted and declined statuses (39)', () => {
    const r = resourceAt(resourcesOf(loadCyrus('39')), CAL);
    expect(csDialect.read(r, r.url)!.sharees).toEqual([
      { address: 'mailto:dave@example.com', access: 'read-write', status: 'declined' },
      { address: 'mailto:bob@example.com', access: 'read', status: 'accepted' },
    ]);
  });

  it('Cyrus sharee copy: CS:shared-url is the original; without privileges the level is unknown', () => {
    const r = resourceAt(resourcesOf(loadCyrus('17')), 'http://127.0.0.1:8580/dav/calendars/user/bob/alice.Default/');
    expect(csDialect.read(r, r.url)).toEqual({
      sharees: [{ address: 'mailto:bob@example.com', access: 'read-write', status: 'accepted' }],
      originalUrl: 'http://127.0.0.1:8580/dav/calendars/user/alice/Default/',
    });
  });

  it('sabre owner view: organizer is the owner, CS:shared-owner with sharees is shared', () => {
    const r = resourceAt(resourcesOf(loadSabre('014')), 'http://127.0.0.1:8411/calendars/alice/default/');
    expect(csDialect.read(r, r.url)).toEqual({
      access: 'shared-owner',
      owner: { address: 'http://127.0.0.1:8411/principals/alice' },
      sharees: [
        { address: 'mailto:bob@example.org', name: 'Bob B.', access: 'read-write', status: 'accepted' },
        { address: 'mailto:carol@example.org', name: 'Carol C.', access: 'read', status: 'accepted' },
      ],
      shareable: true,
      publishable: false,
    });
  });

  it('sabre: CS:shared-owner on a calendar nobody else has is not-shared', () => {
    const r = resourceAt(resourcesOf(loadSabre('039')), 'http://127.0.0.1:8411/calendars/alice/default/');
    expect(csDialect.read(r, r.url)).toMatchObject({ access: 'not-shared', sharees: [] });
  });

  it('sabre sharee copies: CS:shared, the level from current-user-privilege-set', () => {
    const carol = resourceAt(resourcesOf(loadSabre('026')), 'http://127.0.0.1:8411/calendars/carol/7749003f-7dd1-433f-8159-0cda65f14d1a/');
    expect(csDialect.read(carol, carol.url)).toMatchObject({
      access: 'read',
      owner: { address: 'http://127.0.0.1:8411/principals/alice' },
      shareable: true,
    });
    const bob = resourceAt(resourcesOf(loadSabre('016')), 'http://127.0.0.1:8411/calendars/bob/201e0b7d-255a-48d2-b5ee-25244df915a4/');
    expect(csDialect.read(bob, bob.url)).toMatchObject({
      access: 'read-write',
      owner: { address: 'http://127.0.0.1:8411/principals/alice' },
    });
  });

  it('nothing to say about a collection without CS: properties', () => {
    const ab = resourceAt(resourcesOf(loadCyrus('48')), 'http://127.0.0.1:8580/dav/addressbooks/user/bob/alice.Default/');
    expect(csDialect.read(ab, ab.url)).toBeUndefined();
  });

  function readInline(props: string): ReturnType<typeof csDialect.read> {
    const body = `<D:multistatus xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:response><D:href>/cal/c/</D:href><D:propstat><D:prop>${props}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>`;
    const [r] = parseMultistatus(body, 'https://h/cal/c/');
    return csDialect.read(r!, r!.url);
  }

  it('reads Apple-style entries: organizer with a common name, CS:uid, CS:invite-deleted, text access', () => {
    const view = readInline(
      '<CS:invite>' +
        '<CS:organizer><D:href>/principals/__uids__/A1/</D:href><CS:common-name>Alice Example</CS:common-name></CS:organizer>' +
        '<CS:user><CS:uid>u1</CS:uid><D:href>urn:x-uid:B2</D:href><CS:common-name>Bob Example</CS:common-name><CS:access><CS:read/></CS:access><CS:invite-accepted/></CS:user>' +
        '<CS:user><D:href>urn:x-uid:C3</D:href><CS:access>read-write</CS:access><CS:invite-deleted/><CS:summary>old</CS:summary></CS:user>' +
        '<CS:user><D:href>urn:x-uid:D4</D:href><CS:access><CS:no-access/></CS:access><CS:invite-noresponse/></CS:user>' +
        '<CS:user><CS:access><CS:read/></CS:access></CS:user>' +
        '</CS:invite>' +
        '<D:resourcetype><D:collection/><C:calendar/><CS:shared/></D:resourcetype>' +
        '<D:current-user-privilege-set><D:privilege><D:read/></D:privilege><D:privilege><D:write-content/></D:privilege></D:current-user-privilege-set>',
    );
    expect(view).toEqual({
      owner: { address: 'https://h/principals/__uids__/A1/', name: 'Alice Example' },
      sharees: [
        { address: 'urn:x-uid:B2', name: 'Bob Example', access: 'read', status: 'accepted' },
        { address: 'urn:x-uid:C3', comment: 'old', access: 'read-write', status: 'declined' },
      ],
      access: 'read-write',
    });
  });

  it('a 403 on CS:invite hides the list', () => {
    const r: DavResource = { url: 'http://h/c/', props: new Map(), failed: new Map([['{http://calendarserver.org/ns/}invite', 403]]) };
    expect(csDialect.read(r, r.url)).toEqual({ shareesHidden: true });
  });

  it('publishing: can-be-published, and a publish URL as href or (older Nextcloud) as text', () => {
    expect(
      readInline(
        '<CS:allowed-sharing-modes><CS:can-be-shared/><CS:can-be-published/></CS:allowed-sharing-modes><CS:publish-url><D:href>https://h/public-calendars/tok</D:href></CS:publish-url>',
      ),
    ).toEqual({ shareable: true, publishable: true, publishUrl: 'https://h/public-calendars/tok' });
    expect(readInline('<CS:allowed-sharing-modes/><CS:publish-url>/public-calendars/tok2</CS:publish-url>')).toEqual({
      shareable: false,
      publishable: false,
      publishUrl: 'https://h/public-calendars/tok2',
    });
  });

  it('a relative CS:shared-url resolves against the collection', () => {
    expect(readInline('<CS:shared-url><D:href>/cal/alice/team/</D:href></CS:shared-url>')).toEqual({
      originalUrl: 'https://h/cal/alice/team/',
    });
  });

  it('arbitrary prefixes read the same (Cyrus 11 with its prefixes renamed)', () => {
    const f = loadCyrus('11');
    const renamed = f.response.body
      .replace(/(<\/?)CS:/g, '$1apple:')
      .replace(/xmlns:CS=/g, 'xmlns:apple=')
      .replace(/(<\/?)D:/g, '$1CS:')
      .replace(/xmlns:D=/g, 'xmlns:CS=');
    const a = resourceAt(parseMultistatus(f.response.body, f.request.url), CAL);
    const b = resourceAt(parseMultistatus(renamed, f.request.url), CAL);
    expect(csDialect.read(b, b.url)).toEqual(csDialect.read(a, a.url));
    expect(csDialect.read(b, b.url)!.sharees).toHaveLength(3);
  });
});

describe('canWrite', () => {
  const withPrivileges = (xml: string | undefined): DavResource => ({
    url: 'http://h/c/',
    props: new Map(
      xml === undefined
        ? []
        : [
            [
              '{DAV:}current-user-privilege-set',
              parseXml(`<D:current-user-privilege-set xmlns:D="DAV:">${xml}</D:current-user-privilege-set>`),
            ],
          ],
    ),
    failed: new Map(),
  });

  it.each([
    ['<D:privilege><D:write/></D:privilege>', true],
    ['<D:privilege><D:write-content/></D:privilege>', true],
    ['<D:privilege><D:all/></D:privilege>', true],
    ['<D:privilege><D:read/></D:privilege><D:privilege><D:write-properties/></D:privilege>', false],
    ['<D:privilege><X:write xmlns:X="urn:x"/></D:privilege>', false],
    ['', false],
  ])('%s → %s', (xml, expected) => {
    expect(canWrite(withPrivileges(xml))).toBe(expected);
  });

  it('undefined when the server did not say', () => {
    expect(canWrite(withPrivileges(undefined))).toBeUndefined();
  });

  it('on recorded sabre collections: bob may write his copy, carol may not write hers', () => {
    expect(
      canWrite(resourceAt(resourcesOf(loadSabre('016')), 'http://127.0.0.1:8411/calendars/bob/201e0b7d-255a-48d2-b5ee-25244df915a4/')),
    ).toBe(true);
    expect(
      canWrite(resourceAt(resourcesOf(loadSabre('026')), 'http://127.0.0.1:8411/calendars/carol/7749003f-7dd1-433f-8159-0cda65f14d1a/')),
    ).toBe(false);
  });
});

describe('overlay helper sanity', () => {
  it('keeps the listing properties and takes the later ones', () => {
    const merged = overlay(resourceAt(resourcesOf(loadCyrus('06')), CAL), resourceAt(resourcesOf(loadCyrus('11')), CAL));
    expect(tree(merged.props.get('{DAV:}resourcetype')!).children.map((c) => c.name)).toEqual(['collection', 'calendar']);
    expect(merged.props.get('{http://calendarserver.org/ns/}invite')!.children).toHaveLength(3);
  });
});
