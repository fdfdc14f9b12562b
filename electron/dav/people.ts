// People: every person, group and grant to everyone that can reach a collection the account owns,
// by any route (a share in any dialect, or a direct ACL grant), one entry per person; and the
// actions on a person across the account: revoke everywhere, change access everywhere, give access
// to several collections at once.
//
// The listing costs what `ls` costs (one PROPFIND per home set), plus at most one directory search
// per person not yet known: a share names people by mail address, an ACL by principal URL, and
// only the directory says that mailto:carol@example.com and /dav/principals/user/carol/ are one
// person. Two addresses are one person when they are the same address (mail compared whole, in any
// case) or name the same principal; display names never identify anyone.

import type {
  Access,
  Collection,
  CollectionOutcome,
  EveryoneKind,
  PeopleActionResult,
  PeopleList,
  Person,
  PersonAccess,
  PersonGrant,
  Principal,
  SkippedEntry,
} from '../../shared/model';
import { SharedeckError, isSharedeckError } from '../../shared/errors';
import { listCollections, quoted } from './collections';
import type { DavContext } from './context';
import { everyoneKind } from './dialects/acl';
import { firstOnly, mapLimited } from './limit';
import { directoryLookup, resolvePrincipalUrl, type PrincipalSearchCache } from './principals';
import { invite, revoke, setAccess } from './sharing';
import { collectionKey, principalUrlKey } from '../../shared/urls';
import { mailOf } from '../../shared/addresses';

/** What the directory said about people, kept for the session: nobody is looked up twice. */
export interface PeopleDirectory {
  /** Principals by principalKey. */
  byUrl: Map<string, Principal>;
  /** Mail address (lower case) to the principalKey of its principal; null: the directory has nobody with it. */
  byMail: Map<string, string | null>;
  /** Principals the directory was asked about and did not return. */
  unknown: Set<string>;
}

export function newPeopleDirectory(): PeopleDirectory {
  return { byUrl: new Map(), byMail: new Map(), unknown: new Set() };
}

export interface PeopleContext extends DavContext {
  directory: PeopleDirectory;
  principals?: PrincipalSearchCache;
}

/** Directory searches in flight at once, and collections changed at once by a bulk action. */
const LOOKUPS = 4;
const WRITES = 4;
/**
 * Directory searches of one listing at most, however many people a server names; the directory is
 * kept for the session, so the next listing asks about the next ones.
 */
export const MAX_LOOKUPS = 200;

/** Where the DAV root of a server that names principals `principal:principals/...` (Nextcloud) is. */
function davRoot(ctx: DavContext): string {
  const collection = ctx.account.principalCollectionUrl ?? ctx.account.principalUrl;
  const at = collection.indexOf('/principals/');
  return at === -1 ? ctx.account.serverUrl : collection.slice(0, at + 1);
}

/** A principal URL in one comparable form (origin, decoded path without the trailing slash); undefined for other addresses. */
export function principalKey(address: string, ctx?: DavContext): string | undefined {
  let text = address.trim();
  if (text.startsWith('principal:') && ctx) text = new URL(text.slice('principal:'.length), davRoot(ctx)).href;
  return principalUrlKey(text);
}

/** A principal's id: the last segment of its (already decoded) key. */
function idOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function remember(directory: PeopleDirectory, found: readonly Principal[]): void {
  for (const p of found) {
    const key = principalKey(p.url);
    if (key === undefined) continue;
    directory.byUrl.set(key, p);
    for (const a of p.addresses) {
      const mail = mailOf(a);
      if (mail !== undefined) directory.byMail.set(mail, key);
    }
  }
}

