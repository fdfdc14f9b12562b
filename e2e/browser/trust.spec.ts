// Browser mode against hostile servers (tiny DAV servers on 127.0.0.1, test/support/hostile-dav.ts):
// an account whose server names another server for its calendars is added only after the person
// allows that server, in a dialog that names both hosts; entries the server listed but Sharedeck
// could not use are left out with a quiet note; a panel that breaks shows an error with a way back;
// a damaged accounts.json is kept aside and the app starts, saying so once.
// Every screen is also saved as PNGs in test-results/screenshots/.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import {
  PASSWORD,
  USER,
  accountRoutes,
  calendar,
  closeAll,
  davServer,
  inbox,
  multistatus,
  response,
  type DavFake,
} from '../../test/support/hostile-dav';
import { audit, browserModeIn, expect, openApp, ownPage, shoot, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;
let home: DavFake;
let other: DavFake;

test.beforeAll(async ({ browser, webApp }) => {
  await webApp.resetAccounts();
  // The second server holds Alice's calendars, with two entries that cannot be used.
  other = await davServer(() =>
    accountRoutes(
      {},
      {
        'PROPFIND /dav/calendars/alice/': multistatus(
          response('/dav/calendars/alice/', '<D:resourcetype><D:collection/></D:resourcetype>'),
          calendar('/dav/calendars/alice/work/', 'Work'),
          calendar('/dav/calendars/alice/family/', 'Family'),
          response('file:///etc/passwd', '<D:resourcetype><D:collection/><C:calendar/></D:resourcetype>'),
          calendar('http://127.0.0.1:9/dav/calendars/alice/elsewhere/', 'Elsewhere'),
        ),
      },
    ),
  );
  home = await davServer(() =>
    accountRoutes({ home: `${other.origin}/dav/calendars/alice/` }, { 'PROPFIND /dav/notifications/alice/': inbox('file:///etc/passwd') }),
  );
  // Kept for the serial tests of this file.
  ({ context, page } = await ownPage(browser));
});

test.afterAll(async ({ webApp }) => {
  await context?.close();
  await webApp.resetAccounts();
  await closeAll();
});

test('adding the account asks once before its password goes to the other server, naming both', async ({ webApp }) => {
  await openApp(page, webApp.url);
  await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
  const add = page.getByRole('dialog', { name: 'Add account' });
  await add.getByLabel('Server').fill(`${home.origin}/dav/`);
  await add.getByLabel('User name').fill(USER);
  await add.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await add.getByRole('button', { name: 'Add', exact: true }).click();

  const ask = page.getByRole('alertdialog', { name: `Allow ${other.host}?` });
  await expect(ask).toBeVisible();
  await expect(ask).toContainText(
    `The address is on ${other.host}, which is not this account’s server (${home.host}), so Sharedeck did not send your password there.`,
  );
  await expect(ask).toContainText(`Let this account use ${other.host} too?`);
  await expect(ask.getByRole('button', { name: 'Don’t allow' })).toBeFocused();
  expect(other.authorized()).toEqual([]);
  await shoot(page, 'trust-approval');
  await audit(page, 'the question before another server gets the password');

  await ask.getByRole('button', { name: `Allow ${other.host}` }).click();
  await expect(add).toBeHidden({ timeout: 30_000 });
  const list = page.getByRole('listbox', { name: /^Collections of / });
  await expect(list.locator('.row-title')).toHaveText(['Family', 'Work']);
  const [account] = await webApp.call('listAccounts');
  expect(account?.approvedOrigins).toEqual([other.origin]);
  // The other server asked for the password like any server, and only then got it.
  expect(other.requests[0]?.authorization).toBeUndefined();
  expect(other.authorized().length).toBeGreaterThan(0);
});

test('entries the server listed but Sharedeck cannot use are left out, with a quiet note', async () => {
  const note = page.locator('.list-pane .skipped-note');
  await expect(note.locator('summary')).toHaveText('2 entries in the server’s lists could not be shown.');
  await shoot(page, 'trust-skipped-note-closed');
  await note.locator('summary').click();
  await expect(note.getByRole('listitem')).toHaveCount(2);
  await expect(note.getByRole('listitem').first()).toContainText('it is a file: address, which Sharedeck does not follow.');
  await expect(note.getByRole('listitem').nth(1)).toContainText('Sharedeck did not contact it.');
  await shoot(page, 'trust-skipped-note');
  await audit(page, 'collections with a note of skipped entries');

  await page
    .getByRole('navigation', { name: 'Accounts' })
    .getByRole('button', { name: /^Inbox/ })
    .click();
  await expect(page.locator('.inbox .skipped-note summary')).toHaveText('One entry in the inbox could not be shown.');
  await shoot(page, 'trust-inbox-skipped');
  await page
    .getByRole('navigation', { name: 'Accounts' })
    .getByRole('button', { name: /^alice@/ })
    .click();
});

test('a panel that breaks shows an error with a way back; the rest of the window works', async () => {
  // A collection no engine would return (its description is not text): a stand-in for any bug.
  await page.route('**/api/call/listCollections', async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as { ok: true; value: { collections: unknown[] } };
    body.value.collections.push({
      url: `${other.origin}/dav/calendars/alice/broken/`,
      name: 'Broken',
      kind: 'calendar',
      access: 'not-shared',
      dialects: [],
      sharees: [],
      shareesVisible: true,
      canShare: false,
      description: { not: 'text' },
    });
    await route.fulfill({ response: res, json: body });
  });
  await page.getByRole('button', { name: 'Refresh collections' }).click();
  const list = page.getByRole('listbox', { name: /^Collections of / });
  await list.getByRole('option', { name: /^Broken/ }).click();
  const broken = page.locator('.panel .boundary');
  await expect(broken).toContainText('Sharedeck could not show the sharing of this collection. The rest of the window still works.');
  await shoot(page, 'trust-panel-error');
  await audit(page, 'a panel that broke');
  await broken.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('heading', { name: 'Select a collection' })).toBeVisible();
  await list.getByRole('option', { name: /^Work/ }).click();
  await expect(page.locator('#panel-title')).toHaveText('Work');
  await page.unroute('**/api/call/listCollections');
});

