// Part D: does a big parse block the shell? While the engine parses a 20 MB listing (10,000
// shared calendars) of one account, other calls (listAccounts, and listInvitations of another
// account) are sent every 10 ms from the shell's thread; each one's latency counts from the moment
// it was due, so a blocked thread shows in full (nothing is left out because a timer fired late).
// Measured twice in one run against the same local server (responsiveness-server.ts, its own
// process): the engine on the shell's thread (the dispatcher in process, as before the engine got
// its threads) and the engine host (a thread per account, as both shells run it now).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Account, CollectionList } from '../shared/model';
import type { Answer } from '../electron/service/dispatcher';
import { FileAccountStore } from '../electron/service/account-store';
import { answerValue, inProcessEngine, type Engine } from '../electron/service/engine';
import { startEngine } from '../electron/service/engine-host';
import { MemorySecretStore } from '../electron/service/secret-store';
import { createSharingService } from '../electron/service/sharing-service';
import { SYNTHETIC_ACCOUNT, SYNTHETIC_CALENDARS, SYNTHETIC_HOME } from './synthetic';
import { log, median, percentile } from './stats';

export type EngineMode = 'in-process' | 'threads';

export interface ModeResult {
  mode: EngineMode;
  /** Each listing's time, from the call to its answer. */
  listingMs: number[];
  /** Latency of every other call, from when it was due. */
  probeMs: number[];
  p95Ms: number;
  medianMs: number;
  maxMs: number;
  p95ByMethodMs: { listAccounts: number; listInvitations: number };
  /** p95 of the same calls with no listing running, just before: what the machine gives them. */
  quietP95Ms: number;
  /** The longest the shell's event loop was blocked while listings ran. */
  loopBlockedMaxMs: number;
}

export interface ResponsivenessResult {
  bytes: number;
  calendars: number;
  probeIntervalMs: number;
  runs: number;
  inProcess: ModeResult;
  threads: ModeResult;
}

const PROBE_INTERVAL_MS = 10;
const QUIET_MS = 2000;
/** bob's inbox in the recorded Cyrus traces, which the benchmark's server plays back. */
const INBOX_PATH = '/dav/notifications/user/bob/';
const BIG = 'bench-big';
const SMALL = 'bench-bob';

function accounts(origin: string): Account[] {
  const home = `${origin}${new URL(SYNTHETIC_HOME).pathname}`;
  return [
    {
      ...SYNTHETIC_ACCOUNT,
      id: BIG,
      label: 'big',
      serverUrl: `${origin}/`,
      principalUrl: `${origin}/dav/principals/user/bench/`,
      calendarHomes: [home],
      approvedOrigins: [],
    },
    {
      ...SYNTHETIC_ACCOUNT,
      id: SMALL,
      label: 'bob',
      username: 'bob',
      serverUrl: `${origin}/`,
      principalUrl: `${origin}/dav/principals/user/bob/`,
      calendarHomes: [],
      notificationUrl: `${origin}${INBOX_PATH}`,
      notificationDialect: 'dav',
      approvedOrigins: [],
    },
  ];
}

function startServer(): Promise<{ origin: string; bytes: number; child: ChildProcess }> {
  const script = fileURLToPath(new URL('responsiveness-server.ts', import.meta.url));
  const root = fileURLToPath(new URL('..', import.meta.url)); // where --import finds tsx
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const found = /port (\d+) bytes (\d+)/.exec(out);
      if (found) resolve({ origin: `http://127.0.0.1:${found[1]}`, bytes: Number(found[2]), child });
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      reject(new Error(`the benchmark's DAV server exited (${code})`));
    });
  });
}

function ok(answer: Answer, what: string): unknown {
  if (answer.status !== 'ok') throw new Error(`${what} failed: ${answer.envelope.slice(0, 300)}`);
  return answerValue(answer);
}

interface Probed {
  /** Latency of each call, from when it was due. */
  ms: number[];
  byMethod: Record<'listAccounts' | 'listInvitations', number[]>;
}

