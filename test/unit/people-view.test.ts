// The People view's pure parts: entries and their rows (filter, groups, order, places), a
// person's grants by account, what an action goes to and says (confirmation, address per
// account, outcome sentences and summary), the Give access picker's rows, and the export file.

import { describe, expect, it } from 'vitest';
import type { Account, CollectionOutcome, PersonAccess, PersonGrant } from '../../shared/model';
import { mergePeople } from '../../shared/people';
import {
  GROUP_HEIGHT,
  PERSON_HEIGHT,
  buildGrantRows,
  buildPeopleRows,
  findByKey,
  onlyServerDefault,
  personKey,
  personName,
  reachSummary,
} from '../../renderer/features/people/person-rows';
import {
  grantAddress,
  grantsToChange,
  outcomeProblem,
  outcomeSummary,
  partsOf,
  revokeDescription,
} from '../../renderer/features/people/action-plan';
import { buildPickRows } from '../../renderer/features/people/pick-rows';
import { firstRowBelow } from '../../renderer/components/useWindowedRows';
import { exportFile } from '../../renderer/features/people/export-file';
import { calendarModel } from '../support/dav-fixtures';

function account(id: string, label: string, serverUrl: string): Account {
  return {
    id,
    label,
    serverUrl,
    username: 'alice',
    principalUrl: `${serverUrl}/principals/alice/`,
    displayName: 'Alice',
    addresses: ['mailto:alice@example.com'],
    calendarHomes: [],
    addressbookHomes: [],
    folders: [],
    capabilities: [],
    dialects: ['dav'],
    approvedOrigins: [],
  };
}

const CYRUS = account('c', 'Work', 'https://cyrus.example');
const DAVICAL = account('d', 'Home', 'https://davical.example');
const ACCOUNTS = [CYRUS, DAVICAL];

function grant(accountId: string, name: string, extra: Partial<PersonGrant> = {}): PersonGrant {
  const base = accountId === 'c' ? 'https://cyrus.example/dav/calendars/user/alice' : 'https://davical.example/caldav.php/alice';
  return {
    accountId,
    collectionUrl: `${base}/${name.toLowerCase()}/`,
    collectionName: name,
    kind: 'calendar',
    access: 'read',
    via: 'share',
    status: 'pending',
    address: 'mailto:carol@example.com',
    ...extra,
  };
}

const carolOnCyrus: PersonAccess = {
  address: 'mailto:carol@example.com',
  name: 'Carol Example',
  type: 'individual',
  addresses: ['mailto:carol@example.com', 'https://cyrus.example/dav/principals/user/carol/'],
  grants: [
    grant('c', 'Plans'),
    grant('c', 'Budget', { via: 'acl', status: undefined, address: 'https://cyrus.example/dav/principals/user/carol/' }),
  ],
};
const carolOnDavical: PersonAccess = {
  address: 'mailto:carol@example.com',
  name: 'Carol',
  type: 'individual',
  addresses: ['mailto:carol@example.com', 'https://davical.example/caldav.php/carol/'],
  grants: [
    grant('d', 'Both', { via: 'acl', status: undefined, access: 'read-write', address: 'https://davical.example/caldav.php/carol/' }),
  ],
};
const bob: PersonAccess = {
  address: 'mailto:bob@example.com',
  type: 'individual',
  addresses: ['mailto:bob@example.com'],
  grants: [grant('c', 'Plans', { address: 'mailto:bob@example.com', access: 'read-write', status: 'accepted' })],
};
const team: PersonAccess = {
  address: 'https://cyrus.example/dav/principals/group/team/',
  name: 'Team',
  type: 'group',
  addresses: ['https://cyrus.example/dav/principals/group/team/'],
  grants: [grant('c', 'Plans', { via: 'acl', status: undefined, address: 'https://cyrus.example/dav/principals/group/team/' })],
};
function everyone(accountId: string, names: string[]): PersonAccess {
  return {
    address: 'DAV:authenticated',
    type: 'authenticated',
    addresses: ['DAV:authenticated'],
    grants: names.map((n) => grant(accountId, n, { via: 'acl', status: undefined, access: 'free-busy', address: 'DAV:authenticated' })),
  };
}