/** One directory search per address the directory has not been asked about; failures leave people as they are listed. */
async function learn(ctx: PeopleContext, addresses: readonly string[]): Promise<SkippedEntry[]> {
  const { directory } = ctx;
  const origin = new URL(ctx.account.principalCollectionUrl ?? ctx.account.serverUrl).origin;
  const asks = new Map<string, { mail?: string; key?: string }>();
  for (const address of addresses) {
    const mail = mailOf(address);
    if (mail !== undefined) {
      if (!directory.byMail.has(mail)) asks.set(`mail ${mail}`, { mail });
      continue;
    }
    const key = principalKey(address, ctx);
    // A principal of another server is not in the directory searched.
    if (key === undefined || !key.startsWith(`${origin}/`)) continue;
    if (!directory.byUrl.has(key) && !directory.unknown.has(key)) asks.set(`url ${key}`, { key });
  }
  const answered = (ask: { mail?: string; key?: string }): boolean =>
    ask.mail !== undefined ? directory.byMail.has(ask.mail) : directory.byUrl.has(ask.key!) || directory.unknown.has(ask.key!);
  const skipped: SkippedEntry[] = [];
  const search = async (ask: { mail?: string; key?: string }): Promise<void> => {
    // An earlier search of this run may have answered it already.
    if (answered(ask)) return;
    const question = ask.mail !== undefined ? { mail: ask.mail } : { id: idOf(ask.key!) };
    try {
      remember(directory, await directoryLookup(ctx, question, ctx.principals, skipped));
    } catch (e) {
      if (!isSharedeckError(e)) throw e;
      if (!skipped.some((s) => s.what === 'the directory')) skipped.push({ what: 'the directory', reason: e.message });
      return;
    }
    if (ask.mail !== undefined && !directory.byMail.has(ask.mail)) directory.byMail.set(ask.mail, null);
    if (ask.key !== undefined && !directory.byUrl.has(ask.key)) directory.unknown.add(ask.key);
  };
  // Mail addresses first: their answers name the principals, which spares most principal URLs a search.
  const all = [...asks.values()];
  const ordered = [...all.filter((a) => a.mail !== undefined), ...all.filter((a) => a.key !== undefined)];
  const now = firstOnly(
    ordered,
    MAX_LOOKUPS,
    skipped,
    (more) => (more === 1 ? 'the directory lookup of 1 more person' : `the directory lookups of ${more} more people`),
    `one listing asks about ${MAX_LOOKUPS} people at most; they are shown by their address until the list is read again.`,
  );
  await mapLimited(
    now.filter((a) => a.mail !== undefined),
    LOOKUPS,
    search,
  );
  await mapLimited(
    now.filter((a) => a.key !== undefined),
    LOOKUPS,
    search,
  );
  return skipped;
}

/**
 * The directory's names of people as servers list them (mailto: addresses, principal URLs), for
 * a list that shows only addresses (Cyrus lists sharees as mailto:user@domain, without names). One
 * search per person the session has not looked up; people the directory does not know are left out.
 */
export async function directoryNames(ctx: PeopleContext, addresses: readonly string[]): Promise<Person[]> {
  await learn(ctx, addresses);
  const out: Person[] = [];
  for (const address of new Set(addresses)) {
    const mail = mailOf(address);
    const key = mail === undefined ? principalKey(address, ctx) : (ctx.directory.byMail.get(mail) ?? undefined);
    const name = key === undefined ? undefined : ctx.directory.byUrl.get(key)?.name;
    if (name) out.push({ address, name });
  }
  return out;
}

/** One place a person can reach, before people are merged. */
interface Occurrence {
  grant: PersonGrant;
  name?: string;
  everyone?: EveryoneKind;
}

function occurrences(accountId: string, c: Collection): Occurrence[] {
  const base = { accountId, collectionUrl: c.url, collectionName: c.name, kind: c.kind };
  const out: Occurrence[] = [];
  for (const s of c.shareesVisible ? c.sharees : []) {
    const o: Occurrence = { grant: { ...base, access: s.access, via: 'share', status: s.status, address: s.address } };
    if (s.name !== undefined) o.name = s.name;
    out.push(o);
  }
  for (const g of c.aclGrants ?? []) {
    const grant: PersonGrant = { ...base, access: g.access, via: 'acl', address: g.address };
    if (g.fixed) grant.fixed = g.fixed;
    const o: Occurrence = { grant };
    if (g.everyone) o.everyone = g.everyone;
    out.push(o);
  }
  return out;
}

