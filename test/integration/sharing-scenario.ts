// The sharing scenario every collection kind and dialect must pass, driven through the `sharedeck`
// command line against the live server: invite, the invitation in the sharee's inbox, accept,
// decline, writing into the accepted copy, changing access, revoking, leaving.
//
// Each test builds its own state on a fresh collection, so the tests are independent of each other
// and of earlier runs (the users are shared by every file; invitations are filtered by collection).
//
// The CLI's `invite` takes one access level for all the addresses it names, so "bob read-write and
// carol read" is one `invite` (both read-write, with the comment) followed by `access` for carol.

import { afterAll, describe, expect, it } from 'vitest';
import type { AcceptResult } from '../../shared/model';
import {
  copyUrlOf,
  expectError,
  invitationFor,
  invitationsFor,
  ls,
  newAddressBook,
  newCalendar,
  principalOf,
  propfindStatus,
  putItem,
  removeCreatedCollections,
  sharedeck,
  sharedeckJson,
  sharedeckOk,
  shareeSummary,
  shortId,
  show,
  type ShareResult,
  type TestCollection,
} from './cli-helpers';

export interface ScenarioOptions {
  kind: 'calendar' | 'addressbook';
  /** --dialect on the owner's writes (invite, access, revoke). */
  dialect: 'dav' | 'cs';
  /** --dialect on the sharees' replies (accept, decline). */
  replyDialect: 'dav' | 'cs';
}

