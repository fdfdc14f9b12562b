// Browser mode against the live test server, the way a person uses it: alice adds her account,
// shares a calendar made for this run with bob (found in the directory, can edit) and carol (can
// view); bob and carol add their accounts in the same app, bob accepts and carol declines; alice
// sees their answers, makes bob view-only and revokes carol. Errors show where the action was
// made. What the UI shows after each write is checked against the server (raw DAV).
//
// Every screen is also saved as PNGs (two sizes, light and dark) in test-results/screenshots/.
// The tests run in order on one page: each continues where the previous one left off.
import type { Locator, Page } from '@playwright/test';
import { mkaddressbook, mkcalendar, uniqueName } from '../../test/support/test-servers';
import { expect, openApp, shoot, test } from './fixtures';
import { removeCollection, serverSharees, shareeOf } from './server-state';

test.describe.configure({ mode: 'serial' });

/** One id for this run: the collections' names contain it, so a filter shows just them. */
const RUN = uniqueName('run');
const CALENDAR = `Team ${RUN}`;
const BOOK = `Contacts ${RUN}`;
const COMMENT = `Offsite planning (${RUN})`;

let page: Page;
let calendarUrl: string | undefined;
let bookUrl: string | undefined;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function sidebar(): Locator {
  return page.getByRole('navigation', { name: 'Accounts' });
}

/** The sharee row of a user, found by its access control's name. */
function shareeRow(user: string): Locator {
  return page
    .getByRole('list', { name: `People “${CALENDAR}” is shared with` })
    .getByRole('listitem')
    .filter({ has: page.getByRole('combobox', { name: `Access for ${user}` }) });
}

