// Shares and direct ACL grants side by side on the live Cyrus: a share (DAV: resource sharing)
// and grants made with raw ACL requests (that keep the owner's entry) show with their routes;
// revoking clears both and leaves the owner's entry and unrelated entries as they were, checked
// with raw PROPFINDs; an ACL that would lock the owner out is never sent.

import { afterAll, describe, expect, it } from 'vitest';
import type { Collection, ShareResult } from '../../shared/model';
import { MemoryAccountStore } from '../../electron/service/account-store';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { createSharingService } from '../../electron/service/sharing-service';
import {
  expectError,
  newCalendar,
  principalOf,
  removeCreatedCollections,
  sharedeck,
  sharedeckJson,
  shareeSummary,
  show,
  type TestCollection,
} from './cli-helpers';
import { davRequest, testServer } from '../support/test-servers';

afterAll(removeCreatedCollections);

const XML = { 'Content-Type': 'application/xml; charset=utf-8' };
const SELF_ACE = '<D:ace><D:principal><D:self/></D:principal><D:grant><D:privilege><D:all/></D:privilege></D:grant></D:ace>';
const EVERYONE_FREE_BUSY =
  '<D:ace><D:principal><D:all/></D:principal><D:grant><D:privilege><C:read-free-busy/></D:privilege></D:grant></D:ace>';

/** The collection's DAV:acl as its owner reads it, raw (whitespace between tags removed). */
async function rawAcl(c: TestCollection): Promise<string> {
  const res = await davRequest(c.owner, 'PROPFIND', c.url, {
    headers: { ...XML, Depth: '0' },
    body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:acl/></D:prop></D:propfind>',
  });
  expect(res.status).toBe(207);
  const acl = /<D:acl>([\s\S]*)<\/D:acl>/.exec(res.text.replace(/>\s+</g, '><'));
  expect(acl, 'the owner reads the ACL').not.toBeNull();
  return acl![1]!;
}

