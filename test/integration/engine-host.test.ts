// The engine host (electron/service/engine-host.ts) with real worker threads running the service
// from source, against the live test server: calls, events and passwords cross the threads; each
// account gets its own thread; a cancelled discovery keeps nothing; a crashed thread fails its
// calls with 'engine-stopped' and the next call starts a fresh one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../shared/api';
import type { Envelope } from '../../shared/envelope';
import type { Account, CollectionList, InvitationList } from '../../shared/model';
import type { Answer } from '../../electron/service/dispatcher';
import { startEngine, type EngineHost, type EngineOptions } from '../../electron/service/engine-host';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { testServer } from '../support/test-servers';

let dir: string;
const hosts: EngineHost[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sharedeck-engine-'));
});

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  vi.restoreAllMocks();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;

/** The host's password store, remembering for which accounts a password was ever kept. */
class RecordingSecrets extends MemorySecretStore {
  readonly kept: string[] = [];

  override set(accountId: string, password: string): Promise<void> {
    this.kept.push(accountId);
    return super.set(accountId, password);
  }
}

function host(overrides: Partial<EngineOptions> = {}): {
  engine: EngineHost;
  secrets: RecordingSecrets;
  accountsFile: string;
  log: { warn: ReturnType<typeof vi.fn>; error: ReturnType<typeof vi.fn> };
} {
  const secrets = new RecordingSecrets();
  const accountsFile = join(dir, `accounts-${++counter}.json`);
  const log = { warn: vi.fn(), error: vi.fn() };
  const engine = startEngine({ accountsFile, secrets, log, ...overrides });
  hosts.push(engine);
  return { engine, secrets, accountsFile, log };
}

function envelope(answer: Answer): Envelope {
  return JSON.parse(answer.envelope) as Envelope;
}

/** The value of an answer that must be ok (what the method returns). */
function value(answer: Answer): unknown {
  const e = envelope(answer);
  if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
  return e.value;
}

async function addUser(engine: EngineHost, user: 'alice' | 'bob' | 'carol', extra: Record<string, unknown> = {}): Promise<Account> {
  const { url, users } = testServer();
  return value(await engine.call('addAccount', [{ serverUrl: url, username: user, password: users[user].password, ...extra }])) as Account;
}

