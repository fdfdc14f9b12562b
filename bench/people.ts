// Part "people": the People listing and a revoke everywhere on the bench account (200 calendars,
// each shared with 5 people, each also granting frank read by a raw ACL entry), through the
// service, on the live Cyrus.
//
// - The listing: its requests against `ls`'s (one PROPFIND per home set), plus the directory
//   searches, at most one per distinct person (and once the question what the directory can
//   search); a second listing makes none.
// - Revoke frank everywhere: requests in flight at most the engine's fixed bound, and wall time
//   against a bare-fetch loop that sends the very same requests (captured from the engine's own
//   fetch calls) with the same concurrency: the listings first and last, and in between each
//   collection's requests in order, that many collections at a time. frank's grants are put back
//   (untimed) before every run of either.

import type { PeopleActionResult } from '../shared/model';
import { MemorySecretStore } from '../electron/service/secret-store';
import { MemoryAccountStore } from '../electron/service/account-store';
import { createSharingService } from '../electron/service/sharing-service';
import { FetchRecorder, type SentRequest } from '../test/support/fetch-recorder';
import { ACL_GRANTEE, BENCH_USER, CALENDARS, SHAREES, grantAclEverywhere } from './provision';
import { median } from './stats';

export interface PeopleBenchResult {
  lsRequests: number;
  peopleRequests: number;
  lookups: number;
  /** What the directory can search: asked once per server and session, before the first search. */
  probes: number;
  distinctPeople: number;
  secondPeopleRequests: number;
  frankGrants: number;
  revokeRequests: number;
  revokeDone: number;
  maxInFlight: number;
  concurrency: number;
  engineMs: number[];
  baselineMs: number[];
  engineMedianMs: number;
  baselineMedianMs: number;
  ratio: number;
  problems: string[];
}

/** The bound of people.ts (collections changed at once). */
const WRITES = 4;

