// Records the seed of the renderer benchmark (bench/data/recorded-account.json): a real account as
// the live Cyrus lists it through SharingService — alice's calendars, address books and WebDAV
// folders, some shared by her (accepted, pending, declined), some shared with her by bob and carol.
// The benchmark itself never needs Cyrus; renderer-data.ts scales this seed to 5,000 collections.
//
//   node e2e/cyrus/server.mjs start --port 8990 &
//   SHAREDECK_TEST_SERVER=http://127.0.0.1:8990 npx tsx bench/record-account.ts
//
// Use a fresh server: the recording is alice's whole account, so leftovers of other runs would be
// recorded too.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Access, Account } from '../shared/model';
import { MemorySecretStore } from '../electron/service/secret-store';
import { MemoryAccountStore } from '../electron/service/account-store';
import { createSharingService } from '../electron/service/sharing-service';
import { RECORDING_PATH, type RecordedAccount } from './recording';
import { log } from './stats';

const PASSWORDS: Record<string, string> = { alice: 'alicepw', bob: 'bobpw', carol: 'carolpw', dave: 'davepw', erin: 'erinpw' };

const XML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };
const esc = (t: string): string => t.replace(/[<>&"']/g, (c) => XML_ESCAPES[c] ?? c);
const NS =
  'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:A="urn:ietf:params:xml:ns:carddav" xmlns:I="http://apple.com/ns/ical/"';

async function dav(server: string, user: string, method: string, path: string, body: string): Promise<void> {
  const res = await fetch(`${server}${path}`, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${user}:${PASSWORDS[user]!}`).toString('base64')}`,
      'Content-Type': 'application/xml; charset=utf-8',
    },
    body: `<?xml version="1.0" encoding="utf-8"?>${body}`,
    redirect: 'manual',
  });
  const text = await res.text();
  if (res.status !== 201 && res.status !== 207) throw new Error(`${method} ${path} as ${user} -> ${res.status} ${text.slice(0, 300)}`);
}

const calendar = (server: string, user: string, segment: string, name: string, color: string): Promise<void> =>
  dav(
    server,
    user,
    'MKCALENDAR',
    `/dav/calendars/user/${user}/${segment}/`,
    `<C:mkcalendar ${NS}><D:set><D:prop><D:displayname>${esc(name)}</D:displayname><I:calendar-color>${color}</I:calendar-color></D:prop></D:set></C:mkcalendar>`,
  );

const addressBook = (server: string, user: string, segment: string, name: string): Promise<void> =>
  dav(
    server,
    user,
    'MKCOL',
    `/dav/addressbooks/user/${user}/${segment}/`,
    `<D:mkcol ${NS}><D:set><D:prop><D:resourcetype><D:collection/><A:addressbook/></D:resourcetype><D:displayname>${esc(name)}</D:displayname></D:prop></D:set></D:mkcol>`,
  );

const folder = (server: string, user: string, segment: string, name: string): Promise<void> =>
  dav(
    server,
    user,
    'MKCOL',
    `/dav/drive/user/${user}/${segment}/`,
    `<D:mkcol ${NS}><D:set><D:prop><D:resourcetype><D:collection/></D:resourcetype><D:displayname>${esc(name)}</D:displayname></D:prop></D:set></D:mkcol>`,
  );

