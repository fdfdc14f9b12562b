import { describe, expect, it } from 'vitest';
import { USAGE, UsageError, parseCommandLine } from '../../electron/cli/args';

const S = ['--server', 'https://dav.example.com/', '--user', 'alice'];

describe('sharedeck command line parsing', () => {
  it('takes global options anywhere on the line', () => {
    const a = parseCommandLine([
      'invite',
      'Work',
      '--server',
      'dav.example.com',
      'bob@example.com',
      '--user',
      'alice',
      '--read-write',
      '--json',
    ]);
    expect(a).toEqual({
      command: 'invite',
      operands: ['Work', 'bob@example.com'],
      server: 'dav.example.com',
      user: 'alice',
      folders: [],
      trustedOrigins: [],
      collections: [],
      json: true,
      csv: false,
      everywhere: false,
      noCache: false,
      dismiss: false,
      access: 'read-write',
    });
  });

  it('takes --no-cache, and the help says where the cache is and that it holds no password', () => {
    expect(parseCommandLine([...S, 'ls', '--no-cache']).noCache).toBe(true);
    expect(parseCommandLine([...S, 'ls']).noCache).toBe(false);
    expect(USAGE).toMatch(/--no-cache +find the account on the server again/);
    expect(USAGE).toMatch(/\$XDG_CACHE_HOME\/sharedeck or ~\/\.cache\/sharedeck; never a\s+password/);
  });

  it('collects repeated --trust-origin options, and the help documents them', () => {
    const a = parseCommandLine([...S, '--trust-origin', 'https://p42-caldav.icloud.com', 'ls', '--trust-origin', 'https://other:8443']);
    expect(a.trustedOrigins).toEqual(['https://p42-caldav.icloud.com', 'https://other:8443']);
    expect(USAGE).toContain('--trust-origin ORIGIN');
    expect(USAGE).toMatch(/let the password go to this other server too/);
  });

  it('collects repeated --folder options and the comment', () => {
    const a = parseCommandLine([...S, '--folder', '/a/', '--folder', '/b/', 'invite', 'Work', 'x@y.z', '--comment', 'hi there']);
    expect(a.folders).toEqual(['/a/', '/b/']);
    expect(a.comment).toBe('hi there');
    expect(a.access).toBeUndefined();
  });

  it('shows help without a server', () => {
    expect(parseCommandLine(['--help']).command).toBe('help');
    expect(parseCommandLine([]).command).toBe('help');
  });

  it.each([
    [['ls'], /--server/],
    [['--server', 'x', 'ls'], /--user/],
    [[...S, 'frobnicate'], /Unknown command “frobnicate”/],
    [[...S, 'show'], /Usage: sharedeck show COLLECTION/],
    [[...S, 'access', 'Work', 'bob', 'owner'], /read or read-write/],
    [[...S, 'invite', 'Work', 'bob', '--read', '--read-write'], /either --read or --read-write/],
    [[...S, 'access', 'Work', 'bob', 'read', '--read'], /belong to invite/],
    [[...S, 'ls', '--comment', 'x'], /--comment belongs/],
    [[...S, '--dialect', 'caldav', 'ls'], /dav, cs, oc or acl/],
    [[...S, '--timeout', '-3', 'ls'], /--timeout/],
    [[...S, 'ls', '--frob'], /Unknown option '--frob'/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  it('never takes a password from a flag, and does not echo it', () => {
    let error: unknown;
    try {
      parseCommandLine([...S, '--password', 'hunter2', 'ls']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/SHAREDECK_PASSWORD/);
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('reads the dialect and the timeout', () => {
    const a = parseCommandLine([...S, '--dialect', 'cs', '--timeout', '2.5', 'revoke', 'Work', 'bob', 'carol']);
    expect(a.dialect).toBe('cs');
    expect(a.timeoutSeconds).toBe(2.5);
    expect(a.operands).toEqual(['Work', 'bob', 'carol']);
  });
});

describe('the people commands', () => {
  const base = ['--server', 'dav.example.com', '--user', 'alice'];

  it('people, one person, and the CSV export', () => {
    expect(parseCommandLine([...base, 'people'])).toMatchObject({ command: 'people', operands: [], csv: false });
    expect(parseCommandLine([...base, 'people', 'bob@example.com', '--csv'])).toMatchObject({ operands: ['bob@example.com'], csv: true });
    expect(() => parseCommandLine([...base, 'people', 'a', 'b'])).toThrow('Usage: sharedeck people [ADDRESS] [--csv]');
    expect(() => parseCommandLine([...base, 'people', '--csv', '--json'])).toThrow('Give either --json or --csv, not both.');
    expect(() => parseCommandLine([...base, 'ls', '--csv'])).toThrow('--csv belongs to people');
  });

  it('revoke and access --everywhere take people, not a collection', () => {
    expect(parseCommandLine([...base, 'revoke', '--everywhere', 'bob', 'carol@example.com'])).toMatchObject({
      command: 'revoke',
      everywhere: true,
      operands: ['bob', 'carol@example.com'],
    });
    expect(parseCommandLine([...base, 'access', '--everywhere', 'bob', 'read-write'])).toMatchObject({
      everywhere: true,
      operands: ['bob', 'read-write'],
    });
    expect(() => parseCommandLine([...base, 'access', '--everywhere', 'bob', 'write'])).toThrow('The access must be read or read-write.');
    expect(() => parseCommandLine([...base, 'access', '--everywhere', 'Work', 'bob', 'read'])).toThrow(
      'Usage: sharedeck access --everywhere ADDRESS read|read-write',
    );
    expect(() => parseCommandLine([...base, 'revoke', '--everywhere'])).toThrow('Usage: sharedeck revoke --everywhere ADDRESS...');
    expect(() => parseCommandLine([...base, 'invite', 'Work', 'bob', '--everywhere'])).toThrow('--everywhere belongs to access and revoke');
  });

  it('grant gives one person several collections, with an access and a comment', () => {
    expect(parseCommandLine([...base, 'grant', 'bob@example.com', 'Work', 'Team', '--read-write', '--comment', 'hi'])).toMatchObject({
      command: 'grant',
      operands: ['bob@example.com', 'Work', 'Team'],
      access: 'read-write',
      comment: 'hi',
    });
    expect(() => parseCommandLine([...base, 'grant', 'bob@example.com'])).toThrow('Usage: sharedeck grant ADDRESS COLLECTION...');
  });

  it('replies lists the answers to one’s invitations (all, or one collection’s), and --dismiss belongs to it alone', () => {
    expect(parseCommandLine([...base, 'replies'])).toMatchObject({ command: 'replies', operands: [], dismiss: false });
    expect(parseCommandLine([...base, 'replies', 'Work', '--dismiss', '--json'])).toMatchObject({
      operands: ['Work'],
      dismiss: true,
      json: true,
    });
    expect(() => parseCommandLine([...base, 'replies', 'Work', 'Team'])).toThrow('Usage: sharedeck replies [COLLECTION] [--dismiss]');
    expect(() => parseCommandLine([...base, 'invites', '--dismiss'])).toThrow('--dismiss belongs to replies');
    expect(parseCommandLine([...base, 'dismiss', 'abc-123'])).toMatchObject({ command: 'dismiss', operands: ['abc-123'] });
    expect(USAGE).toMatch(/ANSWER is the ID it shows: dismiss\s+deletes that answer on the server/);
  });

  it('the help names every form', () => {
    for (const form of [
      'replies [COLLECTION] [--dismiss]',
      'dismiss INVITATION|ANSWER',
      'people [ADDRESS] [--csv]',
      'revoke --everywhere ADDRESS...',
      'access --everywhere ADDRESS read|read-write',
      'grant ADDRESS COLLECTION...',
    ]) {
      expect(USAGE).toContain(form);
    }
  });
});
