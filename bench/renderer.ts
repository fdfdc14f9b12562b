// Part C: the renderer in Chromium with the recorded account scaled to 5,000 collections and
// 20,000 sharees (renderer-data.ts), served by browser mode (electron/web/server.ts) over a fake
// SharingApi that answers from memory, so no DAV server is involved.
//
// What is measured, all in headless Chromium at 1280×800 (page-side clocks, relative to
// performance.timeOrigin = the navigation start of the page):
// - first render: navigation start → the end of the first frame that paints the collection list
//   with rows. A MutationObserver sees the first [role=option] inside the [role=listbox] appear
//   (React's commit); the next requestAnimationFrame callback runs in the frame that paints it,
//   and a message posted from there runs once that frame's rendering steps (style, layout, paint)
//   are done: its performance.now() is the figure. Fresh browser context per run; one warm-up run
//   (not counted), then FIRST_RENDER_RUNS runs, median reported.
// - keystroke → paint: 50 keys pressed into the "Filter collections" box, one at a time (the next
//   after the previous one painted, plus a short typing pause). For each: from the keydown event's
//   timeStamp to the end of the first frame whose DOM shows the result of that key — the box's
//   value changed and the list's status line names that value (so a deferred list update counts
//   only once the list itself is updated) — measured as above (rAF, then a posted message).
//   Median and 95th percentile (nearest rank). The Event Timing API's keydown durations
//   (≥ 16 ms only, 8 ms granularity) are reported next to it as a cross-check.
// - JS heap after loading: a fresh page after its first render, then CDP HeapProfiler.collectGarbage
//   and Runtime.getHeapUsage (usedSize).
// - bundle: every .js and .css under out/renderer/assets, gzipped with zlib (level 9), summed.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { SharedeckError } from '../shared/errors';
import type { Account, Collection } from '../shared/model';
import { startWebServer } from '../electron/web/server';
import { inProcessEngine, type Engine } from '../electron/service/engine';
import { withValidation } from '../electron/service/validation';
import { benchAccount, COLLECTIONS, SHAREES } from './renderer-data';
import { log, median, percentile } from './stats';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** SHAREDECK_BENCH_RENDERER_DIR serves another build as is (no build check), for A/B comparisons. */
const OTHER_BUILD = process.env.SHAREDECK_BENCH_RENDERER_DIR;
const RENDERER_DIR = OTHER_BUILD ? resolve(OTHER_BUILD) : join(ROOT, 'out', 'renderer');
const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FIRST_RENDER_RUNS = 7;
/** Between keystrokes once the previous one painted: a quick typist. */
const TYPING_PAUSE_MS = 80;

/**
 * 50 keystrokes: a word typed and deleted, a person's first name typed and deleted, then an
 * address typed and partly deleted (names, addresses and words are what people filter by).
 */
const letters = (word: string): string[] => Array.from(word); // ASCII words: one key each
const backspaces = (n: number): string[] => Array<string>(n).fill('Backspace');
export const KEYSTROKES: readonly string[] = [
  ...letters('marketing'),
  ...backspaces(9),
  ...letters('priya'),
  ...backspaces(5),
  ...letters('okafor@example'),
  ...backspaces(8),
];

export interface RendererResult {
  chromium: string;
  collections: number;
  sharees: number;
  recordedCollections: number;
  /** Bytes of the listCollections answer (JSON). */
  listBytes: number;
  firstRender: {
    /** Navigation start → end of the first frame painting rows, per measured run. */
    ms: number[];
    medianMs: number;
    /** Navigation start → the listCollections answer fully received (Resource Timing), per run. */
    listReceivedMs: number[];
    /** Navigation start → React committed the first rows, per run. */
    committedMs: number[];
    /** First contentful paint (the "Starting…" screen), per run. */
    fcpMs: number[];
    warmupMs: number;
  };
  keystrokes: {
    keys: string[];
    ms: number[];
    medianMs: number;
    p95Ms: number;
    maxMs: number;
    /** Event Timing keydown durations ≥ 16 ms (others are below the API's threshold). */
    eventTimingOver16: number[];
  };
  heap: { usedMb: number; totalMb: number };
  bundle: { files: { name: string; bytes: number; gzipBytes: number }[]; bytes: number; gzipBytes: number };
}

