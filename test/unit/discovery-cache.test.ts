// The discovery cache: what the command line keeps of discovery between runs (never a secret),
// read back only when it is whole, names the same server and user, and nobody else could have
// written it; and the DavHttp parts it rests on, against a real local server.

import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DavHttp, type ExchangeInfo } from '../../electron/dav/http';
import type { DiscoveredAccount } from '../../electron/dav/discovery';
import { FileDiscoveryCache, StaleWatch, discoveryOf, userCacheFolder, type DiscoveryRecord } from '../../electron/service/discovery-cache';
import type { Account } from '../../shared/model';
import { BASIC, PASSWORD, USER, closeServers, serve, type Seen } from '../support/local-http';

const folder = mkdtempSync(join(tmpdir(), 'sharedeck-discovery-cache-'));
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

const SERVER = 'https://dav.example.com/';
const ACCOUNT: DiscoveredAccount = {
  serverUrl: 'https://dav.example.com/',
  username: '',
  principalUrl: 'https://dav.example.com/dav/principals/user/alice/',
  displayName: 'Alice',
  addresses: ['mailto:alice@example.com'],
  calendarHomes: ['https://dav.example.com/dav/calendars/user/alice/'],
  addressbookHomes: ['https://dav.example.com/dav/addressbooks/user/alice/'],
  capabilities: ['1', '3', 'access-control', 'resource-sharing', 'calendarserver-sharing'],
  dialects: ['dav', 'cs', 'acl'],
  notificationUrl: 'https://dav.example.com/dav/notifications/user/alice/',
  notificationDialect: 'dav',
  principalCollectionUrl: 'https://dav.example.com/dav/principals/user/',
  principalCollections: ['https://dav.example.com/dav/principals/user/'],
};
const RECORD: DiscoveryRecord = { account: ACCOUNT, schemes: { 'https://dav.example.com': 'basic' } };

describe('FileDiscoveryCache', () => {
  it('gives back what it kept, for that server and user only, in a file only this user can read', async () => {
    const cache = new FileDiscoveryCache(join(folder, 'a'));
    expect(await cache.load(SERVER, 'alice')).toBeUndefined();
    await cache.save(SERVER, 'alice', RECORD);
    expect(await cache.load(SERVER, 'alice')).toEqual(RECORD);
    expect(await cache.load(SERVER, 'bob')).toBeUndefined();
    expect(await cache.load('dav.example.com', 'alice')).toBeUndefined();
    const file = cache.fileOf(SERVER, 'alice');
    expect(file.startsWith(join(folder, 'a', 'discovery'))).toBe(true);
    // The file's name says neither the server nor the user.
    expect(file).not.toMatch(/alice|example/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['account', 'savedAt', 'schemes', 'server', 'username', 'version']);
    await cache.forget(SERVER, 'alice');
    expect(await cache.load(SERVER, 'alice')).toBeUndefined();
  });

  it('refuses a file that names another server or user than its place says (moved or edited)', async () => {
    const cache = new FileDiscoveryCache(join(folder, 'b'));
    await cache.save(SERVER, 'alice', RECORD);
    const mallory = cache.fileOf(SERVER, 'mallory');
    await cache.save(SERVER, 'mallory', RECORD);
    writeFileSync(mallory, readFileSync(cache.fileOf(SERVER, 'alice')), { mode: 0o600 });
    expect(await cache.load(SERVER, 'mallory')).toBeUndefined();
  });

  it.each([
    ['not JSON', (text: string) => text.slice(0, 40)],
    ['another version', (text: string) => text.replace('"version": 1', '"version": 2')],
    [
      'a field it never writes (a password)',
      (text: string) => text.replace('"displayName": "Alice"', '"displayName": "Alice", "password": "x"'),
    ],
    ['a home that is not an http(s) URL', (text: string) => text.replace('https://dav.example.com/dav/calendars/', 'file:///etc/')],
    ['a scheme it does not know', (text: string) => text.replace('"basic"', '"negotiate"')],
  ])('treats a file with %s as missing, and leaves nothing beside it', async (_what, damage) => {
    const cache = new FileDiscoveryCache(join(folder, 'c'));
    await cache.save(SERVER, 'alice', RECORD);
    const file = cache.fileOf(SERVER, 'alice');
    writeFileSync(file, damage(readFileSync(file, 'utf8')), { mode: 0o600 });
    expect(await cache.load(SERVER, 'alice')).toBeUndefined();
    // A cache is no document of the person's: no copy is kept aside.
    await cache.save(SERVER, 'alice', RECORD);
    expect(await cache.load(SERVER, 'alice')).toEqual(RECORD);
  });

  it('ignores a file others may write', async () => {
    const cache = new FileDiscoveryCache(join(folder, 'd'));
    await cache.save(SERVER, 'alice', RECORD);
    chmodSync(cache.fileOf(SERVER, 'alice'), 0o622);
    expect(await cache.load(SERVER, 'alice')).toBeUndefined();
  });

  it('loses nothing when it cannot be written: save rejects, load finds nothing', async () => {
    const blocked = join(folder, 'e');
    writeFileSync(blocked, 'a file where the folder should be');
    const cache = new FileDiscoveryCache(blocked);
    await expect(cache.save(SERVER, 'alice', RECORD)).rejects.toThrow();
    expect(await cache.load(SERVER, 'alice')).toBeUndefined();
  });
});