function aclBody(aces: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><D:acl xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CY="http://cyrusimap.org/ns/">${aces}</D:acl>`;
}

/** The owner's calendar home, whose entries Cyrus changes on every ACL request inside it. */
function homeOf(c: TestCollection): TestCollection {
  return { ...c, url: new URL('..', c.url).href, path: new URL('..', c.url).pathname };
}

/**
 * A raw ACL request that sends the whole list back with `ace` added: the owner's DAV:self entry
 * included. Cyrus then also gives every principal of the list read on the calendar home (which
 * later calendars inherit); the home is put back as it was, as the engine does after its own ACL
 * requests, so that no test leaks into the next.
 */
async function grantRaw(c: TestCollection, ace: string): Promise<void> {
  const current = await rawAcl(c);
  const home = await rawAcl(homeOf(c));
  expect(current, 'a raw ACL here always keeps the owner').toContain(SELF_ACE);
  const res = await davRequest(c.owner, 'ACL', c.url, { headers: XML, body: aclBody(`${current}${ace}`) });
  expect(res.status, res.text).toBe(200);
  // Cyrus answers an ACL on a home that holds calendars of its own with 500 "Mailbox is locked",
  // after applying it: what counts is the re-read.
  const put = await davRequest(c.owner, 'ACL', homeOf(c).url, { headers: XML, body: aclBody(home) });
  expect([200, 500], put.text).toContain(put.status);
  expect(await rawAcl(homeOf(c))).toBe(home);
}

const readAce = (user: string) =>
  `<D:ace><D:principal><D:href>/dav/principals/user/${user}/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace>`;

describe('Cyrus: shares and ACL grants', () => {
  it('a share and raw ACL grants show with their routes; revoking clears both and keeps the rest', async () => {
    const c = await newCalendar('alice', 'Routes');
    const shared = await sharedeckJson<ShareResult>('alice', 'invite', c.url, 'bob@example.com', '--read-write');
    expect(shareeSummary(shared.collection)).toEqual({ 'bob@example.com': 'read-write/pending' });
    await grantRaw(c, readAce('carol'));
    await grantRaw(c, readAce('dave'));
    expect(await rawAcl(c)).toContain('/dav/principals/user/bob/');
    const home = await rawAcl(homeOf(c));

    const both = await show(c);
    // bob's entry is his share's, not a second route.
    expect(shareeSummary(both)).toEqual({ 'bob@example.com': 'read-write/pending' });
    expect(both.aclGrants).toEqual([
      { address: 'DAV:all', everyone: 'all', access: 'free-busy', privileges: ['{urn:ietf:params:xml:ns:caldav}read-free-busy'] },
      { address: principalOf('carol'), access: 'read', privileges: ['{DAV:}read'] },
      { address: principalOf('dave'), access: 'read', privileges: ['{DAV:}read'] },
    ]);
    expect(both.dialects).toEqual(['dav', 'cs']);

    const revoked = await sharedeckJson<ShareResult>('alice', 'revoke', c.url, 'bob@example.com', 'carol');
    expect(revoked.unresolved).toEqual([]);
    expect(revoked.collection.sharees).toEqual([]);
    expect(revoked.collection.aclGrants?.map((g) => g.address)).toEqual(['DAV:all', principalOf('dave')]);
    const after = await rawAcl(c);
    expect(after).toContain(SELF_ACE);
    expect(after).toContain(EVERYONE_FREE_BUSY);
    expect(after).toContain(readAce('dave'));
    // Cyrus keeps free/busy time for a principal whose share or grant is taken away (everyone has it there).
    for (const gone of ['bob', 'carol']) {
      const entry = new RegExp(
        `<D:ace><D:principal><D:href>/dav/principals/user/${gone}/</D:href></D:principal><D:grant>(.*?)</D:grant></D:ace>`,
      ).exec(after);
      expect(entry?.[1] ?? '', `${gone} may not read any more`).not.toMatch(/<D:read\/>|<D:write\/>/);
    }
    // No ACL request reached Cyrus, so nobody still in the list got read on the home.
    expect(await rawAcl(homeOf(c))).toBe(home);
  });

  it('a grant to every signed-in user is listed as such; changing a direct grant makes it what Cyrus records, a share', async () => {
    const c = await newCalendar('alice', 'Signed in');
    await grantRaw(c, readAce('carol'));
    await grantRaw(
      c,
      '<D:ace><D:principal><D:authenticated/></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace>',
    );
    const listed = await show(c);
    expect(listed.aclGrants?.find((g) => g.everyone === 'authenticated')).toEqual({
      address: 'DAV:authenticated',
      everyone: 'authenticated',
      access: 'read',
      privileges: ['{DAV:}read'],
    });
    const changed = await sharedeckJson<ShareResult>('alice', 'access', c.url, 'carol', 'read-write');
    expect(changed.unresolved).toEqual([]);
    expect(shareeSummary(changed.collection)).toEqual({ 'carol@example.com': 'read-write/pending' });
    expect(changed.collection.aclGrants?.some((g) => g.address === principalOf('carol'))).toBe(false);
    // Cyrus's own sharing request would widen what anonymous visitors may do: refused, nothing sent.
    const before = await rawAcl(c);
    expectError(
      await sharedeck('alice', 'revoke', c.url, 'DAV:authenticated'),
      3,
      /cannot change what every signed-in user may do on “Signed in cal\w+” precisely over WebDAV/,
    );
    expect(await rawAcl(c)).toBe(before);
  });

  it('an ACL that would lock the owner out is never sent', async () => {
    const c = await newCalendar('alice', 'Locked');
    await grantRaw(c, readAce('carol'));
    const sent: string[] = [];
    const service = createSharingService({
      accounts: new MemoryAccountStore(),
      secrets: new MemorySecretStore(),
      http: { onRequest: ({ method }) => sent.push(method) },
    });
    const account = await service.addAccount({ serverUrl: testServer().url, username: 'alice', password: 'alicepw' });
    for (const owner of [principalOf('alice'), `${testServer().url}/dav/principals/user/alice`]) {
      await expect(service.revoke(account.id, c.url, [owner])).rejects.toMatchObject({ code: 'unknown-sharee' });
      await expect(service.revoke(account.id, c.url, [owner], 'acl')).rejects.toMatchObject({ code: 'unknown-sharee' });
      // Cyrus's ACL method is no route for new grants at all.
      await expect(
        service.share(account.id, c.url, { sharees: [{ address: owner, access: 'read' }], dialect: 'acl' }),
      ).rejects.toMatchObject({
        code: 'unsupported',
      });
    }
    expect(sent).not.toContain('ACL');
    const listed: Collection = await service.getCollection(account.id, c.url);
    expect(listed.aclGrants?.map((g) => g.address)).toEqual(['DAV:all', principalOf('carol')]);
    expect(await rawAcl(c)).toContain(SELF_ACE);
  });
});
