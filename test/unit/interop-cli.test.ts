// The `sharedeck` command line end to end against the two recorded servers no test runs live, a
// stock sabre/dav 4.7.1 and a Nextcloud 29.0.1 (played back: support/playback.ts): search →
// invite → show → change → revoke as each answers them, every run discovering the account anew.
// What the command says is what the server did: "Shared with" where it shares at once, the
// changes it did not apply as warnings (exit code 3), and each server's own reasons.

import { describe, expect, it } from 'vitest';
import type { Collection, ShareResult } from '../../shared/model';
import { cli, nextcloudPlayback, sabrePlayback, traces, type CliRun, playbackPerTest } from '../support/interop';
import type { PlaybackRequest } from '../support/playback';

const played = playbackPerTest();

function ok(run: CliRun): string {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

describe('sharedeck on a stock sabre/dav 4.7.1', () => {
  const CAL = '/calendars/alice/default/';
  const as = (...args: string[]) => cli(played.current!, 'alice', 'alice', ...args);

  it('search → invite → show → change → revoke, as sabre answers them', async () => {
    played.current = await sabrePlayback(traces('sabre-4.7-stock', 1, 60));
    const o = played.current.origin;

    expect(ok(await as('ls'))).toBe(
      [
        'KIND          NAME      ACCESS  SHARED WITH / BY  PATH',
        `calendar      Default   owner   -                 ${CAL}`,
        'address book  Contacts  owner   cannot be shared  /addressbooks/alice/default/',
      ].join('\n') + '\n',
    );
    // Other users' properties are hidden: the user name from the href, and the principal path.
    expect(ok(await as('search', 'bo'))).toBe('NAME  ADDRESS           TYPE\nbob   /principals/bob/  -\n');

    // sabre shares at once: "Shared with", not "Invitation sent".
    const invited = ok(await as('invite', CAL, 'bob@example.org', '--read-write'));
    expect(invited.split('\n')[0]).toBe('Shared with bob@example.org.');
    expect(invited).toContain('mailto:bob@example.org  -     read-write  accepted');

    // A principal URL goes as principals/carol, the form sabre resolves.
    const carol = ok(await as('invite', CAL, `${o}/principals/carol/`));
    expect(carol.split('\n')[0]).toBe('Shared with carol.');

    const shown = ok(await as('show', CAL));
    expect(shown).toContain('  Access:    owner, shared\n');
    expect(shown).toContain('  Sharing:   yes (dav, cs)\n');
    expect(shown).toContain('/principals/carol                        -     read        accepted');
    // The two invalid entries are the recording's own tries with the URL and the path (028, 031).
    expect(shown).toContain('/principals/carol/                       -     read        invalid address');

    expect(ok(await as('access', CAL, 'bob@example.org', 'read')).split('\n')[0]).toBe('bob@example.org now has read-only access.');

    // Revoked with the href as sabre lists it: the engine sends it as it was sent.
    const revoked = await as('revoke', CAL, '/principals/carol', '--json');
    expect(revoked.code).toBe(0);
    const result = JSON.parse(revoked.stdout) as ShareResult;
    expect(result).toMatchObject({ notApplied: [], unresolved: [], applied: [{ address: '/principals/carol', access: 'read' }] });
    expect(result.collection.sharees.map((s) => s.address)).not.toContain('/principals/carol');
    expect(played.current.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['025', '034', '043', '052']);
  });

  it('an address sabre keeps as invalid is a warning and exit code 3, though sabre answered 200 (037)', async () => {
    played.current = await sabrePlayback(traces('sabre-4.7-stock', 1, 60));
    const run = await as('invite', CAL, 'nobody@example.org');
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'sharedeck: The server lists nobody@example.org as an address it cannot share with: no account there has it. Check the spelling, or search the directory.\n',
    );
    expect(run.stdout).toMatch(/\nmailto:nobody@example\.org +- +read +invalid address\n/);
    expect(run.stdout).not.toMatch(/^Shared with/);
  });

  it('the inbox is empty, not an error, though the advertised notification collection answers 404 (009)', async () => {
    played.current = await sabrePlayback(traces('sabre-4.7-stock', 1, 11));
    expect(ok(await as('invites'))).toBe('No invitations.\n');
  });

  it('--dialect cs on an address book says it cannot be shared, with no empty list of what is offered', async () => {
    played.current = await sabrePlayback(traces('sabre-4.7-stock', 1, 11));
    const run = await as('invite', '/addressbooks/alice/default/', 'bob@example.org', '--dialect', 'cs');
    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr: 'sharedeck: The server does not let “Contacts” be shared, in calendarserver sharing (CS:) or any other way.\n',
    });
    expect(played.current.writes()).toEqual([]);
  });

  it('inviting herself says she cannot share with herself, not “try again later”', async () => {
    played.current = await sabrePlayback(traces('sabre-4.7-stock', 1, 60));
    const run = await as('invite', CAL, 'alice@example.org');
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'sharedeck: alice@example.org is you, and you own “Default”: you cannot share it with yourself.\n',
    });
  });
});

