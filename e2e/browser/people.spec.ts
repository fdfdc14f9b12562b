// The People view in browser mode with two accounts on two live servers: alice on Cyrus (shares,
// and a raw ACL grant another client made) and alice on DAViCal (ACL only). carol reaches three
// collections by three routes across both and is one entry; alice gives bob two collections at
// once, makes carol an editor everywhere, exports the access review (CSV and JSON, read back and
// checked), then revokes carol everywhere. After each action the servers are read with raw DAV,
// not through Sharedeck. A grant to everyone that Cyrus does not let Sharedeck change shows its
// failure on each collection, with the sentence, and changes nothing.
//
// Every screen is saved as PNGs (two sizes, light and dark) in test-results/screenshots/.
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { mkaddressbook, mkcalendar, uniqueName } from '../../test/support/test-servers';
import type { ExportedPerson } from '../../shared/people';
import { audit, expect, openApp, ownPage, shoot, test } from './fixtures';
import {
  cyrusAcl,
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

const RUN = uniqueName('ppl');
const PLANS = `Plans ${RUN}`;
const BUDGET = `Budget ${RUN}`;
const CONTACTS = `Contacts ${RUN}`;
const BOTH = `Both ${RUN}`;
const CYRUS = 'alice on Cyrus';
const DAVICAL = 'alice on DAViCal';

let context: BrowserContext;
let page: Page;
const urls: { plans?: string; budget?: string; contacts?: string; both?: string } = {};

function people(): Locator {
  return page.getByRole('listbox', { name: 'People who can reach your collections' });
}

function grants(name: string): Locator {
  return page.getByRole('list', { name: `Collections ${name} can reach` });
}

/** The row of one collection in the person's list, by its name. */
function grantRow(name: string, collection: string): Locator {
  return grants(name).getByRole('listitem').filter({ hasText: collection });
}

async function showPeople(): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Accounts' })
    .getByRole('button', { name: /^People/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  await expect(page.getByText(/^Reading /)).toHaveCount(0, { timeout: 60_000 });
}

async function selectPerson(name: RegExp): Promise<void> {
  await page.getByLabel('Filter people').fill(RUN);
  await people().getByRole('option', { name }).click();
}

test.beforeAll(async ({ browser, webApp }) => {
  await webApp.resetAccounts();
  urls.plans = await mkcalendar('alice', uniqueName('e2eppl'), PLANS);
  urls.budget = await mkcalendar('alice', uniqueName('e2eppl'), BUDGET);
  urls.contacts = await mkaddressbook('alice', uniqueName('e2eppl'), CONTACTS);
  urls.both = await davicalCalendar('alice', uniqueName('e2eppl'), BOTH);

  const cyrus = await webApp.addUser('alice');
  const davical = await webApp.addDavicalUser('alice');
  await webApp.call('updateAccount', cyrus.id, { label: CYRUS });
  await webApp.call('updateAccount', davical.id, { label: DAVICAL });
  // carol: a share on Plans, a raw ACL grant on Budget (no share says so), an ACL grant on DAViCal.
  await webApp.call('share', cyrus.id, urls.plans, {
    sharees: [
      { address: 'mailto:carol@example.com', access: 'read' },
      { address: 'mailto:bob@example.com', access: 'read-write' },
    ],
  });
  await cyrusGrantRead('alice', urls.budget, 'carol');
  await webApp.call('share', davical.id, urls.both, { sharees: [{ address: 'mailto:carol@example.com', access: 'read' }] });

  ({ context, page } = await ownPage(browser));
});

test.afterAll(async ({ webApp }) => {
  await context?.close();
  await removeCollection('alice', urls.plans);
  await removeCollection('alice', urls.budget);
  await removeCollection('alice', urls.contacts);
  await removeDavicalCollection('alice', urls.both);
  // Answer this run's invitations, so that a reused server's inboxes do not fill up with them.
  await webApp.resetAccounts();
  for (const user of ['bob', 'carol'] as const) {
    const account = await webApp.addUser(user);
    for (const invitation of (await webApp.call('listInvitations', account.id)).invitations) {
      if (invitation.collectionName.includes(RUN) && invitation.state === 'pending')
        await webApp.call('declineInvitation', account.id, invitation.id, {});
    }
  }
  await webApp.resetAccounts();
});

test('one entry per person across both accounts, with every route', async ({ appUrl }) => {
  await openApp(page, appUrl);
  await showPeople();
  await expect(page.getByText('In all 2 accounts', { exact: true })).toBeVisible();

  await selectPerson(/^carol, carol@example\.com · 3 collections in 2 accounts/);
  await expect(people().getByRole('option', { name: /^carol,/ })).toHaveCount(1);
  const panel = page.getByRole('region', { name: 'Person' });
  await expect(panel.getByRole('heading', { level: 2, name: 'carol' })).toBeVisible();
  // Both servers' principals are hers: the directories joined them to her mail address.
  await expect(panel.getByText(/^Also known as/)).toContainText('/dav/principals/user/carol/');
  await expect(panel.getByText(/^Also known as/)).toContainText('/caldav.php/carol/');

  await expect(grants('carol').getByRole('listitem').filter({ hasText: CYRUS })).toContainText(`${CYRUS} · 2 collections`);
  await expect(grantRow('carol', PLANS)).toContainText('Share · pending');
  await expect(grantRow('carol', PLANS)).toContainText('Can view');
  await expect(grantRow('carol', BUDGET)).toContainText('ACL grant');
  await expect(grantRow('carol', BUDGET)).not.toContainText('pending');
  await expect(grantRow('carol', BOTH)).toContainText('ACL grant');
  await expect(grants('carol').getByRole('listitem').filter({ hasText: DAVICAL })).toContainText(`${DAVICAL} · 1 collection`);
  await shoot(page, 'people');
  await audit(page, 'people view');

  // Grants to everyone are entries of their own, one per account.
  await page.getByLabel('Filter people').fill('everyone');
  await expect(
    people()
      .getByRole('group', { name: 'Everyone' })
      .getByRole('option', { name: new RegExp(`^Everyone, ${CYRUS}`) }),
  ).toBeVisible();
  await page.getByLabel('Filter people').fill('signed-in');
  await expect(
    people()
      .getByRole('group', { name: 'Everyone' })
      .getByRole('option', { name: new RegExp(`^Every signed-in user, ${DAVICAL}`) }),
  ).toBeVisible();
});

test('alice gives bob two collections on two servers at once, picked from a list', async () => {
  await selectPerson(/^bob,/);
  await page.getByRole('button', { name: 'Give access to bob…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Give bob access' });
  await expect(dialog.getByLabel('Filter collections to pick')).toBeFocused();
  await dialog.getByLabel('Filter collections to pick').fill(RUN);
  // Plans is his already; the rest of this run's collections can be picked.
  await expect(dialog.getByRole('checkbox', { name: new RegExp(`^${PLANS}`) })).toBeDisabled();
  await dialog.getByRole('checkbox', { name: new RegExp(`^${BUDGET} in ${CYRUS}`) }).check();
  await dialog.getByRole('checkbox', { name: new RegExp(`^${BOTH} in ${DAVICAL}`) }).check();
  await dialog.getByLabel('Access to give').selectOption('read-write');
  await shoot(page, 'people-give-access');
  await audit(page, 'give access dialog');
  await dialog.getByRole('button', { name: 'Give access to 2 collections' }).click();
  await expect(dialog).toBeHidden();

  const result = page.getByRole('region', { name: /^Give Can edit on 2 collections: bob/ });
  await expect(result.getByRole('heading')).toBeFocused();
  await expect(result.getByRole('status')).toHaveText('Done on 2 of 2 collections.', { timeout: 60_000 });
  await expect(grantRow('bob', BUDGET)).toContainText('Share · pending');
  await expect(grantRow('bob', BUDGET)).toContainText('Can edit');
  await expect(grantRow('bob', BOTH)).toContainText('ACL grant');
  await expect(grantRow('bob', BOTH)).toContainText('Can edit');

  // What the servers hold: an invitation on Cyrus, an ACL entry on DAViCal.
  expect(shareeOf(await serverSharees('alice', urls.budget!), 'bob')).toMatchObject({ access: 'read-write', status: 'pending' });
  expect(await davicalPrivilegesOf('alice', urls.both!, 'bob')).toEqual(expect.arrayContaining(['read', 'write']));
  expect(await davicalStatusFor('bob', urls.both!)).toBe(207);
  await shoot(page, 'people-given');
});

test('alice makes carol an editor everywhere', async () => {
  await selectPerson(/^carol,/);
  const actions = page.getByRole('group', { name: 'Actions on carol in every account' });
  await actions.getByLabel('Access everywhere').selectOption('read-write');
  await actions.getByRole('button', { name: 'Apply to 3 collections for carol' }).click();
  const result = page.getByRole('region', { name: /^Change to Can edit everywhere: carol/ });
  await expect(result.getByRole('status')).toHaveText('Done on 3 of 3 collections.', { timeout: 60_000 });
  for (const c of [PLANS, BUDGET, BOTH]) await expect(grantRow('carol', c)).toContainText('Can edit');
  // Cyrus changes a direct grant with its share request (its ACL method rewrites more than it is
  // sent): the re-read shows Budget as the share it now is.
  await expect(grantRow('carol', BUDGET)).toContainText('Share · pending');
  await expect(grantRow('carol', BOTH)).toContainText('ACL grant');
  expect(shareeOf(await serverSharees('alice', urls.plans!), 'carol')).toMatchObject({ access: 'read-write' });
  expect(await cyrusPrivilegesOf('alice', urls.budget!, 'carol')).toEqual(expect.arrayContaining(['read', 'write']));
  expect(await davicalPrivilegesOf('alice', urls.both!, 'carol')).toEqual(expect.arrayContaining(['read', 'write']));
});

test('the access review exports as CSV and as JSON', async () => {
  await page.getByLabel('Filter people').fill(RUN);
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Export CSV: the \d+ entries shown/ }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^sharedeck-people-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await readFile(await csv.path(), 'utf8');
  expect(text.startsWith('\uFEFFPerson,Name,Type,Addresses,Account,Collection,Kind,Access,Route,Status,Collection URL\r\n')).toBe(true);
  const rows = text.slice(1).trimEnd().split('\r\n');
  const carol = rows.filter((r) => r.startsWith('mailto:carol@example.com,'));
  expect(carol.map((r) => r.split(',').slice(4, 10).join(',')).sort()).toEqual(
    [
      `${CYRUS},${BUDGET},calendar,read-write,share,pending`,
      `${CYRUS},${PLANS},calendar,read-write,share,pending`,
      `${DAVICAL},${BOTH},calendar,read-write,ACL,`,
    ].sort(),
  );
  await expect(page.getByRole('status').filter({ hasText: /^Exported \d+ entries/ })).toHaveText(
    new RegExp(`^Exported \\d+ entries \\(${rows.length - 1} rows\\) as ${csv.suggestedFilename().replace(/\./g, '\\.')}\\.$`),
  );

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Export JSON/ }).click();
  const json = JSON.parse(await readFile(await (await jsonDownload).path(), 'utf8')) as ExportedPerson[];
  const bob = json.find((p) => p.addresses.includes('mailto:bob@example.com'));
  expect(
    bob?.grants
      .filter((g) => g.collectionName.includes(RUN))
      .map((g) => `${g.account}|${g.collectionName}|${g.via}|${g.access}`)
      .sort(),
  ).toEqual([`${CYRUS}|${BUDGET}|share|read-write`, `${CYRUS}|${PLANS}|share|read-write`, `${DAVICAL}|${BOTH}|acl|read-write`].sort());
  expect(json.every((p) => p.grants.every((g) => g.account === CYRUS || g.account === DAVICAL))).toBe(true);
});

