// Listing and the directory through the command line: `ls` with kinds, `ls --folder` with the
// folders inside a named one, `search` by name and by e-mail address, and inviting by a bare user
// name that the directory resolves.
import { afterAll, describe, expect, it } from 'vitest';
import {
  ls,
  newAddressBook,
  newCalendar,
  principalOf,
  removeCreatedCollections,
  sharedeckJson,
  sharedeckOk,
  shareeSummary,
  show,
  type Collection,
  type Principal,
  type ShareResult,
} from './cli-helpers';
import { davRequest, uniqueName } from '../support/test-servers';

afterAll(removeCreatedCollections);

describe('ls', () => {
  it('lists alice’s calendars and address books with their kinds', async () => {
    const cal = await newCalendar('alice', 'Listed');
    const book = await newAddressBook('alice', 'Listed');
    const list = await ls('alice');
    expect(list.find((c) => c.url === cal.url)).toMatchObject({
      name: cal.name,
      kind: 'calendar',
      access: 'not-shared',
      canShare: true,
      dialects: ['dav', 'cs'],
    });
    expect(list.find((c) => c.url === book.url)).toMatchObject({
      name: book.name,
      kind: 'addressbook',
      access: 'not-shared',
      canShare: true,
      dialects: ['dav'],
    });
    // Scheduling inbox/outbox and the notification collection are plumbing, not listed.
    expect(list.map((c) => new URL(c.url).pathname)).not.toEqual(expect.arrayContaining(['/dav/calendars/user/alice/Inbox/']));
    expect(list.every((c) => c.kind === 'calendar' || c.kind === 'addressbook')).toBe(true);

    const human = (await sharedeckOk('alice', 'ls')).stdout.split('\n');
    expect(human[0]).toMatch(/^KIND\s+NAME\s+ACCESS\s+SHARED WITH \/ BY\s+PATH$/);
    expect(human.find((l) => l.includes(cal.name))).toMatch(new RegExp(`^calendar\\s+${cal.name}\\s+owner\\s+-\\s+${cal.path}$`));
    expect(human.find((l) => l.includes(book.name))).toMatch(new RegExp(`^address book\\s+${book.name}\\s+owner\\s+-\\s+${book.path}$`));
  });
});

describe('ls --folder', () => {
  it('lists the folders inside a named folder, not the named folder itself (a drive root is no folder to share)', async () => {
    const root = '/dav/drive/user/alice/';
    const name = uniqueName('Projects');
    const made = await davRequest('alice', 'MKCOL', `${root}${name}/`);
    expect(made.status).toBe(201);
    try {
      const list = await sharedeckJson<Collection[]>('alice', '--folder', root, 'ls');
      const folders = list.filter((c) => c.kind === 'folder').map((c) => new URL(c.url).pathname);
      expect(folders).toContain(`${root}${name}/`);
      expect(folders).not.toContain(root);
    } finally {
      await davRequest('alice', 'DELETE', `${root}${name}/`);
    }
  });
});

describe('search and invite by name', () => {
  it('search bob finds bob with an address that works in invite', async () => {
    const found = await sharedeckJson<Principal[]>('alice', 'search', 'bob');
    const bob = found.find((p) => p.url === principalOf('bob'));
    expect(bob).toMatchObject({ name: 'bob', address: 'mailto:bob@example.com', type: 'individual' });
    expect(found.map((p) => p.url)).not.toContain(principalOf('alice'));

    const c = await newCalendar('alice', 'Found');
    const result = await sharedeckJson<ShareResult>('alice', 'invite', c.name, bob!.address);
    expect(result.unresolved).toEqual([]);
    expect(shareeSummary(await show(c))).toEqual({ 'bob@example.com': 'read/pending' });
  });

  it('search by e-mail address finds bob too', async () => {
    const found = await sharedeckJson<Principal[]>('alice', 'search', 'bob@example.com');
    expect(found.map((p) => [p.url, p.address])).toEqual([[principalOf('bob'), 'mailto:bob@example.com']]);
    // An address nobody has finds nobody (not everyone called bob).
    expect(await sharedeckJson<Principal[]>('alice', 'search', 'bob@elsewhere.example')).toEqual([]);
  });

  it('invite by bare user name resolves through the directory', async () => {
    const c = await newCalendar('alice', 'By name');
    const result = await sharedeckJson<ShareResult>('alice', 'invite', c.name, 'bob', '--read-write');
    expect(result.unresolved).toEqual([]);
    expect(shareeSummary(result.collection)).toEqual({ 'bob@example.com': 'read-write/pending' });
    expect(shareeSummary(await show(c))).toEqual({ 'bob@example.com': 'read-write/pending' });
  });
});
