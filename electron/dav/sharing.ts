// Writes on a collection: invite, change access, revoke, publish, leave. Each one reads the
// collection first (to pick the route, the server's href forms and refuse what cannot work),
// sends one request, then re-reads and returns what the server now holds, with every requested
// change the server did not apply: servers answer success and drop what they cannot resolve.

import {
  isAccess,
  type Access,
  type AclGrant,
  type Collection,
  type Dialect,
  type NotApplied,
  type Sharee,
  type ShareeInput,
  type ShareResult,
} from '../../shared/model';
import { SharedeckError } from '../../shared/errors';
import { addressLabel, personLabel } from '../../shared/format';
import { aclWrite, type AclRequest } from './acl-write';
import { quoted, readCollection } from './collections';
import type { DavContext } from './context';
import { DIALECTS, SHARE_DIALECTS, publisherOf, viewsOf, type ShareChange } from './dialects';
import { everyoneKind, samePrincipalUrl } from './dialects/acl';
import type { DavResponse } from './http';
import { errorForStatus } from './http-errors';
import { findSharee, isSelf, matchingSharees, normaliseAddress, similarSharees, type AddressRules } from './identity';
import type { DavResource } from './multistatus';
import { parseMultistatus } from './multistatus';
import { resolvePrincipalUrl, type PrincipalSearchCache } from './principals';
import { shareeHrefs, type ShareeHrefs } from './sharee-hrefs';

export { quoted } from './collections';

function ownerOnly(c: Collection): SharedeckError {
  const by = c.sharedBy ? ` by ${personLabel(c.sharedBy)}` : '';
  return new SharedeckError('forbidden', `${quoted(c)} was shared with you${by}; only its owner can change who it is shared with.`);
}

/** Only the owner side changes who has access (a sharee's copy never does). */
function ownerWrites(c: Collection): void {
  if (isAccess(c.access)) throw ownerOnly(c);
}

function chooseDialect(c: Collection, requested: Dialect | undefined): Dialect {
  ownerWrites(c);
  if (c.dialects.length === 0) {
    throw new SharedeckError(
      'no-sharing',
      `The server does not let ${quoted(c)} be shared${requested ? `, in ${DIALECTS[requested].label} or any other way` : ''}.`,
    );
  }
  const dialect = requested ?? c.dialects[0]!;
  if (!c.dialects.includes(dialect)) {
    throw new SharedeckError(
      'unsupported',
      `The server does not accept ${DIALECTS[dialect].label} for ${quoted(c)}; it offers ${c.dialects.map((d) => DIALECTS[d].label).join(' and ')}.`,
    );
  }
  return dialect;
}

/** The state of a collection a write starts from, or the one it left. */
interface Read {
  collection: Collection;
  resource: DavResource;
}

type Written = ShareResult & { resource: DavResource };

function strip(written: Written): ShareResult {
  const result: Partial<Written> = { ...written };
  delete result.resource;
  return result as ShareResult;
}

export interface WriteOptions {
  comment?: string;
  dialect?: Dialect;
  /** Directory look-ups: an address to its principal (the ACL route, and Nextcloud, which shares only by principal). */
  principals?: PrincipalSearchCache;
}

/** One change a request asks for, and what it is about. */
interface Target {
  /** The address as the request named it (reported back when the change does not take). */
  requested: string;
  /** The href sent. */
  href: string;
  access: Access | 'none';
  name?: string;
  /** For a change or revoke: the sharee as the server listed them before the write. */
  listed?: Sharee;
}

interface Plan {
  targets: Target[];
  /** Addresses nobody on the server has (nothing is sent for them). */
  unknown: string[];
}

/** What a share write is planned from: the collection, the dialect, and the server's href forms. */
interface PlanContext {
  before: Collection;
  dialect: Exclude<Dialect, 'acl'>;
  hrefs: ShareeHrefs;
}

