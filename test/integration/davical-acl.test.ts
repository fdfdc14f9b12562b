// The ACL route against the live DAViCal, the server whose only sharing is RFC 3744 ACL: invite,
// change and revoke through the command line, checked as the grantee with raw DAV requests (read,
// write refused, write allowed, gone), the owner's entry and the free/busy grant to every
// signed-in user left as they were (and revoked when asked), and the grantee's own view of a
// calendar DAViCal does not advertise to them.

import { afterAll, describe, expect, it } from 'vitest';
import type { Collection, ShareResult } from '../../shared/model';
import { expectError } from './cli-helpers';
import {
  davical,
  davicalJson,
  davicalPropfindStatus,
  grantSummary,
  newDavicalCollection,
  principalUrl,
  putDavicalItem,
  rawAcl,
  removeDavicalCollections,
  type DavicalCollection,
} from './davical-helpers';
import { davicalRequest } from '../support/test-servers';

afterAll(removeDavicalCollections);

const OWNER_ACE = /<ace><principal><property><owner\/><\/property><\/principal><grant><privilege><all\/><\/privilege>/;
const SIGNED_IN_FREE_BUSY = '<ace><principal><authenticated/></principal><grant><privilege><C:read-free-busy/></privilege></grant></ace>';

async function expectOwnerAndFreeBusyKept(c: DavicalCollection): Promise<void> {
  const acl = await rawAcl(c.owner, c.path);
  expect(acl).toMatch(OWNER_ACE);
  expect(acl).toContain(SIGNED_IN_FREE_BUSY);
}

/** bob's own view of a collection he was granted, added to his account by its URL. */
async function bobsView(c: DavicalCollection): Promise<Collection | undefined> {
  const list = await davicalJson<Collection[]>('bob', '--collection', c.url, 'ls');
  return list.find((x) => x.url === c.url);
}