// ---- the service ------------------------------------------------------------------------------

function readOnly(): Promise<never> {
  return Promise.reject(new SharedeckError('unsupported', 'The benchmark account cannot be changed.'));
}

/** The engine over fixed data: one account, its collections, an empty inbox. */
export function fakeEngine(account: Account, collections: Collection[]): Engine {
  const find = (url: string): Promise<Collection> => {
    const c = collections.find((x) => x.url === url);
    return c ? Promise.resolve(c) : Promise.reject(new SharedeckError('not-found'));
  };
  const service = withValidation({
    onEvent: () => () => undefined,
    takeNotices: () => Promise.resolve([]),
    listAccounts: () => Promise.resolve([account]),
    addAccount: readOnly,
    updateAccount: readOnly,
    removeAccount: readOnly,
    listCollections: () => Promise.resolve({ collections, skipped: [] }),
    getCollection: (_call, _id, url) => find(url),
    share: readOnly,
    setAccess: readOnly,
    revoke: readOnly,
    listInvitations: () => Promise.resolve({ invitations: [], skipped: [] }),
    acceptInvitation: readOnly,
    declineInvitation: readOnly,
    dismissInvitation: readOnly,
    listReplies: () => Promise.resolve({ replies: [], skipped: [] }),
    dismissReply: readOnly,
    leaveShare: readOnly,
    searchPrincipals: () => Promise.resolve({ principals: [], skipped: [] }),
    lookupPeople: () => Promise.resolve([]),
    publish: readOnly,
    unpublish: readOnly,
    listPeople: () => Promise.resolve({ people: [], skipped: [] }),
    revokeEverywhere: readOnly,
    setAccessEverywhere: readOnly,
    grantAccess: readOnly,
  });
  return inProcessEngine(service);
}

// ---- the build --------------------------------------------------------------------------------

interface WebScript {
  rendererBuildReason(): string | undefined;
}

/** Builds out/renderer with `vite build` when it is missing or older than its sources (as npm run web does). */
async function ensureBuilt(): Promise<string> {
  // A plain .mjs without type declarations: loaded by URL and given its type here.
  const web = (await import(new URL('../scripts/web.mjs', import.meta.url).href)) as WebScript;
  const reason = web.rendererBuildReason();
  if (reason === undefined) return 'out/renderer up to date';
  log(`building the renderer (${reason})`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 2, 2],
    });
    child.on('error', () => {
      resolve(127);
    });
    child.on('exit', (c) => {
      resolve(c ?? 1);
    });
  });
  if (code !== 0) throw new Error(`vite build exited with ${code}`);
  return `out/renderer built (${reason})`;
}

function bundleSize(): RendererResult['bundle'] {
  const dir = join(RENDERER_DIR, 'assets');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name));
      return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
  return { files, bytes: files.reduce((n, f) => n + f.bytes, 0), gzipBytes: files.reduce((n, f) => n + f.gzipBytes, 0) };
}

// ---- in the page ------------------------------------------------------------------------------

interface KeyRecord {
  key: string;
  /** keydown's timeStamp. */
  start: number;
  /** The input's value when the key went down. */
  before: string;
  /** performance.now() once the frame showing the result was painted. */
  painted?: number;
}

interface BenchGlobals {
  __bench: {
    firstRender?: { committed: number; frame: number; painted: number };
    keys: KeyRecord[];
    eventTiming: Record<string, number>;
    /** Resolves once keystroke n (from 0) has painted its result: no polling on the page's thread. */
    painted: (n: number) => Promise<void>;
  };
}

/**
 * Runs in the page before its own scripts. Everything it needs is inside it (it is serialized).
 * See the comment at the top of this file for what it measures.
 */
