// People across accounts and the access-review export (shared/people.ts): the merge rules, the
// JSON shape of `sharedeck people --json`, and the exact CSV, quoting and formula-safe cells.

import { describe, expect, it } from 'vitest';
import type { PersonAccess, PersonGrant } from '../../shared/model';
import { csvCell, exportPeople, findPerson, mergePeople, peopleToCsv, peopleToJson } from '../../shared/people';

function grant(accountId: string, name: string, extra: Partial<PersonGrant> = {}): PersonGrant {
  return {
    accountId,
    collectionUrl: `https://${accountId}.example.com/cal/${name}/`,
    collectionName: name,
    kind: 'calendar',
    access: 'read',
    via: 'share',
    status: 'accepted',
    address: 'mailto:bob@example.com',
    ...extra,
  };
}

const bobOnCyrus: PersonAccess = {
  address: 'mailto:bob@example.com',
  name: 'bob',
  type: 'individual',
  addresses: ['mailto:bob@example.com', 'https://cyrus.example.com/dav/principals/user/bob/'],
  grants: [grant('cyrus', 'Work')],
};
const bobOnDavical: PersonAccess = {
  address: 'mailto:Bob@Example.com',
  name: 'Bob',
  type: 'unknown',
  addresses: ['mailto:Bob@Example.com', 'https://davical.example.com/caldav.php/bob/'],
  grants: [grant('davical', 'Team', { via: 'acl', access: 'read-write', address: 'https://davical.example.com/caldav.php/bob/' })],
};
const otherBob: PersonAccess = {
  address: 'mailto:bob@partner.test',
  name: 'Bob',
  type: 'individual',
  addresses: ['mailto:bob@partner.test'],
  grants: [grant('cyrus', 'Plans', { address: 'mailto:bob@partner.test' })],
};
const everyone = (accountId: string): PersonAccess => ({
  address: 'DAV:authenticated',
  type: 'authenticated',
  addresses: ['DAV:authenticated'],
  grants: [grant(accountId, 'Free busy', { via: 'acl', access: 'free-busy', address: 'DAV:authenticated' })],
});

describe('people across accounts', () => {
  it('one person for the same mail address in any case; never by display name; everyone stays per account', () => {
    const merged = mergePeople([
      [bobOnCyrus, otherBob, everyone('cyrus')],
      [bobOnDavical, everyone('davical')],
    ]);
    expect(merged.map((p) => [p.address, p.grants.map((g) => `${g.accountId}:${g.collectionName}`)])).toEqual([
      ['mailto:bob@example.com', ['cyrus:Work', 'davical:Team']],
      ['mailto:bob@partner.test', ['cyrus:Plans']],
      ['DAV:authenticated', ['cyrus:Free busy']],
      ['DAV:authenticated', ['davical:Free busy']],
    ]);
    const bob = merged[0]!;
    expect(bob.type).toBe('individual');
    expect(bob.name).toBe('bob');
    expect(bob.addresses).toEqual([
      'mailto:bob@example.com',
      'https://cyrus.example.com/dav/principals/user/bob/',
      'https://davical.example.com/caldav.php/bob/',
    ]);
  });

  it('one person for the same principal URL, trailing slash or not', () => {
    const a: PersonAccess = { ...bobOnDavical, addresses: ['https://davical.example.com/caldav.php/bob'], grants: [grant('one', 'A')] };
    const b: PersonAccess = { ...bobOnDavical, addresses: ['https://davical.example.com/caldav.php/bob/'], grants: [grant('two', 'B')] };
    expect(mergePeople([[a], [b]])).toHaveLength(1);
    const c: PersonAccess = { ...b, addresses: ['https://other.example.com/caldav.php/bob/'] };
    expect(mergePeople([[a], [c]])).toHaveLength(2);
  });

  it('finds a person by any of their addresses', () => {
    expect(findPerson([bobOnCyrus, otherBob], 'mailto:BOB@example.com')).toBe(bobOnCyrus);
    expect(findPerson([bobOnCyrus, otherBob], 'https://cyrus.example.com/dav/principals/user/bob')).toBe(bobOnCyrus);
    expect(findPerson([bobOnCyrus, otherBob], 'Bob')).toBeUndefined();
  });
});

describe('the export', () => {
  it('JSON: the shape `sharedeck people --json` prints', () => {
    expect(exportPeople([bobOnDavical])).toEqual([
      {
        address: 'mailto:Bob@Example.com',
        name: 'Bob',
        type: 'unknown',
        addresses: ['mailto:Bob@Example.com', 'https://davical.example.com/caldav.php/bob/'],
        grants: [
          {
            collectionUrl: 'https://davical.example.com/cal/Team/',
            collectionName: 'Team',
            kind: 'calendar',
            access: 'read-write',
            via: 'acl',
            status: 'accepted',
          },
        ],
      },
    ]);
    expect(JSON.parse(peopleToJson([everyone('x')], { x: 'Work account' }))).toEqual([
      {
        address: 'DAV:authenticated',
        type: 'authenticated',
        addresses: ['DAV:authenticated'],
        grants: [
          {
            collectionUrl: 'https://x.example.com/cal/Free busy/',
            collectionName: 'Free busy',
            kind: 'calendar',
            access: 'free-busy',
            via: 'acl',
            status: 'accepted',
            account: 'Work account',
          },
        ],
      },
    ]);
  });

  it('CSV cells: quoted where they must be, and never a formula', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('two\\nlines');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('=HYPERLINK("http://evil.example/","x")')).toBe('"\'=HYPERLINK(""http://evil.example/"",""x"")"');
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\\t=1");
    expect(csvCell('\u001b[31mred')).toBe('\\x1b[31mred');
    expect(csvCell('Pay\u202efdp.exe')).toBe('Pay\\u202efdp.exe');
    expect(csvCell('read-write')).toBe('read-write');
  });

  it('CSV: one row per person and collection, CRLF line ends (exact)', () => {
    const hostile: PersonAccess = {
      address: 'mailto:eve@example.com',
      name: '=cmd|"/c calc"!A1',
      type: 'individual',
      addresses: ['mailto:eve@example.com', 'https://cyrus.example.com/dav/principals/user/eve/'],
      grants: [grant('cyrus', '+Budget, 2026', { address: 'mailto:eve@example.com', status: 'pending', access: 'read-write' })],
    };
    expect(peopleToCsv([bobOnDavical, hostile, everyone('cyrus')], { cyrus: 'Fastmail', davical: 'Office' })).toBe(
      'Person,Name,Type,Addresses,Account,Collection,Kind,Access,Route,Status,Collection URL\r\n' +
        'mailto:Bob@Example.com,Bob,unknown,mailto:Bob@Example.com https://davical.example.com/caldav.php/bob/,Office,Team,calendar,read-write,ACL,accepted,https://davical.example.com/cal/Team/\r\n' +
        'mailto:eve@example.com,"\'=cmd|""/c calc""!A1",individual,mailto:eve@example.com https://cyrus.example.com/dav/principals/user/eve/,Fastmail,"\'+Budget, 2026",calendar,read-write,share,pending,"https://cyrus.example.com/cal/+Budget, 2026/"\r\n' +
        'DAV:authenticated,,authenticated,DAV:authenticated,Fastmail,Free busy,calendar,free-busy,ACL,accepted,https://cyrus.example.com/cal/Free busy/\r\n',
    );
  });
});
