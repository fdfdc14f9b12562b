// The password stays with its account. The account's server (a tiny DAV server on 127.0.0.1)
// names URLs on a second server, on another port, in every place a server can: home sets, the
// principal, the notification URL, inbox entries, D:reply-url, the Location and CS:shared-as of
// an accept, sharee copies, publish URLs, ACL principals, directory results, the directory, a
// redirect. The second server asks for
// Basic like any server would; it must never receive an Authorization header, unless the person
// allowed it with --trust-origin — and never when that would step down from https to http.
import { afterEach, describe, expect, it } from 'vitest';
import { expectError, expectSentences, runSharedeck, spawnSharedeck } from './cli-helpers';
import {
  BASIC,
  PASSWORD,
  USER,
  accountRoutes,
  calendar,
  closeAll,
  csInvite,
  davInvite,
  davServer,
  inbox,
  multistatus,
  response,
  testCertificate,
  type DavFake,
  type Routes,
} from '../support/hostile-dav';

afterEach(closeAll);

/** The second server: asks everyone for Basic, and would serve Alice's account if let in. */
function other(): Promise<DavFake> {
  return davServer(() => accountRoutes());
}

function sharedeck(home: DavFake, ...args: string[]) {
  return runSharedeck(['--server', `${home.origin}/dav/`, '--user', USER, ...args], PASSWORD);
}

/** The sentence, with both hosts, and the hint to allow the other one. */
function untrusted(home: DavFake, evil: DavFake): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `The address is on ${escape(evil.host)}, which is not this account’s server \\(${escape(home.host)}\\), so Sharedeck did not send your password there\\. ` +
      `Allow ${escape(evil.host)} for this account only if you trust it\\. To allow it, add --trust-origin ${escape(evil.origin)} to the command line\\.`,
  );
}

function expectNothingReached(evil: DavFake): void {
  expect(evil.authorized(), 'the other server got credentials').toEqual([]);
  expect(evil.requests.map((r) => `${r.method} ${r.path}`)).toEqual([]);
}