export function sharingScenario({ kind, dialect, replyDialect }: ScenarioOptions): void {
  const D = ['--dialect', dialect];
  const R = ['--dialect', replyDialect];
  const fresh = (label: string): Promise<TestCollection> =>
    kind === 'calendar' ? newCalendar('alice', label) : newAddressBook('alice', label);
  const comment = `Plans for Q3 (${dialect})`;

  /** alice: one invite for bob and carol with a comment, then carol down to read. */
  async function inviteBobAndCarol(c: TestCollection): Promise<ShareResult> {
    const invited = await sharedeckJson<ShareResult>(
      'alice',
      'invite',
      c.name,
      'bob@example.com',
      'carol',
      '--read-write',
      '--comment',
      comment,
      ...D,
    );
    expect(invited.unresolved).toEqual([]);
    return sharedeckJson<ShareResult>('alice', 'access', c.name, 'carol@example.com', 'read', ...D);
  }

  async function acceptAs(user: 'bob' | 'dave', c: TestCollection): Promise<AcceptResult> {
    const invitation = await invitationFor(user, c);
    return sharedeckJson<AcceptResult>(user, 'accept', shortId(invitation), ...R);
  }

  describe(`${kind} shared with --dialect ${dialect}, replies --dialect ${replyDialect}`, () => {
    afterAll(removeCreatedCollections);

    it('invites bob (read-write) and carol (read) with a comment; both are pending and bob has the invitation', async () => {
      const c = await fresh('Team');
      const result = await inviteBobAndCarol(c);
      expect(result.unresolved).toEqual([]);
      expect(shareeSummary(result.collection)).toEqual({ 'bob@example.com': 'read-write/pending', 'carol@example.com': 'read/pending' });

      const shown = await show(c);
      expect(shown.access).toBe('shared-owner');
      expect(shown.canShare).toBe(true);
      expect(shown.dialects).toContain(dialect);
      expect(shareeSummary(shown)).toEqual({ 'bob@example.com': 'read-write/pending', 'carol@example.com': 'read/pending' });

      const invitation = await invitationFor('bob', c);
      expect(invitation).toMatchObject({
        collectionName: c.name,
        kind,
        from: { address: principalOf('alice'), name: 'alice' },
        access: 'read-write',
        comment,
        state: 'pending',
      });
      // The human listing names it by the same ID that `accept` takes.
      const human = await sharedeckOk('bob', 'invites');
      const row = human.stdout.split('\n').find((l) => l.startsWith(shortId(invitation)));
      expect(row).toContain(c.name);
      expect(row).toContain('awaiting your answer');
    });

    it('bob accepts by ID and can write into his copy; carol declines and alice sees it', async () => {
      const c = await fresh('Accept');
      await inviteBobAndCarol(c);

      const accepted = await acceptAs('bob', c);
      expect(accepted.url).toBe(copyUrlOf(c, 'bob'));
      expect(accepted.collection).toMatchObject({ url: copyUrlOf(c, 'bob'), name: c.name, kind, access: 'read-write', canShare: false });
      expect(accepted.collection?.sharedBy?.address).toBe(principalOf('alice'));
      expect(accepted.collection?.originalUrl).toBe(c.url);

      const mine = (await ls('bob')).find((x) => x.url === copyUrlOf(c, 'bob'));
      expect(mine).toMatchObject({ name: c.name, kind, access: 'read-write', sharedBy: { address: principalOf('alice') } });
      // Answered invitations leave the inbox.
      expect(await invitationsFor('bob', c)).toEqual([]);

      await sharedeckOk('carol', 'decline', c.name, ...R);
      expect(await invitationsFor('carol', c)).toEqual([]);
      const answered = await show(c);
      expect(shareeSummary(answered)).toEqual({ 'bob@example.com': 'read-write/accepted', 'carol@example.com': 'read/declined' });
      // Declining subscribes nothing: carol's list stays without it. (Cyrus keeps her ACL grant,
      // though: the address of a copy still answers 207 for her until alice revokes her, and the
      // listing says so from the ACL.)
      expect((await ls('carol')).map((x) => x.url)).not.toContain(copyUrlOf(c, 'carol'));
      expect(await propfindStatus('carol', copyUrlOf(c, 'carol'))).toBe(207);
      expect(answered.sharees.map((s) => [s.address, s.keepsAccess])).toEqual(
        expect.arrayContaining([
          ['mailto:carol@example.com', true],
          ['mailto:bob@example.com', undefined],
        ]),
      );

      expect(await putItem('bob', copyUrlOf(c, 'bob'))).toBe(201);
    });

    it('alice makes bob read-only: show says read and his writes are refused', async () => {
      const c = await fresh('Downgrade');
      await inviteBobAndCarol(c);
      await acceptAs('bob', c);
      expect(await putItem('bob', copyUrlOf(c, 'bob'))).toBe(201);

      const changed = await sharedeckJson<ShareResult>('alice', 'access', c.name, 'bob@example.com', 'read', ...D);
      expect(changed.unresolved).toEqual([]);
      expect(shareeSummary(await show(c))).toMatchObject({ 'bob@example.com': 'read/accepted' });
      expect(await putItem('bob', copyUrlOf(c, 'bob'))).toBe(403);
      expect((await ls('bob')).find((x) => x.url === copyUrlOf(c, 'bob'))?.access).toBe('read');
    });

    it('alice revokes bob and carol in one command: nobody is listed and bob’s copy is gone', async () => {
      const c = await fresh('Revoke');
      await inviteBobAndCarol(c);
      await acceptAs('bob', c);
      expect((await ls('bob')).map((x) => x.url)).toContain(copyUrlOf(c, 'bob'));

      const revoked = await sharedeckJson<ShareResult>('alice', 'revoke', c.name, 'bob', 'carol@example.com', ...D);
      expect(revoked.unresolved).toEqual([]);
      expect(revoked.collection.sharees).toEqual([]);
      const shown = await show(c);
      expect(shown.sharees).toEqual([]);
      expect(shown.access).toBe('not-shared');

      const bobs = await ls('bob');
      expect(bobs.map((x) => x.url)).not.toContain(copyUrlOf(c, 'bob'));
      expect(bobs.map((x) => x.originalUrl)).not.toContain(c.url);
      // Revoking takes the rights away: the copy's address now answers 403 (not 404) for bob.
      expect(await propfindStatus('bob', copyUrlOf(c, 'bob'))).toBe(403);

      // The revoke arrives as an update that cannot be accepted; bob dismisses it.
      const update = await invitationFor('bob', c);
      expect(update).toMatchObject({ state: 'revoked', access: 'none' });
      expectError(
        await sharedeck('bob', 'accept', shortId(update)),
        3,
        /was withdrawn by its owner; there is nothing to answer\. Dismiss it\./,
      );
      await sharedeckOk('bob', 'dismiss', shortId(update));
      expect(await invitationsFor('bob', c)).toEqual([]);
    });

    it('dave accepts by the collection’s name, then leaves; alice then sees him as declined', async () => {
      const c = await fresh('Leave');
      await sharedeckOk('alice', 'invite', c.name, 'dave@example.com', '--read', ...D);

      const accepted = await sharedeckJson<AcceptResult>('dave', 'accept', c.name, ...R);
      expect(accepted.url).toBe(copyUrlOf(c, 'dave'));
      expect((await ls('dave')).map((x) => x.url)).toContain(copyUrlOf(c, 'dave'));
      expect(shareeSummary(await show(c))).toEqual({ 'dave@example.com': 'read/accepted' });

      const after = await sharedeckJson<{ url: string }[]>('dave', 'leave', c.name);
      expect(after.map((x) => x.url)).not.toContain(copyUrlOf(c, 'dave'));
      expect((await ls('dave')).map((x) => x.url)).not.toContain(copyUrlOf(c, 'dave'));
      // Cyrus records a leave as a decline: dave stays on alice's list, declined, with his old
      // access, and keeps his ACL grant (the copy's address still answers 207) until she revokes him.
      const left = await show(c);
      expect(shareeSummary(left)).toEqual({ 'dave@example.com': 'read/declined' });
      expect(left.sharees[0]?.keepsAccess).toBe(true);
      expect(await propfindStatus('dave', copyUrlOf(c, 'dave'))).toBe(207);
      await sharedeckOk('alice', 'revoke', c.name, 'dave', ...D);
      expect(await propfindStatus('dave', copyUrlOf(c, 'dave'))).toBe(403);
      expect(await propfindStatus('alice', c.url)).toBe(207);
    });
  });
}
