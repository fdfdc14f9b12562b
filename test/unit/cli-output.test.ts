import { describe, expect, it } from 'vitest';
import {
  formatCollection,
  formatCollections,
  formatInvitations,
  formatPrincipals,
  formatReplies,
  invitationShortId,
  shownTime,
  table,
} from '../../electron/cli/output';
import { leftOutSentence } from '../../shared/format';
import { inert } from '../../shared/inert-text';
import type { Collection, Invitation, ShareReply } from '../../shared/model';

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

  it('lists the answers to one’s invitations: who, what, which collection (by name, else its path), when, the message', () => {
    const base = 'http://127.0.0.1:8580/dav';
    const replies: ShareReply[] = [
      {
        id: `${base}/notifications/user/alice/a1b2.xml`,
        from: { address: `${base}/principals/user/bob/`, name: 'bob' },
        answer: 'accepted',
        collectionUrl: `${base}/calendars/user/alice/team/`,
        comment: 'Count me in',
        receivedAt: '2026-12-02T06:30:12Z',
      },
      {
        id: `${base}/notifications/user/alice/c3d4.xml`,
        from: { address: `${base}/principals/user/carol/` },
        answer: 'declined',
        collectionUrl: `${base}/calendars/user/alice/gone%20away/`,
      },
    ];
    const names = (url: string) => (url.endsWith('/team/') ? 'Team' : undefined);
    expect(formatReplies(replies, names)).toEqual([
      'ID    FROM   ANSWER    COLLECTION                            WHEN                  COMMENT',
      'a1b2  bob    accepted  Team                                  2026-12-02 06:30 UTC  Count me in',
      'c3d4  carol  declined  /dav/calendars/user/alice/gone away/  -',
    ]);
    expect(formatReplies([], names)).toEqual(['No answers to your invitations.']);
  });

  it('an answer’s text from the server stays inert: a name, a message, a collection name, a time', () => {
    const hostile: ShareReply = {
      id: 'http://h/dav/notifications/user/alice/x%1b.xml',
      from: { address: 'http://h/dav/principals/user/bob/', name: 'Bob \u202eevil\x1b]0;pwned\x07' },
      answer: 'accepted',
      collectionUrl: 'http://h/dav/calendars/user/alice/team/',
      comment: 'line one\r\nsharedeck: forged line\u009b',
      receivedAt: 'soon\x1b[2J',
    };
    const lines = formatReplies([hostile], () => 'Team\u2067x').map(inert);
    const text = lines.join('\n');
    // No control, C1 or bidi character is left to act on the terminal, and no line is forged.
    // eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Bob \\u202eevil\\x1b]0;pwned\\x07');
    expect(lines[1]).toContain('line one\\r\\nsharedeck: forged line\\u009b');
    expect(lines[1]).toContain('Team\\u2067x');
    expect(lines[1]).toContain('soon\\x1b[2J');
    expect(lines[1]?.startsWith('x\\x1b  ')).toBe(true);
  });

  it('shows a time the server wrote in minutes, UTC; one that does not parse as written; none as a dash', () => {
    expect(shownTime('2026-12-02T07:30:59+01:00')).toBe('2026-12-02 06:30 UTC');
    expect(shownTime('yesterday')).toBe('yesterday');
    expect(shownTime(undefined)).toBe('-');
  });

  it('lists the free/busy time everyone has for the server’s default it is: in show, not as a share in ls', () => {
    const fb = ['{urn:ietf:params:xml:ns:caldav}read-free-busy'];
    const withDefault: Collection = {
      ...shared,
      sharees: [],
      access: 'not-shared',
      aclGrants: [
        { address: 'DAV:all', everyone: 'all', access: 'free-busy', privileges: fb },
        { address: 'http://127.0.0.1:8580/dav/principals/user/frank/', access: 'read', privileges: ['{DAV:}read'] },
      ],
    };
    const shown = formatCollection(withDefault);
    expect(shown.slice(shown.indexOf('Direct access (access control list):'))).toEqual([
      'Direct access (access control list):',
      'WHO       ADDRESS                                           ACCESS          NOTE',
      'everyone  DAV:all                                           free/busy only  the server’s default for calendars',
      'frank     http://127.0.0.1:8580/dav/principals/user/frank/  read-only',
    ]);
    expect(formatCollections([withDefault])[1]).toContain(' frank (read, ACL) ');
    expect(formatCollections([withDefault])[1]).not.toContain('everyone');
  });
});