export async function benchPeople(server: string, { warmup = 1, runs = 5 } = {}): Promise<PeopleBenchResult> {
  const recorder = new FetchRecorder();
  recorder.recording = false;
  const service = () =>
    createSharingService({ accounts: new MemoryAccountStore(), secrets: new MemorySecretStore(), http: { fetch: recorder.fetch } });
  const problems: string[] = [];

  // ---- the listing: a fresh session knows nobody yet ------------------------------------
  const people = service();
  const account = await people.addAccount({ serverUrl: `${server}/`, username: BENCH_USER.name, password: BENCH_USER.password });
  let before = people.requestCount(account.id);
  await people.listCollections(account.id);
  const lsRequests = people.requestCount(account.id) - before;
  before = people.requestCount(account.id);
  let from = recorder.sent.length;
  recorder.recording = true;
  const listed = await people.listPeople(account.id);
  const peopleRequests = people.requestCount(account.id) - before;
  const reports = recorder.since(from).filter((r) => r.method === 'REPORT');
  recorder.recording = false;
  const lookups = reports.filter((r) => r.body?.includes('principal-property-search')).length;
  const probes = reports.filter((r) => r.body?.includes('principal-search-property-set')).length;
  if (lookups + probes !== reports.length) problems.push(`${reports.length - lookups - probes} REPORTs that are no directory search`);
  before = people.requestCount(account.id);
  await people.listPeople(account.id);
  const secondPeopleRequests = people.requestCount(account.id) - before;
  const frank = listed.people.find((p) => p.addresses.includes(`mailto:${ACL_GRANTEE.name}@example.com`));
  const frankGrants = frank?.grants.filter((g) => g.via === 'acl' && /\/bench-\d{3}\/$/.test(g.collectionUrl)).length ?? 0;
  if (frankGrants !== CALENDARS)
    problems.push(`expected ${ACL_GRANTEE.name} to have ${CALENDARS} ACL grants, the People listing has ${frankGrants}`);
  for (const s of SHAREES) {
    const grants = listed.people.find((p) => p.addresses.includes(s))?.grants.filter((g) => g.via === 'share').length ?? 0;
    if (grants < CALENDARS) problems.push(`${s} has ${grants} shares in the People listing, expected ${CALENDARS}`);
  }

  // ---- revoke everywhere ------------------------------------------------------------------
  const revoker = service();
  const id = (await revoker.addAccount({ serverUrl: `${server}/`, username: BENCH_USER.name, password: BENCH_USER.password })).id;
  await revoker.listPeople(id); // the directory learnt once, as a session that shows People first has
  let last: PeopleActionResult | undefined;
  const revokeOnce = async (): Promise<void> => {
    last = await revoker.revokeEverywhere(id, [`mailto:${ACL_GRANTEE.name}@example.com`]);
  };
  // One captured run, to replay.
  await grantAclEverywhere(server);
  from = recorder.sent.length;
  recorder.recording = true;
  recorder.maxInFlight = 0;
  await revokeOnce();
  const replay = recorder.since(from);
  recorder.recording = false;
  const revokeMaxInFlight = recorder.maxInFlight;
  const revokeRequests = replay.length;
  const revokeDone = last?.outcomes.filter((o) => o.result === 'done').length ?? 0;
  if (revokeDone < CALENDARS) problems.push(`revoke everywhere did ${revokeDone} of ${CALENDARS} bench calendars`);
  if (replay.some((r) => r.body === undefined && r.method !== 'GET'))
    throw new Error('revoke sent a body that is not a string; the baseline cannot replay it');

  const isCollection = (r: SentRequest): boolean => /\/bench-\d{3}\/$/.test(r.url);
  const firstCollection = replay.findIndex(isCollection);
  const lastCollection = replay.length - 1 - [...replay].reverse().findIndex(isCollection);
  const head = replay.slice(0, firstCollection);
  const tail = replay.slice(lastCollection + 1);
  const groups = new Map<string, SentRequest[]>();
  for (const r of replay.slice(firstCollection, lastCollection + 1)) groups.set(r.url, [...(groups.get(r.url) ?? []), r]);
  if (replay.slice(firstCollection, lastCollection + 1).some((r) => !isCollection(r))) {
    problems.push('the revoke sent requests to other places between the collections; the baseline does not replay them in place');
  }
  const send = async (r: SentRequest): Promise<void> => {
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body, redirect: 'manual' });
    await res.text();
  };
  // The engine's order: the listing (home sets), each collection's requests in turn, a few
  // collections at a time, and the listing again.
  const baseline = async (): Promise<void> => {
    for (const r of head) await send(r);
    const queue = [...groups.values()];
    await Promise.all(
      Array.from({ length: WRITES }, async () => {
        for (let g = queue.shift(); g; g = queue.shift()) for (const r of g) await send(r);
      }),
    );
    for (const r of tail) await send(r);
  };
  // frank's grants go back before every run of either, untimed; which runs first alternates.
  const engineMs: number[] = [];
  const baselineMs: number[] = [];
  const measure = async (run: () => Promise<void>, into: number[] | undefined): Promise<void> => {
    await grantAclEverywhere(server);
    const started = performance.now();
    await run();
    into?.push(performance.now() - started);
  };
  for (let i = 0; i < warmup + runs; i++) {
    const keep = i >= warmup;
    const pair: [() => Promise<void>, number[]][] = [
      [revokeOnce, engineMs],
      [baseline, baselineMs],
    ];
    if (i % 2 === 1) pair.reverse();
    for (const [run, into] of pair) await measure(run, keep ? into : undefined);
  }
  await grantAclEverywhere(server);

  const engineMedianMs = median(engineMs);
  const baselineMedianMs = median(baselineMs);
  return {
    lsRequests,
    peopleRequests,
    lookups,
    probes,
    distinctPeople: listed.people.filter((p) => !['all', 'authenticated', 'unauthenticated'].includes(p.type)).length,
    secondPeopleRequests,
    frankGrants,
    revokeRequests,
    revokeDone,
    maxInFlight: revokeMaxInFlight,
    concurrency: WRITES,
    engineMs,
    baselineMs,
    engineMedianMs,
    baselineMedianMs,
    ratio: engineMedianMs / baselineMedianMs,
    problems,
  };
}
