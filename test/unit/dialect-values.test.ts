// Shared helpers of the dialects: enumerated values as elements or text, status and access
// mapping, people, and what a resourcetype says.

import { describe, expect, it } from 'vitest';
import { isPlumbing, kindOfResourceType } from '../../electron/dav/dialects/kinds';
import {
  INVITE_STATUS_VALUES,
  SHARE_ACCESS_VALUES,
  enumOf,
  person,
  toAccess,
  toInviteStatus,
  toShareAccess,
} from '../../electron/dav/dialects/values';
import { NS, parseXml } from '../../electron/dav/xml';

const x = (s: string) =>
  parseXml(
    `<w xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav" xmlns:CS="http://calendarserver.org/ns/">${s}</w>`,
  );

describe('enumOf', () => {
  it.each([
    ['<D:read-write/>', 'read-write'],
    ['<D:unknown/><D:read/>', 'read'],
    ['<CS:read/>', undefined],
    ['read-write', 'read-write'],
    [' Read ', 'read'],
    ['{DAV:}shared-owner', 'shared-owner'],
    ['D:not-shared', 'not-shared'],
    ['d:no-access', 'no-access'],
    ['write', undefined],
    ['', undefined],
  ])('%j → %j', (inner, value) => {
    expect(enumOf(x(inner), NS.DAV, SHARE_ACCESS_VALUES)).toBe(value);
  });

  it('undefined for an absent element', () => {
    expect(enumOf(undefined, NS.DAV, SHARE_ACCESS_VALUES)).toBeUndefined();
  });

  it('finds a status among other children', () => {
    expect(
      enumOf(x('<D:href>h</D:href><D:invite-declined/><D:share-access><D:read/></D:share-access>'), NS.DAV, INVITE_STATUS_VALUES),
    ).toBe('invite-declined');
  });
});

describe('value mapping', () => {
  it('invite statuses', () => {
    expect(INVITE_STATUS_VALUES.map((v) => toInviteStatus(v))).toEqual(['pending', 'accepted', 'declined', 'invalid', 'declined']);
    expect(toInviteStatus(undefined)).toBe('pending');
  });

  it('a sharee access is read or read-write, never an owner level', () => {
    expect(SHARE_ACCESS_VALUES.map((v) => toAccess(v))).toEqual([undefined, undefined, 'read', 'read-write', undefined]);
    expect(toAccess(undefined)).toBeUndefined();
  });

  it('share-access of a collection: no-access is no level', () => {
    expect(SHARE_ACCESS_VALUES.map((v) => toShareAccess(v))).toEqual(['not-shared', 'shared-owner', 'read', 'read-write', undefined]);
  });

  it('person(): paths become URLs, other addresses stay, a name only when there is one', () => {
    expect(person('/principals/a/', 'A', 'https://h/cal/')).toEqual({ address: 'https://h/principals/a/', name: 'A' });
    expect(person('mailto:a@b', undefined, 'https://h/')).toEqual({ address: 'mailto:a@b' });
    expect(person('principal:principals/users/a', '', 'https://h/')).toEqual({ address: 'principal:principals/users/a' });
    expect(person(undefined, 'A', 'https://h/')).toBeUndefined();
    expect(person('', 'A', 'https://h/')).toBeUndefined();
  });
});

describe('resourcetype', () => {
  it.each([
    ['<D:collection/><C:calendar/>', 'calendar'],
    ['<D:collection/><C:calendar/><CS:shared/>', 'calendar'],
    ['<D:collection/><CR:addressbook/>', 'addressbook'],
    ['<D:collection/>', 'folder'],
    ['', undefined],
    ['<CS:calendar/>', undefined],
  ])('%j is a %s', (inner, kind) => {
    expect(kindOfResourceType(x(inner))).toBe(kind);
  });

  it.each([
    ['<D:collection/><C:schedule-inbox/>', true],
    ['<D:collection/><C:schedule-outbox/>', true],
    ['<D:collection/><D:notifications/><CS:notification/>', true],
    ['<D:collection/><D:principal/>', true],
    ['<D:collection/><CS:subscribed/>', true],
    ['<D:collection/><C:calendar/><CS:shared-owner/>', false],
    ['<D:collection/>', false],
  ])('%j is plumbing: %s', (inner, plumbing) => {
    expect(isPlumbing(x(inner))).toBe(plumbing);
  });

  it('no resourcetype at all is plumbing and no kind', () => {
    expect(isPlumbing(undefined)).toBe(true);
    expect(kindOfResourceType(undefined)).toBeUndefined();
  });
});
