// The property registry (electron/dav/properties.ts) and the marks servers are recognised by
// (electron/dav/server-marks.ts), on hand-written multistatus bodies and on recorded answers.

import { describe, expect, it } from 'vitest';
import { parseMultistatus } from '../../electron/dav/multistatus';
import { P, has, mailAddressesOf, names, read, refused } from '../../electron/dav/properties';
import { isCyrus, isSabreSharing } from '../../electron/dav/server-marks';
import { loadCyrusAcl, loadNextcloud, loadSabre } from '../fixtures/load';
import { cutElement, resourceAt, resourcesOf } from '../support/dav-fixtures';

const BASE = 'https://dav.example.com/dav/principals/user/alice/';

function one(props: string, failed = ''): ReturnType<typeof parseMultistatus>[number] {
  const body =
    '<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" xmlns:S="http://sabredav.org/ns">' +
    `<D:response><D:href>/dav/principals/user/alice/</D:href><D:propstat><D:prop>${props}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>` +
    (failed ? `<D:propstat><D:prop>${failed}</D:prop><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat>` : '') +
    '</D:response></D:multistatus>';
  return parseMultistatus(body, BASE)[0]!;
}

describe('the property registry', () => {
  it('reads text trimmed, hrefs resolved against the resource, address lists as written', () => {
    const r = one(
      '<D:displayname>  Alice  </D:displayname>' +
        '<C:calendar-home-set><D:href>/dav/calendars/user/alice/</D:href><D:href>https://other.example.com/cal/</D:href></C:calendar-home-set>' +
        '<D:notification-URL><D:href>../../../notifications/user/alice/</D:href></D:notification-URL>' +
        '<C:calendar-user-address-set><D:href>mailto:Alice@Example.com</D:href><D:href> /dav/principals/user/alice/ </D:href></C:calendar-user-address-set>',
    );
    expect(read(r, P.displayname)).toBe('Alice');
    expect(read(r, P.calendarHomeSet)).toEqual(['https://dav.example.com/dav/calendars/user/alice/', 'https://other.example.com/cal/']);
    expect(read(r, P.davNotificationUrl)).toBe('https://dav.example.com/dav/notifications/user/alice/');
    expect(read(r, P.calendarUserAddressSet)).toEqual(['mailto:Alice@Example.com', '/dav/principals/user/alice/']);
    // What the server did not send reads as undefined, never as an empty value.
    expect(read(r, P.addressbookHomeSet)).toBeUndefined();
    expect(has(r, P.displayname)).toBe(true);
    expect(has(r, P.csInvite)).toBe(false);
  });

  it('an empty text is no value, and an href that is no URL is left out', () => {
    const r = one(
      '<D:displayname>   </D:displayname><C:calendar-home-set><D:href>http://[bad</D:href><D:href>/ok/</D:href></C:calendar-home-set>',
    );
    expect(read(r, P.displayname)).toBeUndefined();
    expect(read(r, P.calendarHomeSet)).toEqual(['https://dav.example.com/ok/']);
  });

  it('says with which status a property was refused', () => {
    const r = one('<D:displayname>x</D:displayname>', '<CS:invite/>');
    expect(refused(r, P.csInvite)).toBe(403);
    expect(refused(r, P.displayname)).toBeUndefined();
    expect(read(r, P.csInvite)).toBeUndefined();
  });

  it('gives the privileges of a privilege set as Clark names', () => {
    const r = one(
      '<D:current-user-privilege-set><D:privilege><D:read/></D:privilege><D:privilege><C:read-free-busy/></D:privilege></D:current-user-privilege-set>',
    );
    expect(read(r, P.currentUserPrivilegeSet)).toEqual(new Set(['{DAV:}read', '{urn:ietf:params:xml:ns:caldav}read-free-busy']));
  });

  it('names what a PROPFIND asks for, in the order given', () => {
    expect(names(P.displayname, P.csInvite, P.ownerDisplayname)).toEqual([
      ['DAV:', 'displayname'],
      ['http://calendarserver.org/ns/', 'invite'],
      ['http://nextcloud.com/ns', 'owner-displayname'],
    ]);
  });

  it('finds a principal’s mail addresses in every property servers put them in, each once whatever its case, spelt as sent', () => {
    const r = one(
      '<C:calendar-user-address-set><D:href>mailto:Alice@Example.com</D:href><D:href>/principals/alice/</D:href><D:href>mailto:</D:href></C:calendar-user-address-set>' +
        '<CS:email-address-set><CS:email-address>alice@example.com</CS:email-address><CS:email-address>a.archer@example.org</CS:email-address></CS:email-address-set>' +
        '<S:email-address>alice@sabre.example</S:email-address>',
    );
    expect(mailAddressesOf(r)).toEqual(['mailto:Alice@Example.com', 'mailto:a.archer@example.org', 'mailto:alice@sabre.example']);
  });
});

describe('how a server is recognised', () => {
  const ACL_CAL = 'http://127.0.0.1:8580/dav/calendars/user/alice/Acl/';

  it('Cyrus by a privilege of its own namespace, in the user’s privileges or in those the collection supports', () => {
    const detail = loadCyrusAcl('02');
    const resource = resourceAt(resourcesOf(detail), ACL_CAL);
    expect(isCyrus(resource)).toBe(true);
    // Without current-user-privilege-set, the supported privileges still show it.
    const prefix = /<([A-Za-z]+):current-user-privilege-set>/.exec(detail.response.body)![1]!;
    const without = cutElement(detail.response.body, `${prefix}:current-user-privilege-set`).rest;
    const bare = resourceAt(parseMultistatus(without, detail.request.url), ACL_CAL);
    expect(bare.props.has(P.currentUserPrivilegeSet.key)).toBe(false);
    expect(isCyrus(bare)).toBe(true);
  });

  it('is never Cyrus on sabre or Nextcloud; sabre’s sharing plugin by D:share-resource-uri', () => {
    const sabre = resourcesOf(loadSabre('016'));
    const shared = resourceAt(sabre, 'http://127.0.0.1:8411/calendars/bob/201e0b7d-255a-48d2-b5ee-25244df915a4/');
    expect(isCyrus(shared)).toBe(false);
    expect(isSabreSharing(shared)).toBe(true);
    // The home has no sharing properties: no mark either.
    expect(isSabreSharing(resourceAt(sabre, 'http://127.0.0.1:8411/calendars/bob/'))).toBe(false);
    const nextcloud = resourcesOf(loadNextcloud('012'));
    expect(nextcloud.length).toBeGreaterThan(1);
    expect(nextcloud.some(isCyrus)).toBe(false);
    expect(nextcloud.some(isSabreSharing)).toBe(false);
  });
});
