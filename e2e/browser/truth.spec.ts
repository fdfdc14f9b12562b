// The app tells the truth, and every flow can be finished in it (browser mode, live server):
// what another client changed shows when a collection is opened, without Refresh; sharees keep
// their order whatever the server sends; inviting yourself is refused before anything is sent;
// someone who declined can be invited again and accept in the app; access is set per person in one
// batch, and what is not an address says why; Cancel during a slow discovery keeps nothing; the
// pending count shows on an account that is not selected; a tab of an earlier session says so;
// the focus lands somewhere after Leave, Remove account and errors. Each check of what the server
// holds uses raw DAV. Every screen is saved as PNGs (two sizes, light and dark).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from '@playwright/test';
import { mkcalendar, uniqueName } from '../../test/support/test-servers';
import { expect, openApp, shoot, test, type WebApp } from './fixtures';
import { closeAll, relay } from './relay';
import { notificationsOf, rawShare, removeCollection, serverSharees, shareeOf } from './server-state';

test.describe.configure({ mode: 'serial' });

const RUN = uniqueName('truth');
const made: string[] = [];

test.afterAll(async ({ webApp }) => {
  // Answer this run's invitations, so that a reused server's inboxes do not fill up with them.
  await webApp.resetAccounts();
  for (const user of ['bob', 'carol', 'dave', 'erin'] as const) {
    const account = await webApp.addUser(user);
    for (const invitation of (await webApp.call('listInvitations', account.id)).invitations) {
      if (invitation.collectionName.includes(RUN)) await webApp.call('dismissInvitation', account.id, invitation.id);
    }
  }
  // And the answers Cyrus filed for alice about them.
  const alice = await webApp.addUser('alice');
  for (const reply of (await webApp.call('listReplies', alice.id)).replies) {
    if (made.includes(reply.collectionUrl)) await webApp.call('dismissReply', alice.id, reply.id);
  }
  await webApp.resetAccounts();
  for (const url of made) await removeCollection('alice', url);
});

/** A calendar of alice's made for one test, named after this run. */
async function calendar(label: string): Promise<{ url: string; name: string }> {
  const name = `${label} ${RUN}`;
  const url = await mkcalendar('alice', uniqueName('e2etruth'), name);
  made.push(url);
  return { url, name };
}

/** The given users' accounts and nothing else, in this order (the first is shown on load). */
async function accounts(webApp: WebApp, users: ('alice' | 'bob' | 'carol')[]) {
  await webApp.resetAccounts();
  const out = [];
  for (const user of users) out.push(await webApp.addUser(user));
  return out;
}

function sidebar(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Accounts' });
}

/** Opens a collection from the (filtered) list. */
async function open(page: Page, name: string): Promise<Locator> {
  await page.getByLabel('Filter collections').fill(RUN);
  await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
  const panel = page.getByRole('region', { name: 'Sharing' });
  await expect(panel.getByRole('heading', { level: 2, name })).toBeVisible();
  return panel;
}

/** The number in "…, 3 invitations waiting" (0 without it). */
function waiting(label: string | null): number {
  return Number(/(\d+) invitations? waiting$/.exec(label ?? '')?.[1] ?? 0);
}

function people(page: Page, name: string): Locator {
  return page.getByRole('list', { name: `People “${name}” is shared with` }).getByRole('listitem');
}

test('a change made elsewhere shows when the collection is opened, without Refresh', async ({ page, webApp }) => {
  const team = await calendar('Team');
  const other = await calendar('Other');
  await accounts(webApp, ['alice']);
  await openApp(page, webApp.url);
  const panel = await open(page, team.name);
  await expect(panel.getByText('Not shared with anyone yet.')).toBeVisible();
  await expect(panel.getByText('Updated just now')).toBeVisible();

  // Another client shares it with carol; the list here still holds the copy from before.
  await rawShare('alice', team.url, [{ user: 'carol', access: 'read' }]);
  await open(page, other.name);
  const shown = page.waitForResponse((r) => r.url().endsWith('/api/call/getCollection'));
  await open(page, team.name);
  await shown;
  await expect(people(page, team.name)).toHaveText([/^CcarolPendingcarol@example\.com/]);
  await expect(page.getByRole('button', { name: 'Refresh collections' })).toBeEnabled();
  await shoot(page, 'reread-on-open');
});

