// What a hostile server sends stays inert on the terminal, and one bad entry costs only itself.
// A tiny DAV server on 127.0.0.1 names its collections, people, comments and invitations with
// terminal escapes (clear screen, cursor moves, window title, OSC 8 links), BEL, BS, NUL, bare CR
// and LF, DEL, C1 controls and bidi overrides; and lists entries Sharedeck cannot use (file:
// hrefs, another server, a notification that is not XML, one that fails, a malformed escape).
import { afterEach, describe, expect, it } from 'vitest';
import { expectSentences, runSharedeck, spawnSharedeck, type CliRun } from './cli-helpers';
import {
  PASSWORD,
  USER,
  accountRoutes,
  calendar,
  closeAll,
  davInvite,
  davServer,
  inbox,
  multistatus,
  response,
  type DavFake,
} from '../support/hostile-dav';

afterEach(closeAll);

/** Every character that could act on a terminal: C0 but LF, DEL, C1, bidi controls, line separators. */
// eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

function expectInert(run: CliRun): void {
  expect(run.stdout, 'stdout').not.toMatch(ACTIVE);
  expect(run.stderr, 'stderr').not.toMatch(ACTIVE);
  // No name could start a line of its own.
  expect(run.stdout).not.toMatch(/^forged/m);
  expect(run.stderr).not.toMatch(/^forged/m);
}

const ESCAPES = '%1B%5B2J%1B%5B1%3B1HHacked%07%08%00%0D%0Aforged';
const OSC8 = '%1B%5D8%3B%3Bhttps%3A%2F%2Fevil.example%2F%1B%5Cclick%1B%5D8%3B%3B%1B%5C';
const TITLE = '%1B%5D0%3Bowned%07';
const RLO = '\u202e';

function hostileHome(evil?: DavFake): Promise<DavFake> {
  const sharee =
    `<D:invite><D:sharee><D:href>mailto:bob@example.com</D:href><D:prop><D:displayname>Bob${RLO}moc.evil</D:displayname></D:prop>` +
    `<D:invite-accepted/><D:share-access><D:read-write/></D:share-access><D:comment>see${RLO}\u0085\u007f\nforged line</D:comment></D:sharee></D:invite>`;
  const named = (href: string, name?: string) =>
    response(
      href,
      `<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>${name === undefined ? '' : `<D:displayname>${name}</D:displayname>`}` +
        `<D:share-access><D:shared-owner/></D:share-access>${sharee}`,
    );
  return davServer(() =>
    accountRoutes(
      {},
      {
        'PROPFIND /dav/calendars/alice/': multistatus(
          response('/dav/calendars/alice/', '<D:resourcetype><D:collection/></D:resourcetype>'),
          named(`/dav/calendars/alice/${ESCAPES}/`),
          named(`/dav/calendars/alice/${OSC8}/`),
          named(`/dav/calendars/alice/${TITLE}/`),
          named('/dav/calendars/alice/bidi/', `Invoice${RLO}fdp.exe\nforged line`),
          named('/dav/calendars/alice/bad%E0%A4%A/'),
          response('file:///etc/passwd', '<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>'),
          ...(evil ? [calendar(`${evil.origin}/dav/calendars/alice/elsewhere/`, 'Elsewhere')] : []),
        ),
        'PROPFIND /dav/calendars/alice/bidi/': multistatus(named('/dav/calendars/alice/bidi/', `Invoice${RLO}fdp.exe\nforged line`)),
        'PROPFIND /dav/calendars/alice/bad%E0%A4%A/': multistatus(named('/dav/calendars/alice/bad%E0%A4%A/')),
        'PROPFIND /dav/notifications/alice/': inbox(
          '/dav/notifications/alice/inv1.xml',
          'file:///etc/passwd',
          ...(evil ? [`${evil.origin}/dav/notifications/alice/x.xml`] : []),
          '/dav/notifications/alice/broken.xml',
          '/dav/notifications/alice/failing.xml',
        ),
        'GET /dav/notifications/alice/inv1.xml': davInvite(`Team${RLO}\u0085 cal`),
        'GET /dav/notifications/alice/broken.xml': { status: 200, body: '<?xml version="1.0"?><D:notification xmlns:D="DAV:"><D:dt' },
        'GET /dav/notifications/alice/failing.xml': { status: 500, body: '<html><title>Boom</title></html>' },
        'REPORT /dav/principals/': multistatus(
          response('/dav/principals/bob/', `<D:displayname>Bob${RLO}gnp.exe</D:displayname>`),
          response('/dav/principals/bad%E0%A4%A/', '<D:displayname>Broken escape</D:displayname>'),
          response('file:///etc/shadow', '<D:displayname>Nobody</D:displayname>'),
        ),
        'POST /dav/calendars/alice/bidi/': { status: 403, body: `<html><title>Denied ${RLO}txt.exe</title></html>` },
      },
    ),
  );
}