describe('sharedeck on Nextcloud 29.0.1', () => {
  const CAL = '/remote.php/dav/calendars/alice/personal/';
  const as = (...args: string[]) => cli(played.current!, 'alice', 'alicepw123!', ...args);
  // Nobody is called "zed" on the recorded server (users alice, bob, carol, admin; group team):
  // its searches find nobody, as the recorded empty ones did.
  const zed = {
    when: (r: PlaybackRequest) => r.method === 'REPORT' && r.body.includes('<D:match>zed</D:match>'),
    answer: '019',
    because: 'an empty multistatus: nobody is called zed',
  };
  const nobody = {
    when: (r: PlaybackRequest) => r.method === 'REPORT' && r.body.includes('<D:match>nobody@example.org</D:match>'),
    answer: '024',
    because: 'an empty multistatus: Nextcloud matches whole addresses, and nobody has this one',
  };

  it('search → invite by e-mail → show → change → revoke, as Nextcloud answers them', async () => {
    played.current = await nextcloudPlayback(traces('nextcloud-29', 1, 111));
    const listed = JSON.parse(ok(await as('ls', '--json'))) as Collection[];
    const shownBefore = JSON.parse(ok(await as('show', CAL, '--json'))) as Collection;
    // ls (Depth:1, OC:owner-principal) and show (Depth:0, without it) name the owner alike.
    expect(shownBefore.owner).toEqual(listed[0]?.owner);
    expect(shownBefore.owner?.name).toBe('Alice');

    expect(ok(await as('search', 'bob@example.com'))).toBe(
      'NAME  ADDRESS                         TYPE\nBob   principal:principals/users/bob  person\n',
    );
    // Nextcloud drops a mailto: with a 200: the e-mail address is resolved through the directory.
    const invited = ok(await as('invite', CAL, 'bob@example.com', '--read-write'));
    expect(invited.split('\n')[0]).toBe('Shared with Bob.');
    expect(invited).toContain('principal:principals/users/bob  Bob   read-write  accepted');

    expect(ok(await as('invite', CAL, 'principal:principals/users/carol')).split('\n')[0]).toBe('Shared with Carol.');
    expect(ok(await as('access', CAL, 'bob@example.com', 'read')).split('\n')[0]).toBe('Bob now has read-only access.');
    expect(ok(await as('revoke', CAL, 'bob@example.com')).split('\n')[0]).toBe('Stopped sharing with Bob.');

    // A group is one sharee, labelled as a group, in the human output and in --json.
    const group = JSON.parse(ok(await as('invite', CAL, 'principal:principals/groups/team', '--json'))) as ShareResult;
    expect(group.applied).toEqual([
      { address: 'principal:principals/groups/team', name: 'team', access: 'read', status: 'accepted', type: 'group' },
    ]);
    expect(group.collection.sharees.find((s) => s.name === 'team')?.type).toBe('group');
    expect(ok(await as('show', CAL))).toContain('principal:principals/groups/team  team (group)  read    accepted');

    // Publishing puts alice in her own OC:invite: still shared with two, not three.
    const published = ok(await as('publish', CAL));
    expect(published).toMatch(/ {2}Published: http:\/\/127\.0\.0\.1:8420\/remote\.php\/dav\/public-calendars\/9pXE9i54tWpqaNKM\n/);
    expect(published).not.toContain('principal:principals/users/alice');
    expect(ok(await as('unpublish', CAL))).toContain('  Published: no (can be published)\n');
    expect(played.current.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['031', '040', '052', '055', '067', '071', '077']);
  });

  it('an e-mail address nobody there has: exit code 3 and a sentence that says so, nothing sent', async () => {
    played.current = await nextcloudPlayback(traces('nextcloud-29', 1, 111), { standIns: [nobody] });
    const run = await as('invite', CAL, 'nobody@example.org');
    expect(run).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'sharedeck: Nobody on this server has the address nobody@example.org. Nextcloud shares only with its own users and groups: search the directory for them.\n',
    });
    expect(played.current.writes()).toEqual([]);
  });

  it('a name nobody has: the hint is not “use their e-mail address”, which Nextcloud would drop', async () => {
    played.current = await nextcloudPlayback(traces('nextcloud-29', 1, 30), { standIns: [zed] });
    const run = await as('invite', CAL, 'zed');
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'sharedeck: Nobody called “zed” is in the server’s directory. This server shares only with its own users and groups; search for part of their name, or give the e-mail address of their account.\n',
    );
  });

  it('the inbox is empty, not an error, though the advertised notification collection answers 404 (011)', async () => {
    played.current = await nextcloudPlayback(traces('nextcloud-29', 1, 15));
    expect(ok(await as('invites'))).toBe('No invitations.\n');
  });
});
