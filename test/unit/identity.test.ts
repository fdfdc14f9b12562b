// electron/dav/identity.ts: recognising the same person across the forms servers rewrite addresses
// into (Cyrus: mailto:<id>@<its domain>; Nextcloud: principal:principals/...; sabre: as sent).

import { describe, expect, it } from 'vitest';
import type { Sharee } from '../../shared/model';
import { addressKeys, findSharee, isSelf, normaliseAddress, sameAddress } from '../../electron/dav/identity';

describe('sameAddress', () => {
  it.each([
    ['Cyrus rewrites a principal URL to mailto:', '/dav/principals/user/carol/', 'mailto:carol@example.com'],
    ['Cyrus rewrites the mail domain', 'mailto:carol@other.org', 'mailto:carol@example.com'],
    ['a bare user id', 'bob', 'mailto:bob@example.com'],
    ['a bare user id in other case', 'Bob', 'mailto:bob@example.com'],
    ['a bare e-mail address', 'bob@example.com', 'mailto:BOB@Example.com'],
    ['percent-encoded mailto', 'mailto:bob%40example.com', 'mailto:bob@example.com'],
    ['MAILTO in capitals', 'MAILTO:bob@example.com', 'mailto:bob@example.com'],
    [
      'Nextcloud principal: vs the full principal URL',
      'principal:principals/users/bob',
      'https://cloud.example.com/remote.php/dav/principals/users/bob/',
    ],
    ['a full principal URL vs its path', 'https://h/dav/principals/user/bob/', '/dav/principals/user/bob'],
    ['sabre relative principal vs absolute path', 'principals/alice', '/principals/alice'],
    ['a principal URL vs a mailto', 'https://h/dav/principals/user/dave/', 'mailto:dave@example.com'],
    ['identical opaque hrefs', 'urn:x-uid:A1B2', 'urn:x-uid:A1B2'],
    ['percent-encoded principal id', '/dav/principals/user/j%C3%BCrgen/', 'mailto:jürgen@example.com'],
  ])('%s: %s = %s', (_label, requested, listed) => {
    expect(sameAddress(requested, listed)).toBe(true);
    expect(sameAddress(listed, requested)).toBe(true);
  });

  it.each([
    ['different people', 'mailto:bob@example.com', 'mailto:bobby@example.com'],
    ['a prefix of another id', 'bob', 'mailto:bobby@example.com'],
    ['different principals', '/dav/principals/user/bob/', '/dav/principals/user/carol/'],
    ['a user and a group with the same id', 'principal:principals/users/staff', 'principal:principals/groups/staff'],
    [
      'a user and a group, full URL',
      'https://cloud.example.com/remote.php/dav/principals/users/staff/',
      'principal:principals/groups/staff',
    ],
    ['different opaque hrefs', 'urn:x-uid:1', 'urn:x-uid:2'],
    ['empty vs an address', '', 'mailto:bob@example.com'],
    ['empty vs empty', '', ''],
    ['blank vs blank', '  ', ' '],
    ['bare mailto: vs bare mailto:', 'mailto:', 'mailto:'],
    ['empty local parts', 'mailto:@example.com', 'mailto:@other.org'],
    ['garbage vs an address', '!!!', 'mailto:bob@example.com'],
    ['garbage vs other garbage', '???', '!!!'],
    ['a URL with no principal vs a mailto', 'https://example.com/', 'mailto:example@example.com'],
    ['a path with spaces', 'http://x/a b', 'mailto:a@b'],
  ])('%s: %j ≠ %j', (_label, requested, listed) => {
    expect(sameAddress(requested, listed)).toBe(false);
    expect(sameAddress(listed, requested)).toBe(false);
  });
});

describe('addressKeys', () => {
  it('splits mail, local part, principal id and principal path', () => {
    expect(addressKeys(' mailto:Carol@Example.com ')).toEqual({ mail: 'carol@example.com', local: 'carol' });
    expect(addressKeys('carol@example.com')).toEqual({ mail: 'carol@example.com', local: 'carol' });
    expect(addressKeys('/dav/principals/user/Carol/')).toEqual({ principal: 'carol', principalPath: 'user/carol' });
    expect(addressKeys('principal:principals/groups/staff')).toEqual({ principal: 'staff', principalPath: 'groups/staff' });
    expect(addressKeys('https://h/remote.php/dav/principals/users/bob/')).toEqual({ principal: 'bob', principalPath: 'users/bob' });
    expect(addressKeys('bob.smith+x')).toEqual({ local: 'bob.smith+x' });
    expect(addressKeys('urn:x-uid:1')).toEqual({});
    expect(addressKeys('/dav/principals/')).toEqual({});
  });
});

