// electron/dav/identity.ts: recognising the same person across the forms servers write addresses in
// (Cyrus: mailto:<id>@<its domain>; Nextcloud: principal:principals/...; sabre: as sent), and never
// taking one person for another: two Bobs at different domains stay two people unless the server
// demonstrably rewrites addresses to its own domain.

import { describe, expect, it } from 'vitest';
import type { Sharee } from '../../shared/model';
import {
  STRICT_RULES,
  addressKeys,
  addressRules,
  collectionPrincipalType,
  findSharee,
  isSelf,
  matchingSharees,
  normaliseAddress,
  principalTypeOf,
  sameAddress,
  similarSharees,
  type AddressRules,
} from '../../electron/dav/identity';

const CYRUS: AddressRules = addressRules({ addresses: ['mailto:alice@example.com'] }, true);
const SABRE_ACCOUNT = { addresses: ['mailto:alice@example.org'] };

describe('sameAddress: the same address or the same principal, on any server', () => {
  it.each([
    ['a bare e-mail address', 'bob@example.com', 'mailto:BOB@Example.com'],
    ['percent-encoded mailto', 'mailto:bob%40example.com', 'mailto:bob@example.com'],
    ['MAILTO in capitals', 'MAILTO:bob@example.com', 'mailto:bob@example.com'],
    [
      'Nextcloud principal: vs the full principal URL',
      'principal:principals/users/bob',
      'https://cloud.example.com/remote.php/dav/principals/users/bob/',
    ],
    ['a full principal URL vs its path', 'https://h/dav/principals/user/bob/', '/dav/principals/user/bob'],
    ['sabre relative principal vs the absolute path it lists it as', 'principals/alice', '/principals/alice'],
    ['sabre relative principal vs its URL', 'principals/carol', 'http://127.0.0.1:8411/principals/carol/'],
    ['a bare user id vs that user’s principal', 'Bob', 'principal:principals/users/bob'],
    ['identical opaque hrefs', 'urn:x-uid:A1B2', 'urn:x-uid:A1B2'],
  ])('%s: %s = %s', (_label, requested, listed) => {
    expect(sameAddress(requested, listed)).toBe(true);
    expect(sameAddress(listed, requested)).toBe(true);
    expect(sameAddress(requested, listed, CYRUS)).toBe(true);
  });

  it.each([
    ['two Bobs at different domains', 'mailto:bob@partner.test', 'mailto:bob@example.org'],
    ['two Bobs, one typed bare', 'bob@partner.test', 'mailto:bob@example.org'],
    ['a user id vs a mail address with that local part', 'bob', 'mailto:bob@example.org'],
    ['a principal URL vs a mail address with its id', 'http://127.0.0.1:8411/principals/bob/', 'mailto:bob@example.org'],
    ['different people', 'mailto:bob@example.com', 'mailto:bobby@example.com'],
    ['a prefix of another id', 'bob', 'mailto:bobby@example.com'],
    ['different principals', '/dav/principals/user/bob/', '/dav/principals/user/carol/'],
    ['a user and a group with the same id', 'principal:principals/users/staff', 'principal:principals/groups/staff'],
    [
      'a user and a group, full URL',
      'https://cloud.example.com/remote.php/dav/principals/users/staff/',
      'principal:principals/groups/staff',
    ],
    ['the same path on two servers', 'https://a.example/principals/bob/', 'https://b.example/principals/bob/'],
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
    ['a display name vs the address of the person with it', 'Bob B.', 'mailto:bob@example.org'],
  ])('%s: %j ≠ %j', (_label, requested, listed) => {
    expect(sameAddress(requested, listed)).toBe(false);
    expect(sameAddress(listed, requested)).toBe(false);
  });
});