test('sharees keep their order across refreshes and a change of access', async ({ page, webApp }) => {
  const team = await calendar('Order');
  await rawShare('alice', team.url, [
    { user: 'erin', access: 'read' },
    { user: 'carol', access: 'read' },
    { user: 'dave', access: 'read' },
    { user: 'bob', access: 'read' },
  ]);
  await accounts(webApp, ['alice']);
  await openApp(page, webApp.url);
  await open(page, team.name);
  // Each row: its initial, the name (from the directory), the status and the address.
  const order = ['bob', 'carol', 'dave', 'erin'].map((u) => new RegExp(`^.${u}Pending${u}@example\\.com`));
  await expect(people(page, team.name)).toHaveText(order);

  const refresh = page.getByRole('button', { name: 'Refresh collections' });
  for (let i = 0; i < 5; i++) {
    const listed = page.waitForResponse((r) => r.url().endsWith('/api/call/listCollections'));
    await refresh.click();
    await listed;
    await expect(people(page, team.name)).toHaveText(order);
  }

  const carol = people(page, team.name).filter({ has: page.getByRole('combobox', { name: 'Access for carol' }) });
  const changed = page.waitForResponse((r) => r.url().endsWith('/api/call/share'));
  await carol.getByRole('combobox', { name: 'Access for carol' }).selectOption('read-write');
  expect((await changed).ok()).toBe(true);
  await expect(carol.getByRole('combobox', { name: 'Access for carol' })).toHaveValue('read-write');
  await expect(people(page, team.name)).toHaveText(order);
  // carol had not answered: the invitation went again, and the row says so.
  await expect(carol).toContainText('the invitation was sent again with the new access');
  expect(shareeOf(await serverSharees('alice', team.url), 'carol')).toEqual(expect.objectContaining({ access: 'read-write' }));
});

test('inviting yourself is refused before anything is sent', async ({ page, webApp }) => {
  const team = await calendar('Self');
  await accounts(webApp, ['alice']);
  const before = await notificationsOf('alice');
  await openApp(page, webApp.url);
  await open(page, team.name);
  let shares = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/call/share')) shares++;
  });
  const share = page.getByRole('region', { name: 'Share' });
  const input = share.getByRole('combobox', { name: 'Invite people' });
  await input.fill('alice@example.com');
  await share.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(share.getByRole('alert')).toHaveText(
    `alice@example.com is you: you own “${team.name}”, so there is nobody to invite. Sharedeck sent nothing.`,
  );
  await expect(input).toHaveValue('alice@example.com');
  await expect(input).toBeFocused();
  await shoot(page, 'invite-yourself');

  expect(shares).toBe(0);
  expect(await serverSharees('alice', team.url)).toEqual([]);
  expect(await notificationsOf('alice')).toEqual(before);
});