/** Runs one share POST planned from a collection just read, then re-reads and checks it. */
async function shareWrite(
  ctx: DavContext,
  { collection: before, resource }: Read,
  dialect: Exclude<Dialect, 'acl'>,
  plan: (p: PlanContext) => Promise<Plan> | Plan,
  comment?: string,
): Promise<Written> {
  const hrefs = shareeHrefs(resource, ctx.account, dialect);
  const { targets, unknown } = await plan({ before, dialect, hrefs });
  if (targets.length === 0) throw nobodyHas(unknown, dialect);
  const self = targets.find(
    (t) => t.access !== 'none' && (isSelf({ address: t.href }, ctx.account) || isSelf({ address: t.requested }, ctx.account)),
  );
  if (self) {
    throw new SharedeckError(
      'invalid-input',
      `${self.requested.replace(/^mailto:/i, '')} is you, and you own ${quoted(before)}: you cannot share it with yourself.`,
    );
  }

  const changes = targets.map((t): ShareChange =>
    t.name === undefined ? { address: t.href, access: t.access } : { address: t.href, access: t.access, name: t.name },
  );
  const context = comment === undefined ? { collectionName: before.name } : { collectionName: before.name, comment };
  const { contentType, body } = SHARE_DIALECTS[dialect].buildShare(changes, context);
  const res = await ctx.http.request({ method: 'POST', url: before.url, headers: { 'Content-Type': contentType }, body });
  if (res.status < 200 || res.status >= 300 || res.status === 207) throw shareError(res, before);

  const after = await readCollection(ctx, before.url);
  return { ...resultOf(after.collection, targets, unknown, hrefs.rules, comment), resource: after.resource };
}

function nobodyHas(addresses: readonly string[], dialect: Dialect): SharedeckError {
  const list = addresses.map((a) => a.replace(/^mailto:/i, '')).join(', ');
  const only = dialect === 'acl' ? undefined : SHARE_DIALECTS[dialect].onlyOwnUsers;
  const why = only === undefined ? '' : ` ${only.servers} shares only with its own users and groups: search the directory for them.`;
  return new SharedeckError('unknown-sharee', `Nobody on this server has the address ${list}.${why}`);
}

/** The error for a share POST the server refused, with the reason its answer shows. */
function shareError(res: DavResponse, before: Collection): SharedeckError {
  if (res.status === 207) {
    // Apple applies CS:share atomically: one bad address and nothing changed.
    const rejected = res
      .parse(parseMultistatus)
      .filter((r) => r.status !== undefined && r.status >= 400 && r.status !== 424)
      .map((r) => r.url);
    return new SharedeckError(
      'unknown-sharee',
      `The server refused ${rejected.length > 0 ? rejected.join(', ') : 'an address'} and changed nothing on ${quoted(before)}.`,
    );
  }
  if (res.status === 405) return ownerOnly(before);
  // sabre/dav stores one row per person and calendar: a second row for the owner (or for someone
  // already listed under another address) fails as a database error, not as a refusal.
  if (res.status === 500 && /UNIQUE constraint failed: calendarinstances\.calendarid, calendarinstances\.principaluri/.test(res.text)) {
    return new SharedeckError(
      'invalid-input',
      `The server refused: one of the addresses belongs to someone who already has ${quoted(before)}, its owner (you cannot share with yourself) or a sharee listed under another address. Nothing was changed.`,
      { status: 500 },
    );
  }
  return errorForStatus(res, `sharing ${quoted(before)}`, { write: true });
}

/** What the re-read shows of each change: applied, or not and why; how the server shares; the message. */
function resultOf(
  collection: Collection,
  targets: readonly Target[],
  unknown: readonly string[],
  rules: AddressRules,
  comment: string | undefined,
): ShareResult {
  const notApplied: NotApplied[] = unknown.map((address) => ({ address, problem: 'unknown-address' }));
  const granted: Sharee[] = [];
  const removed: Sharee[] = [];
  const report = (n: NotApplied) => {
    if (!notApplied.some((x) => x.address === n.address)) notApplied.push(n);
  };
  for (const t of targets) {
    if (t.access === 'none') {
      const still = collection.sharees.find((s) => s.address === (t.listed?.address ?? t.href));
      if (still) report({ address: t.requested, problem: 'still-listed', access: still.access });
      else if (t.listed) removed.push(t.listed);
      continue;
    }
    const now =
      collection.sharees.find((s) => s.address === t.href || s.address === t.listed?.address) ??
      findSharee(collection.sharees, t.href, rules) ??
      findSharee(collection.sharees, t.requested, rules);
    if (!now) report({ address: t.requested, problem: 'not-listed' });
    else if (now.status === 'invalid') report({ address: t.requested, problem: 'invalid' });
    else if (now.access !== t.access) report({ address: t.requested, problem: 'access', access: now.access });
    else granted.push(now);
  }
  const result: ShareResult = { collection, unresolved: notApplied.map((n) => n.address), notApplied, applied: [...granted, ...removed] };
  if (granted.some((s) => s.status === 'pending')) result.sharing = 'invitation';
  else if (granted.some((s) => s.status === 'accepted')) result.sharing = 'instant';
  if (comment !== undefined && granted.length > 0 && result.sharing !== undefined) {
    // An invitation carries the message (Cyrus writes it into the notification); an instant share
    // keeps it only where the server lists it back (sabre/dav and Nextcloud do not store it).
    const listedBack = granted.some((s) => s.comment === comment);
    result.message = listedBack || result.sharing === 'invitation' ? 'kept' : 'dropped';
  }
  return result;
}

