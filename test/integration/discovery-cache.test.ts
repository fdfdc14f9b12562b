// The command line's discovery cache against the live Cyrus: a warm `ls` sends exactly its listing
// requests (one PROPFIND per home set, with credentials from the first), and a cache that went
// stale (a home that 404s, a password that no longer works) is found out, discovered again and
// rewritten, in process (the requests counted as the engine's fetch sees them) and with the built
// binary.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../electron/service/account-store';
import { FileDiscoveryCache, userCacheFolder } from '../../electron/service/discovery-cache';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { createSharingService } from '../../electron/service/sharing-service';
import { freshCacheHome } from '../support/cli-cache';
import { FetchRecorder, headerOf } from '../support/fetch-recorder';
import { testServer } from '../support/test-servers';
import { spawnSharedeck, type Collection } from './cli-helpers';

/** One run of the command line as the service sees it: discovery from the cache when it has one, then `ls`. */
async function ls(cache: FileDiscoveryCache, user: 'frank' | 'erin', password = testServer().users[user].password) {
  const recorder = new FetchRecorder();
  const { sent } = recorder;
  const service = createSharingService({
    accounts: new MemoryAccountStore(),
    secrets: new MemorySecretStore(),
    http: { fetch: recorder.fetch },
    discoveryCache: cache,
  });
  const account = await service.addAccount({ serverUrl: testServer().url, username: user, password });
  const afterDiscovery = sent.length;
  const list = (await service.listCollections(account.id)).collections;
  return { account, list, sent, listing: sent.slice(afterDiscovery), discovery: sent.slice(0, afterDiscovery) };
}

const homesOf = (a: { calendarHomes: string[]; addressbookHomes: string[] }) => [...a.calendarHomes, ...a.addressbookHomes];

describe('discovery cache', () => {
  it('a warm ls sends one PROPFIND per home set and nothing else, with credentials from the first request', async () => {
    const cache = new FileDiscoveryCache(join(freshCacheHome(), 'sharedeck'));
    const cold = await ls(cache, 'frank');
    expect(cold.discovery.length).toBeGreaterThan(2);
    const homes = homesOf(cold.account);
    expect(homes.map((h) => new URL(h).pathname)).toEqual(['/dav/calendars/user/frank/', '/dav/addressbooks/user/frank/']);

    const warm = await ls(cache, 'frank');
    expect(warm.discovery).toEqual([]);
    expect(warm.sent.map((r) => `${r.method} ${r.url} Depth:${headerOf(r, 'depth') ?? '-'} ${r.status}`).sort()).toEqual(
      homes.map((h) => `PROPFIND ${h} Depth:1 207`).sort(),
    );
    // Basic was learnt on the cold run: no 401 round trip.
    expect(warm.sent.every((r) => headerOf(r, 'authorization')?.startsWith('Basic '))).toBe(true);
    expect(warm.account).toEqual({ ...cold.account, id: warm.account.id });
    expect(warm.list.map((c) => c.url).sort()).toEqual(cold.list.map((c) => c.url).sort());

    // What is kept: discovery and the scheme, never the password (in any form).
    const file = cache.fileOf(testServer().url, 'frank');
    const text = readFileSync(file, 'utf8');
    const password = testServer().users.frank.password;
    expect(text).not.toContain(password);
    expect(text).not.toContain(Buffer.from(`frank:${password}`).toString('base64'));
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      server: testServer().url,
      username: 'frank',
      schemes: { [new URL(testServer().url).origin]: 'basic' },
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a home that 404s makes the run discover again, list from the right home and keep it', async () => {
    const cache = new FileDiscoveryCache(join(freshCacheHome(), 'sharedeck'));
    const cold = await ls(cache, 'erin');
    const file = cache.fileOf(testServer().url, 'erin');
    const moved = readFileSync(file, 'utf8').replaceAll('/dav/calendars/user/erin/', '/dav/calendars/user/erin/gone-3k9/');
    writeFileSync(file, moved, { mode: 0o600 });

    const stale = await ls(cache, 'erin');
    // The stale home answered 404; then discovery, then the listing again, from the right homes.
    const gone = stale.sent.findIndex((r) => r.status === 404);
    expect(stale.sent[gone]).toMatchObject({ method: 'PROPFIND', url: `${testServer().url}/dav/calendars/user/erin/gone-3k9/` });
    const relisted = stale.sent.slice(-2);
    expect(relisted.map((r) => `${r.method} ${r.url} ${r.status}`).sort()).toEqual(
      homesOf(cold.account)
        .map((h) => `PROPFIND ${h} 207`)
        .sort(),
    );
    expect(stale.sent.length).toBeGreaterThan(4);
    expect(stale.list.map((c) => c.url).sort()).toEqual(cold.list.map((c) => c.url).sort());
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ account: { calendarHomes: cold.account.calendarHomes } });

    // And the next run is warm again.
    expect((await ls(cache, 'erin')).sent).toHaveLength(2);
  });

  it('a password that no longer works: the run discovers again, fails with the sign-in error and forgets the cache', async () => {
    const cache = new FileDiscoveryCache(join(freshCacheHome(), 'sharedeck'));
    await ls(cache, 'frank');
    await expect(ls(cache, 'frank', 'not-franks-password-7q')).rejects.toMatchObject({ code: 'auth' });
    expect(await cache.load(testServer().url, 'frank')).toBeUndefined();
  });

  it('the built sharedeck keeps it in $XDG_CACHE_HOME/sharedeck, uses it on the next run, and --no-cache neither reads nor writes it', async () => {
    const home = freshCacheHome();
    const { url, users } = testServer();
    const env = { SHAREDECK_PASSWORD: users.frank.password, XDG_CACHE_HOME: home };
    const args = ['--server', url, '--user', 'frank', 'ls', '--json'];
    const first = await spawnSharedeck(args, { env });
    expect(first.code, first.stderr).toBe(0);
    const cache = new FileDiscoveryCache(userCacheFolder(env));
    const kept = await cache.load(url, 'frank');
    expect(kept?.account.calendarHomes.map((h) => new URL(h).pathname)).toEqual(['/dav/calendars/user/frank/']);

    // A cache whose homes are wrong shows whether a run used it: --no-cache lists as before and leaves the file alone.
    const file = cache.fileOf(url, 'frank');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll('/dav/addressbooks/user/frank/', '/dav/addressbooks/user/frank/gone-8v/'), {
      mode: 0o600,
    });
    const before = readFileSync(file, 'utf8');
    const uncached = await spawnSharedeck([...args, '--no-cache'], { env });
    expect(uncached.code, uncached.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
    const second = await spawnSharedeck(args, { env });
    expect(second.code, second.stderr).toBe(0);
    const urls = (out: string) => (JSON.parse(out) as Collection[]).map((c) => c.url).sort();
    expect(urls(second.stdout)).toEqual(urls(first.stdout));
    expect(urls(uncached.stdout)).toEqual(urls(first.stdout));
    // The run found the cache stale and wrote it again.
    expect(readFileSync(file, 'utf8')).not.toContain('gone-8v');
  });
});
