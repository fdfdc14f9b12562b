// The picture at the top of the README, taken from a real account on the live server: dave's work
// account with a few calendars and an address book, one calendar shared with two colleagues who go
// by their full names in the directory (one accepted, one not yet). The PNGs land in
// test-results/screenshots/readme-*.png like every other screen; docs/screenshot.png is the
// 1280×800 light one. What it changes on the server (names, collections) it puts back.
import { davRequest, mkaddressbook, mkcalendar, uniqueName, type TestUserName } from '../../test/support/test-servers';
import { expect, openApp, shoot, test } from './fixtures';
import { removeCollection } from './server-state';

const made: string[] = [];
const NAMED: Partial<Record<TestUserName, string>> = { dave: 'Dave Moreau', erin: 'Erin Walsh', frank: 'Frank Osei' };

/** Sets (or, with undefined, removes) a user's display name on their own principal. */
async function displayName(user: TestUserName, name: string | undefined): Promise<void> {
  const prop =
    name === undefined
      ? '<D:remove><D:prop><D:displayname/></D:prop></D:remove>'
      : `<D:set><D:prop><D:displayname>${name}</D:displayname></D:prop></D:set>`;
  const res = await davRequest(user, 'PROPPATCH', `/dav/principals/user/${user}/`, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:">${prop}</D:propertyupdate>`,
  });
  if (res.status !== 207) throw new Error(`PROPPATCH displayname of ${user} -> ${String(res.status)}`);
}

async function colored(name: string, color: string): Promise<string> {
  const url = await mkcalendar('dave', uniqueName('readme'), name);
  made.push(url);
  const res = await davRequest('dave', 'PROPPATCH', url, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/"><D:set><D:prop><A:calendar-color>${color}</A:calendar-color></D:prop></D:set></D:propertyupdate>`,
  });
  if (res.status !== 207) throw new Error(`PROPPATCH calendar-color -> ${String(res.status)}`);
  return url;
}

test.afterAll(async ({ webApp }) => {
  await webApp.resetAccounts();
  for (const url of made) await removeCollection('dave', url);
  for (const user of Object.keys(NAMED) as TestUserName[]) await displayName(user, undefined);
});

test('the README’s picture: a work account, a calendar shared with two colleagues', async ({ page, webApp, davServer }) => {
  for (const [user, name] of Object.entries(NAMED) as [TestUserName, string][]) await displayName(user, name);
  const offsite = await colored('Team offsite', '#2f7d5bff');
  await colored('Family', '#c2410cff');
  await colored('Book club', '#7c3aedff');
  made.push(await mkaddressbook('dave', uniqueName('readme'), 'Clients'));

  await webApp.resetAccounts();
  const dave = await webApp.call('addAccount', { serverUrl: davServer.url, username: 'dave', password: 'davepw', label: 'Work' });
  const erin = await webApp.addUser('erin');
  await webApp.call('share', dave.id, offsite, {
    sharees: [
      { address: 'mailto:erin@example.com', access: 'read-write' },
      { address: 'mailto:frank@example.com', access: 'read' },
    ],
    comment: 'Agenda and travel for the offsite',
  });
  const offer = (await webApp.call('listInvitations', erin.id)).invitations.find((i) => i.collectionName === 'Team offsite')!;
  await webApp.call('acceptInvitation', erin.id, offer.id, {});
  await webApp.call('removeAccount', erin.id);

  await openApp(page, webApp.url);
  await page.getByRole('option', { name: /^Team offsite/ }).click();
  const people = page.getByRole('list', { name: 'People “Team offsite” is shared with' }).getByRole('listitem');
  await expect(people).toHaveText([/^EWErin WalshAccepted/, /^FOFrank OseiPending/]);
  // The moment of the picture: settled, pointer away from the buttons.
  await page.mouse.move(0, 0);
  await expect(page.getByText('Updated just now').first()).toBeVisible();
  await shoot(page, 'readme');
});