/**
 * The href that names a person on this server. Where the dialect names sharees by principal only
 * (Nextcloud's), an e-mail address is looked up in the directory (an exact, whole-address match);
 * undefined when nobody there has it.
 */
async function personHref(ctx: DavContext, address: string, dialect: Dialect, cache?: PrincipalSearchCache): Promise<string | undefined> {
  if (dialect === 'acl' || !SHARE_DIALECTS[dialect].principalsOnly || !/^mailto:/i.test(address)) return address;
  try {
    return await resolvePrincipalUrl(ctx, address, cache);
  } catch (e) {
    if (e instanceof SharedeckError && e.code === 'unknown-sharee') return undefined;
    throw e;
  }
}

/** Invites people, or changes the access of people already invited (the same request). */
export async function invite(
  ctx: DavContext,
  url: string,
  sharees: readonly ShareeInput[],
  options: WriteOptions = {},
): Promise<ShareResult> {
  if (sharees.length === 0) throw new SharedeckError('invalid-input', 'Name at least one person to share with.');
  for (const s of sharees) assertAccess(s.access);
  const before = await readCollection(ctx, url);
  return strip(await inviteOn(ctx, before, sharees, options));
}

async function inviteOn(ctx: DavContext, before: Read, sharees: readonly ShareeInput[], options: WriteOptions): Promise<Written> {
  const dialect = chooseDialect(before.collection, options.dialect);
  if (dialect === 'acl') {
    const requests = await Promise.all(
      sharees.map(async (s) => ({
        requested: normaliseAddress(s.address),
        address: await granteeAddress(ctx, before.collection, s.address, options.principals),
        access: s.access,
      })),
    );
    return asRequested(await aclWrite(ctx, before.collection, before.resource, requests), requests);
  }
  return shareWrite(
    ctx,
    before,
    dialect,
    async ({ before: c, dialect: d, hrefs }) => {
      const targets: Target[] = [];
      const unknown: string[] = [];
      for (const s of sharees) {
        const requested = normaliseAddress(s.address);
        const person = await personHref(ctx, requested, d, options.principals);
        if (person === undefined) {
          unknown.push(requested);
          continue;
        }
        // Someone already listed is changed by the href the server holds (sabre matches exactly);
        // only the same address or principal counts, never a namesake at another domain.
        const listed = findSharee(c.sharees, person, hrefs.rules);
        const target: Target = listed
          ? { requested, href: hrefs.forListed(listed.address), access: s.access, listed }
          : { requested, href: hrefs.toSend(person), access: s.access };
        if (s.name !== undefined) target.name = s.name;
        targets.push(target);
      }
      return { targets, unknown };
    },
    options.comment,
  );
}

/**
 * An ACL write's result with what it did not apply named as the request named it (an e-mail
 * address, say), not by the principal the directory gave for it.
 */
function asRequested(written: Written, requests: readonly { requested: string; address: string }[]): Written {
  const named = (address: string) => requests.find((r) => r.address === address)?.requested ?? address;
  const notApplied = written.notApplied.map((n) => ({ ...n, address: named(n.address) }));
  return { ...written, notApplied, unresolved: notApplied.map((n) => n.address) };
}

/** The principal to grant to: someone the ACL already names, else the directory's answer. */
async function granteeAddress(ctx: DavContext, c: Collection, address: string, cache?: PrincipalSearchCache): Promise<string> {
  return findGrant(c, address)?.address ?? (await resolvePrincipalUrl(ctx, address, cache));
}