describe('userCacheFolder', () => {
  it('is $XDG_CACHE_HOME/sharedeck, else ~/.cache/sharedeck; a relative XDG_CACHE_HOME is ignored, as the spec says', () => {
    expect(userCacheFolder({ XDG_CACHE_HOME: '/var/cache/me', HOME: '/home/me' })).toBe(join('/var/cache/me', 'sharedeck'));
    expect(userCacheFolder({ HOME: '/home/me' })).toBe(join('/home/me', '.cache', 'sharedeck'));
    expect(userCacheFolder({ XDG_CACHE_HOME: 'cache', HOME: '/home/me' })).toBe(join('/home/me', '.cache', 'sharedeck'));
  });
});

// ---- what the cache rests on in DavHttp ---------------------------------------------------------

afterEach(closeServers);

const authOf = (seen: readonly Seen[]) => seen.map((s) => s.headers.authorization);

describe('DavHttp: remembered schemes and observers', () => {
  it('sends Basic from the first request where the origin asked for it on an earlier run, and says what it learnt', async () => {
    const { url, seen } = await serve((req, res) =>
      res.writeHead(req.headers.authorization === BASIC ? 200 : 401, { 'WWW-Authenticate': 'Basic realm="x"' }).end(),
    );
    const dav = new DavHttp({
      baseUrl: `${url}/`,
      credentials: { username: USER, password: PASSWORD },
      rememberedSchemes: { [url]: 'basic' },
    });
    expect((await dav.request({ method: 'GET', url: '/a' })).status).toBe(200);
    expect(authOf(seen)).toEqual([BASIC]);
    expect(dav.learntSchemes()).toEqual({ [url]: 'basic' });
  });

  it('sends nothing unasked where Digest was remembered (its nonce is the server’s to give), nor to an origin not named', async () => {
    const { url, seen } = await serve((req, res) =>
      res.writeHead(req.headers.authorization === BASIC ? 200 : 401, { 'WWW-Authenticate': 'Basic realm="x"' }).end(),
    );
    const digest = new DavHttp({
      baseUrl: `${url}/`,
      credentials: { username: USER, password: PASSWORD },
      rememberedSchemes: { [url]: 'digest' },
    });
    expect((await digest.request({ method: 'GET', url: '/a' })).status).toBe(200);
    const other = new DavHttp({
      baseUrl: `${url}/`,
      credentials: { username: USER, password: PASSWORD },
      rememberedSchemes: { 'https://elsewhere.test': 'basic' },
    });
    expect((await other.request({ method: 'GET', url: '/b' })).status).toBe(200);
    expect(authOf(seen)).toEqual([undefined, BASIC, undefined, BASIC]);
    expect(JSON.stringify(digest.learntSchemes())).not.toContain(PASSWORD);
  });

  it('shows an operation’s observer every exchange: each redirect and authentication retry on its own', async () => {
    const { url } = await serve((req, res) => {
      if (req.headers.authorization !== BASIC) res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' }).end();
      else if (req.url === '/old/') res.writeHead(301, { Location: '/new/' }).end();
      else res.writeHead(207).end('<multistatus xmlns="DAV:"/>');
    });
    const seen: ExchangeInfo[] = [];
    const dav = new DavHttp({ baseUrl: `${url}/`, credentials: { username: USER, password: PASSWORD } });
    const res = await dav.operation(undefined, undefined, (e) => seen.push(e)).request({ method: 'PROPFIND', url: '/old/', depth: '0' });
    expect(res.status).toBe(207);
    expect(seen).toEqual([
      { method: 'PROPFIND', url: `${url}/old/`, status: 401 },
      { method: 'PROPFIND', url: `${url}/old/`, status: 301 },
      { method: 'PROPFIND', url: `${url}/new/`, status: 207 },
    ]);
    // Another operation of the same client has its own observer (or none).
    await dav.operation().request({ method: 'PROPFIND', url: '/new/', depth: '0' });
    expect(seen).toHaveLength(3);
  });
});

describe('what a call shows of a remembered discovery', () => {
  const account: Account = { ...ACCOUNT, id: 'a1', label: 'Alice', username: 'alice', folders: [], approvedOrigins: [], collections: [] };

  it('keeps only what discovery finds, without the user name, in a form the cache takes back', async () => {
    const part = discoveryOf(account);
    expect(part).toEqual(ACCOUNT);
    const cache = new FileDiscoveryCache(join(folder, 'f'));
    await cache.save(SERVER, 'alice', { account: part, schemes: { 'https://dav.example.com': 'digest' } });
    expect(await cache.load(SERVER, 'alice')).toEqual({ account: ACCOUNT, schemes: { 'https://dav.example.com': 'digest' } });
  });

  it('is stale when a discovered address answers 404, 410 or a redirect; not for the inbox, other collections or other answers', () => {
    const stale = (url: string, status: number) => {
      const watch = new StaleWatch(account);
      watch.observe({ method: 'PROPFIND', url, status });
      return watch.stale;
    };
    const home = 'https://dav.example.com/dav/calendars/user/alice';
    expect(stale(`${home}/`, 404)).toBe(true);
    expect(stale(home, 410)).toBe(true);
    expect(stale('https://DAV.example.com/dav/addressbooks/user/alice/', 301)).toBe(true);
    expect(stale('https://dav.example.com/dav/principals/user/alice/', 308)).toBe(true);
    expect(stale('https://dav.example.com/dav/principals/user/', 404)).toBe(true);
    expect(stale(`${home}/`, 207)).toBe(false);
    expect(stale(`${home}/`, 403)).toBe(false);
    expect(stale(`${home}/Work/`, 404)).toBe(false);
    expect(stale('https://dav.example.com/dav/notifications/user/alice/', 404)).toBe(false);
  });
});