function sharedeck(home: DavFake, ...args: string[]) {
  return runSharedeck(['--server', `${home.origin}/dav/`, '--user', USER, ...args], PASSWORD);
}

describe('the terminal stays inert', () => {
  it('ls shows escapes, bidi overrides and line breaks in names as visible escapes', async () => {
    const home = await hostileHome();
    const run = await sharedeck(home, 'ls');
    expect(run.code, run.stderr).toBe(0);
    expectInert(run);
    expect(run.stdout).toContain('\\x1b[2J\\x1b[1;1HHacked\\x07\\x08\\x00\\r\\nforged');
    expect(run.stdout).toContain('\\x1b]8;;https://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\');
    expect(run.stdout).toContain('\\x1b]0;owned\\x07');
    expect(run.stdout).toContain('Invoice\\u202efdp.exe\\nforged line');
    expect(run.stdout).toContain('Bob\\u202emoc.evil (read-write, accepted)');
    // The table still has one line per collection, plus the header.
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1 + 5);
  });

  it('show, the sharee table and comments are inert too', async () => {
    const home = await hostileHome();
    const run = await sharedeck(home, 'show', '/dav/calendars/alice/bidi/');
    expect(run.code, run.stderr).toBe(0);
    expectInert(run);
    expect(run.stdout).toMatch(/^Invoice\\u202efdp\.exe\\nforged line \(calendar\)$/m);
    expect(run.stdout).toContain('see\\u202e\\u0085\\u007f\\nforged line');
  });

  it('--json stays exact JSON, with every control written as a JSON escape', async () => {
    const home = await hostileHome();
    const run = await sharedeck(home, 'ls', '--json');
    expect(run.code, run.stderr).toBe(0);
    expectInert(run);
    const names = (JSON.parse(run.stdout) as { name: string }[]).map((c) => c.name);
    expect(names).toContain('\u001b[2J\u001b[1;1HHacked\u0007\u0008\u0000\r\nforged');
    expect(names).toContain(`Invoice${RLO}fdp.exe\nforged line`);
  });

  it('invites, search and an error sentence that echoes the server stay inert', async () => {
    const home = await hostileHome();
    for (const args of [['invites'], ['search', 'bob'], ['invite', '/dav/calendars/alice/bidi/', 'carol@example.com']]) {
      const run = await sharedeck(home, ...args);
      expectInert(run);
      expect(`${run.stdout}${run.stderr}`).toContain('\\u202e');
    }
  });

  it('people, its CSV export and its --json stay inert', async () => {
    const home = await hostileHome();
    const human = await sharedeck(home, 'people');
    expect(human.code, human.stderr).toBe(0);
    expectInert(human);
    expect(human.stdout).toContain('Bob\\u202emoc.evil');
    // One unusable entry of the listing costs itself, not the people.
    expect(human.stderr).toMatch(/^sharedeck: the entry “file:\/\/\/etc\/passwd” in the collection list at .+ was left out: /m);
    const csv = await sharedeck(home, 'people', '--csv');
    expect(csv.code, csv.stderr).toBe(0);
    // CSV rows end in CR LF by design; nothing else in it is a control character.
    expect(csv.stdout.replace(/\r\n/g, '\n')).not.toMatch(ACTIVE);
    expect(csv.stdout).toContain('Bob\\u202emoc.evil');
    expect(csv.stdout).toContain('\\x1b[2J');
    const json = await sharedeck(home, 'people', '--json');
    expect(json.code, json.stderr).toBe(0);
    expectInert(json);
    // The JSON escape parses back to the server's text.
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(`Bob${RLO}moc.evil`);
  });

  it('the real binary writes no control byte to its stdout or stderr', async () => {
    const home = await hostileHome();
    const run = await spawnSharedeck(['--server', `${home.origin}/dav/`, '--user', USER, 'ls'], { env: { SHAREDECK_PASSWORD: PASSWORD } });
    expect(run.code, run.stderr).toBe(0);
    expectInert(run);
    expect(run.stdout).toContain('\\x1b[2J');
  });
});