/** Adds an account through the sidebar's Add account dialog and waits until it is shown. */
async function addAccount(user: string, password: string, server: string): Promise<void> {
  await sidebar().getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await dialog.getByLabel('Server').fill(server);
  await dialog.getByLabel('User name').fill(user);
  await dialog.getByLabel('Password', { exact: true }).fill(password);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog).toBeHidden({ timeout: 60_000 });
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${user}@`) })).toBeVisible();
}

/** The collection list of the account shown, narrowed to this run's collections. */
async function showRunCollections(): Promise<Locator> {
  await page.getByLabel('Filter collections').fill(RUN);
  return page.getByRole('listbox', { name: /^Collections of / });
}

test.beforeAll(async ({ browser, webApp }) => {
  await webApp.resetAccounts();
  calendarUrl = await mkcalendar('alice', uniqueName('e2eweb'), CALENDAR);
  bookUrl = await mkaddressbook('alice', uniqueName('e2eweb'), BOOK);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', locale: 'en-US', timezoneId: 'UTC' });
});

test.afterAll(async () => {
  await page?.close();
  await removeCollection('alice', calendarUrl);
  await removeCollection('alice', bookUrl);
});

test('the welcome screen offers to add an account', async ({ appUrl }) => {
  await openApp(page, appUrl);
  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { name: 'Welcome to Sharedeck' })).toBeVisible();
  await expect(main.getByRole('button', { name: 'Add account' })).toBeVisible();
  await expect(sidebar().getByRole('listitem')).toHaveCount(0);
  await shoot(page, 'welcome');
});

test('alice adds her account and watches the discovery steps', async ({ davServer }) => {
  await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await expect(dialog.getByLabel('Server')).toBeFocused();
  await dialog.getByLabel('Server').fill(davServer.url);
  await dialog.getByLabel('User name').fill('alice');
  await dialog.getByLabel('Password', { exact: true }).fill('alicepw');

  // Hold the request until the first state is seen, and the answer until the last one is: the
  // steps come over the event stream while the engine works, and a local server is quick.
  let sendRequest!: () => void;
  let deliverAnswer!: () => void;
  const requestMayGo = new Promise<void>((resolve) => (sendRequest = resolve));
  const answerMayGo = new Promise<void>((resolve) => (deliverAnswer = resolve));
  await page.route('**/api/call/addAccount', async (route) => {
    await requestMayGo;
    const response = await route.fetch();
    await answerMayGo;
    await route.fulfill({ response });
  });

  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  const steps = dialog.getByRole('list', { name: 'Progress' }).getByRole('listitem');
  await expect(steps).toHaveText(
    [
      'Looking for the server',
      'Signing in and finding your account',
      'Finding your calendars and address books',
      'Checking what the server can share',
    ].map((s) => new RegExp(`${s}$`)),
  );
  await expect(dialog.getByRole('button', { name: 'Add', exact: true })).toBeDisabled();
  await shoot(page, 'add-account-steps');

  sendRequest();
  await expect(steps).toHaveText([
    /Looking for the server \(done\)/,
    /Signing in and finding your account \(done\)/,
    /Finding your calendars and address books \(done\)/,
    /Checking what the server can share \(done\)/,
  ]);
  await shoot(page, 'add-account-steps-done');
  deliverAnswer();
  await expect(dialog).toBeHidden();
  await page.unroute('**/api/call/addAccount');

  await expect(page.getByRole('heading', { level: 1, name: /^alice@/ })).toBeVisible();
  await expect(sidebar().getByRole('button', { name: /^alice@/ })).toHaveAttribute('aria-current', 'page');
});

test('her calendars and address books are listed, grouped by kind', async () => {
  const list = page.getByRole('listbox', { name: /^Collections of alice@/ });
  // Unfiltered, calendars come first (other tests may have left more of them on a reused server).
  await expect(list.getByRole('group').first()).toHaveAccessibleName('Calendars');
  await expect(list.getByRole('group', { name: 'Calendars' }).getByRole('option').first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^\d+ collections$/ })).toBeVisible();

  await showRunCollections();
  await expect(list.getByRole('group', { name: 'Calendars' }).getByRole('option')).toHaveText([CALENDAR]);
  await expect(list.getByRole('group', { name: 'Address books' }).getByRole('option')).toHaveText([BOOK]);
  await expect(page.getByRole('status').filter({ hasText: `2 of` })).toContainText(`match “${RUN}”`);
});

test('alice invites bob from the directory (can edit) and carol (can view)', async () => {
  const list = await showRunCollections();
  await list.getByRole('option', { name: new RegExp(`^${escape(CALENDAR)}`) }).click();
  const panel = page.getByRole('region', { name: 'Sharing' });
  await expect(panel.getByRole('heading', { level: 2, name: CALENDAR })).toBeVisible();
  await expect(panel.getByText('Not shared with anyone yet.')).toBeVisible();

  const share = page.getByRole('region', { name: 'Share' });
  const people = share.getByRole('combobox', { name: 'Invite people' });

  // bob, picked from the directory's suggestions.
  await people.fill('bo');
  const found = share.getByRole('listbox', { name: 'People found' });
  const bob = found.getByRole('option', { name: /bob/i });
  await expect(bob).toBeVisible();
  await expect(people).toHaveAttribute('aria-expanded', 'true');
  await shoot(page, 'invite-suggestions');
  await bob.click();
  await expect(share.getByRole('button', { name: 'Remove bob' })).toBeVisible();
  await expect(people).toHaveValue('');
  await share.getByLabel('Access for new people').selectOption({ label: 'Can edit' });
  await share.getByLabel('Message (optional)').fill(COMMENT);
  await share.getByRole('button', { name: 'Invite', exact: true }).click();
  // Cyrus shares by invitation: the form says so (an instant server would say "Shared with bob").
  await expect(share.getByText('Invitation sent to bob@example.com; they have access once they accept.')).toBeVisible();
  await expect(shareeRow('bob')).toContainText('Pending');
  await expect(shareeRow('bob').getByRole('combobox', { name: 'Access for bob' })).toHaveValue('read-write');

  // carol, a second invitation, view only.
  await people.fill('carol');
  await found.getByRole('option', { name: /carol/i }).click();
  await share.getByLabel('Access for new people').selectOption({ label: 'Can view' });
  await share.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(shareeRow('carol')).toContainText('Pending');
  await expect(shareeRow('carol').getByRole('combobox', { name: 'Access for carol' })).toHaveValue('read');
  await expect(shareeRow('bob')).toContainText('Pending');
  await expect(panel.getByRole('heading', { level: 3, name: 'Shared with (2)' })).toBeVisible();
  await expect(list.getByRole('option', { name: new RegExp(`^${escape(CALENDAR)}`) })).toHaveAccessibleName(
    `${CALENDAR}, Shared with 2, 2 pending`,
  );

  const onServer = await serverSharees('alice', calendarUrl!);
  expect(shareeOf(onServer, 'bob')).toEqual(expect.objectContaining({ access: 'read-write', status: 'pending' }));
  expect(shareeOf(onServer, 'carol')).toEqual(expect.objectContaining({ access: 'read', status: 'pending' }));
  await shoot(page, 'collections-sharing');
});

test('an address the server does not know is not invited, and the invite form says so', async () => {
  const share = page.getByRole('region', { name: 'Share' });
  await share.getByRole('combobox', { name: 'Invite people' }).fill('/dav/principals/user/nobody-x/');
  await share.getByRole('button', { name: 'Invite', exact: true }).click();
  const warning = share.getByRole('alert').filter({ hasText: 'Not shared' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('nobody-x');
  // Still offered for another try, and nobody new is listed as invited.
  await expect(share.getByRole('button', { name: /^Remove .*nobody-x/ })).toBeVisible();
  await expect(page.getByRole('list', { name: `People “${CALENDAR}” is shared with` }).getByRole('listitem')).toHaveCount(2);
  await shoot(page, 'error-not-invited');
  await share.getByRole('button', { name: /^Remove .*nobody-x/ }).click();
});

test('bob adds his account and accepts the invitation in his inbox', async ({ davServer }) => {
  await addAccount('bob', 'bobpw', davServer.url);
  const inbox = sidebar().getByRole('button', { name: /^Inbox/ });
  await expect(inbox).toHaveAccessibleName(/^Inbox \d+ invitations? waiting$/);
  await inbox.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();

  const card = page.getByRole('listitem', { name: `${CALENDAR} from alice` });
  await expect(card).toBeVisible();
  await expect(card).toContainText('alice wants to share a calendar with you; you can edit.');
  await expect(card.getByText(COMMENT)).toBeVisible();
  await shoot(page, 'inbox');

  await card.getByRole('button', { name: `Accept ${CALENDAR} from alice` }).click();
  // Accepting keeps bob in his inbox, says where the share went, and offers to show it.
  const done = page.getByRole('status').filter({ hasText: `Accepted “${CALENDAR}” from alice: it is in your collections now.` });
  await expect(done).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  await expect(card).toHaveCount(0);
  await done.getByRole('button', { name: 'Show it' }).click();
  const panel = page.getByRole('region', { name: 'Sharing' });
  await expect(panel.getByRole('heading', { level: 2, name: CALENDAR })).toBeVisible();
  await expect(panel).toContainText('Shared with you by alice · you can edit');
  await expect(panel.getByRole('button', { name: 'Leave share' })).toBeVisible();
  // bob is not listed among the others it is shared with.
  await expect(panel.getByRole('region', { name: /^Also shared with/ })).not.toContainText('bob');
  const list = await showRunCollections();
  await expect(list.getByRole('option', { name: `${CALENDAR}, Shared with you by alice · you can edit` })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await shoot(page, 'shared-with-you');
});

test('carol adds her account and declines', async ({ davServer }) => {
  await addAccount('carol', 'carolpw', davServer.url);
  await sidebar()
    .getByRole('button', { name: /^Inbox/ })
    .click();
  const card = page.getByRole('listitem', { name: `${CALENDAR} from alice` });
  await expect(card).toContainText('alice wants to share a calendar with you; you can view.');
  await card.getByRole('button', { name: `Decline ${CALENDAR} from alice` }).click();
  await expect(
    page.getByRole('region', { name: /^Waiting for your answer/ }).getByRole('listitem', { name: `${CALENDAR} from alice` }),
  ).toHaveCount(0);
  await expect.poll(async () => shareeOf(await serverSharees('alice', calendarUrl!), 'carol')?.status).toBe('declined');
});

test('alice sees the answers, makes bob view-only and revokes carol', async () => {
  await sidebar()
    .getByRole('button', { name: /^alice@/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /^alice@/ })).toBeVisible();
  // No Refresh: bob's and carol's answers were given in this app, which read alice's account again.
  const list = await showRunCollections();
  await list.getByRole('option', { name: new RegExp(`^${escape(CALENDAR)}`) }).click();
  await expect(shareeRow('bob')).toContainText('Accepted');
  await expect(shareeRow('carol')).toContainText('Declined');
  // Cyrus keeps carol's rights after her decline, and the row says so.
  await expect(shareeRow('carol')).toContainText('Declined or left, but can still open it until you revoke them.');

  // bob: can edit → can view. The row shows what the server holds after the change.
  const bobAccess = shareeRow('bob').getByRole('combobox', { name: 'Access for bob' });
  await expect(bobAccess).toHaveValue('read-write');
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/call/setAccess'));
  await bobAccess.selectOption({ label: 'Can view' });
  expect((await answered).ok()).toBe(true);
  await expect(bobAccess).toBeEnabled();
  await expect(bobAccess).toHaveValue('read');
  await expect(bobAccess.getByRole('option', { name: 'Can view' })).toHaveJSProperty('selected', true);
  expect(shareeOf(await serverSharees('alice', calendarUrl!), 'bob')).toEqual(
    expect.objectContaining({ access: 'read', status: 'accepted' }),
  );

  // carol: revoked, after confirming.
  await shareeRow('carol').getByRole('button', { name: 'Revoke carol' }).click();
  const confirm = page.getByRole('alertdialog', { name: /^Revoke carol(@example\.com)?\?$/ });
  await expect(confirm).toContainText(new RegExp(`^Revoke carol.*carol(@example\\.com)? will no longer see “${escape(CALENDAR)}”`));
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shoot(page, 'revoke-confirm');
  await confirm.getByRole('button', { name: 'Revoke', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(shareeRow('carol')).toHaveCount(0);
  await expect(shareeRow('bob')).toContainText('Accepted');
  // The focus goes to the row that took carol's place, not to the page.
  await expect(shareeRow('bob').getByRole('combobox', { name: 'Access for bob' })).toBeFocused();
  const onServer = await serverSharees('alice', calendarUrl!);
  expect(shareeOf(onServer, 'carol')).toBeUndefined();
  expect(shareeOf(onServer, 'bob')).toBeDefined();
});

test('a wrong password is refused and the Add account dialog stays open', async ({ davServer }) => {
  await sidebar().getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await dialog.getByLabel('Server').fill(davServer.url);
  await dialog.getByLabel('User name').fill('alice');
  await dialog.getByLabel('Password', { exact: true }).fill('not-her-password');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  const error = dialog.getByRole('alert');
  await expect(error).toContainText('Wrong user name or password');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Password', { exact: true })).toHaveValue('not-her-password');
  await expect(dialog.getByRole('button', { name: 'Add', exact: true })).toBeEnabled();
  await shoot(page, 'error-wrong-password');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  // No account was added for the failed attempt.
  await expect(sidebar().getByRole('button', { name: /^alice@/ })).toHaveCount(1);
});
