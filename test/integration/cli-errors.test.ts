// What the command line says when something goes wrong against the live server: the exit code
// (1 usage, 2 authentication, 3 not found or forbidden, 4 network or server), and a sentence on
// stderr that a person can act on and that never contains a password.
import { afterAll, describe, expect, it } from 'vitest';
import type { AcceptResult } from '../../shared/model';
import {
  closedPort,
  copyUrlOf,
  expectError,
  expectNoSecrets,
  expectSentences,
  invitationsFor,
  newCalendar,
  propfindStatus,
  removeCreatedCollections,
  runSharedeck,
  sharedeck,
  sharedeckJson,
  sharedeckOk,
  shareeSummary,
  show,
  type Collection,
  type ShareResult,
} from './cli-helpers';
import { testServer } from '../support/test-servers';

afterAll(removeCreatedCollections);

describe('sharedeck errors against the live server', () => {
  it('wrong password: exit 2, and the password is not echoed', async () => {
    const wrong = 'Not-The-Password-7x';
    const run = await runSharedeck(['--server', testServer().url, '--user', 'alice', 'ls'], wrong);
    expectError(run, 2, /did not accept this user name and password\. Check both and try again\./, [wrong]);
    expect(run.stdout).toBe('');
  });

  it('unknown collection by name: exit 3, pointing to sharedeck ls', async () => {
    const run = await sharedeck('alice', 'show', 'No such calendar 8d1f');
    expectError(run, 3, /No calendar, address book or folder is called “No such calendar 8d1f”\. Run sharedeck ls to see them\./);
  });

  it.each([
    ['a path', '/dav/calendars/user/alice/no-such-calendar-8d1f/'],
    ['a URL', `${testServer().url}/dav/calendars/user/alice/no-such-calendar-8d1f/`],
  ])('unknown collection by %s: exit 3, not found', async (_, ref) => {
    const run = await sharedeck('alice', 'show', ref);
    expectError(run, 3, /was not found on the server\. It may have been deleted or renamed/);
  });

  it('revoking someone the collection is not shared with: exit 3, naming them', async () => {
    const c = await newCalendar('alice', 'Revoke unknown');
    await sharedeckOk('alice', 'invite', c.name, 'bob@example.com');
    const run = await sharedeck('alice', 'revoke', c.name, 'carol@example.com');
    expectError(run, 3, /carol@example\.com is not among the people “Revoke unknown cal\w+” is shared with\./);
    expect(shareeSummary(await show(c))).toEqual({ 'bob@example.com': 'read/pending' });
  });

  it('inviting an address Cyrus silently drops: exit 3 with a warning that names it', async () => {
    const c = await newCalendar('alice', 'Dropped');
    const nobody = '/dav/principals/user/nobody-here/';
    const run = await sharedeck('alice', 'invite', c.name, nobody, 'bob@example.com', '--json');
    expectError(
      run,
      3,
      /The server answered success but does not list \/dav\/principals\/user\/nobody-here\/: it does not know that address\./,
    );
    expect(run.stderr).not.toContain('bob@example.com');
    // What the server took is still printed.
    const result = JSON.parse(run.stdout) as ShareResult;
    expect(result.unresolved).toEqual([nobody]);
    expect(result.notApplied).toEqual([{ address: nobody, problem: 'not-listed' }]);
    // Cyrus shares by invitation: bob must accept first.
    expect(result.sharing).toBe('invitation');
    expect(shareeSummary(result.collection)).toEqual({ 'bob@example.com': 'read/pending' });
    expect(shareeSummary(await show(c))).toEqual({ 'bob@example.com': 'read/pending' });
  });

  describe('a sharee trying to share what was shared with them', () => {
    it('on the accepted copy: exit 3, only the owner can share it', async () => {
      const c = await newCalendar('alice', 'Reshare copy');
      await sharedeckOk('alice', 'invite', c.name, 'bob@example.com', '--read-write');
      const accepted = await sharedeckJson<AcceptResult>('bob', 'accept', c.name);
      expect(accepted.url).toBe(copyUrlOf(c, 'bob'));

      const run = await sharedeck('bob', 'invite', copyUrlOf(c, 'bob'), 'carol@example.com', '--read-write');
      expectError(run, 3, /was shared with you by .*alice.*; only its owner can change who it is shared with\./);
      expect(shareeSummary(await show(c))).toEqual({ 'bob@example.com': 'read-write/accepted' });
      expect(await invitationsFor('carol', c)).toEqual([]);
    });

    it('on the owner’s URL, which Cyrus redirects to the sharee’s copy: exit 3, same sentence', async () => {
      const c = await newCalendar('alice', 'Reshare original');
      await sharedeckOk('alice', 'invite', c.name, 'bob@example.com', '--read-write');
      await sharedeckOk('bob', 'accept', c.name);

      const run = await sharedeck('bob', 'invite', c.url, 'carol@example.com');
      expectError(run, 3, /was shared with you by .*alice.*; only its owner can change who it is shared with\./);
      expect(shareeSummary(await show(c))).toEqual({ 'bob@example.com': 'read-write/accepted' });
      expect(await invitationsFor('carol', c)).toEqual([]);
    });
  });

  it('leaving your own calendar: exit 3, and the calendar is still there', async () => {
    const c = await newCalendar('alice', 'Keep me');
    const run = await sharedeck('alice', 'leave', c.name);
    expectError(run, 3, /is your own; leaving is for shares given to you\. To stop sharing it, revoke its sharees\./);
    expect(await propfindStatus('alice', c.url)).toBe(207);
    const mine = await sharedeckJson<Collection[]>('alice', 'ls');
    expect(mine.map((x) => x.url)).toContain(c.url);
  });

  it.each([
    ['an ID', 'no-such-invitation-8d1f', /There is no invitation “no-such-invitation-8d1f”\. Run sharedeck invites to see them\./],
    ['a URL in the inbox', '/dav/notifications/user/bob/no-such-invitation-8d1f.xml', /This invitation no longer exists/],
    ['a URL outside the inbox', '/dav/calendars/user/bob/Default/', /There is no such invitation in this account’s inbox\./],
  ])('accepting a non-existent invitation (%s): exit 3', async (_, ref, pattern) => {
    const run = await sharedeck('bob', 'accept', ref);
    expectError(run, 3, pattern);
    // Nothing was created or deleted along the way.
    expect(await propfindStatus('bob', '/dav/calendars/user/bob/Default/')).toBe(207);
  });

  it('publishing on Cyrus, which has no publishing: exit 3 with a sentence', async () => {
    const c = await newCalendar('alice', 'Publish');
    const run = await sharedeck('alice', 'publish', c.name);
    expectError(run, 3, /The server does not offer publishing for “Publish cal\w+”\./);
  });

  it('connection refused (nothing listening on the port): exit 4', async () => {
    const port = await closedPort();
    const run = await runSharedeck(['--server', `http://127.0.0.1:${port}/`, '--user', 'alice', 'ls'], 'alicepw');
    expectError(
      run,
      4,
      new RegExp(
        `The server at 127\\.0\\.0\\.1:${port} refused the connection\\. Check the address and port, and that the server is running\\.`,
      ),
    );
  });

  it('a password given as a flag: exit 1, before anything is sent', async () => {
    const run = await runSharedeck(['--server', testServer().url, '--user', 'alice', '--password', 'alicepw', 'ls'], undefined);
    expectError(run, 1, /The password is never taken from a flag/);
    expectNoSecrets(run);
  });

  it('no --server: exit 1, saying how to give it', async () => {
    const run = await runSharedeck(['--user', 'alice', 'ls'], 'alicepw');
    expectError(run, 1, /Give the server with --server URL\./);
  });

  it('an argument the service refuses (a comment over 2,000 characters): exit 1, the schema’s sentence, nothing shared', async () => {
    const c = await newCalendar('alice', 'Long comment');
    const run = await sharedeck('alice', 'invite', c.name, 'bob@example.com', '--comment', 'x'.repeat(2001));
    expectError(run, 1, /^sharedeck: The comment is too long \(at most 2,000 characters\)\.\n$/);
    expect(shareeSummary(await show(c))).toEqual({});
  });

  it('no password at all (closed stdin, no SHAREDECK_PASSWORD): exit 1', async () => {
    const run = await runSharedeck(['--server', testServer().url, '--user', 'alice', 'ls'], undefined);
    expectError(run, 1, /No password given\. Set SHAREDECK_PASSWORD, or type it when asked\./);
    expectSentences(run.stderr);
  });
});