const PEOPLE = mergePeople([
  [carolOnCyrus, bob, team, everyone('c', ['Plans', 'Budget'])],
  [carolOnDavical, everyone('d', ['Both'])],
]);
const LABELS = { c: 'Work', d: 'Home' };
const carol = PEOPLE.find((p) => p.addresses.includes('mailto:carol@example.com'))!;

describe('the list of people', () => {
  it('one entry for carol across both accounts; grants to everyone stay apart per account', () => {
    expect(PEOPLE.filter((p) => p.addresses.includes('mailto:carol@example.com'))).toHaveLength(1);
    expect(carol.grants.map((g) => `${g.accountId}:${g.collectionName}:${g.via}`)).toEqual(['c:Plans:share', 'c:Budget:acl', 'd:Both:acl']);
    expect(reachSummary(carol)).toBe('3 collections in 2 accounts');
    expect(PEOPLE.filter((p) => p.type === 'authenticated')).toHaveLength(2);
  });

  it('an everyone entry that reaches only free/busy time is the servers’ default; one that reaches more, or a person, is not', () => {
    expect(onlyServerDefault(everyone('c', ['Plans', 'Budget']))).toBe(true);
    const more = everyone('c', ['Plans']);
    more.grants.push(grant('c', 'Budget', { via: 'acl', status: undefined, access: 'read', address: 'DAV:authenticated' }));
    expect(onlyServerDefault(more)).toBe(false);
    expect(onlyServerDefault({ ...everyone('c', ['Plans']), type: 'unauthenticated' })).toBe(false);
    expect(onlyServerDefault(carol)).toBe(false);
  });

  it('groups people, groups and everyone in that order, sorted by name, each row in its place', () => {
    const { rows, height, shown } = buildPeopleRows(PEOPLE, '', LABELS);
    expect(rows.map((r) => (r.type === 'group' ? `[${r.label} ${r.count}]` : personName(r.person)))).toEqual([
      '[People 2]',
      'bob@example.com',
      'Carol Example',
      '[Groups 1]',
      'Team',
      '[Everyone 2]',
      'Every signed-in user',
      'Every signed-in user',
    ]);
    expect(shown).toBe(5);
    expect(rows.map((r) => r.top)).toEqual([
      0,
      GROUP_HEIGHT,
      GROUP_HEIGHT + PERSON_HEIGHT,
      GROUP_HEIGHT + 2 * PERSON_HEIGHT,
      2 * GROUP_HEIGHT + 2 * PERSON_HEIGHT,
      2 * GROUP_HEIGHT + 3 * PERSON_HEIGHT,
      3 * GROUP_HEIGHT + 3 * PERSON_HEIGHT,
      3 * GROUP_HEIGHT + 4 * PERSON_HEIGHT,
    ]);
    expect(height).toBe(3 * GROUP_HEIGHT + 5 * PERSON_HEIGHT);
    expect(firstRowBelow(rows, 0)).toBe(0);
    expect(firstRowBelow(rows, GROUP_HEIGHT + PERSON_HEIGHT)).toBe(2);
    expect(firstRowBelow(rows, height + 100)).toBe(rows.length - 1);
  });

  it('filters by every term: name, any address without its scheme, a collection, an account', () => {
    const names = (filter: string) =>
      buildPeopleRows(PEOPLE, filter, LABELS).rows.flatMap((r) => (r.type === 'person' ? [personName(r.person)] : []));
    expect(names('carol')).toEqual(['Carol Example']);
    expect(names('caldav.php/carol')).toEqual(['Carol Example']);
    // "mailto" is no term that finds everyone by their address's scheme.
    expect(names('mailto')).toEqual([]);
    expect(names('budget')).toEqual(['Carol Example', 'Every signed-in user']);
    expect(names('home')).toEqual(['Carol Example', 'Every signed-in user']);
    expect(names('plans team')).toEqual(['Team']);
    expect(names('nobody')).toEqual([]);
  });

  it('keys find the same entry again after a re-read; a grant to everyone by its account', () => {
    expect(findByKey(PEOPLE, personKey(carol))).toBe(carol);
    // After a re-read that named her by her principal first, her mail address still finds her.
    const reread = mergePeople([[{ ...carolOnCyrus, address: 'https://cyrus.example/dav/principals/user/carol/' }]]);
    expect(findByKey(reread, 'mailto:carol@example.com')?.name).toBe('Carol Example');
    const home = PEOPLE.find((p) => p.type === 'authenticated' && p.grants[0]!.accountId === 'd')!;
    expect(personKey(home)).toBe('DAV:authenticated d');
    expect(findByKey(PEOPLE, 'DAV:authenticated d')).toBe(home);
    expect(findByKey(PEOPLE, 'DAV:authenticated x')).toBeUndefined();
  });

  it('a person’s grants by account in the sidebar’s order, by collection name within', () => {
    const { rows, height } = buildGrantRows(carol, [DAVICAL, CYRUS]);
    expect(rows.map((r) => (r.type === 'account' ? `[${r.account!.label} ${r.count}]` : r.grant.collectionName))).toEqual([
      '[Home 1]',
      'Both',
      '[Work 2]',
      'Budget',
      'Plans',
    ]);
    expect(height).toBe(rows.reduce((n, r) => n + r.height, 0));
  });
});

