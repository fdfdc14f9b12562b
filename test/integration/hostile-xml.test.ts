// Hostile XML against one deadline: a server on 127.0.0.1 answers the listing with each of the
// shapes that made the parser we had before quadratic (test/support/xml-shapes.ts: as sent, and at
// the parser's bounds), and with bodies near the 64 MB limit. `sharedeck ls --timeout 5`, the real
// binary, must end with a typed error whose sentence a person can act on. What bounds the work is
// shown by the sentence: a body refused at one of the parser's bounds names that bound, and a
// listing that succeeds or is refused for its content did so before the command's own deadline,
// which would otherwise have ended it with "could not read the answer ... within 5 seconds". Wall
// time is checked only against a hang (the shapes this guards against took 31 s and 62 s before):
// how long a run takes on a shared machine belongs to `npm run bench` (its XML scaling part).
import { afterEach, describe, expect, it } from 'vitest';
import { SHAPES } from '../support/xml-shapes';
import { spawnSharedeck, type CliRun } from './cli-helpers';
import { PASSWORD, USER, accountRoutes, closeAll, davServer } from '../support/hostile-dav';

const MB = 1024 * 1024;
/** The command's deadline, and the wall time that only a hang exceeds, even with every core busy. */
const DEADLINE_S = 5;
const HANG_S = 2 * DEADLINE_S;

const MALFORMED = /^sharedeck: The server sent an answer that is not valid WebDAV XML \([^<>]+\)\.$/m;
const NOT_MULTISTATUS = /^sharedeck: The server answered with XML that is not a WebDAV multistatus\.$/m;
const TIMED_OUT = /^sharedeck: Sharedeck could not read the answer of the server at 127\.0\.0\.1:\d+ within 5 seconds: /m;

afterEach(closeAll);

/** Runs `ls --timeout 5` against a server whose calendar home answers `body`; returns the run and its seconds. */
async function listWith(body: string): Promise<{ run: CliRun; seconds: number }> {
  const home = await davServer(() =>
    accountRoutes(
      {},
      { 'PROPFIND /dav/calendars/alice/': { status: 207, headers: { 'Content-Type': 'application/xml; charset=utf-8' }, body } },
    ),
  );
  const started = performance.now();
  const run = await spawnSharedeck(['--server', `${home.origin}/dav/`, '--user', USER, '--timeout', String(DEADLINE_S), 'ls'], {
    env: { SHAREDECK_PASSWORD: PASSWORD },
  });
  return { run, seconds: (performance.now() - started) / 1000 };
}

function expectTypedError(run: CliRun, seconds: number): void {
  expect(run.code, run.stderr).toBe(4);
  expect(run.stdout).toBe('');
  expect(
    [MALFORMED, NOT_MULTISTATUS, TIMED_OUT].some((sentence) => sentence.test(run.stderr)),
    run.stderr,
  ).toBe(true);
  expect(run.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
  expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  expect(seconds).toBeLessThan(HANG_S);
}

describe('hostile XML: ls --timeout 5 ends in time', () => {
  const hostile = Object.keys(SHAPES).filter((shape) => !shape.startsWith('many responses'));

  it.each(hostile)('%s, 2 MB', async (shape) => {
    const { run, seconds } = await listWith(SHAPES[shape]!(2 * MB));
    expectTypedError(run, seconds);
    // Refused at a bound, with the bound named; or parsed, and then not a multistatus.
    if (shape.endsWith('as sent')) expect(run.stderr).toMatch(/more than 1,000|nested more than 64 deep/);
  });

  it('many responses (2 MB of them): a listing like any other, in time', async () => {
    const { run, seconds } = await listWith(SHAPES['many responses (10^5 at 8 MB)']!(2 * MB));
    expect(run.code, run.stderr).toBe(0);
    expect(seconds).toBeLessThan(HANG_S);
  });

  it('the shapes the issue measured (1 MB of prefixed attributes in one tag: 31 s before; 2 MB of declarations: 62 s) are refused at once', async () => {
    for (const [shape, size] of [
      ['prefixed attributes, one tag, as sent', 1 * MB],
      ['xmlns declarations, one tag, as sent', 2 * MB],
    ] as const) {
      const { run, seconds } = await listWith(SHAPES[shape]!(size));
      expect(run.stderr).toMatch(MALFORMED);
      // Refused by the precheck's bound, not by the deadline running out.
      expect(run.stderr).not.toMatch(TIMED_OUT);
      expect(seconds).toBeLessThan(HANG_S);
    }
  });

  it('a 60 MB multistatus that declares a DOCTYPE at its very end: the whole body is read and checked, then refused', async () => {
    // Long names keep the elements under the bound of one document, so the end is reached.
    const name = 'n'.repeat(1000);
    const response = (i: number) =>
      `<D:response><D:href>/dav/calendars/alice/c${i}/</D:href><D:propstat><D:prop><D:displayname>${name} ${i}</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`;
    const parts = ['<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:">'];
    let length = parts[0]!.length;
    for (let i = 0; length < 60 * MB; i++) {
      parts.push(response(i));
      length += parts.at(-1)!.length;
    }
    parts.push('</D:multistatus><!DOCTYPE x>');
    const { run, seconds } = await listWith(parts.join(''));
    expectTypedError(run, seconds);
    expect(run.stderr).toMatch(/document type declaration/);
  });

  it('60 MB of tiny elements (15 million): refused at the bound of one document, in time, without building them', async () => {
    const body = `<D:multistatus xmlns:D="DAV:">${'<a/>'.repeat((60 * MB) / 4)}</D:multistatus>`;
    const { run, seconds } = await listWith(body);
    expectTypedError(run, seconds);
    expect(run.stderr).toContain('it has more than 1,000,000 elements, more than Sharedeck reads in one answer');
  });
});
