// Accessibility of each main screen, in the light and the dark colour scheme: axe-core with the
// WCAG 2.0/2.1 A and AA rules. Every violation found is printed; a serious or critical one fails.
//
// Setup goes through browser mode's API (accounts, a share for bob): what is checked is the
// screens, not the flows (sharing.spec.ts drives those through the UI).
import { mkcalendar, uniqueName } from '../../test/support/test-servers';
import { audit, expect, openApp, test, type WebApp } from './fixtures';
import { removeCollection } from './server-state';

const RUN = uniqueName('a11y');
const CALENDAR = `Audit ${RUN}`;
let calendarUrl: string | undefined;

/** The given users' accounts and nothing else, in this order (the first is shown on load). */
async function accounts(webApp: WebApp, users: ('alice' | 'bob')[]): Promise<void> {
  await webApp.resetAccounts();
  for (const user of users) await webApp.addUser(user);
}

test.beforeAll(async ({ webApp }) => {
  calendarUrl = await mkcalendar('alice', uniqueName('e2ea11y'), CALENDAR);
  const alice = await webApp.addUser('alice');
  await webApp.call('share', alice.id, calendarUrl, {
    sharees: [
      { address: 'mailto:bob@example.com', access: 'read-write' },
      { address: 'mailto:carol@example.com', access: 'read' },
    ],
    comment: `Audit (${RUN})`,
  });
});

test.afterAll(async ({ webApp }) => {
  // Answer this run's invitations, so that a reused server's inboxes do not fill up with them.
  await webApp.resetAccounts();
  for (const user of ['bob', 'carol'] as const) {
    const account = await webApp.addUser(user);
    for (const invitation of (await webApp.call('listInvitations', account.id)).invitations) {
      if (invitation.collectionName === CALENDAR && invitation.state === 'pending')
        await webApp.call('declineInvitation', account.id, invitation.id, {});
    }
  }
  await webApp.resetAccounts();
  await removeCollection('alice', calendarUrl);
});

test('welcome screen', async ({ page, webApp }) => {
  await accounts(webApp, []);
  await openApp(page, webApp.url);
  await expect(page.getByRole('heading', { name: 'Welcome to Sharedeck' })).toBeVisible();
  await audit(page, 'welcome');
});

test('add account dialog, with its error', async ({ page, webApp, davServer }) => {
  await accounts(webApp, []);
  await openApp(page, webApp.url);
  await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await expect(dialog).toBeVisible();
  await audit(page, 'add account dialog');

  await dialog.getByLabel('Server').fill(davServer.url);
  await dialog.getByLabel('User name').fill('alice');
  await dialog.getByLabel('Password', { exact: true }).fill('wrong');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('Wrong user name or password');
  await audit(page, 'add account dialog with an error');
});

test('collections and the sharing panel', async ({ page, webApp }) => {
  await accounts(webApp, ['alice']);
  await openApp(page, webApp.url);
  await page.getByLabel('Filter collections').fill(RUN);
  await page.getByRole('option', { name: new RegExp(`^${CALENDAR}`) }).click();
  await expect(page.getByRole('list', { name: `People “${CALENDAR}” is shared with` }).getByRole('listitem')).toHaveCount(2);
  await audit(page, 'collections and sharing panel');

  await page.getByRole('combobox', { name: 'Invite people' }).fill('da');
  await expect(page.getByRole('listbox', { name: 'People found' }).getByRole('option', { name: /dave/ })).toBeVisible();
  await audit(page, 'invite suggestions');
});

test('inbox with an invitation', async ({ page, webApp }) => {
  await accounts(webApp, ['bob']);
  await openApp(page, webApp.url);
  await page
    .getByRole('navigation', { name: 'Accounts' })
    .getByRole('button', { name: /^Inbox/ })
    .click();
  await expect(page.getByRole('listitem', { name: `${CALENDAR} from alice` })).toBeVisible();
  await audit(page, 'inbox');
});

test('a confirmation dialog', async ({ page, webApp }) => {
  await accounts(webApp, ['alice']);
  await openApp(page, webApp.url);
  await page.getByLabel('Filter collections').fill(RUN);
  await page.getByRole('option', { name: new RegExp(`^${CALENDAR}`) }).click();
  await page.getByRole('button', { name: /^Revoke carol/ }).click();
  const confirm = page.getByRole('alertdialog', { name: /^Revoke carol/ });
  await expect(confirm).toBeVisible();
  await audit(page, 'revoke confirmation');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
});