/**
 * Sends listAccounts and listInvitations of the small account, alternately, every
 * PROBE_INTERVAL_MS until `until` settles. Every call due before then is sent as soon as this
 * thread can: one due while the thread was blocked goes out late, and its wait counts.
 */
async function probe(engine: Engine, until: Promise<unknown>): Promise<Probed> {
  const started = performance.now();
  let ended: number | undefined;
  void until.finally(() => {
    ended = performance.now();
  });
  const out: Probed = { ms: [], byMethod: { listAccounts: [], listInvitations: [] } };
  const calls: Promise<void>[] = [];
  for (let i = 1; ; i++) {
    const due = started + i * PROBE_INTERVAL_MS;
    if (ended !== undefined && due > ended) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (ended !== undefined && due > ended) break;
    const [method, args] = i % 2 === 1 ? (['listAccounts', []] as const) : (['listInvitations', [SMALL]] as const);
    calls.push(
      engine.call(method, args).then((answer) => {
        ok(answer, method);
        const ms = performance.now() - due;
        out.ms.push(ms);
        out.byMethod[method].push(ms);
      }),
    );
  }
  await until;
  await Promise.all(calls);
  return out;
}

async function measure(mode: EngineMode, origin: string, runs: number): Promise<ModeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sharedeck-bench-engine-'));
  const accountsFile = join(dir, 'accounts.json');
  writeFileSync(accountsFile, JSON.stringify({ version: 1, accounts: accounts(origin) }));
  const secrets = new MemorySecretStore();
  await secrets.set(BIG, 'benchpw');
  await secrets.set(SMALL, 'bobpw');
  const engine: Engine =
    mode === 'threads'
      ? startEngine({ accountsFile, secrets })
      : inProcessEngine(createSharingService({ accounts: new FileAccountStore(accountsFile), secrets }));
  try {
    // Every path once: threads started, code compiled, caches as in use.
    ok(await engine.call('listAccounts', []), 'listAccounts');
    ok(await engine.call('listInvitations', [SMALL]), 'listInvitations');
    const first = ok(await engine.call('listCollections', [BIG]), 'listCollections') as CollectionList;
    const listed = first.collections.length;
    if (listed !== SYNTHETIC_CALENDARS) throw new Error(`the listing has ${listed} calendars, not ${SYNTHETIC_CALENDARS}`);

    // The same calls with nothing else running: what this machine gives them now.
    const quiet = await probe(engine, new Promise((r) => setTimeout(r, QUIET_MS)));

    const listingMs: number[] = [];
    const busy: Probed = { ms: [], byMethod: { listAccounts: [], listInvitations: [] } };
    const loop = monitorEventLoopDelay({ resolution: 5 });
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      loop.enable();
      const listing = engine.call('listCollections', [BIG]);
      const probed = await probe(engine, listing);
      loop.disable();
      listingMs.push(performance.now() - started);
      ok(await listing, 'listCollections');
      busy.ms.push(...probed.ms);
      busy.byMethod.listAccounts.push(...probed.byMethod.listAccounts);
      busy.byMethod.listInvitations.push(...probed.byMethod.listInvitations);
    }
    return {
      mode,
      listingMs,
      probeMs: busy.ms,
      p95Ms: percentile(busy.ms, 95),
      medianMs: median(busy.ms),
      maxMs: Math.max(...busy.ms),
      p95ByMethodMs: {
        listAccounts: percentile(busy.byMethod.listAccounts, 95),
        listInvitations: percentile(busy.byMethod.listInvitations, 95),
      },
      quietP95Ms: percentile(quiet.ms, 95),
      loopBlockedMaxMs: loop.max / 1e6,
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchResponsiveness({ runs = 3 } = {}): Promise<ResponsivenessResult> {
  const { origin, bytes, child } = await startServer();
  try {
    log('  the engine on the shell’s thread');
    const inProcess = await measure('in-process', origin, runs);
    log('  the engine host’s threads');
    const threads = await measure('threads', origin, runs);
    return {
      bytes,
      calendars: SYNTHETIC_CALENDARS,
      probeIntervalMs: PROBE_INTERVAL_MS,
      runs,
      inProcess,
      threads,
    };
  } finally {
    child.kill();
  }
}