describe('URLs on another server get no credentials', () => {
  it('a calendar-home-set on another origin: ls ends in untrusted-origin; the other server hears nothing', async () => {
    const evil = await other();
    const home = await davServer(() => accountRoutes({ home: `${evil.origin}/dav/calendars/alice/` }));
    const run = await sharedeck(home, 'ls');
    expectError(run, 3, untrusted(home, evil), [PASSWORD]);
    expectNothingReached(evil);
  });

  it('the same home set, allowed with --trust-origin: the other server gets the password only after its own 401', async () => {
    const evil = await other();
    const home = await davServer(() => accountRoutes({ home: `${evil.origin}/dav/calendars/alice/` }));
    const run = await sharedeck(home, '--trust-origin', evil.origin, 'ls');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/calendar\s+Work\s+owner/);
    expect(evil.requests[0]?.authorization).toBeUndefined();
    expect(evil.requests.slice(1).every((r) => r.authorization === BASIC)).toBe(true);
    expect(evil.requests.map((r) => `${r.method} ${r.path}`)).toContain('PROPFIND /dav/calendars/alice/');
  });

  it('a current-user-principal on another origin: adding the account fails, the other server hears nothing', async () => {
    const evil = await other();
    const home = await davServer(() => accountRoutes({ principal: `${evil.origin}/dav/principals/alice/` }));
    expectError(await sharedeck(home, 'ls'), 3, untrusted(home, evil), [PASSWORD]);
    expectNothingReached(evil);
  });

  it('a notification URL on another origin: invites ends in untrusted-origin', async () => {
    const evil = await other();
    const home = await davServer(() => accountRoutes({ notifications: `${evil.origin}/dav/notifications/alice/` }));
    expectError(await sharedeck(home, 'invites'), 3, untrusted(home, evil), [PASSWORD]);
    expectNothingReached(evil);
  });

  it('an inbox entry on another origin is never fetched', async () => {
    const evil = await other();
    const home = await davServer(() =>
      accountRoutes({}, { 'PROPFIND /dav/notifications/alice/': inbox(`${evil.origin}/dav/notifications/alice/inv1.xml`) }),
    );
    const run = await sharedeck(home, 'invites');
    expect(run.stderr).toContain(evil.host);
    expectNothingReached(evil);
  });

  it('a D:reply-url on another origin: accept ends in untrusted-origin before any reply is sent', async () => {
    const evil = await other();
    const home = await davServer(() =>
      accountRoutes(
        {},
        {
          'PROPFIND /dav/notifications/alice/': inbox('/dav/notifications/alice/inv1.xml'),
          'GET /dav/notifications/alice/inv1.xml': davInvite('Team', `${evil.origin}/reply`),
        },
      ),
    );
    const run = await sharedeck(home, 'accept', 'inv1');
    expectError(run, 3, untrusted(home, evil), [PASSWORD]);
    expectNothingReached(evil);
    expect(home.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('the Location of an accept on another origin is not read: untrusted-origin, saying the accept went through', async () => {
    const evil = await other();
    const home = await davServer(() =>
      accountRoutes(
        {},
        {
          'PROPFIND /dav/notifications/alice/': inbox('/dav/notifications/alice/inv1.xml'),
          'GET /dav/notifications/alice/inv1.xml': davInvite('Team'),
          'POST /dav/notifications/alice/inv1.xml': { status: 201, headers: { Location: `${evil.origin}/dav/calendars/alice/team/` } },
        },
      ),
    );
    const run = await sharedeck(home, 'accept', 'inv1');
    expectError(run, 3, untrusted(home, evil), [PASSWORD]);
    expect(run.stderr).toMatch(/^sharedeck: The invitation was accepted\. /);
    expectNothingReached(evil);
  });

  it('a CS:shared-as on another origin (CS: inbox) is not read either', async () => {
    const evil = await other();
    const home = await davServer(() =>
      accountRoutes(
        { notificationDialect: 'cs' },
        {
          'PROPFIND /dav/notifications/alice/': multistatus(
            response('/dav/notifications/alice/inv1.xml', '<CS:notificationtype><CS:invite-notification/></CS:notificationtype>'),
          ),
          'GET /dav/notifications/alice/inv1.xml': csInvite('team'),
          'POST /dav/calendars/alice/': {
            status: 200,
            body: `<?xml version="1.0" encoding="utf-8"?><CS:shared-as xmlns:CS="http://calendarserver.org/ns/"><D:href xmlns:D="DAV:">${evil.origin}/dav/calendars/alice/team/</D:href></CS:shared-as>`,
          },
        },
      ),
    );
    const run = await sharedeck(home, 'accept', 'inv1');
    expectError(run, 3, untrusted(home, evil), [PASSWORD]);
    expectNothingReached(evil);
  });

  it('sharee copies and sharer URLs on another origin are listed but never requested; show refuses them', async () => {
    const evil = await other();
    const copy = `${evil.origin}/dav/calendars/alice/bob.team/`;
    const home = await davServer(() =>
      accountRoutes(
        {},
        {
          'PROPFIND /dav/calendars/alice/': multistatus(
            response('/dav/calendars/alice/', '<D:resourcetype><D:collection/></D:resourcetype>'),
            calendar(
              '/dav/calendars/alice/work/',
              'Work',
              `<D:sharer-resource-uri><D:href>${evil.origin}/dav/calendars/bob/work/</D:href></D:sharer-resource-uri>`,
            ),
            response(copy, '<D:resourcetype><D:collection/><C:calendar/></D:resourcetype><D:displayname>Team</D:displayname>'),
          ),
        },
      ),
    );
    await sharedeck(home, 'ls');
    await sharedeck(home, 'show', 'Work');
    const run = await sharedeck(home, 'show', copy);
    expectError(run, 3, untrusted(home, evil), [PASSWORD]);
    expectNothingReached(evil);
  });

  it('a publish URL on another origin: publish re-reads the collection, never the link', async () => {
    const evil = await other();
    let published = false;
    const work = () =>
      multistatus(
        calendar(
          '/dav/calendars/alice/work/',
          'Work',
          published ? `<CS:publish-url><D:href>${evil.origin}/public/work.ics</D:href></CS:publish-url>` : '',
        ),
      );
    const home = await davServer(() =>
      accountRoutes(
        {},
        {
          'PROPFIND /dav/calendars/alice/work/': work,
          'POST /dav/calendars/alice/work/': () => {
            published = true;
            return { status: 200 };
          },
        },
      ),
    );
    const run = await sharedeck(home, 'publish', '/dav/calendars/alice/work/');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Published: ${evil.origin}/public/work.ics`);
    expectError(await sharedeck(home, 'show', `${evil.origin}/public/work.ics`), 3, untrusted(home, evil), [PASSWORD]);
    expectNothingReached(evil);
  });

  it('ACL principals on another origin are listed but never requested; a direct grant to one is refused', async () => {
    const evil = await other();
    const bob = `${evil.origin}/dav/principals/bob/`;
    const acl =
      '<D:owner><D:href>/dav/principals/alice/</D:href></D:owner>' +
      '<D:current-user-privilege-set><D:privilege><D:all/></D:privilege></D:current-user-privilege-set>' +
      '<D:acl><D:ace><D:principal><D:self/></D:principal><D:grant><D:privilege><D:all/></D:privilege></D:grant></D:ace>' +
      `<D:ace><D:principal><D:href>${bob}</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace></D:acl>`;
    const work = multistatus(calendar('/dav/calendars/alice/work/', 'Work', acl));
    const home = await davServer(() =>
      accountRoutes(
        {},
        {
          'PROPFIND /dav/calendars/alice/': multistatus(
            response('/dav/calendars/alice/', '<D:resourcetype><D:collection/></D:resourcetype>'),
            calendar('/dav/calendars/alice/work/', 'Work', acl),
          ),
          'PROPFIND /dav/calendars/alice/work/': work,
        },
      ),
    );
    const show = await sharedeck(home, 'show', 'Work');
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(bob);
    const people = await sharedeck(home, 'people', '--json');
    expect(people.code, people.stderr).toBe(0);
    expect(people.stdout).toContain(bob);
    // A direct grant to a principal of another server is refused before anything is written.
    const carol = `${evil.origin}/dav/principals/carol/`;
    expectError(
      await sharedeck(home, 'invite', '/dav/calendars/alice/work/', carol, '--dialect', 'acl', '--read'),
      3,
      untrusted(home, evil),
      [PASSWORD],
    );
    expectNothingReached(evil);
    // Nothing was written: the ACL of Work is as it was.
    expect(home.requests.filter((r) => r.method === 'ACL')).toEqual([]);
  });

  it('a directory result on another origin is left out with a warning, never requested', async () => {
    const evil = await other();
    const person = (href: string, name: string, mail: string) =>
      response(
        href,
        `<D:displayname>${name}</D:displayname><C:calendar-user-address-set><D:href>mailto:${mail}</D:href></C:calendar-user-address-set>`,
      );
    const home = await davServer(() =>
      accountRoutes(
        {},
        {
          'REPORT /dav/principals/': multistatus(
            person('/dav/principals/bob/', 'Bob', 'bob@example.com'),
            person(`${evil.origin}/dav/principals/bobby/`, 'Bobby', 'bobby@example.com'),
          ),
        },
      ),
    );
    const run = await sharedeck(home, 'search', 'bob');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('mailto:bob@example.com');
    expect(run.stdout).not.toContain('bobby');
    expect(run.stderr).toContain(`it is on ${evil.host}, which is not this account’s server (${home.host}); Sharedeck did not contact it.`);
    expectNothingReached(evil);
  });

  it('a principal-collection-set on another origin: search ends in untrusted-origin', async () => {
    const evil = await other();
    const home = await davServer(() => accountRoutes({ principals: `${evil.origin}/dav/principals/` }));
    expectError(await sharedeck(home, 'search', 'bob'), 3, untrusted(home, evil), [PASSWORD]);
    expectNothingReached(evil);
  });

  it('a redirect to another origin is not followed', async () => {
    const evil = await other();
    const home = await davServer(() =>
      accountRoutes(
        {},
        { 'PROPFIND /dav/calendars/alice/': { status: 301, headers: { Location: `${evil.origin}/dav/calendars/alice/` } } },
      ),
    );
    expectError(await sharedeck(home, 'ls'), 3, untrusted(home, evil), [PASSWORD]);
    expectNothingReached(evil);
  });

  it('the well-known address may move the account to another origin (RFC 6764), which then is the account’s own', async () => {
    const target = await davServer(() => accountRoutes());
    const start = await davServer(() => ({ '* *': { status: 301, headers: { Location: `${target.origin}/dav/` } } }));
    const run = await runSharedeck(['--server', `${start.origin}/`, '--user', USER, 'ls', '--json'], PASSWORD);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { url: string }[]).map((c) => c.url)).toEqual([`${target.origin}/dav/calendars/alice/work/`]);
    expect(target.requests[0]?.authorization).toBeUndefined();
    expect(target.authorized().length).toBeGreaterThan(0);
    expect(start.authorized().every((r) => r.path.startsWith('/.well-known/'))).toBe(true);
  });
});

describe('https never steps down to http', () => {
  it('a home set on http://, allowed or not, gets nothing; the sentence says why (real binary, test certificate)', async () => {
    const tls = testCertificate();
    try {
      const evil = await other();
      const home = await davServer(() => accountRoutes({ home: `${evil.origin}/dav/calendars/alice/` }), { tls });
      const env = { SHAREDECK_PASSWORD: PASSWORD, NODE_EXTRA_CA_CERTS: tls.certFile };
      const base = ['--server', `${home.origin}/dav/`, '--user', USER];
      for (const allow of [[], ['--trust-origin', evil.origin]]) {
        const run = await spawnSharedeck([...base, ...allow, 'ls'], { env });
        expect(run.code, run.stderr).toBe(3);
        expectSentences(run.stderr);
        expect(run.stderr).toContain(
          `The address is on ${evil.origin}, an unencrypted connection, while this account’s server ${home.host} uses https, so Sharedeck did not send your password there: it never steps down from https to http.`,
        );
        expect(run.stderr).not.toContain('--trust-origin');
      }
      // The https server itself was reached, and answered with credentials: the certificate works.
      expect(home.authorized().length).toBeGreaterThan(0);
      expectNothingReached(evil);
    } finally {
      tls.remove();
    }
  });
});

describe('a Digest-only server', () => {
  it('never sees Authorization: Basic, through discovery, ls, invites and accept', async () => {
    const routes: Routes = accountRoutes(
      {},
      {
        'PROPFIND /dav/notifications/alice/': inbox('/dav/notifications/alice/inv1.xml'),
        'GET /dav/notifications/alice/inv1.xml': davInvite('Team'),
        'POST /dav/notifications/alice/inv1.xml': { status: 201, headers: { Location: '/dav/calendars/alice/work/' } },
      },
    );
    const home = await davServer(() => routes, { auth: 'digest' });
    for (const command of [['ls'], ['invites'], ['accept', 'inv1']]) {
      const run = await sharedeck(home, ...command);
      expect(run.code, `${command.join(' ')}: ${run.stderr}`).toBe(0);
    }
    const schemes = home.requests.map((r) => r.authorization?.split(' ')[0]);
    expect(schemes).not.toContain('Basic');
    expect(schemes.filter((s) => s === 'Digest').length).toBeGreaterThan(8);
  });
});

describe('one deadline per command', () => {
  it('--timeout bounds a body that trickles forever: exit 4 at the deadline', async () => {
    const home = await davServer(() =>
      accountRoutes(
        {},
        { 'PROPFIND /dav/calendars/alice/': { status: 207, body: '<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">', trickle: true } },
      ),
    );
    const started = performance.now();
    const run = await sharedeck(home, '--timeout', '1.5', 'ls');
    const seconds = (performance.now() - started) / 1000;
    expectError(
      run,
      4,
      /^sharedeck: The server at 127\.0\.0\.1:\d+ did not answer within 1\.5 seconds\. Check your connection and try again\.$/m,
      [PASSWORD],
    );
    expect(seconds).toBeGreaterThanOrEqual(1.4);
    expect(seconds).toBeLessThan(4);
  });

  it('--timeout bounds the whole command, not each request: five answers of 0.5 s each do not fit in 1.5 s', async () => {
    const slow = (routes: Routes): Routes =>
      Object.fromEntries(
        Object.entries(routes).map(([key, route]) => [key, typeof route === 'function' ? route : { ...route, delayMs: 500 }]),
      );
    const home = await davServer(() => slow(accountRoutes()));
    const started = performance.now();
    const run = await sharedeck(home, '--timeout', '1.5', 'ls');
    const seconds = (performance.now() - started) / 1000;
    expectError(run, 4, /did not answer within 1\.5 seconds\./, [PASSWORD]);
    expect(seconds).toBeLessThan(4);
    // Each request alone was well within the time; the sum was not.
    const answered = home.requests.filter((r) => r.authorization !== undefined).length;
    expect(answered).toBeGreaterThanOrEqual(2);
    expect(answered).toBeLessThanOrEqual(4);
    const relaxed = await sharedeck(home, '--timeout', '10', 'ls');
    expect(relaxed.code, relaxed.stderr).toBe(0);
  });
});
