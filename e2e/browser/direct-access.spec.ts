// Direct access (ACL grants) in the sharing panel, in browser mode against both live servers.
// On DAViCal, whose only sharing is the access list, alice gives bob access to a calendar, makes
// him an editor and revokes him, each from the panel; after each step bob's own raw requests say
// what the server lets him do (read, write refused, write allowed, gone), and the entries that are
// not bob's (the owner's, every signed-in user's free/busy) stay. On Cyrus, a calendar shared with
// bob that carol reaches by a raw ACL grant shows both routes, apart, and carol's grant is revoked
// from the panel, leaving bob's share.
//
// Every screen is saved as PNGs (two sizes, light and dark) in test-results/screenshots/.
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { davicalRequest, mkcalendar, uniqueName } from '../../test/support/test-servers';
import { audit, expect, openApp, ownPage, shoot, test } from './fixtures';
import {
  cyrusGrantRead,
  cyrusPrivilegesOf,
  davicalCalendar,
  davicalPrivilegesOf,
  davicalStatusFor,
  removeCollection,
  removeDavicalCollection,
  serverSharees,
  shareeOf,
} from './server-state';

test.describe.configure({ mode: 'serial' });

const RUN = uniqueName('direct');
const BOARD = `Board ${RUN}`;
const TEAM = `Team ${RUN}`;
const DAVICAL = 'alice on DAViCal';
const CYRUS = 'alice on Cyrus';

let context: BrowserContext;
let page: Page;
const urls: { board?: string; team?: string } = {};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function panel(): Locator {
  return page.getByRole('region', { name: 'Sharing' });
}

function directAccess(name: string): Locator {
  return page.getByRole('list', { name: `Direct access to “${name}”` });
}

/** The row of a grant in the Direct access list, by who it is to. */
function grantRow(name: string, who: RegExp): Locator {
  return directAccess(name)
    .getByRole('listitem')
    .filter({ has: page.locator('strong', { hasText: who }) });
}

async function open(account: string, collection: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Accounts' }).getByRole('button', { name: account, exact: true }).click();
  await page.getByLabel('Filter collections').fill(RUN);
  await page
    .getByRole('listbox', { name: /^Collections of / })
    .getByRole('option', { name: new RegExp(`^${escape(collection)}`) })
    .click();
  await expect(panel().getByRole('heading', { level: 2, name: collection })).toBeVisible();
}

/** An event bob tries to write into the calendar: 201 when he may, 403 when not. */
async function bobWrites(url: string, uid: string): Promise<number> {
  const ics = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//sharedeck e2e//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20250101T090000Z',
    'DTSTART:20250102T090000Z',
    'DTEND:20250102T100000Z',
    'SUMMARY:bob was here',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const res = await davicalRequest('bob', 'PUT', `${new URL(url).pathname}${uid}.ics`, {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8', 'If-None-Match': '*' },
    body: ics,
  });
  return res.status;
}

test.beforeAll(async ({ browser, webApp }) => {
  await webApp.resetAccounts();
  urls.board = await davicalCalendar('alice', uniqueName('e2eacl'), BOARD);
  urls.team = await mkcalendar('alice', uniqueName('e2eacl'), TEAM);
  const davical = await webApp.addDavicalUser('alice');
  const cyrus = await webApp.addUser('alice');
  await webApp.call('updateAccount', davical.id, { label: DAVICAL });
  await webApp.call('updateAccount', cyrus.id, { label: CYRUS });
  // On Cyrus: a share with bob, and carol by a raw ACL grant another client made (no share says so).
  await webApp.call('share', cyrus.id, urls.team, { sharees: [{ address: 'mailto:bob@example.com', access: 'read' }] });
  await cyrusGrantRead('alice', urls.team, 'carol');
  ({ context, page } = await ownPage(browser));
});

test.afterAll(async ({ webApp }) => {
  await context?.close();
  await removeDavicalCollection('alice', urls.board);
  await removeCollection('alice', urls.team);
  await webApp.resetAccounts();
});

test('a calendar shareable only by its access list offers Give access, and lists who has direct access', async ({ appUrl }) => {
  await openApp(page, appUrl);
  await open(DAVICAL, BOARD);
  await expect(panel().getByRole('heading', { level: 3, name: 'Give access' })).toBeVisible();
  // No shares here, so no "Shared with" list and no message to send.
  await expect(panel().getByRole('heading', { level: 3, name: /^Shared with/ })).toHaveCount(0);
  const form = page.getByRole('region', { name: 'Give access' });
  await expect(form.getByLabel('Message (optional)')).toHaveCount(0);
  await expect(form).toContainText('Direct access (ACL): it takes effect at once, with no invitation to accept.');
  // DAViCal lets every signed-in user see free/busy time: listed as the server's default, not
  // counted as a grant, and still changeable here (its only route is the list).
  await expect(panel().getByRole('heading', { level: 3, name: 'Direct access (ACL)', exact: true })).toBeVisible();
  const everyone = grantRow(BOARD, /^Every signed-in user$/);
  await expect(everyone).toContainText(
    'That is anyone with an account on this server: they can see when you are busy, not what. The server gives every calendar this by default.',
  );
  await expect(everyone).toContainText('Server default');
  await expect(everyone).not.toContainText('ACL grant');
  await expect(everyone.getByRole('combobox', { name: 'Direct access for every signed-in user' })).toHaveValue('free-busy');
  await audit(page, 'sharing panel of an ACL-only calendar');
});

