// The renderer's pure rules: the order of sharees (stable whatever the server sends, whatever the
// access), how old a shown state says it is, which other configured accounts an action touched,
// which invitations wait for an answer (re-invitations after a decline included), how the owner's
// news reads, and the list's badges and namesakes.

import { describe, expect, it } from 'vitest';
import type { Collection, Invitation, Sharee, ShareReply } from '../../shared/model';
import { timeAgo, updatedAgo } from '../../renderer/components/freshness';
import { ACCESS_WORDS, activeSharees } from '../../renderer/components/vocabulary';
import { badgesOf, buildRows, rowLabel, type ListRow } from '../../renderer/features/collections/rows';
import { repliesAbout, replySentence } from '../../renderer/features/inbox/replies';
import { sortedSharees } from '../../renderer/features/sharing/sharee-order';
import { addressProblem, inviteeProblem, typedAddress } from '../../renderer/features/sharing/typed-address';
import { accountsAmong, namesAccount } from '../../renderer/store/related-accounts';
import { answerable, totalPending } from '../../renderer/store/waiting';
import { cyrusAccount } from '../support/dav-fixtures';

const sharee = (address: string, extra: Partial<Sharee> = {}): Sharee => ({ address, access: 'read', status: 'pending', ...extra });

describe('sharee order', () => {
  const people = [
    sharee('mailto:dave@example.com'),
    sharee('mailto:bob@example.com', { name: 'Robert' }),
    sharee('mailto:carol@example.com'),
    sharee('mailto:bobby@example.com', { name: 'robert' }),
    sharee('/dav/principals/user/erin/'),
  ];

  it('sorts by the shown name (case and accents aside), then by address', () => {
    expect(sortedSharees(people).map((s) => s.address)).toEqual([
      'mailto:carol@example.com',
      'mailto:dave@example.com',
      '/dav/principals/user/erin/',
      'mailto:bob@example.com',
      'mailto:bobby@example.com',
    ]);
  });

  it('gives the same order for every order the server sends, and a change of access moves no one', () => {
    const expected = sortedSharees(people).map((s) => s.address);
    for (const shuffled of [[...people].reverse(), [people[2]!, people[0]!, people[4]!, people[1]!, people[3]!]]) {
      expect(sortedSharees(shuffled).map((s) => s.address)).toEqual(expected);
    }
    const changed = people.map((s) => (s.address === 'mailto:dave@example.com' ? { ...s, access: 'read-write' as const } : s));
    expect(sortedSharees(changed).map((s) => s.address)).toEqual(expected);
  });
});

describe('updated … ago', () => {
  const at = Date.UTC(2026, 2, 12, 10, 0, 0);
  it.each([
    [0, 'Updated just now'],
    [59_000, 'Updated just now'],
    [60_000, 'Updated 1 min ago'],
    [59 * 60_000, 'Updated 59 min ago'],
    [3 * 3_600_000, 'Updated 3 h ago'],
    [-5_000, 'Updated just now'],
  ])('%i ms later: %s', (later, words) => {
    expect(updatedAgo(at, at + later)).toBe(words);
  });

  it('a day and more: the date', () => {
    expect(updatedAgo(at, at + 2 * 86_400_000)).toMatch(/^Updated (12 Mar|Mar 12)$/);
    expect(timeAgo(at, at + 2 * 86_400_000)).toMatch(/^on (12 Mar|Mar 12)$/);
  });

  it('inside a sentence: the same words, lower case', () => {
    expect(timeAgo(at, at + 30_000)).toBe('just now');
    expect(timeAgo(at, at + 4 * 60_000)).toBe('4 min ago');
  });
});

describe('answers to the account’s invitations', () => {
  const reply = (extra: Partial<ShareReply>): ShareReply => ({
    id: 'https://dav.example.com/dav/notifications/user/alice/1.xml',
    from: { address: 'https://dav.example.com/dav/principals/user/bob/' },
    answer: 'accepted',
    collectionUrl: 'https://dav.example.com/dav/calendars/user/alice/Team%20A/',
    ...extra,
  });

  it('say who answered what, by the directory’s name or else the principal’s id', () => {
    expect(replySentence(reply({}))).toBe('bob accepted your invitation.');
    expect(replySentence(reply({ from: { address: 'x', name: 'Carol Example' }, answer: 'declined' }), 'Team')).toBe(
      'Carol Example declined your invitation to “Team”.',
    );
  });

  it('belong to a collection whatever the host case, percent-encoding or trailing slash', () => {
    const other = reply({ id: '2', collectionUrl: 'https://dav.example.com/dav/calendars/user/alice/Other/' });
    const team = reply({});
    expect(repliesAbout([other, team], 'https://DAV.example.com/dav/calendars/user/alice/Team A')).toEqual([team]);
  });
});

