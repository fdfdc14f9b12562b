// `sharedeck replies` and `dismiss` against the live Cyrus: alice invites bob, carol and dave; bob
// accepts with a message that carries a bidi override, carol declines, dave accepts. alice lists
// the answers (who by the directory's name, what, which collection by its name, when), printed
// inert; `dismiss` takes one away by its ID and one by its URL, `replies --dismiss` the rest, each
// gone from the server (a raw PROPFIND no longer lists it).

import { afterAll, describe, expect, it } from 'vitest';
import { invitationShortId } from '../../electron/cli/output';
import type { ShareReply } from '../../shared/model';
import { notificationPaths } from '../support/test-servers';
import {
  expectError,
  invitationFor,
  newCalendar,
  principalOf,
  removeCreatedCollections,
  sharedeck,
  sharedeckJson,
  sharedeckOk,
  shortId,
} from './cli-helpers';

afterAll(removeCreatedCollections);

describe('answers to one’s invitations on the command line (Cyrus)', () => {
  it('replies lists who accepted and who declined, inert; dismiss takes them away by ID or URL, replies --dismiss the rest', async () => {
    const c = await newCalendar('alice', 'Answers');
    await sharedeckOk('alice', 'invite', c.url, 'bob@example.com', 'carol@example.com', 'dave@example.com', '--read-write');
    await sharedeckOk('bob', 'accept', shortId(await invitationFor('bob', c)), '--comment', 'Count me in \u202eevil');
    await sharedeckOk('carol', 'decline', shortId(await invitationFor('carol', c)));
    await sharedeckOk('dave', 'accept', shortId(await invitationFor('dave', c)));

    const about = (list: ShareReply[]) => list.filter((r) => r.collectionUrl === c.url);
    const answers = await sharedeckJson<ShareReply[]>('alice', 'replies', c.name);
    expect(
      answers.map(({ from, answer, comment }) => ({ from, answer, comment })).sort((a, b) => a.from.address.localeCompare(b.from.address)),
    ).toEqual([
      { from: { address: principalOf('bob'), name: 'bob' }, answer: 'accepted', comment: 'Count me in \u202eevil' },
      { from: { address: principalOf('carol'), name: 'carol' }, answer: 'declined' },
      { from: { address: principalOf('dave'), name: 'dave' }, answer: 'accepted' },
    ]);
    expect(about(answers)).toHaveLength(3);
    for (const a of answers) expect(Date.now() - Date.parse(a.receivedAt ?? '')).toBeLessThan(10 * 60_000);
    // Without a collection: every answer, these among them.
    expect(about(await sharedeckJson<ShareReply[]>('alice', 'replies'))).toHaveLength(3);

    const human = await sharedeckOk('alice', 'replies', c.name);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +FROM +ANSWER +COLLECTION +WHEN +COMMENT$/);
    const bobs = answers.find((a) => a.from.name === 'bob')!;
    const bobLine = lines.find((l) => l.startsWith(invitationShortId(bobs)));
    expect(bobLine).toMatch(
      new RegExp(`^\\S+ +bob +accepted +${c.name} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC +Count me in \\\\u202eevil$`),
    );
    expect(lines.find((l) => l.includes(' carol '))).toMatch(/ declined /);
    // The server's text is shown as escapes: the bidi override never reaches the terminal.
    expect(human.stdout).not.toContain('\u202e');
    expect(human.stderr).toBe('');

    // One by the ID `replies` shows: deleted on the server, the others listed after.
    const dismissed = await sharedeckOk('alice', 'dismiss', invitationShortId(bobs));
    const after = dismissed.stdout.trimEnd().split('\n');
    expect(after[0]).toBe('Dismissed.');
    // The answers left (a reused server may hold others, about other collections).
    const aboutThis = after.filter((l) => l.includes(` ${c.name} `));
    expect(aboutThis.map((l) => /^\S+ +(\S+) +(\S+) /.exec(l)?.slice(1, 3).join(' ')).sort()).toEqual(['carol declined', 'dave accepted']);
    expect(await notificationPaths('alice')).not.toContain(new URL(bobs.id).pathname);

    // One by its URL, with --json: the answers left.
    const daves = answers.find((a) => a.from.name === 'dave')!;
    const left = await sharedeckJson<ShareReply[]>('alice', 'dismiss', daves.id);
    expect(about(left).map((r) => r.from.name)).toEqual(['carol']);
    expect(await notificationPaths('alice')).not.toContain(new URL(daves.id).pathname);

    // The rest of this collection's at once: shown, then dismissed.
    const carols = answers.find((a) => a.from.name === 'carol')!;
    const rest = await sharedeckOk('alice', 'replies', c.name, '--dismiss');
    expect(rest.stdout).toContain(invitationShortId(carols));
    expect(rest.stdout.trimEnd().split('\n').at(-1)).toBe('Dismissed 1 answer.');
    expect(await notificationPaths('alice')).not.toContain(new URL(carols.id).pathname);
    expect(await sharedeckJson<ShareReply[]>('alice', 'replies', c.name)).toEqual([]);
    expect((await sharedeckOk('alice', 'replies', c.name)).stdout).toBe('No answers to your invitations.\n');

    // An ID that names nothing: a sentence that points at both lists.
    const none = await sharedeck('alice', 'dismiss', 'no-such-answer');
    expectError(none, 3, /There is no invitation or answer “no-such-answer”\. Run sharedeck invites or sharedeck replies to see them\./);
    // A URL that does not parse is no answer either: a sentence, not an unexpected error.
    expectError(await sharedeck('alice', 'dismiss', 'http://[bad'), 3, /There is no such invitation in this account’s inbox\./);
  });
});
