import { describe, expect, it } from 'vitest';
import {
  formatCollection,
  formatCollections,
  formatInvitations,
  formatPrincipals,
  invitationShortId,
  table,
} from '../../electron/cli/output';
import { leftOutSentence } from '../../shared/format';
import type { Collection, Invitation } from '../../shared/model';

const shared: Collection = {
  url: 'http://127.0.0.1:8580/dav/calendars/user/alice/Default/',
  name: 'personal',
  kind: 'calendar',
  access: 'shared-owner',
  dialects: ['dav', 'cs'],
  sharees: [
    { address: 'mailto:bob@example.com', access: 'read-write', status: 'accepted' },
    { address: 'mailto:carol@example.com', name: 'Carol C.', access: 'read', status: 'pending', comment: 'FYI' },
  ],
  shareesVisible: true,
  canShare: true,
  owner: { address: 'http://127.0.0.1:8580/dav/principals/user/alice/' },
};

const given: Collection = {
  url: 'http://127.0.0.1:8580/dav/addressbooks/user/bob/alice.Team%20book/',
  name: 'Team book',
  kind: 'addressbook',
  access: 'read',
  dialects: [],
  sharees: [],
  shareesVisible: false,
  canShare: false,
  sharedBy: { address: 'http://127.0.0.1:8580/dav/principals/user/alice/' },
  originalUrl: 'http://127.0.0.1:8580/dav/addressbooks/user/alice/Team%20book/',
};

describe('human output', () => {
  it('aligns a table and trims trailing blanks', () => {
    expect(
      table(
        ['A', 'BB'],
        [
          ['xxx', 'y'],
          ['z', ''],
        ],
      ),
    ).toEqual(['A    BB', 'xxx  y', 'z']);
  });

  it('lists collections by kind, with who they are shared with or by', () => {
    expect(formatCollections([given, shared])).toEqual([
      'KIND          NAME       ACCESS  SHARED WITH / BY                                                  PATH',
      'calendar      personal   owner   bob@example.com (read-write, accepted), Carol C. (read, pending)  /dav/calendars/user/alice/Default/',
      'address book  Team book  read    by alice (read-only)                                              /dav/addressbooks/user/bob/alice.Team book/',
    ]);
    expect(formatCollections([])).toEqual(['No calendars, address books or folders.']);
  });

  it('shows one collection with its sharees', () => {
    expect(formatCollection(shared)).toEqual([
      'personal (calendar)',
      '  URL:       http://127.0.0.1:8580/dav/calendars/user/alice/Default/',
      '  Access:    owner, shared',
      '  Sharing:   yes (dav, cs)',
      '',
      'SHAREE                    NAME      ACCESS      STATUS    COMMENT',
      'mailto:bob@example.com    -         read-write  accepted',
      'mailto:carol@example.com  Carol C.  read        pending   FYI',
    ]);
  });

  it('says when the server hides the sharee list', () => {
    const text = formatCollection(given).join('\n');
    expect(text).toContain('  Shared by: alice <http://127.0.0.1:8580/dav/principals/user/alice/>');
    expect(text).toContain('  Original:  http://127.0.0.1:8580/dav/addressbooks/user/alice/Team%20book/');
    expect(text).toContain('The server does not show you who else it is shared with.');
  });

  it('lists invitations with a short id', () => {
    const inv: Invitation = {
      id: 'http://127.0.0.1:8580/dav/notifications/user/bob/7c7efcec-f2ed9e2c-478167d1-b8747aa.xml',
      collectionName: 'personal',
      kind: 'calendar',
      from: { address: 'http://127.0.0.1:8580/dav/principals/user/alice/', name: 'alice' },
      access: 'read-write',
      state: 'pending',
      dialect: 'dav',
      comment: 'Team calendar',
    };
    expect(invitationShortId(inv)).toBe('7c7efcec-f2ed9e2c-478167d1-b8747aa');
    expect(formatInvitations([inv, { ...inv, access: 'none', state: 'revoked', comment: undefined }])).toEqual([
      'ID                                  FROM   COLLECTION  KIND      ACCESS      STATE                 COMMENT',
      '7c7efcec-f2ed9e2c-478167d1-b8747aa  alice  personal    calendar  read-write  awaiting your answer  Team calendar',
      '7c7efcec-f2ed9e2c-478167d1-b8747aa  alice  personal    calendar  -           access removed',
    ]);
    expect(formatInvitations([])).toEqual(['No invitations.']);
  });

  it('lists directory results with their kind', () => {
    expect(
      formatPrincipals([
        { url: 'http://h/p/bob/', name: 'Bob', address: 'mailto:bob@example.com', addresses: [], type: 'individual' },
        { url: 'http://h/p/groups/team/', name: 'team', address: 'principal:principals/groups/team', addresses: [], type: 'group' },
        { url: 'http://h/principals/carol/', name: 'carol', address: '/principals/carol/', addresses: [] },
      ]),
    ).toEqual([
      'NAME   ADDRESS                           TYPE',
      'Bob    mailto:bob@example.com            person',
      'team   principal:principals/groups/team  group',
      'carol  /principals/carol/                -',
    ]);
  });

  it('says what was left out in agreement with how many: one entry, one more, several more', () => {
    const why = 'Only the first 500 are read at a time.';
    expect(leftOutSentence({ what: 'the entry “file:///etc/passwd” in the inbox', reason: 'It is a file: address.' })).toBe(
      'the entry “file:///etc/passwd” in the inbox was left out: it is a file: address.',
    );
    expect(leftOutSentence({ what: '1 more answer to your invitations', count: 1, reason: why })).toBe(
      '1 more answer to your invitations was left out: only the first 500 are read at a time.',
    );
    expect(leftOutSentence({ what: '20 more invitations in the inbox', count: 20, reason: why })).toBe(
      '20 more invitations in the inbox were left out: only the first 500 are read at a time.',
    );
  });
});