describe('findSharee', () => {
  const sharees: Sharee[] = [
    { address: 'mailto:bob@example.com', name: 'Bob B.', access: 'read-write', status: 'accepted' },
    { address: 'mailto:carol@example.com', access: 'read', status: 'pending' },
    { address: 'principal:principals/groups/staff', name: 'staff', access: 'read', status: 'accepted' },
  ];

  it('finds by the exact listed href first', () => {
    expect(findSharee(sharees, 'mailto:carol@example.com')).toBe(sharees[1]);
    expect(findSharee(sharees, '  mailto:carol@example.com  ')).toBe(sharees[1]);
  });

  it('then by a rewritten form', () => {
    expect(findSharee(sharees, '/dav/principals/user/carol/')).toBe(sharees[1]);
    expect(findSharee(sharees, 'carol@elsewhere.org')).toBe(sharees[1]);
    expect(findSharee(sharees, 'bob')).toBe(sharees[0]);
    expect(findSharee(sharees, 'https://cloud.example.com/remote.php/dav/principals/groups/staff/')).toBe(sharees[2]);
  });

  it('then by display name, ignoring case', () => {
    expect(findSharee(sharees, 'bob b.')).toBe(sharees[0]);
  });

  it('finds nobody for an unknown person, a user who only shares a group’s id, or nothing at all', () => {
    expect(findSharee(sharees, 'mailto:dave@example.com')).toBeUndefined();
    expect(findSharee(sharees, 'principal:principals/users/staff')).toBeUndefined();
    expect(findSharee(sharees, '')).toBeUndefined();
    expect(findSharee(sharees, '   ')).toBeUndefined();
    expect(findSharee([{ address: '', access: 'read', status: 'accepted' }], '')).toBeUndefined();
    expect(findSharee([], 'bob')).toBeUndefined();
  });
});

describe('isSelf', () => {
  const cyrus = { principalUrl: 'http://127.0.0.1:8580/dav/principals/user/alice/', addresses: ['mailto:alice@example.com'] };
  const sabre = { principalUrl: 'http://127.0.0.1:8411/principals/alice/', addresses: ['mailto:alice@example.org'] };
  const nextcloud = { principalUrl: 'https://cloud.example.com/remote.php/dav/principals/users/alice/', addresses: [] };

  it.each([
    ['the principal URL itself', cyrus, 'http://127.0.0.1:8580/dav/principals/user/alice/'],
    ['its path', cyrus, '/dav/principals/user/alice/'],
    ['without the trailing slash (sabre’s owner entry)', sabre, 'http://127.0.0.1:8411/principals/alice'],
    ['one of the account’s addresses, in any case', sabre, 'mailto:ALICE@example.org'],
    ['Nextcloud principal: form', nextcloud, 'principal:principals/users/alice'],
    ['Nextcloud owner-principal text', nextcloud, 'principals/users/alice'],
    ['percent-encoded', cyrus, '/dav/principals/user/%61lice/'],
  ])('%s', (_label, account, address) => {
    expect(isSelf({ address }, account)).toBe(true);
  });

  it.each([
    ['another principal', cyrus, 'http://127.0.0.1:8580/dav/principals/user/bob/'],
    ['a principal whose id ends like ours', nextcloud, 'principal:principals/users/lice'],
    ['a principal whose id starts like ours', nextcloud, 'principal:principals/users/alice2'],
    ['a longer path that is not a principals/ suffix', cyrus, '/other/dav/principals/user/alice/x'],
    ['a mail address not among ours', sabre, 'mailto:alice@example.com'],
    ['empty', cyrus, ''],
    ['the server root', { principalUrl: 'http://127.0.0.1:8411/', addresses: [] }, '/'],
  ])('not %s', (_label, account, address) => {
    expect(isSelf({ address }, account)).toBe(false);
  });

  it('no person is not self', () => {
    expect(isSelf(undefined, cyrus)).toBe(false);
  });
});

describe('normaliseAddress', () => {
  it.each([
    ['bob@example.com', 'mailto:bob@example.com'],
    ['  bob@example.com\t', 'mailto:bob@example.com'],
    ['mailto:bob@example.com', 'mailto:bob@example.com'],
    ['MAILTO:bob@example.com', 'MAILTO:bob@example.com'],
    ['/dav/principals/user/bob/', '/dav/principals/user/bob/'],
    ['https://h/dav/principals/user/bob/', 'https://h/dav/principals/user/bob/'],
    ['principal:principals/users/bob', 'principal:principals/users/bob'],
    ['urn:x-uid:1', 'urn:x-uid:1'],
    ['bob', 'bob'],
    ['', ''],
  ])('%j → %j', (input, output) => {
    expect(normaliseAddress(input)).toBe(output);
  });
});
