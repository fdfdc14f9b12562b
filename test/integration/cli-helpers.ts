// Helpers for the integration tests that drive the real `sharedeck` command line against the live
// test server: in-process runs of runCli (fast, most tests), runs of the real binary
// (out/cli/sharedeck.mjs, the built bin, for end-to-end checks), collections created per test and cleaned up per
// file, and the checks every error message must pass.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { runCli } from '../../electron/cli/run';
import type { Collection, Invitation, Principal, ShareResult } from '../../shared/model';
import { freshCacheHome } from '../support/cli-cache';
import { TEST_USER_NAMES, davRequest, mkaddressbook, mkcalendar, testServer, uniqueName, type TestUserName } from '../support/test-servers';

export type { Collection, Invitation, Principal, ShareResult };

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Collector extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

/**
 * Runs `sharedeck ARGV` in this process: SHAREDECK_PASSWORD from `password` (unset when undefined),
 * an empty cache folder of its own (support/cli-cache.ts), a closed standard input, standard
 * output and error collected as text.
 */
export async function runSharedeck(argv: readonly string[], password: string | undefined): Promise<CliRun> {
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await runCli(argv, {
    env: { XDG_CACHE_HOME: freshCacheHome(), ...(password === undefined ? {} : { SHAREDECK_PASSWORD: password }) },
    stdin: Readable.from([]),
    stdout,
    stderr,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** `sharedeck --server TEST --user USER ARGS...` as a test user, with that user's password. */
export function sharedeck(user: TestUserName, ...args: string[]): Promise<CliRun> {
  const { url, users } = testServer();
  return runSharedeck(['--server', url, '--user', user, ...args], users[user].password);
}

/** Runs a command with --json that must succeed, and returns its parsed output. */
export async function sharedeckJson<T>(user: TestUserName, ...args: string[]): Promise<T> {
  const run = await sharedeck(user, ...args, '--json');
  expect(run.code, `sharedeck ${args.join(' ')} as ${user} failed: ${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** Runs a command that must succeed (exit 0) and returns its output. */
export async function sharedeckOk(user: TestUserName, ...args: string[]): Promise<CliRun> {
  const run = await sharedeck(user, ...args);
  expect(run.code, `sharedeck ${args.join(' ')} as ${user} failed: ${run.stderr}`).toBe(0);
  return run;
}

// ---- the real binary ------------------------------------------------------------------------

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The built command line, as package.json's bin names it (test/integration/build-cli.ts builds it). */
export const CLI_BIN = join(
  REPO_ROOT,
  (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: { sharedeck: string } }).bin.sharedeck,
);

/**
 * Runs `node out/cli/sharedeck.mjs ARGS` as a child process. SHAREDECK_PASSWORD is removed from the
 * inherited environment unless `env` sets it, and XDG_CACHE_HOME is an empty folder of its own
 * unless `env` names one; `input` is written to standard input, which is then closed.
 */
export function spawnSharedeck(args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: freshCacheHome(), ...options.env };
  if (options.env?.SHAREDECK_PASSWORD === undefined) delete env.SHAREDECK_PASSWORD;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('error', (e) => {
      clearTimeout(killer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // the CLI may exit before reading all of it
    child.stdin.end(options.input ?? '');
  });
}

// ---- checks -----------------------------------------------------------------------------------

/** Every password a test uses, and the Basic credentials built from them. */
function secrets(extra: readonly string[]): string[] {
  // Every test server (Cyrus, DAViCal) gives its users the password NAME + "pw".
  const all = [...TEST_USER_NAMES.map((n) => `${n}pw`), ...extra];
  return [...all, ...TEST_USER_NAMES.map((n) => Buffer.from(`${n}:${n}pw`).toString('base64'))];
}

/** No password (or Basic credential) of any test user, nor `extra`, appears in the output. */
export function expectNoSecrets(run: CliRun, extra: readonly string[] = []): void {
  for (const s of secrets(extra)) {
    expect(run.stderr, 'stderr must not contain a password').not.toContain(s);
    expect(run.stdout, 'stdout must not contain a password').not.toContain(s);
  }
}

/**
 * The run failed with `code`, and stderr is what a person can act on: `sharedeck: ` followed by
 * whole sentences (several words, ending in a full stop), no stack trace, no "undefined" or raw
 * JavaScript error, no password. `pattern` is what the sentence must say.
 */
export function expectError(run: CliRun, code: number, pattern: RegExp, extraSecrets: readonly string[] = []): void {
  expect(run.code, `exit code (stderr: ${run.stderr})`).toBe(code);
  expectSentences(run.stderr);
  expect(run.stderr).toMatch(pattern);
  expectNoSecrets(run, extraSecrets);
}

export function expectSentences(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines.length, `stderr: ${stderr}`).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line, 'every line starts with the program name').toMatch(/^sharedeck: /);
    const text = line.slice('sharedeck: '.length);
    expect(text.split(/\s+/).length, `a sentence, not a code: ${text}`).toBeGreaterThanOrEqual(5);
    expect(text, 'ends like a sentence (maybe with the host in brackets)').toMatch(/[.!?][”"]?( \([^)]*\))?$/);
    expect(text).not.toMatch(/unexpected error|\bundefined\b|\bnull\b|\[object |Error:|\n\s+at |ECONN|UND_ERR|fetch failed/);
  }
}

// ---- collections on the server ------------------------------------------------------------------

export interface TestCollection {
  url: string;
  /** Path of the owner's collection, e.g. /dav/calendars/user/alice/calx/ */
  path: string;
  /** The display name, unique on the server. */
  name: string;
  /** The last path segment. */
  segment: string;
  owner: TestUserName;
}

const created: TestCollection[] = [];

async function make(kind: 'calendar' | 'addressbook', owner: TestUserName, label: string): Promise<TestCollection> {
  const segment = uniqueName(kind === 'calendar' ? 'cal' : 'ab');
  const name = `${label} ${segment}`;
  const url = kind === 'calendar' ? await mkcalendar(owner, segment, name) : await mkaddressbook(owner, segment, name);
  const c = { url, path: new URL(url).pathname, name, segment, owner };
  created.push(c);
  return c;
}

/** A fresh calendar of `owner`, display name "LABEL calxxxxxxxxxx". Deleted by removeCreatedCollections. */
export function newCalendar(owner: TestUserName, label: string): Promise<TestCollection> {
  return make('calendar', owner, label);
}

/** A fresh address book of `owner`. Deleted by removeCreatedCollections. */
export function newAddressBook(owner: TestUserName, label: string): Promise<TestCollection> {
  return make('addressbook', owner, label);
}

/**
 * Deletes what this file created (call from afterAll), and every notification about it in the
 * users' inboxes: Cyrus keeps invitations and updates even after the collection is deleted, and
 * every `invites` reads them all, so without this each run would slow the next one down.
 */
export async function removeCreatedCollections(): Promise<void> {
  const all = created.splice(0);
  await deleteNotificationsAbout(all.map((c) => c.path));
  const failed: string[] = [];
  for (const c of all) {
    const res = await davRequest(c.owner, 'DELETE', c.url);
    if (res.status !== 204 && res.status !== 404) failed.push(`${c.path} -> ${res.status}`);
  }
  expect(failed, 'cleanup of created collections').toEqual([]);
}

async function deleteNotificationsAbout(paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  await Promise.all(
    TEST_USER_NAMES.map(async (user) => {
      const inbox = `/dav/notifications/user/${user}/`;
      const list = await davRequest(user, 'PROPFIND', inbox, {
        headers: { 'Content-Type': 'application/xml; charset=utf-8', Depth: '1' },
        body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:notificationtype/></D:prop></D:propfind>',
      });
      const items = [...list.text.matchAll(/<(?:\w+:)?href>([^<]+\.xml)<\/(?:\w+:)?href>/g)].map((m) => m[1] ?? '');
      await Promise.all(
        items.map(async (href) => {
          const doc = await davRequest(user, 'GET', href, {
            headers: { Accept: 'application/davsharing+xml; q=1, application/davnotification+xml' },
          });
          if (paths.some((p) => doc.text.includes(`>${p}<`))) await davRequest(user, 'DELETE', href);
        }),
      );
    }),
  );
}

/** Where a sharee's accepted copy of `c` lives on Cyrus: /dav/<home>/user/SHAREE/OWNER.SEGMENT/ */
export function copyUrlOf(c: TestCollection, sharee: TestUserName): string {
  const home = c.path.startsWith('/dav/calendars/') ? 'calendars' : 'addressbooks';
  return `${testServer().url}/dav/${home}/user/${sharee}/${c.owner}.${c.segment}/`;
}

/** PROPFIND Depth 0 as `user`: 207 when the collection exists for them, 404 when not (no redirects followed). */
export async function propfindStatus(user: TestUserName, url: string): Promise<number> {
  const res = await davRequest(user, 'PROPFIND', url, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8', Depth: '0' },
    body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>',
  });
  return res.status;
}

/** PUTs a new event (calendar) or vCard (address book) into `collectionUrl` as `user`; returns the status. */
export async function putItem(user: TestUserName, collectionUrl: string): Promise<number> {
  const uid = uniqueName('item');
  const isCalendar = new URL(collectionUrl).pathname.startsWith('/dav/calendars/');
  const body = isCalendar
    ? [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Sharedeck tests//EN',
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'DTSTAMP:20260101T090000Z',
        'DTSTART:20260105T100000Z',
        'DTEND:20260105T110000Z',
        `SUMMARY:Written by ${user}`,
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n')
    : ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `FN:Written by ${user}`, `N:${user};Test;;;`, 'END:VCARD', ''].join('\r\n');
  const res = await davRequest(user, 'PUT', `${collectionUrl}${uid}.${isCalendar ? 'ics' : 'vcf'}`, {
    headers: { 'Content-Type': isCalendar ? 'text/calendar; charset=utf-8' : 'text/vcard; charset=utf-8', 'If-None-Match': '*' },
    body,
  });
  return res.status;
}

// ---- reading the model through the CLI -------------------------------------------------------------

/** `user`'s invitations (invites --json) about the collection `c`, and nothing else. */
export async function invitationsFor(user: TestUserName, c: TestCollection): Promise<Invitation[]> {
  const all = await sharedeckJson<Invitation[]>(user, 'invites');
  return all.filter((i) => i.collectionUrl === c.url);
}

/** The one invitation `user` has about `c`. */
export async function invitationFor(user: TestUserName, c: TestCollection): Promise<Invitation> {
  const list = await invitationsFor(user, c);
  expect(list, `${user}'s invitations for ${c.name}`).toHaveLength(1);
  return list[0]!;
}

/** The ID `sharedeck invites` shows for an invitation (its resource name without .xml). */
export function shortId(invitation: Invitation): string {
  const segments = new URL(invitation.id).pathname.split('/').filter(Boolean);
  return decodeURIComponent(segments[segments.length - 1] ?? '').replace(/\.xml$/i, '');
}

/** The owner's view of `c` (show --json). */
export function show(c: TestCollection): Promise<Collection> {
  return sharedeckJson<Collection>(c.owner, 'show', c.url);
}

/** The collections `user` sees (ls --json). */
export function ls(user: TestUserName): Promise<Collection[]> {
  return sharedeckJson<Collection[]>(user, 'ls');
}

/** Sharees of a collection as `user@example.com → access/status`, order-independent. */
export function shareeSummary(c: Pick<Collection, 'sharees'>): Record<string, string> {
  return Object.fromEntries(c.sharees.map((s) => [s.address.replace(/^mailto:/, ''), `${s.access}/${s.status}`]));
}

/** The principal URL of a test user on the test server. */
export function principalOf(user: TestUserName): string {
  return `${testServer().url}/dav/principals/user/${user}/`;
}

// ---- network -----------------------------------------------------------------------------------

/** A TCP port on 127.0.0.1 with nothing listening (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
