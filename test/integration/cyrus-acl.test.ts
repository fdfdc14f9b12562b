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
} from './cli-helpers';
import { EVERYONE_FREE_BUSY, SELF_ACE, grantRaw, homeOf, rawAcl, readAce } from './cyrus-acl-helpers';
import { testServer } from '../support/test-servers';

afterAll(removeCreatedCollections);

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
