// The Direct access section of the sharing panel, its pure parts: when it shows, which grants a
// person may change there (and the reason given where not), the order, the access choices, which
// changes are confirmed first, and what it says after a write, from the server's answer.

import { describe, expect, it } from 'vitest';
import { isDefaultFreeBusy } from '../../shared/format';
import type { AclGrant, Collection, ShareResult } from '../../shared/model';
import {
  accessOptions,
  changeable,
  grantTitle,
  needsConfirmation,
  onlyByAcl,
  outcomeOf,
  showsDirectAccess,
  sortGrants,
  stillListed,
} from '../../renderer/features/sharing/direct-access';

const BOB: AclGrant = { address: 'https://dav.example/caldav.php/bob/', access: 'read', privileges: ['{DAV:}read'] };
const CAROL: AclGrant = {
  address: 'https://dav.example/caldav.php/carol/',
  access: 'read-write',
  privileges: ['{DAV:}read', '{DAV:}write'],
};
const SIGNED_IN: AclGrant = {
  address: 'DAV:authenticated',
  everyone: 'authenticated',
  access: 'free-busy',
  privileges: ['{urn:ietf:params:xml:ns:caldav}read-free-busy'],
};
const ANYONE: AclGrant = { address: 'DAV:all', everyone: 'all', access: 'free-busy', privileges: SIGNED_IN.privileges };

function calendar(extra: Partial<Collection> = {}): Collection {
  return {
    url: 'https://dav.example/caldav.php/alice/board/',
    name: 'Board',
    kind: 'calendar',
    access: 'shared-owner',
    dialects: ['acl'],
    sharees: [],
    aclGrants: [BOB, SIGNED_IN],
    shareesVisible: true,
    canShare: true,
    ...extra,
  };
}

function answer(collection: Collection, notApplied: ShareResult['notApplied'] = []): ShareResult {
  return { collection, notApplied, unresolved: notApplied.map((n) => n.address), applied: [] };
}

describe('when the section shows', () => {
  it('on a collection whose only route is the access list, even with nobody in it; elsewhere only when it grants someone', () => {
    expect(onlyByAcl(calendar())).toBe(true);
    expect(onlyByAcl(calendar({ dialects: ['dav', 'cs'] }))).toBe(false);
    expect(onlyByAcl(calendar({ dialects: ['dav', 'acl'] }))).toBe(false);
    expect(onlyByAcl(calendar({ dialects: [] }))).toBe(false);
    expect(showsDirectAccess(calendar({ aclGrants: [] }))).toBe(true);
    expect(showsDirectAccess(calendar({ dialects: ['dav'], aclGrants: [] }))).toBe(false);
    expect(showsDirectAccess(calendar({ dialects: ['dav'], aclGrants: [ANYONE] }))).toBe(true);
    // The server does not show this account the list: nothing to show, and nothing pretended.
    const hidden = calendar();
    delete hidden.aclGrants;
    expect(showsDirectAccess(hidden)).toBe(false);
  });

  it('lists people by name, then every signed-in user, anyone, anonymous visitors; grants to everyone titled as such', () => {
    const order = sortGrants([ANYONE, CAROL, SIGNED_IN, BOB]).map((g) => grantTitle(g));
    expect(order).toEqual(['bob', 'carol', 'Every signed-in user', 'Everyone']);
    expect(grantTitle(BOB, 'Bob Builder')).toBe('Bob Builder');
  });
});

describe('the server’s default', () => {
  it('is free/busy time only, for everyone (Cyrus) or every signed-in user (DAViCal); anything more, or a person, is a grant', () => {
    expect(isDefaultFreeBusy(ANYONE.everyone, ANYONE.access)).toBe(true);
    expect(isDefaultFreeBusy(SIGNED_IN.everyone, SIGNED_IN.access)).toBe(true);
    expect(isDefaultFreeBusy('all', 'read')).toBe(false);
    expect(isDefaultFreeBusy('authenticated', 'other')).toBe(false);
    expect(isDefaultFreeBusy('unauthenticated', 'free-busy')).toBe(false);
    expect(isDefaultFreeBusy(undefined, 'free-busy')).toBe(false);
    // The People view asks with the entry's type.
    expect(isDefaultFreeBusy('individual', 'free-busy')).toBe(false);
  });
});