test('alice gives bob access: bob can read it, and may not write', async () => {
  const form = page.getByRole('region', { name: 'Give access' });
  const field = form.getByRole('combobox', { name: 'Give people access' });
  await field.fill('bob');
  await form.getByRole('listbox', { name: 'People found' }).getByRole('option', { name: /bob/i }).click();
  await expect(form.getByRole('button', { name: /^Remove bob/i })).toBeVisible();
  await form.getByLabel('Access for new people').selectOption({ label: 'Can view' });
  await shoot(page, 'direct-access-give');
  await form.getByRole('button', { name: 'Give access', exact: true }).click();
  await expect(form.getByText(/^Gave Bob direct access: can view\.$/)).toBeVisible();

  const bob = grantRow(BOARD, /^Bob$/);
  await expect(bob).toContainText('ACL grant');
  await expect(bob).toContainText('/caldav.php/bob/');
  await expect(bob.getByRole('combobox', { name: /^Direct access for Bob$/ })).toHaveValue('read');
  await expect(panel().getByRole('heading', { level: 3, name: 'Direct access (ACL) (1)' })).toBeVisible();
  // As bob, with raw DAV: he reads it, and his write is refused.
  expect(await davicalStatusFor('bob', urls.board!)).toBe(207);
  expect(await bobWrites(urls.board!, `${RUN}-read`)).toBe(403);
  await shoot(page, 'direct-access-panel');
  await audit(page, 'direct access with a grant');
});

test('alice makes bob an editor: his write is taken', async () => {
  const bob = grantRow(BOARD, /^Bob$/);
  await bob.getByRole('combobox', { name: /^Direct access for Bob$/ }).selectOption({ label: 'Can edit' });
  await expect(page.getByText(/^Direct access of Bob: can edit\.$/)).toBeVisible();
  await expect(bob.getByRole('combobox', { name: /^Direct access for Bob$/ })).toHaveValue('read-write');
  expect(await davicalPrivilegesOf('alice', urls.board!, 'bob')).toEqual(expect.arrayContaining(['read', 'write']));
  expect(await bobWrites(urls.board!, `${RUN}-write`)).toBe(201);
});

test('alice revokes bob, confirmed first: he reaches nothing; the owner and everyone’s free/busy stay', async () => {
  const bob = grantRow(BOARD, /^Bob$/);
  await bob.getByRole('button', { name: /^Revoke direct access of Bob$/ }).click();
  const confirm = page.getByRole('alertdialog', { name: /^Revoke direct access of Bob\?$/ });
  await expect(confirm).toContainText(`The access list of “${BOARD}” will no longer let Bob reach it.`);
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shoot(page, 'direct-access-revoke-confirm');
  await audit(page, 'direct access revoke confirmation');
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(/^Revoked the direct access of Bob\.$/)).toBeVisible();
  await expect(grantRow(BOARD, /^Bob$/)).toHaveCount(0);
  // The focus stays in the section whose row went away.
  await expect(panel().getByRole('heading', { level: 3, name: /^Direct access \(ACL\)/ })).toBeFocused();
  await expect(grantRow(BOARD, /^Every signed-in user$/)).toBeVisible();

  expect(await davicalPrivilegesOf('alice', urls.board!, 'bob')).toEqual([]);
  expect(await davicalStatusFor('bob', urls.board!)).not.toBe(207);
  expect(await bobWrites(urls.board!, `${RUN}-gone`)).toBe(403);
  // alice still owns and reads her calendar.
  expect(await davicalStatusFor('alice', urls.board!)).toBe(207);
  await shoot(page, 'direct-access-revoked');
});

test('on Cyrus a calendar shows both routes apart: bob’s share and carol’s direct grant; revoking carol leaves bob', async () => {
  await open(CYRUS, TEAM);
  await expect(panel().getByRole('heading', { level: 3, name: 'Share', exact: true })).toBeVisible();
  await expect(panel().getByRole('heading', { level: 3, name: 'Shared with (1)' })).toBeVisible();
  await expect(page.getByRole('list', { name: `People “${TEAM}” is shared with` }).getByRole('listitem')).toHaveCount(1);
  const carol = grantRow(TEAM, /^carol$/i);
  await expect(carol).toContainText('ACL grant');
  await expect(carol.getByRole('combobox', { name: /^Direct access for carol$/i })).toHaveValue('read');
  // Cyrus lets anyone see free/busy time on every calendar: the server's default, said as such,
  // not counted; it cannot change that precisely over WebDAV, so the row says so.
  await expect(panel().getByRole('heading', { level: 3, name: 'Direct access (ACL) (1)' })).toBeVisible();
  const everyone = grantRow(TEAM, /^Everyone$/);
  await expect(everyone).toContainText('Server default');
  await expect(everyone).toContainText('The server gives every calendar this by default.');
  await expect(everyone).toContainText('Only the server’s own tools can change this one.');
  await expect(everyone.getByRole('combobox')).toHaveCount(0);
  await shoot(page, 'direct-access-both-routes');
  await audit(page, 'sharing panel with a share and a direct grant');

  await carol.getByRole('button', { name: /^Revoke direct access of carol$/i }).click();
  await page
    .getByRole('alertdialog', { name: /^Revoke direct access of carol\?$/i })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(page.getByText(/^Revoked the direct access of carol\.$/i)).toBeVisible();
  await expect(grantRow(TEAM, /^carol$/i)).toHaveCount(0);
  expect(await cyrusPrivilegesOf('alice', urls.team!, 'carol')).not.toContain('read');
  expect(shareeOf(await serverSharees('alice', urls.team!), 'bob')).toEqual(expect.objectContaining({ access: 'read' }));
  await expect(panel().getByRole('heading', { level: 3, name: 'Shared with (1)' })).toBeVisible();
});
