// People on the live servers, through the command line: who can reach what by any route (shares
// and raw ACL grants on Cyrus, ACL grants on DAViCal), one entry per person; revoke everywhere
// clears every route and leaves the owner's entry and unrelated entries as they were (checked
// with raw PROPFINDs); change everywhere, grant several at once; the CSV export; and one person
// across two accounts on two servers.

import { afterAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/api';
import type { PeopleActionResult, PersonAccess } from '../../shared/model';
import { exportPeople, mergePeople, type ExportedPerson } from '../../shared/people';
import { MemoryAccountStore } from '../../electron/service/account-store';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { createSharingService } from '../../electron/service/sharing-service';
import { newCalendar, principalOf, removeCreatedCollections, sharedeck, sharedeckJson, shareeSummary, show } from './cli-helpers';
import { EVERYONE_FREE_BUSY, SELF_ACE, grantRaw, homeOf, rawAcl, readAce } from './cyrus-acl-helpers';
import { davicalJson, newDavicalCollection, principalUrl, removeDavicalCollections } from './davical-helpers';
import { davicalServer, testServer } from '../support/test-servers';

afterAll(async () => {
  await removeCreatedCollections();
  await removeDavicalCollections();
});

/** The grants of the person an address names, as "collection:route:access". */
function grantsOf(people: readonly ExportedPerson[], address: string): string[] {
  const p = people.find((x) => x.addresses.includes(address));
  return (p?.grants ?? []).map((g) => `${g.collectionName}:${g.via}:${g.access}`).sort();
}

describe('people', () => {
  it('Cyrus: a share and an ACL grant of one person, one entry with both routes; revoke everywhere clears both', async () => {
    const a = await newCalendar('alice', 'Planning');
    const b = await newCalendar('alice', 'Budget');
    await sharedeckJson('alice', 'invite', a.url, 'carol@example.com', 'bob@example.com');
    await grantRaw(b, readAce('carol'));
    await grantRaw(b, readAce('dave'));
    const homeBefore = await rawAcl(homeOf(b));

    const carol = await sharedeckJson<ExportedPerson[]>('alice', 'people', 'carol');
    expect(carol).toHaveLength(1);
    expect(carol[0]).toMatchObject({ address: 'mailto:carol@example.com', type: 'individual' });
    expect(carol[0]!.addresses).toEqual(expect.arrayContaining(['mailto:carol@example.com', principalOf('carol')]));
    expect(grantsOf(carol, 'mailto:carol@example.com')).toEqual([`${b.name}:acl:read`, `${a.name}:share:read`]);
    expect(carol[0]!.grants.find((g) => g.via === 'share')?.status).toBe('pending');
    expect(carol[0]!.grants.find((g) => g.via === 'acl')?.status).toBeUndefined();

    const human = await sharedeck('alice', 'people');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`carol <carol@example\\.com> +individual +(${a.name}|${b.name}) `));
    expect(human.stdout).toMatch(/everyone +all +.* +free\/busy only +ACL/);

    const revoked = await sharedeck('alice', 'revoke', '--everywhere', 'carol@example.com', '--json');
    expect(revoked.code, revoked.stderr).toBe(0);
    const result = JSON.parse(revoked.stdout) as PeopleActionResult;
    expect(result.outcomes.map((o) => [o.collectionName, o.result, o.change]).sort()).toEqual([
      [b.name, 'done', 'revoked ACL grant'],
      [a.name, 'done', 'revoked share'],
    ]);
    expect(result.people.some((p) => p.addresses.includes(principalOf('carol')))).toBe(false);

    // What the server holds: carol gone from both routes; the owner, bob's share, dave's grant,
    // everyone's free/busy and the home as they were.
    expect(shareeSummary(await show(a))).toEqual({ 'bob@example.com': 'read/pending' });
    for (const c of [a, b]) {
      const acl = await rawAcl(c);
      expect(acl).toContain(SELF_ACE);
      expect(acl).toContain(EVERYONE_FREE_BUSY);
      expect(/\/dav\/principals\/user\/carol\/<\/D:href><\/D:principal><D:grant>(.*?)<\/D:grant>/.exec(acl)?.[1] ?? '').not.toMatch(
        /<D:read\/>/,
      );
    }
    expect(await rawAcl(b)).toContain(readAce('dave'));
    expect(await rawAcl(a)).toContain('/dav/principals/user/bob/');
    expect(await rawAcl(homeOf(b))).toBe(homeBefore);
  });

  it('Cyrus: grant one person several collections at once, then change their access everywhere', async () => {
    const a = await newCalendar('alice', 'Grant A');
    const b = await newCalendar('alice', 'Grant B');
    const granted = await sharedeck('alice', 'grant', 'erin', a.url, b.url, '--read-write');
    expect(granted.code, granted.stderr).toBe(0);
    expect(granted.stdout).toMatch(new RegExp(`${a.name} +calendar +done +read-write for mailto:erin@example\\.com`));
    expect(shareeSummary(await show(b))).toEqual({ 'erin@example.com': 'read-write/pending' });

    const changed = await sharedeckJson<PeopleActionResult>('alice', 'access', '--everywhere', 'erin@example.com', 'read');
    expect(changed.outcomes.filter((o) => o.collectionUrl === a.url || o.collectionUrl === b.url).map((o) => o.result)).toEqual([
      'done',
      'done',
    ]);
    expect(shareeSummary(await show(a))).toEqual({ 'erin@example.com': 'read/pending' });
    const erin = await sharedeckJson<ExportedPerson[]>('alice', 'people', 'erin@example.com');
    expect(grantsOf(erin, 'mailto:erin@example.com')).toEqual(expect.arrayContaining([`${a.name}:share:read`, `${b.name}:share:read`]));
    await sharedeckJson('alice', 'revoke', '--everywhere', 'erin');

    const nobody = await sharedeck('alice', 'revoke', '--everywhere', 'nobody@example.com');
    expect(nobody.code).toBe(3);
    expect(nobody.stderr).toContain('sharedeck: nobody@example.com has no access to any collection of this account.');
  });

  it('the CSV export of the access review', async () => {
    const c = await newCalendar('alice', 'Review');
    await sharedeckJson('alice', 'invite', c.url, 'dave@example.com', '--read-write');
    const csv = await sharedeck('alice', 'people', 'dave', '--csv');
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.split('\r\n');
    expect(lines[0]).toBe('Person,Name,Type,Addresses,Account,Collection,Kind,Access,Route,Status,Collection URL');
    expect(lines).toContain(
      `mailto:dave@example.com,dave,individual,mailto:dave@example.com ${principalOf('dave')},alice@${new URL(testServer().url).host},${c.name},calendar,read-write,share,pending,${c.url}`,
    );
    expect(csv.stdout.endsWith('\r\n')).toBe(true);
    await sharedeckJson('alice', 'revoke', c.url, 'dave@example.com');
  });

  it('DAViCal: people shows the ACL route; revoke everywhere takes it away', async () => {
    const c = await newDavicalCollection('alice', 'calendar', 'People');
    await davicalJson('alice', 'invite', c.url, 'carol@example.com', '--read-write');
    const carol = await davicalJson<ExportedPerson[]>('alice', 'people', 'carol@example.com');
    expect(carol).toEqual([
      {
        address: 'mailto:carol@example.com',
        name: 'Carol',
        type: 'individual',
        addresses: ['mailto:carol@example.com', principalUrl('carol')],
        grants: [
          expect.objectContaining({ collectionUrl: c.url, collectionName: c.name, kind: 'calendar', access: 'read-write', via: 'acl' }),
        ],
      },
    ]);
    const everyone = await davicalJson<ExportedPerson[]>('alice', 'people', 'DAV:authenticated');
    expect(everyone[0]?.grants.find((g) => g.collectionUrl === c.url)).toMatchObject({ access: 'free-busy', via: 'acl' });

    const revoked = await davicalJson<PeopleActionResult>('alice', 'revoke', '--everywhere', principalUrl('carol'));
    expect(revoked.outcomes.find((o) => o.collectionUrl === c.url)).toMatchObject({ result: 'done', change: 'revoked ACL grant' });
    expect(revoked.people.some((p) => p.addresses.includes(principalUrl('carol')))).toBe(false);
  });

  it('one person across two accounts on two servers: the same mail address', async () => {
    const onCyrus = await newCalendar('alice', 'Both');
    const onDavical = await newDavicalCollection('alice', 'calendar', 'Both');
    await sharedeckJson('alice', 'invite', onCyrus.url, 'bob@example.com');
    await davicalJson('alice', 'invite', onDavical.url, 'bob@example.com');

    const service = createSharingService({ accounts: new MemoryAccountStore(), secrets: new MemorySecretStore() });
    const cyrus = await service.addAccount({ serverUrl: testServer().url, username: 'alice', password: 'alicepw' });
    const davical = await service.addAccount({ serverUrl: davicalServer().url, username: 'alice', password: 'alicepw' });
    const lists: PersonAccess[][] = [];
    for (const account of [cyrus, davical]) lists.push((await service.listPeople(account.id)).people);
    const bob = mergePeople(lists).filter((p) => p.addresses.includes('mailto:bob@example.com'));
    expect(bob).toHaveLength(1);
    const both = exportPeople(bob, { [cyrus.id]: 'cyrus', [davical.id]: 'davical' })[0]!;
    expect(both.grants.filter((g) => g.collectionName === onCyrus.name || g.collectionName === onDavical.name)).toEqual([
      expect.objectContaining({ account: 'cyrus', collectionUrl: onCyrus.url, via: 'share' }),
      expect.objectContaining({ account: 'davical', collectionUrl: onDavical.url, via: 'acl' }),
    ]);
    expect(both.addresses).toEqual(expect.arrayContaining([principalOf('bob'), principalUrl('bob')]));
    // Revoke everywhere through the service, with progress: one event per collection, in order.
    const events: AppEvent[] = [];
    service.onEvent((e) => events.push(e));
    for (const account of [cyrus, davical]) {
      const result = await service.revokeEverywhere(account.id, ['bob@example.com'], { progressId: `bob-${account.id}` });
      expect(result.outcomes.every((o) => o.result === 'done')).toBe(true);
      const progress = events.filter((e) => e.type === 'people-progress' && e.progressId === `bob-${account.id}`);
      expect(progress.map((e) => (e.type === 'people-progress' ? e.done : 0))).toEqual(result.outcomes.map((_, i) => i + 1));
      expect(result.people.some((p) => p.addresses.includes('mailto:bob@example.com'))).toBe(false);
    }
  });
});

describe('lookupPeople', () => {
  it('names people Cyrus lists by address only, from the directory, once per person and session', async () => {
    const service = createSharingService({ accounts: new MemoryAccountStore(), secrets: new MemorySecretStore() });
    const alice = await service.addAccount({ serverUrl: testServer().url, username: 'alice', password: 'alicepw' });
    const asked = ['mailto:bob@example.com', principalOf('carol'), `mailto:nobody-${Date.now()}@example.com`];
    expect(await service.lookupPeople(alice.id, asked)).toEqual([
      { address: 'mailto:bob@example.com', name: 'bob' },
      { address: principalOf('carol'), name: 'carol' },
    ]);
    // Asked again: the session knows the answers (the nobody included) and sends nothing.
    const before = service.requestCount(alice.id);
    expect(await service.lookupPeople(alice.id, asked)).toHaveLength(2);
    expect(service.requestCount(alice.id)).toBe(before);
  });
});
