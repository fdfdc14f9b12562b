// The real binary, end to end: the built `node out/cli/sharedeck.mjs` as a child process, with its exit codes,
// the password piped on standard input, --help, and a usage error.
import { describe, expect, it } from 'vitest';
import { closedPort, expectError, expectNoSecrets, spawnSharedeck, type Collection } from './cli-helpers';
import { testServer } from '../support/test-servers';

const alice = (): string[] => ['--server', testServer().url, '--user', 'alice'];

describe('the sharedeck binary (out/cli/sharedeck.mjs)', () => {
  it('--help prints the usage and exits 0 without a server', async () => {
    const run = await spawnSharedeck(['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: sharedeck --server URL --user NAME/);
    for (const command of [
      'ls',
      'show',
      'invite',
      'access',
      'revoke',
      'invites',
      'accept',
      'decline',
      'dismiss',
      'leave',
      'search',
      'publish',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(run.stdout).toMatch(/Exit codes: 0 done, 1 usage, 2 authentication, 3 not found or forbidden, 4 network or server error\./);
  });

  it('reads the password from standard input when SHAREDECK_PASSWORD is unset', async () => {
    const run = await spawnSharedeck([...alice(), 'ls', '--json'], { input: 'alicepw\n' });
    expect(run.code, run.stderr).toBe(0);
    const list = JSON.parse(run.stdout) as Collection[];
    expect(list.map((c) => new URL(c.url).pathname)).toEqual(
      expect.arrayContaining(['/dav/calendars/user/alice/Default/', '/dav/addressbooks/user/alice/Default/']),
    );
    expectNoSecrets(run);
  });

  it('exits 2 for a wrong password piped on standard input', async () => {
    const run = await spawnSharedeck([...alice(), 'ls'], { input: 'wrong-password-4k\n' });
    expectError(run, 2, /did not accept this user name and password/, ['wrong-password-4k']);
  });

  it('exits 1 with a usage sentence for an unknown command, before asking for a password', async () => {
    const run = await spawnSharedeck([...alice(), 'frobnicate']);
    expectError(run, 1, /Unknown command “frobnicate”\. Run sharedeck --help for the list\./);
    expect(run.stdout).toBe('');
  });

  it('exits 1 for a command missing its operands', async () => {
    const run = await spawnSharedeck([...alice(), 'invite', 'Default'], { env: { SHAREDECK_PASSWORD: 'alicepw' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('sharedeck: Usage: sharedeck invite COLLECTION ADDRESS... [--read | --read-write] [--comment TEXT]\n');
  });

  it('exits 3 for an unknown collection and 4 when nothing listens', async () => {
    const missing = await spawnSharedeck([...alice(), 'show', 'Nothing by this name 5q'], { env: { SHAREDECK_PASSWORD: 'alicepw' } });
    expectError(missing, 3, /No calendar, address book or folder is called “Nothing by this name 5q”/);

    const port = await closedPort();
    const refused = await spawnSharedeck(['--server', `http://127.0.0.1:${port}`, '--user', 'alice', 'ls'], {
      env: { SHAREDECK_PASSWORD: 'alicepw' },
    });
    expectError(refused, 4, /refused the connection/);
  });
});