/** The identity keys of an address: what it is, and what the directory says it also is. */
function keysOf(address: string, everyone: EveryoneKind | undefined, ctx: PeopleContext): string[] {
  if (everyone) return [`everyone ${everyone}`];
  const { directory } = ctx;
  const mail = mailOf(address);
  if (mail !== undefined) {
    const url = directory.byMail.get(mail);
    return url ? [`mail ${mail}`, `url ${url}`] : [`mail ${mail}`];
  }
  const key = principalKey(address, ctx);
  if (key === undefined) return [`address ${address.trim()}`];
  const p = directory.byUrl.get(key);
  return [`url ${key}`, ...(p?.addresses ?? []).flatMap((a) => (mailOf(a) ? [`mail ${mailOf(a)}`] : []))];
}

const EVERYONE_ORDER: Record<EveryoneKind, number> = { authenticated: 0, all: 1, unauthenticated: 2 };

/** Merges the occurrences into people: one union per shared identity key. */
function merge(found: readonly Occurrence[], ctx: PeopleContext): PersonAccess[] {
  const parent = found.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const owner = new Map<string, number>();
  found.forEach((o, i) => {
    for (const key of keysOf(o.grant.address, o.everyone, ctx)) {
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[root(i)] = root(j);
    }
  });
  const groups = new Map<number, Occurrence[]>();
  found.forEach((o, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), o]);
  });
  const people = [...groups.values()].map((group) => personOf(group, ctx));
  return people.sort((a, b) => {
    const ea = a.type in EVERYONE_ORDER;
    const eb = b.type in EVERYONE_ORDER;
    if (ea !== eb) return ea ? 1 : -1;
    if (ea && eb) return EVERYONE_ORDER[a.type as EveryoneKind] - EVERYONE_ORDER[b.type as EveryoneKind];
    return (a.name ?? a.address).localeCompare(b.name ?? b.address) || a.address.localeCompare(b.address);
  });
}

function personOf(group: readonly Occurrence[], ctx: PeopleContext): PersonAccess {
  const { directory } = ctx;
  const first = group[0]!;
  const grants = dedupe(group.map((o) => o.grant));
  if (first.everyone) return { address: `DAV:${first.everyone}`, type: first.everyone, addresses: [`DAV:${first.everyone}`], grants };
  const listed = [...new Set(group.map((o) => o.grant.address))];
  const principals = [
    ...new Set(
      listed.flatMap((a) => {
        const mail = mailOf(a);
        const key = mail === undefined ? principalKey(a, ctx) : (directory.byMail.get(mail) ?? undefined);
        return key === undefined ? [] : [key];
      }),
    ),
  ]
    .map((k) => directory.byUrl.get(k))
    .filter((p): p is Principal => p !== undefined);
  const addresses = [
    ...new Set([
      ...listed.filter((a) => mailOf(a) !== undefined).map((a) => `mailto:${mailOf(a)}`),
      ...principals.flatMap((p) => p.addresses.map((a) => `mailto:${mailOf(a) ?? a.slice(7)}`)),
      ...principals.map((p) => p.url),
      ...listed.filter((a) => mailOf(a) === undefined),
    ]),
  ];
  const person: PersonAccess = {
    address: addresses.find((a) => a.startsWith('mailto:')) ?? addresses[0] ?? first.grant.address,
    type: principals[0]?.type ?? 'unknown',
    addresses,
    grants,
  };
  const name = principals[0]?.name ?? group.find((o) => o.name)?.name;
  if (name !== undefined) person.name = name;
  return person;
}