function pageInstrumentation(): void {
  const w = window as unknown as BenchGlobals;
  const waiting = new Map<number, () => void>();
  w.__bench = {
    keys: [],
    eventTiming: {},
    painted: (n) =>
      new Promise<void>((resolve) => {
        if (w.__bench.keys[n]?.painted !== undefined) resolve();
        else waiting.set(n, resolve);
      }),
  };
  const bench = w.__bench;
  /** Calls `done` with performance.now() after the frame of the next rAF has run its rendering steps. */
  const afterPaint = (done: (painted: number, frame: number) => void): void => {
    requestAnimationFrame((frame) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        done(performance.now(), frame);
      };
      channel.port2.postMessage(0);
    });
  };

  const observer = new MutationObserver(() => {
    if (!document.querySelector('[role="listbox"] [role="option"]')) return;
    observer.disconnect();
    const committed = performance.now();
    afterPaint((painted, frame) => {
      bench.firstRender = { committed, frame, painted };
    });
  });
  observer.observe(document, { childList: true, subtree: true });

  const filterBox = (): HTMLInputElement | null => document.querySelector('input[aria-label="Filter collections"]');
  /** The DOM shows the result of the filter's current value: the input, and the list's status line. */
  const shown = (before: string): boolean => {
    const input = filterBox();
    if (!input || input.value === before) return false;
    const status = document.querySelector('.list-status')?.textContent ?? '';
    return input.value === '' ? !status.includes('“') : status.includes(`“${input.value}”`);
  };
  addEventListener(
    'keydown',
    (e) => {
      const input = filterBox();
      if (!input || e.target !== input) return;
      const record: KeyRecord = { key: e.key, start: e.timeStamp, before: input.value };
      const n = bench.keys.push(record) - 1;
      const check = (): void => {
        // In a rAF callback: when the DOM is up to date now, this frame paints it.
        if (shown(record.before)) {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            record.painted = performance.now();
            waiting.get(n)?.();
            waiting.delete(n);
          };
          channel.port2.postMessage(0);
        } else {
          requestAnimationFrame(check);
        }
      };
      requestAnimationFrame(check);
    },
    { capture: true },
  );

  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'keydown') bench.eventTiming[String(entry.startTime)] = entry.duration;
    }
  }).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit);
}

async function openPage(browser: Browser, url: string): Promise<{ page: Page; close: () => Promise<void>; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  // tsx compiles with esbuild's keepNames, which wraps named functions in a __name() helper that
  // the page does not have: give it one that does nothing.
  await context.addInitScript({ content: `var __name = (f) => f;\n(${pageInstrumentation.toString()})();` });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as BenchGlobals).__bench.firstRender !== undefined, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  return { page, errors, close: () => context.close() };
}

interface FirstRender {
  painted: number;
  committed: number;
  listReceived: number;
  fcp: number;
}

async function firstRender(page: Page): Promise<FirstRender> {
  return page.evaluate(() => {
    const r = (window as unknown as BenchGlobals).__bench.firstRender!;
    const list = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/api/call/listCollections')) as
      PerformanceResourceTiming | undefined;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { painted: r.painted, committed: r.committed, listReceived: list?.responseEnd ?? Number.NaN, fcp: fcp?.startTime ?? Number.NaN };
  });
}