test('access per person in one batch; what is not an address says why and is never dropped', async ({ page, webApp }) => {
  const team = await calendar('Batch');
  await accounts(webApp, ['alice']);
  await openApp(page, webApp.url);
  await open(page, team.name);
  const share = page.getByRole('region', { name: 'Share' });
  const input = share.getByRole('combobox', { name: 'Invite people' });

  // bob from the directory, made an editor on his chip; carol typed, left at Can view.
  await input.fill('bob');
  await share.getByRole('listbox', { name: 'People found' }).getByRole('option', { name: /bob/ }).click();
  await share.getByRole('combobox', { name: 'Access to give bob' }).selectOption({ label: 'Can edit' });
  await input.fill('carol@example.com');
  await input.press('Enter');
  await expect(share.getByRole('button', { name: 'Remove carol' })).toBeVisible();

  // What is not an address: a reason, the text stays, nothing is sent.
  for (const [typed, reason] of [
    ['not-an-email', /“not-an-email” is not an e-mail address/],
    ['bob@@example.com', /has two @ signs/],
    ['x y@example.com', /has a space in it/],
  ] as const) {
    await input.fill(typed);
    await share.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(share.getByRole('alert')).toHaveText(reason);
    await expect(input).toHaveValue(typed);
    await expect(share.getByRole('button', { name: /^Remove (bob|carol)/ })).toHaveCount(2);
  }
  await shoot(page, 'invite-reason');
  expect(await serverSharees('alice', team.url)).toEqual([]);

  // The chips' controls are reached by Tab, in order: access, then ×.
  await share.getByRole('combobox', { name: 'Access to give bob' }).focus();
  await page.keyboard.press('Tab');
  await expect(share.getByRole('button', { name: 'Remove bob' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(share.getByRole('combobox', { name: 'Access to give carol' })).toBeFocused();

  await input.fill('');
  await share.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(
    share.getByText('Invitation sent to bob@example.com and carol@example.com; they have access once they accept.'),
  ).toBeVisible();
  const onServer = await serverSharees('alice', team.url);
  expect(shareeOf(onServer, 'bob')).toEqual(expect.objectContaining({ access: 'read-write', status: 'pending' }));
  expect(shareeOf(onServer, 'carol')).toEqual(expect.objectContaining({ access: 'read', status: 'pending' }));
  await expect(input).toBeFocused();

  // An address the directory does not know is pointed out, and sent only when confirmed.
  await input.fill('nobody-' + RUN + '@example.com');
  await input.press('Enter');
  await expect(share.locator('.token-unknown')).toBeVisible();
  await share.getByRole('button', { name: 'Invite', exact: true }).click();
  const confirm = page.getByRole('alertdialog', { name: /^Invite nobody-/ });
  await expect(confirm).toContainText('Nobody in the directory has this address.');
  await shoot(page, 'invite-unknown');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  expect((await serverSharees('alice', team.url)).map((s) => s.href)).not.toContain(`mailto:nobody-${RUN}@example.com`);

  // A principal nobody has: Cyrus answers success and lists nobody, and the form says so; that
  // goes once the person types something else.
  await share.getByRole('button', { name: /^Remove nobody-/ }).click();
  const nobody = `/dav/principals/user/nobody-${RUN}/`;
  await input.fill(nobody);
  await share.getByRole('button', { name: 'Invite', exact: true }).click();
  const notShared = share.getByRole('alert').filter({ hasText: 'Not shared' });
  await expect(notShared).toContainText(`The server answered success but does not list ${nobody}`);
  await input.fill('dave');
  await expect(notShared).toHaveCount(0);
});

test('someone who declined is invited again, the owner sees it waiting, and they accept in the app', async ({ page, webApp }) => {
  const team = await calendar('Again');
  const [alice, bob] = await accounts(webApp, ['alice', 'bob']);
  // Setup through the API: alice invited bob, and bob declined.
  await webApp.call('share', alice!.id, team.url, { sharees: [{ address: 'mailto:bob@example.com', access: 'read-write' }] });
  const offered = (await webApp.call('listInvitations', bob!.id)).invitations.find((i) => i.collectionName === team.name)!;
  await webApp.call('declineInvitation', bob!.id, offered.id, {});

  await openApp(page, webApp.url);
  await open(page, team.name);
  const row = people(page, team.name).filter({ hasText: 'bob@example.com' });
  await expect(row).toContainText('Declined');
  // bob's account is here too; what waits in his inbox is counted (a reused server may hold more).
  const bobEntry = sidebar(page).getByRole('button', { name: /^bob@/ });
  const waitingBefore = (await webApp.call('listInvitations', bob!.id)).invitations.filter(
    (i) => i.state === 'pending' || (i.state === 'declined' && i.access !== 'none'),
  ).length;
  await expect.poll(async () => waiting(await bobEntry.getAttribute('aria-label'))).toBe(waitingBefore);
  await expect(row).toContainText('Declined or left, but can still open it until you revoke them.');
  await row.getByRole('button', { name: 'Invite bob again' }).click();
  await expect(row).toContainText('Re-invited, waiting');
  // The server keeps bob's earlier answer: only the app knows it invited him again.
  expect(shareeOf(await serverSharees('alice', team.url), 'bob')?.status).toBe('declined');

  // His count goes up at once, though bob is not the account shown; so does the window's title.
  await expect.poll(async () => waiting(await bobEntry.getAttribute('aria-label'))).toBe(waitingBefore + 1);
  await expect(page).toHaveTitle(new RegExp(`^\\(\\d+\\) Sharedeck$`));
  // The list counts him as the panel does: in, and waiting.
  await expect(page.getByRole('option', { name: `${team.name}, Shared with 1, 1 pending` })).toBeVisible();
  await shoot(page, 'reinvited-waiting');

  await bobEntry.click();
  await sidebar(page)
    .getByRole('button', { name: /^Inbox/ })
    .click();
  const card = page.getByRole('listitem', { name: `${team.name} from alice` });
  await expect(card).toContainText('alice invites you again to a calendar you declined or left earlier; you can edit.');
  await shoot(page, 'inbox-reinvitation');
  await card.getByRole('button', { name: `Accept ${team.name} from alice` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Accepted “${team.name}” from alice` })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();
  expect(shareeOf(await serverSharees('alice', team.url), 'bob')?.status).toBe('accepted');
  const inboxCount = sidebar(page)
    .getByRole('button', { name: /^Inbox/ })
    .locator('.count');
  await expect.poll(async () => Number((await inboxCount.allTextContents())[0] ?? 0)).toBe(waitingBefore);

  // Back in alice's account, without Refresh: bob accepted.
  await sidebar(page)
    .getByRole('button', { name: /^alice@/ })
    .click();
  await open(page, team.name);
  await expect(row).toContainText('Accepted');
});

test('the owner sees who accepted and who declined, on the collection and in the inbox, and a dismissed answer goes from the server', async ({
  page,
  webApp,
}) => {
  const team = await calendar('Answers');
  const [alice, bob, carol] = await accounts(webApp, ['alice', 'bob', 'carol']);
  // Setup through the API: alice invited bob and carol; bob accepted with a message, carol declined.
  await webApp.call('share', alice!.id, team.url, {
    sharees: [
      { address: 'mailto:bob@example.com', access: 'read-write' },
      { address: 'mailto:carol@example.com', access: 'read' },
    ],
  });
  const offerTo = async (id: string) => (await webApp.call('listInvitations', id)).invitations.find((i) => i.collectionName === team.name)!;
  await webApp.call('acceptInvitation', bob!.id, (await offerTo(bob!.id)).id, { comment: 'Count me in' });
  await webApp.call('declineInvitation', carol!.id, (await offerTo(carol!.id)).id, {});
  const filed = await notificationsOf('alice');

  await openApp(page, webApp.url);
  const panel = await open(page, team.name);
  const answers = panel.getByRole('region', { name: 'Answers to your invitations' }).getByRole('listitem');
  await expect(answers).toHaveText([
    /^Declinedcarol declined your invitation\. just now/,
    /^Acceptedbob accepted your invitation\. just now“?Count me in/,
  ]);
  await shoot(page, 'answers-collection');

  await sidebar(page)
    .getByRole('button', { name: /^Inbox/ })
    .click();
  const inbox = page.getByRole('region', { name: /^Answers to your invitations/ });
  const bobs = inbox.getByRole('listitem', { name: `bob accepted your invitation to “${team.name}”.` });
  await expect(bobs).toContainText('Count me in');
  await expect(inbox.getByRole('listitem', { name: `carol declined your invitation to “${team.name}”.` })).toBeVisible();
  await shoot(page, 'answers-inbox');

  // Dismissed: gone here and on the server; the focus moves to the next answer.
  const bobsId = await bobs.getAttribute('data-reply');
  await bobs.getByRole('button', { name: /^Dismiss: bob accepted/ }).click();
  await expect(bobs).toHaveCount(0);
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', /^Dismiss: /);
  expect(await notificationsOf('alice')).toEqual(filed.filter((href) => href !== new URL(bobsId!).pathname));

  // The collection now shows carol's answer only, without Refresh.
  await sidebar(page)
    .getByRole('button', { name: /^alice@/ })
    .click();
  await open(page, team.name);
  await expect(answers).toHaveText([/^Declinedcarol declined/]);
});

/**
 * A server in front of the live one that answers each request `delayMs` late, and counts them. Its
 * redirects point back at itself, so every request of a discovery through it is slow (six of
 * them, about eight seconds at 1.5 s each, for a Cyrus account).
 */
async function slowProxy(target: string, delayMs: number): Promise<{ url: string; seen: () => number; close: () => Promise<void> }> {
  const upstream = new URL(target);
  let seen = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen++;
    const timer = setTimeout(() => {
      relay(upstream, () => own, req, res);
    }, delayMs);
    req.on('close', () => {
      if (!res.headersSent) clearTimeout(timer);
    });
  });
  let own = '';
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  own = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: own,
    seen: () => seen,
    close: () => closeAll(server),
  };
}

test('Cancel during a slow discovery keeps no account and no password', async ({ page, webApp, davServer }) => {
  await accounts(webApp, []);
  const proxy = await slowProxy(davServer.url, 1500);
  try {
    await openApp(page, webApp.url);
    await page.getByRole('main').getByRole('button', { name: 'Add account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add account' });
    await dialog.getByLabel('Server').fill(proxy.url);
    await dialog.getByLabel('User name').fill('carol');
    await dialog.getByLabel('Password', { exact: true }).fill('carolpw');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(dialog.getByRole('list', { name: 'Progress' })).toBeVisible();
    await expect.poll(() => proxy.seen()).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    const atCancel = proxy.seen();

    // Longer than the whole discovery takes through this server, had it gone on.
    await page.waitForTimeout(15_000);
    await expect(sidebar(page).getByRole('listitem')).toHaveCount(0);
    expect(await webApp.call('listAccounts')).toEqual([]);
    // At most the request in flight at the moment of the cancel; nothing after it.
    expect(proxy.seen()).toBeLessThanOrEqual(atCancel + 1);
    await expect(page.getByRole('heading', { name: 'Welcome to Sharedeck' })).toBeVisible();
  } finally {
    await proxy.close();
  }
});

test('the focus lands on what continues the work after Leave, Remove account and an error', async ({ page, webApp, davServer }) => {
  const team = await calendar('Focus');
  const [bob, alice] = await accounts(webApp, ['bob', 'alice']);
  await webApp.call('share', alice!.id, team.url, { sharees: [{ address: 'mailto:bob@example.com', access: 'read' }] });
  const offered = (await webApp.call('listInvitations', bob!.id)).invitations.find((i) => i.collectionName === team.name)!;
  await webApp.call('acceptInvitation', bob!.id, offered.id, {});

  await openApp(page, webApp.url);
  // bob leaves the share: the list of collections takes the focus.
  const panel = await open(page, team.name);
  await panel.getByRole('button', { name: 'Leave share' }).click();
  await page
    .getByRole('alertdialog', { name: /^Leave/ })
    .getByRole('button', { name: 'Leave', exact: true })
    .click();
  await expect(page.getByRole('listbox', { name: /^Collections of bob@/ })).toBeFocused();

  // A wrong password: the error is shown and the focus stays on the button that was pressed.
  await sidebar(page).getByRole('button', { name: 'Add account' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await dialog.getByLabel('Server').fill(davServer.url);
  await dialog.getByLabel('User name').fill('carol');
  await dialog.getByLabel('Password', { exact: true }).fill('not-her-password');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('Wrong user name or password');
  await expect(dialog.getByRole('button', { name: 'Add', exact: true })).toBeFocused();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // bob's account is removed: the account shown next takes the focus.
  await sidebar(page)
    .getByRole('button', { name: /^Settings of bob@/ })
    .click();
  await page.getByRole('dialog', { name: 'Account settings' }).getByRole('button', { name: 'Remove account…' }).click();
  await page
    .getByRole('alertdialog', { name: /^Remove bob@/ })
    .getByRole('button', { name: 'Remove account' })
    .click();
  await expect(sidebar(page).getByRole('button', { name: /^alice@/ })).toBeFocused();
});

test('browser mode raises a desktop notification for a new invitation to an account not shown, once allowed from a click', async ({
  page,
  webApp,
}) => {
  const team = await calendar('Notice');
  await accounts(webApp, ['alice', 'bob']);
  // What the page asks of the browser's Notification API, recorded (the system's own pop-ups are
  // not there to look at in a headless browser).
  await page.addInitScript(() => {
    const shown: { title: string; body: string }[] = [];
    let permission: NotificationPermission = 'default';
    class RecordedNotification {
      static get permission(): NotificationPermission {
        return permission;
      }
      static requestPermission(): Promise<NotificationPermission> {
        permission = navigator.userActivation.isActive ? 'granted' : 'denied';
        return Promise.resolve(permission);
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body ?? '' });
      }
      close(): void {}
    }
    Object.assign(window, { Notification: RecordedNotification, shownNotices: shown });
  });
  await openApp(page, webApp.url);
  await sidebar(page)
    .getByRole('button', { name: /^Inbox/ })
    .click();
  await page.getByRole('button', { name: 'Turn on notifications' }).click();
  await expect(page.getByRole('button', { name: 'Turn on notifications' })).toHaveCount(0);
  expect(await page.evaluate(() => Notification.permission)).toBe('granted');

  // alice invites bob, whose account is here but not shown.
  await sidebar(page)
    .getByRole('button', { name: /^alice@/ })
    .click();
  await open(page, team.name);
  const share = page.getByRole('region', { name: 'Share' });
  await share.getByRole('combobox', { name: 'Invite people' }).fill('bob@example.com');
  await share.getByRole('combobox', { name: 'Invite people' }).press('Enter');
  await share.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(share.getByText(/^Invitation sent to bob/)).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { shownNotices: { title: string; body: string }[] }).shownNotices))
    .toEqual([{ title: 'alice shared a calendar with you', body: `alice offers you the calendar “${team.name}” (read only).` }]);
});

test('a tab left open across a restart of browser mode says it belongs to an earlier session', async ({ page, webApp }) => {
  await accounts(webApp, ['alice']);
  await openApp(page, webApp.url);
  // What a restart does to an open tab: its access key is no longer the server's.
  await page.evaluate(() => {
    sessionStorage.setItem('sharedeck.token', 'an-earlier-runs-token');
  });
  await page.goto(webApp.origin + '/');
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { name: 'This tab is from an earlier session' })).toBeVisible();
  await expect(alert).toContainText('Open the address it printed when it started');
  await expect(page.getByText('Wrong user name or password')).toHaveCount(0);
  await shoot(page, 'old-session');
});
