// Fixtures of the browser-mode e2e suite (project 'browser' in playwright.config.ts).
//
// Each worker starts Sharedeck in browser mode (`node scripts/web.mjs --port 0`: it builds the
// renderer first when out/renderer is missing or older than its sources, then runs
// electron/web/main.ts through tsx) with a fresh, empty SHAREDECK_CONFIG_DIR, reads the address it
// prints, and stops it when the worker ends. The suite runs with one worker (the specs share a
// live DAV server and its users), so there is one browser-mode server per run. audit() runs axe
// on a screen in both colour schemes; shoot() saves its PNGs; ownPage() opens the one page a serial
// spec keeps.
//
//   webApp     worker fixture: the running server: url (with token), origin, configDir, and
//              call()/resetAccounts()/addUser()/addDavicalUser() that speak its HTTP API directly
//              (setup, not what is tested); addDavicalUser needs SHAREDECK_TEST_DAVICAL
//   appUrl     the address to open, token included
//   davServer  the live test server (SHAREDECK_TEST_SERVER); the suite fails right away, saying
//              how to get one, when it is not set: it is never skipped
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { SharingApi, SharingApiMethod } from '../../shared/api';
import type { Account } from '../../shared/model';
import { davicalServer, testServer, type DavicalUserName, type TestServer, type TestUserName } from '../../test/support/test-servers';

const ROOT = join(import.meta.dirname, '..', '..');
const START_TIMEOUT_MS = 150_000;

