// toCollection() on Nextcloud's OC: collections, small hand-written documents
// (nextcloud-29.test.ts has the recorded ones; docs/servers.md the quirks).

import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/model';
import { toCollection } from '../../electron/dav/collections';
import { davTokens } from '../../electron/dav/http';
import { parseMultistatus } from '../../electron/dav/multistatus';

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
