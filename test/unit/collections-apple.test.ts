// toCollection() on Apple CalendarServer's CS: collections: documents written from its source
// (no server or trace; docs/servers.md).

import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/model';
import { toCollection } from '../../electron/dav/collections';
import { parseMultistatus } from '../../electron/dav/multistatus';

describe('Apple CalendarServer (CS: only, documents written from its source)', () => {
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