describe('what may be changed here', () => {
  it('every grant of an ACL-only collection its owner may share', () => {
    expect(changeable(calendar(), BOB)).toEqual({ ok: true });
    expect(changeable(calendar(), SIGNED_IN)).toEqual({ ok: true });
  });

  it('nothing on a collection shared with the user, or one the server does not let them share (no reason to give)', () => {
    expect(changeable(calendar({ access: 'read' }), BOB)).toEqual({ ok: false });
    expect(changeable(calendar({ canShare: false }), BOB)).toEqual({ ok: false });
  });

  it('not what the server protects or inherits, saying so', () => {
    expect(changeable(calendar(), { ...BOB, fixed: 'protected' })).toEqual({
      ok: false,
      why: 'The server protects this entry; it cannot be changed here.',
    });
    expect(changeable(calendar(), { ...BOB, fixed: 'inherited', inheritedFrom: 'https://dav.example/caldav.php/alice/' })).toEqual({
      ok: false,
      why: 'Inherited from https://dav.example/caldav.php/alice/; change it there.',
    });
  });

  it('on a collection without an ACL route of its own (Cyrus): a person’s grant, not a grant to everyone', () => {
    const cyrus = calendar({ dialects: ['dav', 'cs'], aclGrants: [BOB, ANYONE] });
    expect(changeable(cyrus, BOB)).toEqual({ ok: true });
    expect(changeable(cyrus, ANYONE)).toEqual({
      ok: false,
      why: 'Only the server’s own tools can change this one.',
    });
  });

  it('offers Can view and Can edit, after a level of its own that cannot be given here', () => {
    expect(accessOptions('read')).toEqual([
      { value: 'read', label: 'Can view' },
      { value: 'read-write', label: 'Can edit' },
    ]);
    expect(accessOptions('free-busy')).toEqual([
      { value: 'free-busy', label: 'Free/busy only', disabled: true },
      { value: 'read', label: 'Can view' },
      { value: 'read-write', label: 'Can edit' },
    ]);
  });

  it('confirms first what opens more of it to everyone; a person’s access, or less for everyone, at once', () => {
    expect(needsConfirmation(SIGNED_IN, 'read')).toBe(true);
    expect(needsConfirmation({ ...SIGNED_IN, access: 'read' }, 'read-write')).toBe(true);
    expect(needsConfirmation({ ...SIGNED_IN, access: 'read-write' }, 'read')).toBe(false);
    expect(needsConfirmation({ ...SIGNED_IN, access: 'other' }, 'read')).toBe(true);
    expect(needsConfirmation(BOB, 'read-write')).toBe(false);
  });
});

describe('what it says after a write, from the server’s answer', () => {
  it('a change and a revoke that took', () => {
    const before = calendar();
    const changed = calendar({ aclGrants: [{ ...BOB, access: 'read-write' }, SIGNED_IN] });
    expect(outcomeOf(before, answer(changed), BOB, 'bob', 'read-write')).toEqual({
      done: 'Direct access of bob: can edit.',
      notApplied: [],
    });
    expect(stillListed(answer(changed), BOB)).toBe(true);
    const revoked = calendar({ aclGrants: [SIGNED_IN] });
    expect(outcomeOf(before, answer(revoked), BOB, 'bob', 'none')).toEqual({ done: 'Revoked the direct access of bob.', notApplied: [] });
    expect(stillListed(answer(revoked), BOB)).toBe(false);
  });

  it('each part the server answered with success and did not apply, by who it is about', () => {
    const before = calendar();
    expect(
      outcomeOf(before, answer(before, [{ address: BOB.address, problem: 'still-listed', access: 'read' }]), BOB, 'bob', 'none'),
    ).toEqual({
      notApplied: ['The server answered success, but its access list still gives bob read-only access: it did not take the revoke.'],
    });
    expect(
      outcomeOf(before, answer(before, [{ address: BOB.address, problem: 'access', access: 'read' }]), BOB, 'bob', 'read-write'),
    ).toEqual({
      notApplied: ['The server answered success, but its access list did not change what bob may do: still read-only.'],
    });
    const dropped = calendar({ aclGrants: [SIGNED_IN] });
    expect(outcomeOf(before, answer(dropped, [{ address: BOB.address, problem: 'not-listed' }]), BOB, 'bob', 'read-write')).toEqual({
      notApplied: [
        'The server answered success, but its access list does not give bob that access: it may not know them, or not offer that access here.',
      ],
    });
  });

  it('a direct grant the server now records as a share (Cyrus) says where it went', () => {
    const before = calendar({ dialects: ['dav', 'cs'], aclGrants: [BOB, ANYONE] });
    const after = calendar({
      dialects: ['dav', 'cs'],
      aclGrants: [ANYONE],
      sharees: [{ address: 'mailto:bob@example.com', access: 'read-write', status: 'pending' }],
    });
    expect(outcomeOf(before, answer(after), BOB, 'bob', 'read-write')).toEqual({
      done: 'Changed the access of bob. The server now lists it as a share, under “Shared with”.',
      notApplied: [],
    });
  });
});
