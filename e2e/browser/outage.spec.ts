// While the server is down, and once it is back (browser mode; the live server behind a relay that
// can be taken down and brought back on the same port): the directory says the real cause, an
// action's error says it where the action was made, and every error goes once the server has
// answered again, without reloading. What the server holds is checked with raw DAV.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkcalendar, uniqueName } from '../../test/support/test-servers';
import { expect, openApp, shoot, test } from './fixtures';
import { closeAll, relay } from './relay';
import { rawShare, removeCollection, serverSharees, shareeOf } from './server-state';

const RUN = uniqueName('outage');
const made: string[] = [];

test.afterAll(async ({ webApp }) => {
  await webApp.resetAccounts();
  for (const url of made) await removeCollection('alice', url);
});

interface Relay {
  url: string;
  /** Closes the port: every connection is refused, as when the server is down. */
  down(): Promise<void>;
  /** Listens on the same port again. */
  up(): Promise<void>;
}

/** A relay in front of the live server on its own port; its redirects point back at itself. */
async function outageRelay(target: string): Promise<Relay> {
  const upstream = new URL(target);
  let own = '';
  const relayed = (req: IncomingMessage, res: ServerResponse) => {
    relay(upstream, () => own, req, res);
  };
  const listen = (server: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        resolve();
      });
    });
  let server = createServer(relayed);
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  own = `http://127.0.0.1:${port}`;
  return {
    url: own,
    down: () => closeAll(server),
    async up() {
      server = createServer(relayed);
      await listen(server, port);
    },
  };
}

test('during an outage the directory and a failed change say the real cause; once the server is back, the errors go', async ({
  page,
  webApp,
  davServer,
}) => {
  const name = `Outage ${RUN}`;
  const url = await mkcalendar('alice', uniqueName('e2eoutage'), name);
  made.push(url);
  await rawShare('alice', url, [{ user: 'carol', access: 'read' }]);
  const server = await outageRelay(davServer.url);
  try {
    await webApp.resetAccounts();
    await webApp.call('addAccount', { serverUrl: server.url, username: 'alice', password: davServer.users.alice.password });
    await openApp(page, webApp.url);
    await page.getByLabel('Filter collections').fill(RUN);
    await page.getByRole('option', { name: new RegExp(`^${name}`) }).click();
    const panel = page.getByRole('region', { name: 'Sharing' });
    await expect(panel.getByRole('heading', { level: 2, name })).toBeVisible();
    const carol = page.getByRole('list', { name: `People “${name}” is shared with` }).getByRole('listitem');
    await expect(carol).toHaveText(/^CcarolPending/);
    const host = new URL(server.url).host;

    await server.down();
    // The directory: the cause, not "cannot be searched here".
    const share = page.getByRole('region', { name: 'Share' });
    const input = share.getByRole('combobox', { name: 'Invite people' });
    await input.fill('dave');
    await expect(share.getByRole('listbox', { name: 'People found' })).toHaveText(
      `The directory could not be searched: The server at ${host} refused the connection. Check the address and port, and that the server is running.`,
    );
    await shoot(page, 'outage-directory');
    await input.fill('');

    // A change of access: the error on carol's row, and carol's access as the server still has it.
    await carol.getByRole('combobox', { name: 'Access for carol' }).selectOption('read-write');
    await expect(carol.getByRole('alert')).toContainText(`Could not connectThe server at ${host} refused the connection.`);
    await expect(carol.getByRole('combobox', { name: 'Access for carol' })).toHaveValue('read');
    await shoot(page, 'outage-row-error');

    // Back: one Refresh, and nothing says the server is down any more.
    await server.up();
    await page.getByRole('button', { name: 'Refresh collections' }).click();
    await expect(carol.getByRole('alert')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await input.fill('dave');
    await expect(share.getByRole('listbox', { name: 'People found' }).getByRole('option', { name: /dave/ })).toBeVisible();
    await input.fill('');
    await expect(panel.getByText('Updated just now', { exact: true })).toBeVisible();
    await shoot(page, 'outage-recovered');
    expect(shareeOf(await serverSharees('alice', url), 'carol')).toEqual(expect.objectContaining({ access: 'read', status: 'pending' }));
  } finally {
    await server.up().catch(() => undefined);
  }
});