describe('the accounts an action touches', () => {
  const alice = cyrusAccount('alice');
  const bob = cyrusAccount('bob');
  const carol = cyrusAccount('carol');
  const elsewhere = cyrusAccount('bob', { id: 'other-bob', principalUrl: 'https://dav.example.net/dav/principals/user/bob/' });

  it('names an account by one of its addresses (any case) or by its principal, as a URL or a path', () => {
    expect(namesAccount('mailto:BOB@example.com', bob, alice.serverUrl)).toBe(true);
    expect(namesAccount(bob.principalUrl, bob, alice.serverUrl)).toBe(true);
    expect(namesAccount('/dav/principals/user/bob', bob, alice.serverUrl)).toBe(true);
    expect(namesAccount('mailto:bob@example.org', bob, alice.serverUrl)).toBe(false);
    expect(namesAccount('/dav/principals/user/bobby/', bob, alice.serverUrl)).toBe(false);
    // The same path on another server is someone else.
    expect(namesAccount('/dav/principals/user/bob/', elsewhere, alice.serverUrl)).toBe(false);
    expect(namesAccount('', bob, alice.serverUrl)).toBe(false);
  });

  it('Nextcloud’s principal: form names the account whose principal path ends with it', () => {
    const nc = cyrusAccount('bob', { principalUrl: 'https://cloud.example.com/remote.php/dav/principals/users/bob/' });
    expect(namesAccount('principal:principals/users/bob', nc, nc.serverUrl)).toBe(true);
    expect(namesAccount('principal:principals/groups/bob', nc, nc.serverUrl)).toBe(false);
  });

  it('lists the other configured accounts among the people, never the one acting', () => {
    const all = [alice, bob, carol];
    expect(accountsAmong(['mailto:bob@example.com', 'mailto:dave@example.com'], all, alice)).toEqual([bob]);
    expect(accountsAmong([alice.principalUrl], all, bob)).toEqual([alice]);
    expect(accountsAmong(['mailto:alice@example.com'], all, alice)).toEqual([]);
  });
});

describe('invitations waiting for an answer', () => {
  const invitation = (state: Invitation['state'], access: Invitation['access']): Invitation => ({
    id: `${state}-${access}`,
    collectionName: 'Work',
    kind: 'calendar',
    from: { address: 'http://127.0.0.1/dav/principals/user/alice/' },
    access,
    state,
    dialect: 'dav',
  });

  it('a re-invitation after a decline (or a leave) waits for an answer like a first one; updates do not', () => {
    const list = [
      invitation('pending', 'read'),
      invitation('declined', 'read-write'),
      invitation('declined', 'none'),
      invitation('accepted', 'read'),
      invitation('revoked', 'none'),
    ];
    expect(answerable(list).map((i) => i.id)).toEqual(['pending-read', 'declined-read-write']);
    expect(totalPending({ a: { list }, b: { list: [invitation('pending', 'read')] }, c: undefined })).toBe(3);
  });
});

function calendar(name: string, extra: Partial<Collection> = {}): Collection {
  return {
    url: `http://127.0.0.1/dav/calendars/user/alice/${encodeURIComponent(name)}-${Math.random().toString(36).slice(2)}/`,
    name,
    kind: 'calendar',
    access: 'shared-owner',
    dialects: ['dav'],
    sharees: [],
    shareesVisible: true,
    canShare: true,
    ...extra,
  };
}