test('the account’s settings list the servers it may use; without one, the list says why, where it is shown', async ({ webApp }) => {
  const settings = async () => {
    await page.getByRole('button', { name: /^Settings of / }).click();
    return page.getByRole('dialog', { name: 'Account settings' });
  };
  let dialog = await settings();
  const allowed = dialog.getByRole('list', { name: 'Servers allowed for this account' });
  await expect(allowed.getByRole('listitem')).toHaveText([`${other.origin}Remove`]);
  await shoot(page, 'trust-settings');
  await audit(page, 'account settings with an allowed server');
  await dialog.getByRole('button', { name: `Stop allowing ${other.origin}` }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  // The list is read again: the other server is not allowed now, so the question comes back.
  const ask = page.getByRole('alertdialog', { name: `Allow ${other.host}?` });
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Don’t allow' }).click();
  const refused = page.locator('.list-pane .alert');
  await expect(refused).toContainText('Another server');
  await expect(refused).toContainText(`The address is on ${other.host}, which is not this account’s server (${home.host})`);
  await shoot(page, 'trust-declined');
  expect((await webApp.call('listAccounts'))[0]?.approvedOrigins).toEqual([]);

  // Allowed by hand in the settings, it lists again (and is not asked about).
  dialog = await settings();
  await dialog.getByLabel('Other servers this account may use').fill(other.origin);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('listbox', { name: /^Collections of / }).locator('.row-title')).toHaveText(['Family', 'Work']);
  await expect(ask).toBeHidden();
  expect((await webApp.call('listAccounts'))[0]?.approvedOrigins).toEqual([other.origin]);
});

test('a damaged accounts.json is kept aside, byte for byte; the app starts without it, says so once, and an account can be added', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sharedeck-e2e-damaged-'));
  const damaged = '{"version":1,"accounts":[{"id":"a1","label":"alice@exa';
  writeFileSync(join(dir, 'accounts.json'), damaged);
  const app = await browserModeIn(dir);
  const own = await context.newPage();
  try {
    await openApp(own, app.url);
    const notice = own.locator('.notices');
    await expect(notice).toContainText('Sharedeck could not read the saved accounts: the file is damaged (it is not valid JSON).');
    const [backup] = readdirSync(dir).filter((f) => f.startsWith('accounts.json.damaged-'));
    expect(backup, 'the damaged file kept aside').toBeDefined();
    expect(readFileSync(join(dir, backup!), 'utf8')).toBe(damaged);
    // By its name and its folder: the settings folder is not one a person knows.
    await expect(notice).toContainText(`The old file is kept as ${backup!} in the folder ${dir}.`);
    // The way on: the window works, and an account can be added.
    await expect(own.getByRole('heading', { name: 'Welcome to Sharedeck' })).toBeVisible();
    await expect(own.getByRole('button', { name: 'Add account' }).first()).toBeEnabled();
    await shoot(own, 'trust-damaged-accounts');
    await audit(own, 'the notice about a damaged accounts.json');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
    // Said once: not again after a reload.
    const stream = own.waitForResponse((r) => new URL(r.url()).pathname === '/api/events' && r.ok());
    await own.reload();
    await stream;
    await expect(own.getByRole('heading', { name: 'Welcome to Sharedeck' })).toBeVisible();
    await expect(own.locator('.notices')).toHaveCount(0);
  } finally {
    await own.close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
