// Browser mode against the live DAViCal (the ACL-only server): alice grants bob a calendar by its
// access control list; DAViCal does not list it for bob anywhere, so bob adds it to his account by
// its address in the account settings, and then sees it in his list as shared with him, read-only.
// Screens are saved as PNGs (two sizes, light and dark) in test-results/screenshots/.
import type { Page } from '@playwright/test';
import { davicalRequest, davicalServer, uniqueName } from '../../test/support/test-servers';
import { expect, openApp, shoot, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

const RUN = uniqueName('acl');
const NAME = `Board ${RUN}`;
let page: Page;
let calendarPath = '';

test.beforeAll(async ({ browser, webApp }) => {
  await webApp.resetAccounts();
  const server = davicalServer();
  calendarPath = `/caldav.php/alice/${RUN}/`;
  const made = await davicalRequest('alice', 'MKCALENDAR', calendarPath, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${NAME}</D:displayname></D:prop></D:set></C:mkcalendar>`,
  });
  expect(made.status).toBe(201);
  // alice's grant, made through the engine as any write would be (setup, not what is tested here).
  const alice = await webApp.call('addAccount', {
    serverUrl: server.url,
    username: 'alice',
    password: 'alicepw',
    label: 'alice (DAViCal)',
  });
  const granted = await webApp.call('share', alice.id, `${server.url}${calendarPath}`, {
    sharees: [{ address: 'bob@example.com', access: 'read' }],
  });
  expect(granted.collection.aclGrants?.some((g) => g.address.endsWith('/caldav.php/bob/') && g.access === 'read')).toBe(true);
  await webApp.call('removeAccount', alice.id);
  await webApp.call('addAccount', { serverUrl: server.url, username: 'bob', password: 'bobpw', label: 'bob (DAViCal)' });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', locale: 'en-US', timezoneId: 'UTC' });
});

test.afterAll(async () => {
  await page?.close();
  if (calendarPath) await davicalRequest('alice', 'DELETE', calendarPath);
});

test('bob adds the calendar granted to him by its address, and sees it shared with him, read-only', async ({ appUrl }) => {
  await openApp(page, appUrl);
  const list = page.getByRole('listbox', { name: /^Collections of / });
  await expect(list.getByRole('option', { name: new RegExp(NAME) })).toHaveCount(0);

  await page.getByRole('button', { name: 'Settings of bob (DAViCal)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Account settings' });
  const field = dialog.getByLabel('Calendars and address books added by address');
  await field.fill(`${davicalServer().url}${calendarPath}`);
  await shoot(page, 'account-settings-added-collection');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();

  const item = list.getByRole('option', { name: new RegExp(NAME) });
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(item).toContainText(/shared with you/i);
  await expect(item).toContainText('you can view');
  await shoot(page, 'collections-added-by-address');
});