describe('the list’s badges and names', () => {
  it('“Shared with N” counts who is in or invited, not who declined', () => {
    const c = calendar('Team', {
      sharees: [
        sharee('mailto:bob@example.com', { status: 'accepted' }),
        sharee('mailto:carol@example.com', { status: 'declined' }),
        sharee('mailto:dave@example.com'),
      ],
    });
    expect(activeSharees(c.sharees)).toHaveLength(2);
    expect(badgesOf(c).map((b) => b.text)).toEqual(['Shared with 2', '1 pending']);
    const declinedOnly = calendar('Old', { sharees: [sharee('mailto:carol@example.com', { status: 'declined' })] });
    expect(badgesOf(declinedOnly)).toEqual([]);
    const invalidOnly = calendar('Typo', { sharees: [sharee('mailto:crol@example.com', { status: 'invalid' })] });
    expect(badgesOf(invalidOnly)).toEqual([]);
  });

  it('someone invited again from here after a decline counts as in and waiting, in the badges and the row’s name', () => {
    const c = calendar('Again', { sharees: [sharee('mailto:carol@example.com', { status: 'declined' })] });
    expect(badgesOf(c, 1).map((b) => b.text)).toEqual(['Shared with 1', '1 pending']);
    expect(rowLabel(c, undefined, 1)).toBe('Again, Shared with 1, 1 pending');
  });

  it('a share given to the user says by whom and what they can do, in the app’s words', () => {
    const c = calendar('Work', { access: 'read-write', sharedBy: { address: 'x', name: 'Alice' } });
    expect(badgesOf(c).map((b) => b.text)).toEqual([`Shared with you by Alice · you ${ACCESS_WORDS['read-write'].toLowerCase()}`]);
  });

  it('two collections of one kind with the same name are told apart by whose they are', () => {
    const mine = { ...calendar('personal'), kind: 'addressbook' as const, access: 'not-shared' as const };
    const alices = {
      ...calendar('personal'),
      kind: 'addressbook' as const,
      access: 'read' as const,
      sharedBy: { address: 'x', name: 'alice' },
    };
    const calendarToo = calendar('personal', { access: 'not-shared' });
    const items = buildRows([mine, alices, calendarToo], '').rows.filter((r): r is ListRow & { type: 'item' } => r.type === 'item');
    expect(items.map((r) => [r.collection.kind, r.owner])).toEqual([
      ['calendar', undefined],
      ['addressbook', 'yours'],
      ['addressbook', 'alice'],
    ]);
    expect(rowLabel(alices, 'alice')).toBe('personal (alice), Shared with you by alice · you can view');
  });
});

describe('what is typed in the invite field', () => {
  const alice = cyrusAccount('alice');
  const team = calendar('Team', {
    sharees: [sharee('mailto:bob@example.com', { status: 'accepted' }), sharee('mailto:carol@example.com', { status: 'declined' })],
  });

  it.each([
    ['bob@example.com', 'mailto:bob@example.com'],
    ['  <Bob@Example.com> ', 'mailto:Bob@Example.com'],
    ['mailto:bob@example.com', 'mailto:bob@example.com'],
    ['/dav/principals/user/bob/', '/dav/principals/user/bob/'],
    ['principal:principals/users/bob', 'principal:principals/users/bob'],
  ])('%s is the address %s', (text, address) => {
    expect(typedAddress(text)?.address).toBe(address);
    expect(addressProblem(text)).toBeUndefined();
  });

  it.each([
    ['not-an-email', /^“not-an-email” is not an e-mail address\. Pick someone the directory found/],
    ['bob@@example.com', /^“bob@@example.com” has two @ signs; an e-mail address has one\.$/],
    ['x y@example.com', /^“x y@example.com” has a space in it; an e-mail address has none\.$/],
    ['bob@', /^“bob@” is missing the part after the @\.$/],
    ['@example.com', /^“@example.com” is missing the part before the @\.$/],
    ['bob@localhost', /^“bob@localhost” has no domain such as example.com after the @\.$/],
  ])('%s is refused with a reason', (text, reason) => {
    expect(typedAddress(text)).toBeUndefined();
    expect(addressProblem(text)).toMatch(reason);
  });

  it('the account’s own address is refused before anything is sent, by address or principal', () => {
    expect(inviteeProblem('mailto:alice@example.com', 'alice@example.com', alice, team)).toBe(
      'alice@example.com is you: you own “Team”, so there is nobody to invite. Sharedeck sent nothing.',
    );
    expect(inviteeProblem(alice.principalUrl, 'alice', alice, team)).toMatch(/is you/);
    expect(inviteeProblem('mailto:ALICE@example.com', 'ALICE@example.com', alice, team)).toMatch(/is you/);
  });

  it('someone listed is pointed to the list, unless they declined: them it invites again', () => {
    expect(inviteeProblem('mailto:bob@example.com', 'bob@example.com', alice, team)).toBe(
      'bob@example.com is already on the list below; change their access there.',
    );
    // However the address is written: case, a percent-escape, the server's mailto: or none.
    expect(inviteeProblem('mailto:%62ob@example.com', 'bob@example.com', alice, team)).toMatch(/already on the list/);
    expect(inviteeProblem('MAILTO:BOB@EXAMPLE.COM', 'BOB@EXAMPLE.COM', alice, team)).toMatch(/already on the list/);
    expect(inviteeProblem('mailto:carol@example.com', 'carol@example.com', alice, team)).toBeUndefined();
    expect(inviteeProblem('mailto:dave@example.com', 'dave@example.com', alice, team)).toBeUndefined();
  });
});