async function heapAfterLoad(page: Page): Promise<{ usedMb: number; totalMb: number }> {
  const cdp = await page.context().newCDPSession(page);
  await page.waitForTimeout(500); // let the load's leftovers (the inbox call, idle callbacks) finish
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return { usedMb: usage.usedSize / 1048576, totalMb: usage.totalSize / 1048576 };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`nothing after ${ms} ms`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function typeKeys(page: Page): Promise<{ ms: number[]; eventTimingOver16: number[] }> {
  const box = page.getByRole('searchbox', { name: 'Filter collections' });
  await box.click();
  await page.waitForTimeout(300);
  for (let i = 0; i < KEYSTROKES.length; i++) {
    await page.keyboard.press(KEYSTROKES[i]!);
    try {
      await withTimeout(
        page.evaluate((n) => (window as unknown as BenchGlobals).__bench.painted(n), i),
        30_000,
      );
    } catch (e) {
      const status = await page
        .locator('.list-status')
        .textContent()
        .catch(() => null);
      throw new Error(
        `keystroke ${i + 1} (${KEYSTROKES[i]!}) never showed its result: the filter box holds ${JSON.stringify(await box.inputValue())} and the list's status line ` +
          `(.list-status) says ${JSON.stringify(status)}; the benchmark expects the line to quote the filter (“…”)`,
        { cause: e },
      );
    }
    await page.waitForTimeout(TYPING_PAUSE_MS);
  }
  await page.waitForTimeout(300); // Event Timing entries arrive after their frame
  const { keys, eventTiming } = await page.evaluate(() => {
    const bench = (window as unknown as BenchGlobals).__bench;
    return { keys: bench.keys, eventTiming: bench.eventTiming };
  });
  if (keys.length !== KEYSTROKES.length) throw new Error(`${keys.length} keydowns were seen in the filter box, not ${KEYSTROKES.length}`);
  const expected = KEYSTROKES.reduce((value, key) => (key === 'Backspace' ? value.slice(0, -1) : value + key), '');
  const value = await box.inputValue();
  if (value !== expected) throw new Error(`the filter box holds ${JSON.stringify(value)}, not ${JSON.stringify(expected)}`);
  return {
    ms: keys.map((k) => k.painted! - k.start),
    eventTimingOver16: keys.flatMap((k) => {
      const d = eventTiming[String(k.start)];
      return d === undefined ? [] : [d];
    }),
  };
}

// ---- the part ---------------------------------------------------------------------------------

export async function benchRenderer(): Promise<RendererResult & { build: string }> {
  const build = OTHER_BUILD ? `not checked (SHAREDECK_BENCH_RENDERER_DIR=${RENDERER_DIR})` : await ensureBuilt();
  const bundle = bundleSize();
  const data = benchAccount();
  const sharees = data.collections.reduce((n, c) => n + c.sharees.length, 0);
  if (data.collections.length !== COLLECTIONS || sharees !== SHAREES) throw new Error('the generated account is not the benchmark account');
  const listBytes = Buffer.byteLength(JSON.stringify({ ok: true, value: data.collections }));

  const server = await startWebServer({ engine: fakeEngine(data.account, data.collections), rendererDir: RENDERER_DIR });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.SHAREDECK_CHROMIUM || '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const errors: string[] = [];
    const runs: FirstRender[] = [];
    let warmupMs = Number.NaN;
    for (let i = 0; i <= FIRST_RENDER_RUNS; i++) {
      log(i === 0 ? 'renderer: first render (warm-up)' : `renderer: first render ${i}/${FIRST_RENDER_RUNS}`);
      const opened = await openPage(browser, server.url);
      const r = await firstRender(opened.page);
      if (i === 0) warmupMs = r.painted;
      else runs.push(r);
      errors.push(...opened.errors);
      await opened.close();
    }

    log('renderer: heap after loading');
    const forHeap = await openPage(browser, server.url);
    const heap = await heapAfterLoad(forHeap.page);
    errors.push(...forHeap.errors);
    await forHeap.close();

    log(`renderer: ${KEYSTROKES.length} keystrokes in the filter box`);
    const forKeys = await openPage(browser, server.url);
    const keys = await typeKeys(forKeys.page);
    errors.push(...forKeys.errors);
    await forKeys.close();
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.slice(0, 3).join(' | ')}`);

    const ms = runs.map((r) => r.painted);
    return {
      build,
      chromium: browser.version(),
      collections: data.collections.length,
      sharees,
      recordedCollections: data.recorded,
      listBytes,
      firstRender: {
        ms,
        medianMs: median(ms),
        listReceivedMs: runs.map((r) => r.listReceived),
        committedMs: runs.map((r) => r.committed),
        fcpMs: runs.map((r) => r.fcp),
        warmupMs,
      },
      keystrokes: {
        keys: [...KEYSTROKES],
        ms: keys.ms,
        medianMs: median(keys.ms),
        p95Ms: percentile(keys.ms, 95),
        maxMs: Math.max(...keys.ms),
        eventTimingOver16: keys.eventTimingOver16,
      },
      heap,
      bundle,
    };
  } finally {
    await browser?.close();
    await server.close();
  }
}