describe('actions on a person', () => {
  it('go to each account with the addresses its own server lists', () => {
    expect(partsOf(carol, ACCOUNTS).map((p) => [p.accountId, p.addresses])).toEqual([
      ['c', ['mailto:carol@example.com', 'https://cyrus.example/dav/principals/user/carol/']],
      ['d', ['https://davical.example/caldav.php/carol/']],
    ]);
  });

  it('the revoke confirmation names how many collections in which accounts, and by which routes', () => {
    expect(revokeDescription(carol, ACCOUNTS)).toBe(
      'Carol Example will lose access to 3 collections in 2 accounts (2 in Work and 1 in Home). Their shares are revoked and their ACL grants removed. You can give access again later.',
    );
    expect(revokeDescription(bob, ACCOUNTS)).toBe(
      'bob@example.com will lose access to 1 collection in Work. Their shares are revoked. You can give access again later.',
    );
    const fixed: PersonAccess = {
      ...team,
      grants: [...team.grants, grant('c', 'Shared', { via: 'acl', status: undefined, fixed: 'protected' })],
    };
    expect(revokeDescription(fixed, ACCOUNTS)).toContain(
      '1 collection keeps its access: the server protects it or it is inherited, and it cannot be changed here.',
    );
    expect(revokeDescription(everyone('c', ['Plans']), ACCOUNTS)).toBe(
      'Every signed-in user will lose access to 1 collection in Work. The entries of the access control lists that grant it are removed.',
    );
  });

  it('an access change touches only the grants without that access', () => {
    expect(grantsToChange(carol, 'read-write').map((g) => g.collectionName)).toEqual(['Plans', 'Budget']);
    expect(grantsToChange(carol, 'read').map((g) => g.collectionName)).toEqual(['Both']);
  });

  it('gives access by a mail address, else a principal on that server; never a principal of another server', () => {
    expect(grantAddress(carol, DAVICAL)).toBe('mailto:carol@example.com');
    expect(grantAddress(team, CYRUS)).toBe('https://cyrus.example/dav/principals/group/team/');
    expect(grantAddress(team, DAVICAL)).toBeUndefined();
    expect(grantAddress(everyone('c', ['Plans']), CYRUS)).toBeUndefined();
  });

  it('says what did not go through, and what to do', () => {
    const o = (result: CollectionOutcome['result'], message?: string): CollectionOutcome => ({
      accountId: 'c',
      collectionUrl: 'https://cyrus.example/x/',
      collectionName: 'X',
      kind: 'calendar',
      result,
      change: 'revoked share',
      ...(message ? { error: { code: 'forbidden', message } } : {}),
    });
    expect(outcomeProblem(o('done'), 'revoke', 'Carol')).toBeUndefined();
    expect(outcomeProblem(o('failed', 'The server refused: not allowed.'), 'revoke', 'Carol')).toBe('The server refused: not allowed.');
    expect(outcomeProblem(o('not-applied'), 'revoke', 'Carol')).toMatch(/^The server answered, but still lists Carol here\. Try again;/);
    expect(outcomeProblem(o('not-applied'), 'grant', 'Carol')).toMatch(
      /^The server did not take Carol here: it does not know this address\./,
    );
    expect(outcomeSummary([o('done'), o('done')], 0)).toBe('Done on 2 of 2 collections.');
    expect(outcomeSummary([o('done'), o('not-applied'), o('failed'), o('failed')], 1)).toBe(
      'Done on 1, not applied on 1, failed on 2 of 4 collections; 1 account could not be changed.',
    );
    expect(outcomeSummary([o('failed')], 0)).toBe('Failed on 1 of 1 collection.');
    expect(outcomeSummary([], 0)).toBe('Nothing needed changing.');
    expect(outcomeSummary([], 2)).toBe('2 accounts could not be changed.');
  });
});