describe('engine host: calls across threads', () => {
  it('adds an account in the account-list thread, announcing discovery, and keeps the password in the host', async () => {
    const { engine, secrets, accountsFile } = host();
    const events: AppEvent[] = [];
    engine.onEvent((e) => events.push(e));
    const alice = await addUser(engine, 'alice', { progressId: 'p-1' });
    expect(alice.username).toBe('alice');
    expect(events.filter((e) => e.type === 'discovery-step').map((e) => (e.type === 'discovery-step' ? e.step : ''))).toEqual([
      'service-discovery',
      'principal',
      'homes',
      'capabilities',
      'done',
    ]);
    expect(await secrets.get(alice.id)).toBe(testServer().users.alice.password);
    const saved = JSON.parse(readFileSync(accountsFile, 'utf8')) as { accounts: Account[] };
    expect(saved.accounts.map((a) => a.id)).toEqual([alice.id]);
    expect(JSON.stringify(saved)).not.toContain(testServer().users.alice.password);
    expect(engine.threads).toBe(1);
  });

  it('adding an account twice is refused as a duplicate, naming the one there, and keeps one account', async () => {
    const { engine } = host();
    const alice = await addUser(engine, 'alice', { label: 'Alice at home' });
    const { url, users } = testServer();
    expect(envelope(await engine.call('addAccount', [{ serverUrl: url, username: 'alice', password: users.alice.password }]))).toEqual({
      ok: false,
      error: { code: 'duplicate', message: 'This account is already in Sharedeck as “Alice at home”.' },
    });
    expect((value(await engine.call('listAccounts', [])) as Account[]).map((a) => a.id)).toEqual([alice.id]);
  });

  it('runs each account’s calls on its own thread, and unknown ids on none', async () => {
    const { engine } = host();
    const alice = await addUser(engine, 'alice');
    const bob = await addUser(engine, 'bob');
    const [aliceList, bobInbox] = await Promise.all([engine.call('listCollections', [alice.id]), engine.call('listInvitations', [bob.id])]);
    expect((value(aliceList) as CollectionList).collections.length).toBeGreaterThan(0);
    expect(Array.isArray((value(bobInbox) as InvitationList).invitations)).toBe(true);
    expect(engine.threads).toBe(3);
    // A made-up id starts no thread: the account list's thread says there is no such account.
    expect(envelope(await engine.call('listCollections', ['no-such-account']))).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(envelope(await engine.call('listCollections', [42]))).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(engine.threads).toBe(3);
  });

  it('an account’s thread sees renames, and stops with its password gone when the account is removed', async () => {
    const { engine, secrets } = host();
    const alice = await addUser(engine, 'alice');
    await engine.call('listCollections', [alice.id]);
    expect(engine.threads).toBe(2);
    value(await engine.call('updateAccount', [alice.id, { label: 'Alice at work' }]));
    expect((value(await engine.call('listAccounts', [])) as Account[]).map((a) => a.label)).toEqual(['Alice at work']);
    expect((value(await engine.call('listCollections', [alice.id])) as CollectionList).collections.length).toBeGreaterThan(0);
    value(await engine.call('removeAccount', [alice.id]));
    await vi.waitFor(() => {
      expect(engine.threads).toBe(1);
    });
    expect(await secrets.get(alice.id)).toBeUndefined();
    expect(envelope(await engine.call('listCollections', [alice.id]))).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('an account’s idle thread stops, and the next call starts it again without asking for the password', async () => {
    const { engine } = host({ idleMs: 30 });
    const alice = await addUser(engine, 'alice');
    await engine.call('listCollections', [alice.id]);
    await vi.waitFor(() => {
      expect(engine.threads).toBe(1);
    });
    expect((value(await engine.call('listCollections', [alice.id])) as CollectionList).collections.length).toBeGreaterThan(0);
  });

  it('polls every inbox whose password it knows, one event per account', async () => {
    const { engine, secrets } = host();
    const alice = await addUser(engine, 'alice');
    const bob = await addUser(engine, 'bob');
    await secrets.delete(bob.id);
    const events: AppEvent[] = [];
    engine.onEvent((e) => events.push(e));
    await engine.pollInvitations();
    expect(events.map((e) => e.type === 'invitations' && e.accountId)).toEqual([alice.id]);
    expect(events[0]).toMatchObject({ skipped: [] });
  });

  it('hands out the notices the shell found at start once, from the account-list thread', async () => {
    const { engine } = host({ notices: ['Sharedeck could not read the saved window size and position.'] });
    expect(value(await engine.call('takeNotices', []))).toEqual(['Sharedeck could not read the saved window size and position.']);
    expect(value(await engine.call('takeNotices', []))).toEqual([]);
  });

  it('answers engine-stopped after close, and stops every thread', async () => {
    const { engine } = host();
    const alice = await addUser(engine, 'alice');
    await engine.call('listCollections', [alice.id]);
    await engine.close();
    expect(engine.threads).toBe(0);
    expect(envelope(await engine.call('listAccounts', []))).toMatchObject({ ok: false, error: { code: 'engine-stopped' } });
  });
});

describe('engine host: passwords', () => {
  it('gives an account’s thread only that account’s password, and the account list’s thread any', async () => {
    // This entry answers a call with what the host said when asked for the password of the
    // account named in the call's second argument.
    const { engine, secrets, log } = host({ entry: new URL('../support/secret-probe-worker.mjs', import.meta.url) });
    await secrets.set('acc-1', 'pw-one');
    await secrets.set('acc-2', 'pw-two');
    expect(value(await engine.call('listCollections', ['acc-1', 'acc-1']))).toEqual({ password: 'pw-one' });
    expect(value(await engine.call('listCollections', ['acc-1', 'acc-2']))).toEqual({
      refused: 'This thread may use its own account’s password only.',
    });
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(String(log.warn.mock.calls[0]![0])).not.toContain('pw-');
    expect(value(await engine.call('addAccount', ['any', 'acc-2']))).toEqual({ password: 'pw-two' });
    expect(engine.threads).toBe(2);
  });
});

describe('engine host: cancelling', () => {
  let hanging: Server;
  let seen: string[];
  let closed: number;

  beforeAll(async () => {
    // A server that takes every request and never answers: discovery waits on it until cancelled.
    seen = [];
    closed = 0;
    hanging = createServer((req) => {
      seen.push(`${req.method} ${req.url}`);
      req.socket.on('close', () => closed++);
    });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
  });

  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise((r) => hanging.close(r));
  });

  it('a cancelled addAccount aborts its requests and keeps neither the account nor its password', async () => {
    const { engine, secrets, accountsFile } = host();
    const controller = new AbortController();
    const serverUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/dav/`;
    const started = Date.now();
    const pending = engine.call('addAccount', [{ serverUrl, username: 'alice', password: 'pw-never-kept' }], { signal: controller.signal });
    await vi.waitFor(
      () => {
        expect(seen.length).toBeGreaterThan(0);
      },
      { timeout: 10_000 },
    );
    controller.abort();
    const answer = await pending;
    expect(Date.now() - started).toBeLessThan(10_000); // far below the 30 s request timeout
    expect(envelope(answer)).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await vi.waitFor(
      () => {
        expect(closed).toBeGreaterThan(0); // the request's connection was dropped
      },
      { timeout: 5000 },
    );
    expect(value(await engine.call('listAccounts', [])) as Account[]).toEqual([]);
    expect(() => readFileSync(accountsFile, 'utf8')).toThrow(/ENOENT/);
    expect(secrets.kept).toEqual([]);
  });

  it('an already aborted signal never reaches a thread', async () => {
    const { engine } = host();
    const controller = new AbortController();
    controller.abort();
    expect(envelope(await engine.call('listAccounts', [], { signal: controller.signal }))).toMatchObject({
      ok: false,
      error: { code: 'cancelled' },
    });
    expect(engine.threads).toBe(0);
  });
});

describe('engine host: a thread that dies', () => {
  it('fails the calls in flight with engine-stopped, logs it, and the next call starts a fresh thread', async () => {
    // This entry runs the real engine thread, and ends the thread when it is asked getCollection.
    const entry = new URL('../support/crashing-engine-worker.mjs', import.meta.url);
    const { engine, log } = host({ entry });
    const alice = await addUser(engine, 'alice');
    const list = (value(await engine.call('listCollections', [alice.id])) as CollectionList).collections;
    const answer = await engine.call('getCollection', [alice.id, list[0]!.url]);
    expect(envelope(answer)).toEqual({
      ok: false,
      error: { code: 'engine-stopped', message: expect.stringMatching(/engine stopped unexpectedly/) as unknown },
    });
    expect(log.error).toHaveBeenCalledTimes(1);
    const text = String(log.error.mock.calls[0]![0]);
    expect(text).toMatch(/thread stopped unexpectedly \(exit code 7\)/);
    expect(text).toContain('getCollection');
    expect(text).not.toContain(testServer().users.alice.password);
    // The password lives in the host: the new thread needs nobody to type it again.
    expect((value(await engine.call('listCollections', [alice.id])) as CollectionList).collections.length).toBe(list.length);
  });

  it('a thread that cannot start answers engine-stopped instead of hanging', async () => {
    const { engine, log } = host({ entry: new URL('../support/no-such-engine-worker.mjs', import.meta.url) });
    expect(envelope(await engine.call('listAccounts', []))).toMatchObject({ ok: false, error: { code: 'engine-stopped' } });
    expect(log.error).toHaveBeenCalled();
  });
});