describe('sameAddress on a server that rewrites every sharee to mailto:<id>@<its own domain> (Cyrus)', () => {
  it.each([
    ['a principal URL it lists as mailto:', '/dav/principals/user/carol/', 'mailto:carol@example.com'],
    ['a foreign domain it dropped', 'mailto:carol@other.org', 'mailto:carol@example.com'],
    ['a bare user id', 'bob', 'mailto:bob@example.com'],
    ['a bare user id in other case', 'Bob', 'mailto:bob@example.com'],
    ['a full principal URL', 'https://h/dav/principals/user/dave/', 'mailto:dave@example.com'],
    ['a percent-encoded principal id', '/dav/principals/user/j%C3%BCrgen/', 'mailto:jürgen@example.com'],
  ])('%s: %s = %s', (_label, requested, listed) => {
    expect(sameAddress(requested, listed, CYRUS)).toBe(true);
    expect(sameAddress(listed, requested, CYRUS)).toBe(true);
    // Without the rewrite the same two addresses are two people.
    expect(sameAddress(requested, listed)).toBe(false);
  });

  it.each([
    ['a listed address at a domain that is not its own', 'bob', 'mailto:bob@partner.test'],
    ['two foreign domains', 'mailto:bob@a.test', 'mailto:bob@b.test'],
    ['another id at its domain', 'bob', 'mailto:bobby@example.com'],
  ])('but not %s: %j ≠ %j', (_label, requested, listed) => {
    expect(sameAddress(requested, listed, CYRUS)).toBe(false);
  });

  it('the rules take their domain from the account’s own addresses, and rewrite nothing without one', () => {
    expect(addressRules({ addresses: ['mailto:alice@Example.com', 'mailto:a@example.com', 'mailto:a@second.test'] }, true)).toEqual({
      ownDomains: ['example.com', 'second.test'],
      rewritesToOwnDomain: true,
    });
    expect(addressRules({ addresses: [] }, true)).toEqual({ ownDomains: [], rewritesToOwnDomain: false });
    expect(addressRules(SABRE_ACCOUNT, false)).toEqual({ ownDomains: ['example.org'], rewritesToOwnDomain: false });
    expect(STRICT_RULES.rewritesToOwnDomain).toBe(false);
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

describe('findSharee: one person, never a namesake', () => {
  const sharees: Sharee[] = [
    { address: 'mailto:bob@example.com', name: 'Bob B.', access: 'read-write', status: 'accepted' },
    { address: 'mailto:carol@example.com', access: 'read', status: 'pending' },
    { address: 'principal:principals/groups/staff', name: 'staff', access: 'read', status: 'accepted' },
  ];

  it('finds by the exact listed href first', () => {
    expect(findSharee(sharees, 'mailto:carol@example.com')).toBe(sharees[1]);
    expect(findSharee(sharees, '  mailto:carol@example.com  ')).toBe(sharees[1]);
  });

  it('then by the same principal in another form', () => {
    expect(findSharee(sharees, 'https://cloud.example.com/remote.php/dav/principals/groups/staff/')).toBe(sharees[2]);
    expect(findSharee(sharees, 'staff')).toBe(sharees[2]);
  });

  it('by the local part only where the server rewrites addresses to its own domain', () => {
    expect(findSharee(sharees, '/dav/principals/user/carol/', CYRUS)).toBe(sharees[1]);
    expect(findSharee(sharees, 'carol@elsewhere.org', CYRUS)).toBe(sharees[1]);
    expect(findSharee(sharees, 'bob', CYRUS)).toBe(sharees[0]);
    expect(findSharee(sharees, '/dav/principals/user/carol/')).toBeUndefined();
    expect(findSharee(sharees, 'carol@elsewhere.org')).toBeUndefined();
    expect(findSharee(sharees, 'bob')).toBeUndefined();
  });

  it('never by display name', () => {
    expect(findSharee(sharees, 'bob b.')).toBeUndefined();
    expect(findSharee(sharees, 'Bob B.', CYRUS)).toBeUndefined();
  });

  it('two Bobs at different domains (sabre lists both as sent): each address finds its own Bob', () => {
    const bobs: Sharee[] = [
      { address: 'mailto:bob@example.org', access: 'read-write', status: 'accepted' },
      { address: 'mailto:bob@partner.test', access: 'read', status: 'accepted' },
    ];
    const rules = addressRules(SABRE_ACCOUNT, false);
    expect(findSharee(bobs, 'bob@partner.test', rules)).toBe(bobs[1]);
    expect(findSharee(bobs, 'mailto:bob@example.org', rules)).toBe(bobs[0]);
    expect(findSharee(bobs, 'bob', rules)).toBeUndefined();
    expect(findSharee(bobs.slice(0, 1), 'bob@partner.test', rules)).toBeUndefined();
    expect(similarSharees(bobs, 'bob').map((s) => s.address)).toEqual(['mailto:bob@example.org', 'mailto:bob@partner.test']);
  });

  it('two Bobs on a Nextcloud-style server are two principals: a user id finds only its own', () => {
    const bobs: Sharee[] = [
      { address: 'principal:principals/users/bob', name: 'Bob', access: 'read-write', status: 'accepted' },
      { address: 'principal:principals/users/bob.partner', name: 'Bob', access: 'read', status: 'accepted' },
    ];
    expect(findSharee(bobs, 'https://cloud.example.com/remote.php/dav/principals/users/bob.partner/')).toBe(bobs[1]);
    expect(findSharee(bobs, 'bob')).toBe(bobs[0]);
    expect(findSharee(bobs, 'Bob')).toBe(bobs[0]);
    expect(findSharee(bobs, 'mailto:bob@partner.test')).toBeUndefined();
  });

  it('sabre keeps an invalid entry per href form it was sent: the one it accepted is the person', () => {
    const carols: Sharee[] = [
      { address: '/principals/carol/', access: 'read', status: 'invalid' },
      { address: 'http://127.0.0.1:8411/principals/carol/', access: 'read', status: 'invalid' },
      { address: '/principals/carol', access: 'read', status: 'accepted' },
    ];
    expect(findSharee(carols, 'principals/carol')).toBe(carols[2]);
    expect(findSharee(carols, '/principals/carol/')).toBe(carols[0]);
    expect(matchingSharees(carols, 'carol')).toEqual(carols);
  });

  it('an ambiguous name finds nobody: a write must not guess', () => {
    const staff: Sharee[] = [
      { address: 'principal:principals/users/staff', access: 'read', status: 'accepted' },
      { address: 'principal:principals/groups/staff', access: 'read', status: 'accepted' },
    ];
    expect(findSharee(staff, 'staff')).toBeUndefined();
    expect(matchingSharees(staff, 'staff')).toHaveLength(2);
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

describe('principalTypeOf and collectionPrincipalType', () => {
  it.each([
    ['principal:principals/groups/team', 'group'],
    ['principal:principals/users/bob', 'individual'],
    ['/remote.php/dav/principals/calendar-rooms/r1/', 'room'],
    ['/dav/principals/user/bob/', 'individual'],
    ['/principals/bob', undefined],
    ['mailto:team@example.com', undefined],
  ])('%s is %s', (address, type) => {
    expect(principalTypeOf(address)).toBe(type);
  });

  it('names the kind of a principal collection by its last segment', () => {
    expect(collectionPrincipalType('http://h/remote.php/dav/principals/groups/')).toBe('group');
    expect(collectionPrincipalType('http://h/remote.php/dav/principals/calendar-resources/')).toBe('resource');
    expect(collectionPrincipalType('http://h/principals/')).toBeUndefined();
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