describe('the Give access picker', () => {
  const collection = calendarModel;

  it('lists what the user owns and may share, by account; what the person has already is not pickable', () => {
    const { rows } = buildPickRows(
      team,
      ACCOUNTS,
      {
        c: {
          loading: false,
          list: [
            collection(carol.grants[0]!.collectionUrl, 'Plans'),
            collection('https://cyrus.example/dav/calendars/user/alice/zeta/', 'Zeta'),
            collection('https://cyrus.example/dav/calendars/user/alice/alpha/', 'Alpha'),
            collection('https://cyrus.example/dav/calendars/user/bob/given/', 'Given to me', { access: 'read' }),
            collection('https://cyrus.example/dav/drive/', 'Drive', { canShare: false }),
          ],
        },
        d: { loading: false, list: [collection('https://davical.example/caldav.php/alice/both/', 'Both')] },
      },
      '',
    );
    expect(
      rows.map((r) =>
        r.type === 'account'
          ? `[${r.account.label}${r.note ? `: ${r.note}` : ''}]`
          : `${r.collection.name}${r.blocked ? ` (${r.blocked})` : ''}`,
      ),
    ).toEqual(['[Work]', 'Alpha', 'Plans (Has Can view already)', 'Zeta', '[Home: No address of Team is known on this server.]']);
  });

  it('filters by name and says why an account shows nothing', () => {
    const { rows } = buildPickRows(
      carol,
      ACCOUNTS,
      { c: { loading: false, list: [collection('https://cyrus.example/a/', 'Alpha')] } },
      'beta',
    );
    expect(rows.map((r) => (r.type === 'account' ? r.note : r.collection.name))).toEqual([
      'No collection here matches.',
      'Reading its collections…',
    ]);
  });
});

describe('the export file', () => {
  it('is the shared CSV (with a byte order mark for spreadsheets) or JSON, accounts by label, named by the day', () => {
    const day = new Date('2026-12-02T10:00:00Z');
    const csv = exportFile('csv', [carol], ACCOUNTS, day);
    expect(csv.name).toBe('sharedeck-people-2026-12-02.csv');
    expect(csv.type).toBe('text/csv;charset=utf-8');
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFPerson,Name,Type,Addresses,Account,Collection,Kind,Access,Route,Status,Collection URL');
    expect(lines[3]).toBe(
      'mailto:carol@example.com,Carol Example,individual,mailto:carol@example.com https://cyrus.example/dav/principals/user/carol/ https://davical.example/caldav.php/carol/,Home,Both,calendar,read-write,ACL,,https://davical.example/caldav.php/alice/both/',
    );
    const json = exportFile('json', [carol], ACCOUNTS, day);
    expect(json.name).toBe('sharedeck-people-2026-12-02.json');
    expect((JSON.parse(json.text) as { grants: { account: string }[] }[])[0]!.grants.map((g) => g.account)).toEqual([
      'Work',
      'Work',
      'Home',
    ]);
  });
});