function findGrant(c: Collection, address: string): AclGrant | undefined {
  const kind = everyoneKind(address);
  return c.aclGrants?.find((g) => (kind ? g.everyone === kind : g.everyone === undefined && samePrincipalUrl(g.address, address)));
}

/** The listed sharee an address names, under the server's rules; undefined when nobody is. */
async function listedSharee(ctx: DavContext, before: Read, address: string, cache?: PrincipalSearchCache): Promise<Sharee | undefined> {
  const c = before.collection;
  // The rules come from the collection; where it offers no share dialect, the refusal comes later.
  const dialect = c.dialects.find((d) => d !== 'acl') ?? 'dav';
  const requested = normaliseAddress(address);
  const person = await personHref(ctx, requested, dialect, cache);
  if (person === undefined) return undefined;
  const { rules } = shareeHrefs(before.resource, ctx.account, dialect);
  const one = findSharee(c.sharees, person, rules);
  if (one) return one;
  const several = matchingSharees(c.sharees, person, rules);
  if (several.length > 1) {
    throw new SharedeckError(
      'invalid-input',
      `${address} names several people ${quoted(c)} is shared with (${several.map((s) => s.address).join(', ')}); use the address of one.`,
    );
  }
  return undefined;
}

/** Where a person named by `address` has access: a listed sharee, or an ACL grant. */
async function routeTo(
  ctx: DavContext,
  before: Read,
  address: string,
  dialect: Dialect | undefined,
  cache?: PrincipalSearchCache,
): Promise<{ via: 'share'; sharee: Sharee } | { via: 'acl'; grant: AclGrant }> {
  const c = before.collection;
  if (dialect !== 'acl') {
    const sharee = await listedSharee(ctx, before, address, cache);
    if (sharee) return { via: 'share', sharee };
  }
  if (dialect === undefined || dialect === 'acl') {
    let grant = findGrant(c, address);
    // A typed e-mail address or name is matched through the directory's principal for it.
    if (!grant && c.aclGrants?.some((g) => g.everyone === undefined) && !everyoneKind(address)) {
      const url = await resolvePrincipalUrl(ctx, address, cache).catch(() => undefined);
      if (url !== undefined) grant = findGrant(c, url);
    }
    if (grant?.fixed) {
      throw new SharedeckError(
        'forbidden',
        grant.fixed === 'protected'
          ? `The server protects the access ${personLabel({ address: grant.address })} has to ${quoted(c)}; it cannot be changed here.`
          : `The access ${personLabel({ address: grant.address })} has to ${quoted(c)} comes from ${grant.inheritedFrom ?? 'a parent collection'}; change it there.`,
      );
    }
    if (grant) return { via: 'acl', grant };
  }
  throw notAmong(c, address);
}

/** "x is not among the people …", with the likely candidates (never acted on: a write does not guess). */
function notAmong(c: Collection, address: string): SharedeckError {
  const similar = similarSharees(c.sharees, address);
  const hint =
    similar.length > 0 ? ` Did you mean ${similar.map((s) => addressLabel(s.address)).join(' or ')}? Name them by that address.` : '';
  return new SharedeckError('unknown-sharee', `${address} is not among the people ${quoted(c)} is shared with.${hint}`);
}

/** A share write for the people routes found listed (their dialect: the collection's first share dialect). */
function shareChanges(
  ctx: DavContext,
  before: Read,
  options: WriteOptions,
  changes: readonly { requested: string; sharee: Sharee; access: Access | 'none' }[],
) {
  const dialect = chooseDialect(before.collection, options.dialect);
  if (dialect === 'acl') throw notAmong(before.collection, changes.map((c) => c.requested).join(', '));
  return shareWrite(ctx, before, dialect, ({ hrefs }) => ({
    targets: changes.map((c) => ({ requested: c.requested, href: hrefs.forListed(c.sharee.address), access: c.access, listed: c.sharee })),
    unknown: [],
  }));
}

