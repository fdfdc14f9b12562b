// Part A: a full `ls` of the bench account through SharingService, against a bare-fetch loop
// that sends the very same requests (captured from the engine's own fetch calls) and only reads
// the bodies as text. The difference is what the engine adds beyond the network.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Collection } from '../shared/model';
import { FileDiscoveryCache } from '../electron/service/discovery-cache';
import { MemorySecretStore } from '../electron/service/secret-store';
import { MemoryAccountStore } from '../electron/service/account-store';
import { createSharingService } from '../electron/service/sharing-service';
import { FetchRecorder } from '../test/support/fetch-recorder';
import { BENCH_USER, CALENDARS, SHAREES } from './provision';
import { alternate, median, timed } from './stats';

export interface ListingResult {
  collections: number;
  benchCalendars: number;
  sharees: number;
  requests: number;
  homeSets: number;
  /** A whole `ls` of the command line, discovery included: with no cache, and with the cache the first one left. */
  coldLsRequests: number;
  warmLsRequests: number;
  firstListingMs: number;
  engineMs: number[];
  baselineMs: number[];
  engineMedianMs: number;
  baselineMedianMs: number;
  ratio: number;
  /** Why the listing is not the provisioned one (wrong calendars or sharees); empty when right. */
  problems: string[];
}

export async function benchListing(server: string, { warmup = 3, runs = 15 } = {}): Promise<ListingResult> {
  const recorder = new FetchRecorder();
  recorder.recording = false;
  const service = createSharingService({
    accounts: new MemoryAccountStore(),
    secrets: new MemorySecretStore(),
    http: { fetch: recorder.fetch },
  });
  // Discovery is not part of the listing.
  const account = await service.addAccount({ serverUrl: `${server}/`, username: BENCH_USER.name, password: BENCH_USER.password });

  recorder.recording = true;
  const before = service.requestCount(account.id);
  let listed: Collection[] = [];
  const firstListingMs = await timed(async () => {
    listed = (await service.listCollections(account.id)).collections;
  });
  const requests = service.requestCount(account.id) - before;
  const replay = recorder.since(0);
  recorder.recording = false;
  if (replay.some((r) => r.body === undefined && r.method !== 'GET'))
    throw new Error('the listing sent a body that is not a string; the baseline cannot replay it');

  const engine = async (): Promise<void> => {
    await service.listCollections(account.id);
  };
  const baseline = async (): Promise<void> => {
    await Promise.all(
      replay.map(async (r) => {
        const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body, redirect: 'manual' });
        await res.text();
      }),
    );
  };
  const times = await alternate(engine, baseline, warmup, runs);

  const bench = listed.filter((c) => /\/bench-\d{3}\/$/.test(c.url));
  const problems: string[] = [];
  if (bench.length !== CALENDARS) problems.push(`expected ${CALENDARS} bench calendars, the engine listed ${bench.length}`);
  const wrong = bench.filter(
    (c) => c.sharees.length !== SHAREES.length || !SHAREES.every((s) => c.sharees.some((x) => x.address.toLowerCase() === s)),
  );
  if (wrong.length > 0)
    problems.push(`${wrong.length} bench calendars do not have exactly the ${SHAREES.length} sharees (first: ${wrong[0]!.url})`);

  const engineMedianMs = median(times.a);
  const baselineMedianMs = median(times.b);
  const { cold, warm } = await lsWithCache(server);
  return {
    coldLsRequests: cold,
    warmLsRequests: warm,
    collections: listed.length,
    benchCalendars: bench.length,
    sharees: listed.reduce((n, c) => n + c.sharees.length, 0),
    requests,
    homeSets: account.calendarHomes.length + account.addressbookHomes.length,
    firstListingMs,
    engineMs: times.a,
    baselineMs: times.b,
    engineMedianMs,
    baselineMedianMs,
    ratio: engineMedianMs / baselineMedianMs,
    problems,
  };
}

/**
 * Requests of a whole `ls` as the command line makes it (a new service, discovery, the listing),
 * once with an empty discovery cache and once more with what that run left in it.
 */
async function lsWithCache(server: string): Promise<{ cold: number; warm: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'sharedeck-bench-cache-'));
  try {
    const cache = new FileDiscoveryCache(folder);
    const ls = async (): Promise<number> => {
      const recorder = new FetchRecorder();
      const service = createSharingService({
        accounts: new MemoryAccountStore(),
        secrets: new MemorySecretStore(),
        http: { fetch: recorder.fetch },
        discoveryCache: cache,
      });
      const account = await service.addAccount({ serverUrl: `${server}/`, username: BENCH_USER.name, password: BENCH_USER.password });
      await service.listCollections(account.id);
      return recorder.sent.length;
    };
    return { cold: await ls(), warm: await ls() };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
