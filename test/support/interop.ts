// The accounts discovery makes of the recorded servers (support/recorded-servers.ts) and the
// command line pointed at them, for the vitest tests.

import { Readable, Writable } from 'node:stream';
import { afterEach, expect } from 'vitest';
import type { Account } from '../../shared/model';
import { runCli } from '../../electron/cli/run';
import { discoverAt } from '../../electron/dav/discovery';
import { DavHttp } from '../../electron/dav/http';
import { newPrincipalSearchCache } from '../../electron/dav/principals';
import type { DavContext } from '../../electron/dav/context';
import type { PrincipalSearchCache } from '../../electron/dav/principals';
import { freshCacheHome } from './cli-cache';
import type { Playback } from './playback';

export { NEXTCLOUD_USERS, SABRE_USERS, nextcloudPlayback, sabrePlayback, traces } from './recorded-servers';

/** An engine context on a played-back server, with the directory cache the service keeps beside it. */
export type PlaybackContext = DavContext & { principals: PrincipalSearchCache };

/** The account discovery makes of the played-back server, as the service keeps it. */
export async function discovered(playback: Playback, username: string, password: string): Promise<PlaybackContext> {
  const http = new DavHttp({ baseUrl: `${playback.origin}/`, credentials: { username, password } });
  const found = await discoverAt(http, `${playback.origin}/`);
  const account: Account = { ...found, id: `${username}-playback`, label: username, username, folders: [], approvedOrigins: [] };
  return { http, account, principals: newPrincipalSearchCache() };
}

/** The played-back server of the running test, which its file's afterEach checks and closes. */
export interface PlaybackSlot {
  current: Playback | undefined;
}

/**
 * One playback per test, set in `current` by the test: after each test, every request it was sent
 * must have been answered by the recording, and it is closed.
 */
export function playbackPerTest(): PlaybackSlot {
  const slot: PlaybackSlot = { current: undefined };
  afterEach(async () => {
    const playback = slot.current;
    slot.current = undefined;
    if (!playback) return;
    try {
      expectAllRecorded(playback);
    } finally {
      await playback.close();
    }
  });
  return slot;
}

/** `username` discovered on the playback `start` gives (kept in `slot`), with discovery's requests forgotten. */
export async function signedIn(
  slot: PlaybackSlot,
  start: Promise<Playback>,
  username: string,
  password: string,
): Promise<{ p: Playback; ctx: PlaybackContext }> {
  const p = (slot.current = await start);
  const ctx = await discovered(p, username, password);
  p.served.length = 0;
  return { p, ctx };
}

/**
 * Another user of the same played-back server, whose discovery the recording does not have: their
 * own credentials and the account the recording shows (no address book homes unless given).
 */
export function otherUser(
  p: Playback,
  ctx: PlaybackContext,
  credentials: { username: string; password: string },
  account: Partial<Account>,
): PlaybackContext {
  return withAccount(
    { ...ctx, http: new DavHttp({ baseUrl: `${p.origin}/`, credentials }) },
    { username: credentials.username, addressbookHomes: [], ...account },
  );
}

/** The same account with other homes or folders (the recording has some listings only). */
export function withAccount(ctx: PlaybackContext, changes: Partial<Account>): PlaybackContext {
  return { ...ctx, account: { ...ctx.account, ...changes } };
}

class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `sharedeck --server PLAYBACK --user USER ARGS...`, in this process, password from
 * SHAREDECK_PASSWORD, with an empty cache folder of its own: every run discovers, as the
 * recordings expect.
 */
export async function cli(playback: Playback, user: string, password: string, ...args: string[]): Promise<CliRun> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await runCli(['--server', `${playback.origin}/`, '--user', user, ...args], {
    env: { SHAREDECK_PASSWORD: password, XDG_CACHE_HOME: freshCacheHome() },
    stdin: Readable.from([]),
    stdout,
    stderr,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Asserts that every request was answered by the recording. */
export function expectAllRecorded(playback: Playback): void {
  expect(playback.failures, playback.failures.join('\n')).toEqual([]);
}

/** The traces that answered, in order, without the Digest challenges. */
export function answeredBy(playback: Playback): string[] {
  return playback.served
    .filter((s) => s.answeredBy !== 'challenge')
    .map((s) => s.answeredBy.replace(/^listing (\d{3}).*$/, '$1 (listing)').replace(/^(\d{3})[^ ]*( \(stand-in.*)?$/, '$1'));
}