async function main(): Promise<void> {
  const server = (process.env.SHAREDECK_TEST_SERVER ?? 'http://127.0.0.1:8990').replace(/\/+$/, '');
  const service = createSharingService({ accounts: new MemoryAccountStore(), secrets: new MemorySecretStore() });
  const login = (user: string, folders: string[] = []): Promise<Account> =>
    service.addAccount({ serverUrl: `${server}/`, username: user, password: PASSWORDS[user]!, label: `${user}@example.com`, folders });

  log(`recording from ${server}`);
  // alice's own collections.
  await calendar(server, 'alice', 'work', 'Work', '#1f6feb');
  await calendar(server, 'alice', 'family', 'Family', '#d1242f');
  await calendar(server, 'alice', 'team-offsite', 'Team offsite 2025', '#8250df');
  await calendar(server, 'alice', 'on-call', 'On-call rota', '#bf8700');
  await addressBook(server, 'alice', 'clients', 'Clients');
  await addressBook(server, 'alice', 'suppliers', 'Suppliers');
  await folder(server, 'alice', 'projects', 'Projects');
  await folder(server, 'alice', 'invoices', 'Invoices 2025');
  // Shares given to alice.
  await calendar(server, 'bob', 'book-club', 'Book club', '#1a7f37');
  await addressBook(server, 'carol', 'press', 'Press contacts');

  const alice = await login('alice', [`${server}/dav/drive/user/alice/`]);
  const bob = await login('bob');
  const carol = await login('carol');
  const dave = await login('dave');
  const url = (path: string): string => `${server}${path}`;
  const invite = async (accountId: string, path: string, who: [string, Access][], comment?: string): Promise<void> => {
    const r = await service.share(accountId, url(path), {
      sharees: who.map(([address, access]) => ({ address, access })),
      ...(comment ? { comment } : {}),
    });
    if (r.unresolved.length > 0) throw new Error(`unresolved sharees on ${path}: ${r.unresolved.join(', ')}`);
  };
  const answer = async (account: Account, collectionPath: string, accept: boolean): Promise<void> => {
    const pending = (await service.listInvitations(account.id)).invitations;
    const inv = pending.find(
      (i) => i.state === 'pending' && i.collectionUrl !== undefined && new URL(i.collectionUrl).pathname === collectionPath,
    );
    if (!inv) throw new Error(`${account.username} has no invitation for ${collectionPath}`);
    if (accept) await service.acceptInvitation(account.id, inv.id);
    else await service.declineInvitation(account.id, inv.id);
  };

  await invite(
    alice.id,
    '/dav/calendars/user/alice/work/',
    [
      ['mailto:bob@example.com', 'read-write'],
      ['mailto:carol@example.com', 'read'],
      ['mailto:dave@example.com', 'read'],
    ],
    'Our team calendar',
  );
  await invite(alice.id, '/dav/calendars/user/alice/family/', [['mailto:erin@example.com', 'read-write']]);
  await invite(alice.id, '/dav/calendars/user/alice/team-offsite/', [
    ['mailto:bob@example.com', 'read'],
    ['mailto:carol@example.com', 'read-write'],
  ]);
  await invite(alice.id, '/dav/addressbooks/user/alice/clients/', [
    ['mailto:bob@example.com', 'read'],
    ['mailto:dave@example.com', 'read-write'],
  ]);
  await answer(bob, '/dav/calendars/user/alice/work/', true);
  await answer(carol, '/dav/calendars/user/alice/work/', true);
  await answer(dave, '/dav/calendars/user/alice/work/', false);
  await answer(bob, '/dav/calendars/user/alice/team-offsite/', true);
  await answer(dave, '/dav/addressbooks/user/alice/clients/', true);

  await invite(bob.id, '/dav/calendars/user/bob/book-club/', [['mailto:alice@example.com', 'read-write']]);
  await invite(carol.id, '/dav/addressbooks/user/carol/press/', [['mailto:alice@example.com', 'read']]);
  await answer(alice, '/dav/calendars/user/bob/book-club/', true);
  await answer(alice, '/dav/addressbooks/user/carol/press/', true);

  const { collections } = await service.listCollections(alice.id);
  const recorded: RecordedAccount = {
    recordedAt: new Date().toISOString(),
    server,
    account: (await service.listAccounts()).find((a) => a.id === alice.id)!,
    collections,
  };
  mkdirSync(dirname(RECORDING_PATH), { recursive: true });
  writeFileSync(RECORDING_PATH, `${JSON.stringify(recorded, null, 2)}\n`);
  log(`recorded ${collections.length} collections, ${collections.reduce((n, c) => n + c.sharees.length, 0)} sharees → ${RECORDING_PATH}`);
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