describe('bad entries fail alone', () => {
  it('invites lists the good invitation and warns once per entry it skipped; another server hears nothing', async () => {
    const evil = await davServer(() => accountRoutes());
    const home = await hostileHome(evil);
    const run = await sharedeck(home, 'invites');
    expect(run.code, run.stderr).toBe(0);
    expectInert(run);
    expect(run.stdout).toMatch(/^inv1\s+Bob\s+Team\\u202e\\u0085 cal\s+calendar\s+read-write\s+awaiting your answer/m);
    expectSentences(run.stderr);
    const warnings = run.stderr.trimEnd().split('\n');
    expect(warnings).toEqual([
      'sharedeck: the entry “file:///etc/passwd” in the invitation inbox was left out: it is a file: address, which Sharedeck does not follow.',
      `sharedeck: the entry “${evil.origin}/dav/notifications/alice/x.xml” in the invitation inbox was left out: it is on ${evil.host}, which is not this account’s server (${home.host}); Sharedeck did not contact it.`,
      expect.stringMatching(
        /^sharedeck: the invitation “http:\/\/127\.0\.0\.1:\d+\/dav\/notifications\/alice\/broken\.xml” was left out: the server sent an answer that is not valid WebDAV XML \(.+\)\.$/,
      ),
      expect.stringMatching(
        /^sharedeck: the invitation “http:\/\/127\.0\.0\.1:\d+\/dav\/notifications\/alice\/failing\.xml” was left out: the server at 127\.0\.0\.1:\d+ ran into an error with an invitation \(HTTP 500\)\. Try again later\. The server said: “Boom”\.$/,
      ),
    ]);
    expect(evil.requests).toEqual([]);
    const json = await sharedeck(home, 'invites', '--json');
    expect((JSON.parse(json.stdout) as { id: string }[]).map((i) => i.id)).toEqual([`${home.origin}/dav/notifications/alice/inv1.xml`]);
  });

  it.each([
    [520, 'sharedeck: 20 more invitations in the inbox were left out'],
    [501, 'sharedeck: 1 more invitation in the inbox was left out'],
  ])('invites reads at most 500 invitations of an inbox that lists %i, and says how many it left', async (listed, said) => {
    const home = await davServer(() =>
      accountRoutes(
        {},
        {
          'PROPFIND /dav/notifications/alice/': inbox(...Array.from({ length: listed }, (_, i) => `/dav/notifications/alice/n${i}.xml`)),
          '* *': (req) => (req.method === 'GET' && req.path.startsWith('/dav/notifications/alice/n') ? davInvite('Team') : undefined),
        },
      ),
    );
    const run = await sharedeck(home, 'invites', '--json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout) as unknown[]).toHaveLength(500);
    expect(home.requests.filter((r) => r.method === 'GET' && r.authorization !== undefined)).toHaveLength(500);
    expect(run.stderr).toBe(`${said}: only the first 500 are read at a time; answer or dismiss some to see the others.\n`);
  });

  it('ls keeps a collection with a malformed escape and skips the unusable entries', async () => {
    const evil = await davServer(() => accountRoutes());
    const home = await hostileHome(evil);
    const run = await sharedeck(home, 'ls');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^calendar\s+bad%E0%A4%A\s+owner\s+.*\/dav\/calendars\/alice\/bad%E0%A4%A\/$/m);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^sharedeck: the entry “file:\/\/\/etc\/passwd” in the collection list at .+ was left out: it is a file: address, which Sharedeck does not follow\.$/,
      ),
      expect.stringMatching(
        new RegExp(
          `^sharedeck: the entry “${evil.origin}/dav/calendars/alice/elsewhere/” in the collection list at .+ was left out: it is on ${evil.host.replace(/\./g, '\\.')},`,
        ),
      ),
    ]);
    expect(evil.requests).toEqual([]);
    const show = await sharedeck(home, 'show', 'bad%E0%A4%A');
    expect(show.code, show.stderr).toBe(0);
  });

  it('search keeps the people it can read and warns about the rest', async () => {
    const home = await hostileHome();
    const run = await sharedeck(home, 'search', 'bob');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Bob\\u202egnp.exe');
    expect(run.stdout).toContain('Broken escape');
    expect(run.stderr).toMatch(
      /^sharedeck: the entry “file:\/\/\/etc\/shadow” in the directory search was left out: it is a file: address, which Sharedeck does not follow\.$/m,
    );
  });
});