export async function setAccess(
  ctx: DavContext,
  url: string,
  address: string,
  access: Access,
  options: WriteOptions = {},
): Promise<ShareResult> {
  assertAccess(access);
  const before = await readCollection(ctx, url);
  ownerWrites(before.collection);
  const route = await routeTo(ctx, before, address, options.dialect, options.principals);
  if (route.via === 'acl') {
    const request = { requested: address, address: route.grant.address, access };
    return strip(asRequested(await aclWrite(ctx, before.collection, before.resource, [request]), [request]));
  }
  return strip(await shareChanges(ctx, before, options, [{ requested: address, sharee: route.sharee, access }]));
}

/** Takes access away from people, by whichever route each has it (share, ACL grant, or both in turn). */
export async function revoke(ctx: DavContext, url: string, addresses: readonly string[], options: WriteOptions = {}): Promise<ShareResult> {
  if (addresses.length === 0) throw new SharedeckError('invalid-input', 'Name at least one person to stop sharing with.');
  return strip(await revokeOn(ctx, await readCollection(ctx, url), addresses, options));
}

async function revokeOn(ctx: DavContext, before: Read, addresses: readonly string[], options: WriteOptions): Promise<Written> {
  ownerWrites(before.collection);
  const routes = await Promise.all(
    addresses.map(async (requested) => ({ requested, route: await routeTo(ctx, before, requested, options.dialect, options.principals) })),
  );
  const shares = routes.flatMap(({ requested, route }) =>
    route.via === 'share' ? [{ requested, sharee: route.sharee, access: 'none' as const }] : [],
  );
  const unique = shares.filter((s, i) => shares.findIndex((o) => o.sharee.address === s.sharee.address) === i);
  const grants: (AclRequest & { requested: string })[] = routes.flatMap(({ requested, route }) =>
    route.via === 'acl' ? [{ requested, address: route.grant.address, access: 'none' as const }] : [],
  );
  let state: Written | undefined;
  if (unique.length > 0) state = await shareChanges(ctx, before, options, unique);
  if (grants.length > 0) {
    const from = state ?? before;
    ownerWrites(from.collection);
    const acl = asRequested(await aclWrite(ctx, from.collection, from.resource, grants), grants);
    state = state
      ? {
          ...acl,
          unresolved: [...state.unresolved, ...acl.unresolved],
          notApplied: [...state.notApplied, ...acl.notApplied],
          applied: [...state.applied, ...acl.applied],
        }
      : acl;
  }
  return state!;
}

/** The engine never sends an owner-level access: sabre/dav accepts it and hands over ownership. */
function assertAccess(access: string): asserts access is Access {
  if (!isAccess(access)) {
    throw new SharedeckError('invalid-input', `Access must be “read” or “read-write”, not “${access.slice(0, 40)}”.`);
  }
}

export async function setPublished(ctx: DavContext, url: string, publish: boolean): Promise<Collection> {
  const { collection: before, resource } = await readCollection(ctx, url);
  if (isAccess(before.access)) throw ownerOnly(before);
  const publisher = publisherOf(viewsOf(resource))?.dialect;
  if (!before.publish?.available || !publisher?.buildPublish) {
    throw new SharedeckError('unsupported', `The server does not offer publishing for ${quoted(before)}.`);
  }
  const { contentType, body } = publisher.buildPublish(publish);
  const res = await ctx.http.request({ method: 'POST', url: before.url, headers: { 'Content-Type': contentType }, body });
  if (res.status < 200 || res.status >= 300) {
    throw errorForStatus(res, `${publish ? 'publishing' : 'unpublishing'} ${quoted(before)}`, { write: true });
  }
  return (await readCollection(ctx, before.url)).collection;
}

/** Leaves a share given to the user: deletes their copy, never the owner's collection. */
export async function leave(ctx: DavContext, url: string): Promise<void> {
  const { collection } = await readCollection(ctx, url);
  if (!isAccess(collection.access)) {
    throw new SharedeckError(
      'forbidden',
      `${quoted(collection)} is your own; leaving is for shares given to you. To stop sharing it, revoke its sharees.`,
    );
  }
  // No redirects: a DELETE must only ever reach the copy just checked.
  const res = await ctx.http.request({ method: 'DELETE', url: collection.url, redirect: 'manual' });
  if (res.status < 200 || res.status >= 300) {
    throw errorForStatus(res, `leaving ${quoted(collection)}`, { write: true, readOnly: collection.access === 'read' });
  }
}
