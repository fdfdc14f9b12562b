// The real desktop app, driven by Playwright's Electron support: alice adds her account on the
// live test server, finds a calendar made for this run, invites bob and revokes him again. What the
// UI shows is checked against what the server holds (raw DAV, not Sharedeck's engine).
//
// Needs the Electron binary (node_modules/electron downloads it on first run) and a test server:
// SHAREDECK_TEST_SERVER=http://127.0.0.1:PORT with the users of e2e/cyrus/server.mjs
// (`node e2e/cyrus/server.mjs start`). Run: npx playwright test --project electron
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { davRequest, mkcalendar, testServer, uniqueName } from '../test/support/test-servers';

const ROOT = join(import.meta.dirname, '..');

/** The Electron executable, only when its binary is really there: requiring 'electron' without it starts a download. */
function electronExecutable(): string | undefined {
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (!relative || !existsSync(join(dir, 'dist', relative))) return undefined;
  return createRequire(import.meta.url)('electron') as string;
}

const executablePath = electronExecutable();

// Skipped only where the Electron binary is missing (as on an offline machine); it must pass wherever it exists.
test.skip(executablePath === undefined, 'the Electron binary is not installed here (it downloads on first run)');

test.describe.configure({ mode: 'serial' });

/** Whom alice invites; the test server's users have addresses at example.com. */
const BOB = 'bob@example.com';

let app: ElectronApplication;
let page: Page;
let userData: string;
let calendarUrl: string | undefined;
const calendarName = uniqueName('E2E Desktop ');

/** The sharee hrefs the server lists for the calendar (DAV: and CS: invite properties). */
async function serverInvite(url: string): Promise<string> {
  const res = await davRequest('alice', 'PROPFIND', url, {
    headers: { Depth: '0', 'Content-Type': 'application/xml; charset=utf-8' },
    body:
      '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/">' +
      '<D:prop><D:invite/><CS:invite/></D:prop></D:propfind>',
  });
  expect(res.status).toBe(207);
  return res.text;
}

test.beforeAll(async () => {
  const server = testServer(); // throws, saying how to get one, when SHAREDECK_TEST_SERVER is not set
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 180_000,
  });
  calendarUrl = await mkcalendar('alice', uniqueName('e2edesk'), calendarName);
  userData = mkdtempSync(join(tmpdir(), 'sharedeck-e2e-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RENDERER_URL') env[k] = v;
  env.SHAREDECK_USER_DATA = userData;
  env.SHAREDECK_TEST_SERVER = server.url;
  app = await electron.launch({
    executablePath: executablePath!,
    // The project folder, as `npm start` runs it: package.json's "main" names the built main process.
    args: [ROOT],
    cwd: ROOT,
    env,
    timeout: 60_000,
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  if (calendarUrl) await davRequest('alice', 'DELETE', calendarUrl).catch(() => undefined);
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('the window is the hardened app page with only window.sharedeck', async () => {
  expect(page.url()).toBe('app://sharedeck/index.html');
  const seen = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      require: typeof w.require,
      process: typeof w.process,
      electron: typeof w.electron,
      ipcRenderer: typeof w.ipcRenderer,
      api: Object.keys(w.sharedeck ?? {}).sort(),
    };
  });
  expect(seen).toEqual({
    require: 'undefined',
    process: 'undefined',
    electron: 'undefined',
    ipcRenderer: 'undefined',
    api: ['call', 'cancel', 'onEvent'],
  });
  const size = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getMinimumSize());
  expect(size).toEqual([900, 600]);
});

test('alice adds her account, invites bob to a calendar and revokes him', async () => {
  test.setTimeout(240_000);
  const server = testServer();

  // Add the account.
  await page.getByRole('button', { name: 'Add account' }).first().click();
  const addDialog = page.getByRole('dialog', { name: 'Add account' });
  await addDialog.getByLabel('Server').fill(server.url);
  await addDialog.getByLabel('User name').fill('alice');
  await addDialog.getByLabel('Password', { exact: true }).fill('alicepw');
  await addDialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(addDialog).toBeHidden({ timeout: 90_000 });

  // The calendar made for this run is listed (filtered down, in case alice has many).
  const filter = page.getByLabel('Filter collections');
  if ((await filter.count()) > 0) await filter.fill(calendarName);
  const item = page
    .getByRole('option', { name: calendarName })
    .or(page.getByRole('listitem').filter({ hasText: calendarName }))
    .first();
  await expect(item).toBeVisible({ timeout: 60_000 });
  await item.click();

  // Invite bob.
  const share = page.getByRole('button', { name: 'Share', exact: true });
  if ((await share.count()) > 0 && (await share.first().isVisible())) await share.first().click();
  await page.getByLabel('Invite people').fill(BOB);
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  const bobRow = page
    .getByRole('listitem')
    .filter({ hasText: /bob/i })
    .filter({ has: page.getByRole('button', { name: /Revoke/ }) });
  await expect(bobRow).toBeVisible({ timeout: 60_000 });
  await expect.poll(async () => (await serverInvite(calendarUrl!)).toLowerCase(), { timeout: 30_000 }).toContain('bob');

  // Revoke him, confirming.
  await bobRow.getByRole('button', { name: /Revoke/ }).click();
  const confirm = page
    .getByRole('alertdialog')
    .or(page.getByRole('dialog'))
    .filter({ has: page.getByRole('button', { name: 'Revoke', exact: true }) });
  await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(bobRow).toHaveCount(0, { timeout: 60_000 });
  await expect.poll(async () => (await serverInvite(calendarUrl!)).toLowerCase(), { timeout: 30_000 }).not.toContain('bob');
});
