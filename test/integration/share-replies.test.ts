// The answers Cyrus files for the owner of a share, through the service against the live server:
// bob accepts alice's invitation with a message and carol declines hers; alice lists both (who, by
// the directory's name; what; which of her collections; when), and dismissing one deletes it on
// the server (a raw PROPFIND no longer lists it) while the other stays.

import { afterAll, describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../electron/service/account-store';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { createSharingService } from '../../electron/service/sharing-service';
import { notificationPaths, testServer, type TestUserName } from '../support/test-servers';
import { newCalendar, principalOf, removeCreatedCollections } from './cli-helpers';

afterAll(removeCreatedCollections);

describe('answers filed for the owner (Cyrus)', () => {
  it('bob accepted with a message, carol declined: alice lists both and dismisses one, which goes from the server', async () => {
    const c = await newCalendar('alice', 'Answered');
    const service = createSharingService({ accounts: new MemoryAccountStore(), secrets: new MemorySecretStore() });
    const add = (user: TestUserName) => service.addAccount({ serverUrl: testServer().url, username: user, password: `${user}pw` });
    const [alice, bob, carol] = [await add('alice'), await add('bob'), await add('carol')];
    await service.share(alice.id, c.url, {
      sharees: [
        { address: 'mailto:bob@example.com', access: 'read-write' },
        { address: 'mailto:carol@example.com', access: 'read' },
      ],
    });
    const offerTo = async (id: string) => (await service.listInvitations(id)).invitations.find((i) => i.collectionName === c.name)!;
    await service.acceptInvitation(bob.id, (await offerTo(bob.id)).id, { comment: 'Count me in' });
    await service.declineInvitation(carol.id, (await offerTo(carol.id)).id, {});

    const about = (list: Awaited<ReturnType<typeof service.listReplies>>) => list.replies.filter((r) => r.collectionUrl === c.url);
    const listed = await service.listReplies(alice.id);
    expect(listed.skipped).toEqual([]);
    const answers = about(listed);
    expect(
      answers.map(({ from, answer, comment }) => ({ from, answer, comment })).sort((a, b) => a.from.address.localeCompare(b.from.address)),
    ).toEqual([
      { from: { address: principalOf('bob'), name: 'bob' }, answer: 'accepted', comment: 'Count me in' },
      { from: { address: principalOf('carol'), name: 'carol' }, answer: 'declined', comment: undefined },
    ]);
    for (const a of answers) {
      expect(Date.now() - Date.parse(a.receivedAt ?? '')).toBeLessThan(10 * 60_000);
      expect(await notificationPaths('alice')).toContain(new URL(a.id).pathname);
    }
    // Newest first, whatever else a reused server still holds.
    const times = listed.replies.map((r) => r.receivedAt ?? '');
    expect(times).toEqual([...times].sort().reverse());

    const bobs = answers.find((a) => a.answer === 'accepted')!;
    const left = await service.dismissReply(alice.id, bobs.id);
    expect(about(left).map((r) => r.answer)).toEqual(['declined']);
    expect(await notificationPaths('alice')).not.toContain(new URL(bobs.id).pathname);
    // An id outside alice's inbox is refused before anything is sent.
    await expect(service.dismissReply(alice.id, c.url)).rejects.toMatchObject({ code: 'not-found' });
    expect(about(await service.listReplies(alice.id)).map((r) => r.answer)).toEqual(['declined']);
  });
});
