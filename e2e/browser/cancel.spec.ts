// Cancelling the Add account dialog while discovery waits on a server: the engine aborts the
// requests and keeps nothing (no account, now or later). The server is a local one that takes
// every request and never answers, so discovery waits until it is cancelled.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, openApp, test } from './fixtures';

let hanging: Server;
const seen: string[] = [];
let closed = 0;

test.beforeAll(async ({ webApp }) => {
  await webApp.resetAccounts();
  hanging = createServer((req) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.socket.on('close', () => closed++);
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
});

test.afterAll(async ({ webApp }) => {
  hanging.closeAllConnections();
  await new Promise((resolve) => hanging.close(resolve));
  await webApp.resetAccounts();
});

test('Cancel during discovery aborts its requests and keeps no account', async ({ page, appUrl, webApp }) => {
  await openApp(page, appUrl);
  const accounts = page.getByRole('navigation', { name: 'Accounts' });
  await accounts.getByRole('button', { name: 'Add account' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add account' });
  await dialog.getByLabel('Server').fill(`http://127.0.0.1:${(hanging.address() as AddressInfo).port}/dav/`);
  await dialog.getByLabel('User name').fill('alice');
  await dialog.getByLabel('Password', { exact: true }).fill('pw-never-kept');
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect.poll(() => seen.length, { timeout: 30_000 }).toBeGreaterThan(0);

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  // The request the server was holding is dropped: the engine stopped waiting for it.
  await expect.poll(() => closed, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await webApp.call('listAccounts')).toEqual([]);
  // And no account turns up later either (the discovery does not go on in the background).
  const requests = seen.length;
  await page.waitForTimeout(1500);
  expect(seen.length).toBe(requests);
  expect(await webApp.call('listAccounts')).toEqual([]);
  await expect(accounts.getByRole('button', { name: /@/ })).toHaveCount(0);
});