export interface WebApp {
  /** `http://127.0.0.1:PORT/#token=…`: what a person opens. */
  url: string;
  origin: string;
  token: string;
  configDir: string;
  /** One SharingApi call over browser mode's HTTP API (for setup and checks, not for what is tested). */
  call<M extends SharingApiMethod>(method: M, ...args: Parameters<SharingApi[M]>): Promise<Awaited<ReturnType<SharingApi[M]>>>;
  /** Removes every account, so that a spec starts on the welcome screen. */
  resetAccounts(): Promise<void>;
  /** Adds a test user's account on the live server through the API (setup for specs that test something else). */
  addUser(user: TestUserName): Promise<Account>;
  /** The same on the live DAViCal (SHAREDECK_TEST_DAVICAL), the ACL-only server. */
  addDavicalUser(user: DavicalUserName): Promise<Account>;
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `node scripts/web.mjs --port 0` and resolves once it printed its address. */
function startBrowserMode(configDir: string): Promise<Started> {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'web.mjs'), '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, SHAREDECK_CONFIG_DIR: configDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const output = () => `stdout:\n${stdout.trim() || '(none)'}\nstderr:\n${stderr.trim() || '(none)'}`;
  return new Promise<Started>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      fail(new Error(`browser mode did not print its address within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n${output()}`));
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /open (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(stdout);
      if (!match?.[1] || settled) return;
      // A failed renderer build still starts the server (with the previous build, or a page saying
      // it is not built): for the tests that is a failure, not something to test against.
      if (/interface build failed/.test(stderr)) {
        fail(new Error('the renderer build (vite build) failed'));
        return;
      }
      settled = true;
      clearTimeout(timer);
      resolve({ child, url: match[1], output });
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (err) => {
      fail(err);
    });
    child.on('exit', (code, signal) => {
      fail(new Error(`browser mode exited (${signal ?? `code ${String(code)}`}) before printing its address`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Browser mode of its own, on a config folder the test prepared (a damaged accounts.json, say):
 * what the shared webApp cannot show, since it reads its folder once, at start.
 */
export async function browserModeIn(configDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const started = await startBrowserMode(configDir);
  return { url: started.url, stop: () => stop(started.child) };
}

export const test = base.extend<
  { appUrl: string; davServer: TestServer },
  { webApp: WebApp; workerDavServer: TestServer; chromiumInstalled: string }
>({
  // Checked first, before anything starts: a clear failure instead of Playwright's launch error.
  chromiumInstalled: [
    async ({ launchOptions }, use) => {
      const path = launchOptions.executablePath;
      if (path && !existsSync(path)) {
        const why = process.env.SHAREDECK_CHROMIUM_ERROR;
        throw new Error(
          `No Chromium at ${path}${why ? `; installing it failed: ${why}` : ''}. Install Debian's chromium ` +
            '(`sudo apt-get install chromium`; `npm test` does it when run as root) or set SHAREDECK_CHROMIUM to a Chromium executable.',
        );
      }
      await use(path ?? '');
    },
    { scope: 'worker', auto: true },
  ],

  // testServer() throws, saying how to get a server, when SHAREDECK_TEST_SERVER is not set.
  workerDavServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(testServer());
    },
    { scope: 'worker', auto: true },
  ],

  webApp: [
    async ({ workerDavServer }, use) => {
      const configDir = mkdtempSync(join(tmpdir(), 'sharedeck-e2e-web-'));
      let started: Started | undefined;
      try {
        started = await startBrowserMode(configDir);
        const { origin, hash } = new URL(started.url);
        const token = hash.replace(/^#token=/, '');
        const page = await fetch(`${origin}/`);
        const html = await page.text();
        if (page.status !== 200 || !html.includes('id="root"')) {
          throw new Error(
            `browser mode serves no interface at ${origin}/ (status ${page.status}): ${html.slice(0, 200)}\n${started.output()}`,
          );
        }
        const call = async (method: string, ...args: unknown[]): Promise<unknown> => {
          const res = await fetch(`${origin}/api/call/${method}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Sharedeck-Token': token },
            body: JSON.stringify({ args }),
          });
          const body = (await res.json()) as { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
          if (!body.ok) throw new Error(`${method}: ${body.error.code}: ${body.error.message}`);
          return body.value;
        };
        const app: WebApp = {
          url: started.url,
          origin,
          token,
          configDir,
          call: call as WebApp['call'],
          async resetAccounts() {
            const accounts = (await call('listAccounts')) as Account[];
            for (const a of accounts) await call('removeAccount', a.id);
          },
          async addUser(user) {
            const { name, password } = workerDavServer.users[user];
            return (await call('addAccount', { serverUrl: workerDavServer.url, username: name, password })) as Account;
          },
          async addDavicalUser(user) {
            // davicalServer() throws, saying how to get one, when SHAREDECK_TEST_DAVICAL is not set.
            const server = davicalServer();
            const { name, password } = server.users[user];
            return (await call('addAccount', { serverUrl: server.url, username: name, password })) as Account;
          },
        };
        await use(app);
      } finally {
        if (started) await stop(started.child);
        rmSync(configDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: START_TIMEOUT_MS + 30_000 },
  ],

  davServer: async ({ workerDavServer }, use) => {
    await use(workerDavServer);
  },

  appUrl: async ({ webApp }, use) => {
    await use(webApp.url);
  },
});

export { expect };

/**
 * A page in a context of its own (axe needs one), set as the other specs' pages are (1280×800,
 * light, en-US, UTC): for a serial spec that keeps one page across its tests. The spec closes it.
 */
export async function ownPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  return { context, page: await context.newPage() };
}

/** The two window sizes every screen is shot at: the default and the smallest the desktop window allows. */
export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 900, height: 600 },
] as const;
export const SCHEMES = ['light', 'dark'] as const;

/**
 * Saves PNGs of the page as it is now into test-results/screenshots/: NAME-WxH-SCHEME.png at each
 * size and colour scheme, then puts the page's own size and the light scheme back. The screen must not depend on
 * the size (an open suggestion list, a dialog, ... stay as they are).
 */
export async function shoot(page: Page, name: string): Promise<void> {
  const testInfo = base.info();
  const original = page.viewportSize();
  for (const size of VIEWPORTS) {
    await page.setViewportSize(size);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      // Let layout and the colour change settle: the next frame has both.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const path = join(testInfo.project.outputDir, 'screenshots', `${name}-${size.width}x${size.height}-${colorScheme}.png`);
      await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (original) await page.setViewportSize(original);
}

interface Found {
  scheme: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe (WCAG 2.0/2.1 A and AA) in both colour schemes; prints everything found; fails on serious and critical. */
export async function audit(page: Page, screen: string): Promise<void> {
  const found: Found[] = [];
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(result.passes.length, `axe checked nothing on ${screen} (${colorScheme})`).toBeGreaterThan(0);
    for (const v of result.violations) {
      found.push({
        scheme: colorScheme,
        id: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  const lines = found.map((f) => `  [${f.scheme}] ${f.impact} ${f.id}: ${f.help}\n      ${f.targets.join('\n      ')}`);
  console.log(`axe, ${screen}: ${found.length === 0 ? 'no violations' : `${found.length} violation(s)\n${lines.join('\n')}`}`);
  const blocking = found.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  expect(blocking, `serious or critical accessibility violations on ${screen}:\n${lines.join('\n')}`).toEqual([]);
}

/** Opens the app in a page and waits until it has loaded its accounts. */
export async function openApp(page: Page, url: string): Promise<void> {
  // The event stream (discovery steps, inbox news) is up before anything is done on the page.
  const stream = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.ok());
  await page.goto(url);
  await stream;
  await expect(page.getByRole('navigation', { name: 'Accounts' })).toBeVisible();
  await expect(page.getByText('Starting…')).toHaveCount(0);
}