describe('DAViCal: sharing through the access control list', () => {
  it('lists collections as shareable through ACL only, with the free/busy grant every signed-in user has', async () => {
    const c = await newDavicalCollection('alice', 'calendar', 'Listed');
    const list = await davicalJson<Collection[]>('alice', 'ls');
    const calendar = list.find((x) => x.url === c.url)!;
    expect(calendar).toMatchObject({
      name: c.name,
      kind: 'calendar',
      access: 'not-shared',
      dialects: ['acl'],
      canShare: true,
      sharees: [],
    });
    expect(calendar.aclGrants).toEqual([
      {
        address: 'DAV:authenticated',
        everyone: 'authenticated',
        access: 'free-busy',
        privileges: ['{urn:ietf:params:xml:ns:caldav}read-free-busy'],
      },
    ]);
    expect(list.find((x) => x.url.endsWith('/caldav.php/alice/addresses/'))).toMatchObject({ kind: 'addressbook', dialects: ['acl'] });
    const human = await davical('alice', 'ls');
    expect(human.stdout).toMatch(new RegExp(`calendar +${c.name} +owner +- +/caldav\\.php/alice/${c.path.split('/')[3]}/`));
  });

  it('invite, change and revoke take effect for the grantee; the owner and the free/busy grant stay', async () => {
    const c = await newDavicalCollection('alice', 'calendar', 'Planning');
    const event = await putDavicalItem('alice', c, 'Quarterly planning');
    expect(event.status).toBe(201);
    // Not granted yet: bob may not read it.
    expect(await davicalPropfindStatus('bob', c.path)).toBe(403);

    // By e-mail address: the engine finds bob's principal in the directory.
    const granted = await davicalJson<ShareResult>('alice', 'invite', c.url, 'bob@example.com');
    expect(granted.unresolved).toEqual([]);
    expect(grantSummary(granted.collection)).toEqual({ [principalUrl('bob')]: 'read', 'DAV:authenticated': 'free-busy' });
    expect(granted.collection.access).toBe('shared-owner');
    expect(await davicalPropfindStatus('bob', c.path)).toBe(207);
    const get = await davicalRequest('bob', 'GET', event.path);
    expect(get.status).toBe(200);
    expect(get.text).toContain('SUMMARY:Quarterly planning');
    expect((await putDavicalItem('bob', c)).status).toBe(403);
    expect(await bobsView(c)).toMatchObject({
      name: c.name,
      kind: 'calendar',
      access: 'read',
      canShare: false,
      sharedBy: { address: principalUrl('alice') },
    });
    await expectOwnerAndFreeBusyKept(c);

    const changed = await davicalJson<ShareResult>('alice', 'access', c.url, 'bob@example.com', 'read-write');
    expect(changed.unresolved).toEqual([]);
    expect(grantSummary(changed.collection)[principalUrl('bob')]).toBe('read-write');
    expect([201, 204]).toContain((await putDavicalItem('bob', c)).status);
    expect((await bobsView(c))?.access).toBe('read-write');

    // DAViCal keeps an entry that is left out: the engine sees it on the re-read and empties it.
    const revoked = await davicalJson<ShareResult>('alice', 'revoke', c.url, 'bob@example.com');
    expect(revoked.unresolved).toEqual([]);
    expect(grantSummary(revoked.collection)).toEqual({ 'DAV:authenticated': 'free-busy' });
    expect(revoked.collection.access).toBe('not-shared');
    expect(await davicalPropfindStatus('bob', c.path)).toBe(403);
    expect((await putDavicalItem('bob', c)).status).toBe(403);
    await expectOwnerAndFreeBusyKept(c);
    const run = await davical('bob', '--collection', c.url, 'ls');
    expect(run.code).toBe(3);
  });

  it('the server’s default free/busy grant to every signed-in user can be revoked, and only it goes', async () => {
    const c = await newDavicalCollection('alice', 'calendar', 'Private');
    await davicalJson<ShareResult>('alice', 'invite', c.url, 'bob@example.com');
    const revoked = await davicalJson<ShareResult>('alice', 'revoke', c.url, 'DAV:authenticated');
    expect(revoked.unresolved).toEqual([]);
    expect(grantSummary(revoked.collection)).toEqual({ [principalUrl('bob')]: 'read' });
    // What DAViCal keeps, read without Sharedeck: the owner's entry and bob's, not the free/busy one.
    const acl = await rawAcl('alice', c.path);
    expect(acl).toMatch(OWNER_ACE);
    expect(acl).not.toContain(SIGNED_IN_FREE_BUSY);
    expect(await davicalPropfindStatus('bob', c.path)).toBe(207);
    const listed = (await davicalJson<Collection[]>('alice', 'ls')).find((x) => x.url === c.url);
    expect(listed?.aclGrants?.map((g) => g.address)).toEqual([principalUrl('bob')]);
  });

  it('address books too, granted by user name and by principal URL', async () => {
    const c = await newDavicalCollection('alice', 'addressbook', 'Team');
    const granted = await davicalJson<ShareResult>('alice', 'invite', c.url, 'bob', principalUrl('carol'), '--read-write');
    expect(grantSummary(granted.collection)).toEqual({ [principalUrl('bob')]: 'read-write', [principalUrl('carol')]: 'read-write' });
    expect((await putDavicalItem('bob', c)).status).toBe(201);
    expect((await putDavicalItem('carol', c)).status).toBe(201);
    const shown = await davical('alice', 'show', c.url);
    expect(shown.stdout).toContain('Direct access (access control list):');
    expect(shown.stdout).toMatch(/bob\s+http:\/\/127\.0\.0\.1:\d+\/caldav\.php\/bob\/\s+read & write/);

    const revoked = await davicalJson<ShareResult>('alice', 'revoke', c.url, principalUrl('bob'), 'carol@example.com');
    expect(revoked.unresolved).toEqual([]);
    expect(grantSummary(revoked.collection)).toEqual({});
    expect(await davicalPropfindStatus('bob', c.path)).toBe(403);
    expect(await davicalPropfindStatus('carol', c.path)).toBe(403);
    expect(await rawAcl('alice', c.path)).toMatch(OWNER_ACE);
  });

  it('what DAViCal refuses, and what cannot be asked, end in sentences a person can act on', async () => {
    const c = await newDavicalCollection('alice', 'calendar', 'Refusals');
    expectError(
      await davical('alice', 'invite', c.url, 'DAV:all'),
      3,
      /The server does not allow giving everyone access to “Refusals cal\w+”\./,
    );
    expectError(
      await davical('alice', 'invite', c.url, 'nobody@example.com'),
      3,
      /Nobody with the address nobody@example\.com is in the server’s directory, so Sharedeck cannot give them access here\./,
    );
    expectError(
      await davical('alice', 'invite', c.url, 'bob@example.com', '--dialect', 'dav'),
      3,
      /does not accept WebDAV resource sharing \(DAV:\) .*; it offers access control lists \(ACL\)\./,
    );
    expectError(
      await davical('alice', 'revoke', c.url, principalUrl('alice')),
      3,
      /is not among the people “Refusals cal\w+” is shared with\./,
    );
    expectError(
      await davical('alice', 'invite', c.url, principalUrl('alice')),
      1,
      /The owner’s own access cannot be changed or taken away\./,
    );
    await expectOwnerAndFreeBusyKept(c);

    // A grantee may read, not change who has access.
    await davicalJson<ShareResult>('alice', 'invite', c.url, 'bob@example.com');
    expectError(
      await davical('bob', '--collection', c.url, 'invite', c.url, 'carol@example.com'),
      3,
      /was shared with you by .*; only its owner can change who it is shared with\./,
    );
    expect(await davicalPropfindStatus('carol', c.path)).toBe(403);
  });
});