test('alice revokes carol everywhere: every route on both servers, confirmed first', async () => {
  await selectPerson(/^carol,/);
  await page.getByRole('button', { name: 'Revoke everywhere: carol' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Revoke carol everywhere?' });
  await expect(confirm).toContainText(
    `carol will lose access to 3 collections in 2 accounts (2 in ${CYRUS} and 1 in ${DAVICAL}). Their shares are revoked and their ACL grants removed.`,
  );
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shoot(page, 'people-revoke-confirm');
  await audit(page, 'revoke everywhere confirmation');
  await confirm.getByRole('button', { name: 'Revoke everywhere' }).click();

  const result = page.getByRole('region', { name: /^Revoke everywhere: carol/ });
  await expect(result.getByRole('heading')).toBeFocused();
  await expect(result.getByRole('status')).toHaveText('Done on 3 of 3 collections.', { timeout: 60_000 });
  // She reaches nothing any more: gone from the list, and the panel says so beside the result.
  await expect(people().getByRole('option', { name: /^carol,/ })).toHaveCount(0);
  await expect(
    page.getByRole('region', { name: 'Person' }).getByText('No access to any collection of your accounts any more.'),
  ).toBeVisible();
  await expect(result.getByRole('heading')).toBeFocused();
  await result.getByRole('button', { name: /^Show the 3 collections/ }).click();
  await expect(result.getByRole('list', { name: 'Collections where it was done' }).getByRole('listitem')).toHaveCount(3);
  await shoot(page, 'people-revoked');

  // What the servers hold: no share, no ACL entry, carol refused on DAViCal; bob and the owner untouched.
  expect(shareeOf(await serverSharees('alice', urls.plans!), 'carol')).toBeUndefined();
  expect(shareeOf(await serverSharees('alice', urls.plans!), 'bob')).toBeDefined();
  // Cyrus leaves her the free/busy time everyone has (a known limit, see the README): nothing more.
  expect((await cyrusPrivilegesOf('alice', urls.budget!, 'carol')).filter((p) => p !== 'read-free-busy')).toEqual([]);
  expect(await cyrusAcl('alice', urls.budget!)).toContain('<D:principal><D:self/></D:principal>');
  expect(await davicalPrivilegesOf('alice', urls.both!, 'carol')).toEqual([]);
  expect(await davicalStatusFor('carol', urls.both!)).toBe(403);
  expect(await davicalStatusFor('bob', urls.both!)).toBe(207);
});

test('what the server does not let Sharedeck change fails on each collection, says why there, and changes nothing', async () => {
  await page.getByLabel('Filter people').fill('everyone');
  await people()
    .getByRole('option', { name: new RegExp(`^Everyone, ${CYRUS}`) })
    .click();
  await page.getByRole('button', { name: 'Revoke everywhere: Everyone' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Revoke Everyone everywhere?' });
  await expect(confirm).toContainText('The entries of the access control lists that grant it are removed.');
  await confirm.getByRole('button', { name: 'Revoke everywhere' }).click();

  const result = page.getByRole('region', { name: /^Revoke everywhere: Everyone/ });
  await expect(result.getByRole('status')).toHaveText(/^Failed on (\d+) of \1 collections\.$/, { timeout: 60_000 });
  const failed = result
    .getByRole('list', { name: 'Collections where it did not go through' })
    .getByRole('listitem')
    .filter({ hasText: PLANS });
  await expect(failed).toContainText(`Failed ${PLANS} · ${CYRUS}`);
  await expect(failed).toContainText(`This server cannot change what everyone may do on “${PLANS}” precisely over WebDAV`);
  // The entry is still there, as the server holds it, its rows marked where the change failed.
  // Free/busy for everyone is what Cyrus gives every calendar: the row and the entry say so.
  await expect(grantRow('Everyone', PLANS)).toContainText('Server default · Failed');
  await expect(page.getByRole('article', { name: 'Everyone' })).toContainText(
    'Free/busy time only (when you are busy, not what): the server gives every calendar this by default.',
  );
  await expect(grantRow('Everyone', PLANS)).toContainText('Free/busy only');
  await shoot(page, 'people-failed');
  await audit(page, 'people view with failed outcomes');
  expect(await cyrusAcl('alice', urls.plans!)).toContain(
    '<D:ace><D:principal><D:all/></D:principal><D:grant><D:privilege><C:read-free-busy/></D:privilege></D:grant></D:ace>',
  );
});