function dedupe(grants: readonly PersonGrant[]): PersonGrant[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const key = `${g.collectionUrl} ${g.via} ${g.address}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function owns(c: Collection): boolean {
  return c.access === 'not-shared' || c.access === 'shared-owner';
}

/** The People of one account: who can reach which of its own collections, by which route. */
export async function listPeople(ctx: PeopleContext): Promise<PeopleList & { collections: Collection[] }> {
  const { collections, skipped: listed } = await listCollections(ctx);
  const owned = collections.filter(owns);
  const found = owned.flatMap((c) => occurrences(ctx.account.id, c));
  const skipped: SkippedEntry[] = [
    ...listed,
    ...owned
      .filter((c) => !c.shareesVisible)
      .map((c) => ({ what: quoted(c), reason: 'The server does not show this account who it is shared with.' })),
  ];
  skipped.push(...(await learn(ctx, [...new Set(found.filter((o) => !o.everyone).map((o) => o.grant.address))])));
  return { people: merge(found, ctx), skipped, collections };
}

/** The people an address names: the same address or principal, or (a bare name or e-mail) the directory's principal for it. */
async function peopleNamed(ctx: PeopleContext, people: readonly PersonAccess[], typed: string): Promise<PersonAccess[]> {
  const kind = everyoneKind(typed);
  if (kind) return people.filter((p) => p.type === kind);
  const mail = mailOf(typed);
  const key = principalKey(typed, ctx) ?? (typed.startsWith('/') ? principalKey(new URL(typed, ctx.account.serverUrl).href) : undefined);
  const keys = new Set<string>();
  if (mail !== undefined) keys.add(`mail ${mail}`);
  if (key !== undefined) keys.add(`url ${key}`);
  if (mail === undefined && key === undefined) {
    // A user name: whom the directory calls that (its id or display name exactly), never a guess.
    let url: string;
    try {
      url = await resolvePrincipalUrl(ctx, typed, ctx.principals);
    } catch (e) {
      if (isSharedeckError(e) && e.code === 'unknown-sharee') return [];
      throw e;
    }
    const resolved = principalKey(url);
    if (resolved !== undefined) keys.add(`url ${resolved}`);
  }
  return people.filter((p) => p.addresses.some((a) => keysOf(a, undefined, ctx).some((k) => keys.has(k))));
}

export interface BulkHooks {
  /** Called as each collection's change settles. */
  onOutcome?: (outcome: CollectionOutcome, done: number, total: number) => void;
}

interface Job {
  collection: Pick<PersonGrant, 'accountId' | 'collectionUrl' | 'collectionName' | 'kind'>;
  change: string;
  run: () => Promise<{ unresolved: string[] }>;
}

async function runJobs(jobs: readonly Job[], hooks: BulkHooks): Promise<CollectionOutcome[]> {
  let done = 0;
  return mapLimited(jobs, WRITES, async (job) => {
    const { accountId, collectionUrl, collectionName, kind } = job.collection;
    const base = { accountId, collectionUrl, collectionName, kind, change: job.change };
    let outcome: CollectionOutcome;
    try {
      const { unresolved } = await job.run();
      outcome = { ...base, result: unresolved.length === 0 ? 'done' : 'not-applied' };
    } catch (e) {
      if (!isSharedeckError(e)) throw e;
      outcome = { ...base, result: 'failed', error: e.toJSON() };
    }
    hooks.onOutcome?.(outcome, ++done, jobs.length);
    return outcome;
  });
}

function byCollection(grants: readonly PersonGrant[]): PersonGrant[][] {
  const groups = new Map<string, PersonGrant[]>();
  for (const g of grants) groups.set(g.collectionUrl, [...(groups.get(g.collectionUrl) ?? []), g]);
  return [...groups.values()];
}

function routes(grants: readonly PersonGrant[]): string {
  const via = [...new Set(grants.map((g) => (g.via === 'share' ? 'share' : 'ACL grant')))];
  return via.join(' and ');
}

async function targets(ctx: PeopleContext, addresses: readonly string[]): Promise<{ grants: PersonGrant[]; notFound: string[] }> {
  const { people } = await listPeople(ctx);
  const grants: PersonGrant[] = [];
  const notFound: string[] = [];
  for (const a of addresses) {
    const named = await peopleNamed(ctx, people, a);
    if (named.length === 0) notFound.push(a);
    for (const p of named) grants.push(...p.grants);
  }
  return { grants: dedupe(grants), notFound };
}

function fixedOutcome(g: PersonGrant): Job {
  return {
    collection: g,
    change: `${g.address}: ${g.fixed === 'protected' ? 'protected by the server' : 'inherited'}`,
    run: () =>
      Promise.reject(
        new SharedeckError(
          'forbidden',
          g.fixed === 'protected'
            ? `The server protects this access to “${g.collectionName}”; it cannot be changed here.`
            : `This access to “${g.collectionName}” is inherited from a parent collection; change it there.`,
        ),
      ),
  };
}

async function after(ctx: PeopleContext, outcomes: CollectionOutcome[], notFound: string[]): Promise<PeopleActionResult> {
  const { people, skipped } = await listPeople(ctx);
  return { outcomes, people, skipped, notFound };
}

/** Takes the people that `addresses` name away from every collection of the account, by every route they have. */
export async function revokeEverywhere(
  ctx: PeopleContext,
  addresses: readonly string[],
  hooks: BulkHooks = {},
): Promise<PeopleActionResult> {
  const { grants, notFound } = await targets(ctx, addresses);
  const jobs: Job[] = byCollection(grants).flatMap((group) => {
    const open = group.filter((g) => !g.fixed);
    const fixed = group.filter((g) => g.fixed).map(fixedOutcome);
    if (open.length === 0) return fixed;
    const listed = [...new Set(open.map((g) => g.address))];
    const job: Job = {
      collection: open[0]!,
      change: `revoked ${routes(open)}`,
      run: () => revoke(ctx, open[0]!.collectionUrl, listed, ctx.principals ? { principals: ctx.principals } : {}),
    };
    return [job, ...fixed];
  });
  return after(ctx, await runJobs(jobs, hooks), notFound);
}

/** Gives the people that `addresses` name this access wherever they already have some. */
export async function setAccessEverywhere(
  ctx: PeopleContext,
  addresses: readonly string[],
  access: Access,
  hooks: BulkHooks = {},
): Promise<PeopleActionResult> {
  const { grants, notFound } = await targets(ctx, addresses);
  const jobs: Job[] = byCollection(grants).flatMap((group) => {
    const open = group.filter((g) => !g.fixed && g.access !== access);
    const fixed = group.filter((g) => g.fixed && g.access !== access).map(fixedOutcome);
    if (open.length === 0) return fixed;
    const job: Job = {
      collection: open[0]!,
      change: `${access} by ${routes(open)}`,
      run: async () => {
        // One collection's grants one after the other: each write re-reads what the next starts from.
        const unresolved: string[] = [];
        for (const g of open) {
          const options = {
            ...(ctx.principals ? { principals: ctx.principals } : {}),
            ...(g.via === 'acl' ? { dialect: 'acl' as const } : {}),
          };
          unresolved.push(...(await setAccess(ctx, g.collectionUrl, g.address, access, options)).unresolved);
        }
        return { unresolved };
      },
    };
    return [job, ...fixed];
  });
  return after(ctx, await runJobs(jobs, hooks), notFound);
}

/** Gives one person access to several collections at once (each by its preferred route: a share, else an ACL grant). */
export async function grantAccess(
  ctx: PeopleContext,
  address: string,
  collectionUrls: readonly string[],
  access: Access,
  options: { comment?: string } = {},
  hooks: BulkHooks = {},
): Promise<PeopleActionResult> {
  if (collectionUrls.length === 0) throw new SharedeckError('invalid-input', 'Name at least one collection to give access to.');
  const listed = new Map((await listCollections(ctx)).collections.map((c) => [collectionKey(c.url), c]));
  const jobs: Job[] = [...new Set(collectionUrls)].map((url) => {
    const c = listed.get(collectionKey(url));
    return {
      collection: { accountId: ctx.account.id, collectionUrl: url, collectionName: c?.name ?? url, kind: c?.kind ?? 'folder' },
      change: `${access} for ${address}`,
      run: () =>
        invite(ctx, url, [{ address, access }], {
          ...(options.comment === undefined ? {} : { comment: options.comment }),
          ...(ctx.principals ? { principals: ctx.principals } : {}),
        }),
    };
  });
  return after(ctx, await runJobs(jobs, hooks), []);
}
