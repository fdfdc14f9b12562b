// toCollection(): every dialect's view of a collection merged into the one model the UI shows
// (the kinds, names and decoration every server shares), and the PROPFIND body that asks for all
// of it. Each server's recorded collections and quirks have a file of their own:
// collections-cyrus, collections-sabre, collections-nextcloud, collections-apple.

import { describe, expect, it } from 'vitest';
import { COLLECTION_PROPERTIES, toCollection } from '../../electron/dav/collections';
import { DIALECTS, DIALECT_ORDER } from '../../electron/dav/dialects';
import { parseMultistatus } from '../../electron/dav/multistatus';
import { propfindBody } from '../../electron/dav/propfind';
import { clark } from '../../electron/dav/xml';
import { CYRUS_ORIGIN, cyrusAccount } from '../support/dav-fixtures';

const C = CYRUS_ORIGIN;

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
