// Writes on a collection: invite, change access, revoke, publish, leave. Each one reads the
// collection first (to pick the dialect and refuse what cannot work), sends one request, then
// re-reads and returns what the server now holds.

import type { Access, AclGrant, Collection, Dialect, ShareeInput, ShareResult } from '../../shared/model';
import { SharedeckError } from '../../shared/errors';
import { personLabel } from '../../shared/format';
import { aclWrite, type AclRequest } from './acl-write';
import { quoted, readCollection, type DavContext } from './collections';
import { SHARE_DIALECTS, type ShareChange } from './dialects';
import { everyoneKind, samePrincipalUrl } from './dialects/acl';
import { buildPublish } from './dialects/cs';
import { errorForStatus } from './http';
import { findSharee, normaliseAddress } from './identity';
import type { DavResource } from './multistatus';
import { parseMultistatus } from './multistatus';
import { resolvePrincipalUrl, type PrincipalSearchCache } from './principals';

export { quoted } from './collections';

const DIALECT_NAMES: Record<Dialect, string> = {
  dav: 'WebDAV resource sharing (DAV:)',
  cs: 'calendarserver sharing (CS:)',
  oc: 'Nextcloud sharing (OC:)',
  acl: 'access control lists (ACL)',
};

function ownerOnly(c: Collection): SharedeckError {
  const by = c.sharedBy ? ` by ${personLabel(c.sharedBy)}` : '';
  return new SharedeckError('forbidden', `${quoted(c)} was shared with you${by}; only its owner can change who it is shared with.`);
}

/** Only the owner side changes who has access (a sharee's copy never does). */
function ownerWrites(c: Collection): void {
  if (c.access === 'read' || c.access === 'read-write') throw ownerOnly(c);
}

function chooseDialect(c: Collection, requested: Dialect | undefined): Dialect {
  ownerWrites(c);
  const dialect = requested ?? c.dialects[0];
  if (!dialect) throw new SharedeckError('no-sharing', `The server does not offer sharing for ${quoted(c)}.`);
  if (!c.dialects.includes(dialect)) {
    throw new SharedeckError(
      'unsupported',
      `The server does not accept ${DIALECT_NAMES[dialect]} for ${quoted(c)}; it offers ${c.dialects.map((d) => DIALECT_NAMES[d]).join(' and ')}.`,
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

/** Runs one share POST on a collection just read, then re-reads it. */
async function shareWrite(
  ctx: DavContext,
  before: Collection,
  dialect: Exclude<Dialect, 'acl'>,
  changes: ShareChange[],
  comment?: string,
): Promise<Written> {
  const context = comment === undefined ? { collectionName: before.name } : { collectionName: before.name, comment };
  const { contentType, body } = SHARE_DIALECTS[dialect].buildShare(changes, context);
  const res = await ctx.http.request({ method: 'POST', url: before.url, headers: { 'Content-Type': contentType }, body });
  if (res.status === 207) {
    // Apple applies CS:share atomically: one bad address and nothing changed.
    const rejected = res
      .parse(parseMultistatus)
      .filter((r) => r.status !== undefined && r.status >= 400 && r.status !== 424)
      .map((r) => r.url);
    throw new SharedeckError(
      'unknown-sharee',
      `The server refused ${rejected.length > 0 ? rejected.join(', ') : 'an address'} and changed nothing on ${quoted(before)}.`,
    );
  }
  if (res.status === 405 || (res.status === 403 && (before.access === 'read' || before.access === 'read-write'))) throw ownerOnly(before);
  if (res.status < 200 || res.status >= 300) throw errorForStatus(res, `sharing ${quoted(before)}`);

  const { collection, resource } = await readCollection(ctx, before.url);
  const unresolved = changes
    .filter((c) => {
      const listed = findSharee(collection.sharees, c.address);
      return c.access === 'none' ? listed !== undefined : listed === undefined || listed.status === 'invalid';
    })
    .map((c) => c.address);
  return { collection, unresolved, resource };
}

function strip({ collection, unresolved }: Written): ShareResult {
  return { collection, unresolved };
}

export interface WriteOptions {
  comment?: string;
  dialect?: Dialect;
  /** Directory look-ups for the ACL route (an address to its principal). */
  principals?: PrincipalSearchCache;
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

async function inviteOn(
  ctx: DavContext,
  { collection: before, resource }: Read,
  sharees: readonly ShareeInput[],
  options: WriteOptions,
): Promise<Written> {
  const dialect = chooseDialect(before, options.dialect);
  if (dialect === 'acl') {
    const requests = await Promise.all(
      sharees.map(async (s) => ({ address: await granteeAddress(ctx, before, s.address, options.principals), access: s.access })),
    );
    return aclWrite(ctx, before, resource, requests);
  }
  return shareWrite(
    ctx,
    before,
    dialect,
    sharees.map((s) => {
      // Re-inviting someone listed must use the server's own href for them (sabre matches exactly).
      const address = normaliseAddress(s.address);
      const listed = findSharee(before.sharees, address);
      const change: ShareChange = { address: listed?.address ?? address, access: s.access };
      if (s.name !== undefined) change.name = s.name;
      return change;
    }),
    options.comment,
  );
}

/** The principal to grant to: someone the ACL already names, else the directory's answer. */
async function granteeAddress(ctx: DavContext, c: Collection, address: string, cache?: PrincipalSearchCache): Promise<string> {
  return findGrant(c, address)?.address ?? (await resolvePrincipalUrl(ctx, address, cache));
}

function findGrant(c: Collection, address: string): AclGrant | undefined {
  const kind = everyoneKind(address);
  return c.aclGrants?.find((g) => (kind ? g.everyone === kind : g.everyone === undefined && samePrincipalUrl(g.address, address)));
}

/** Where a person named by `address` has access: a listed sharee, or an ACL grant. */
async function routeTo(
  ctx: DavContext,
  c: Collection,
  address: string,
  dialect: Dialect | undefined,
  cache?: PrincipalSearchCache,
): Promise<{ via: 'share'; address: string } | { via: 'acl'; grant: AclGrant }> {
  if (dialect !== 'acl') {
    const sharee = findSharee(c.sharees, address);
    if (sharee) return { via: 'share', address: sharee.address };
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
  throw new SharedeckError('unknown-sharee', `${address} is not among the people ${quoted(c)} is shared with.`);
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
  const route = await routeTo(ctx, before.collection, address, options.dialect, options.principals);
  if (route.via === 'acl') {
    ownerWrites(before.collection);
    return strip(await aclWrite(ctx, before.collection, before.resource, [{ address: route.grant.address, access }]));
  }
  const dialect = chooseDialect(before.collection, options.dialect);
  if (dialect === 'acl')
    throw new SharedeckError('unknown-sharee', `${address} is not among the people ${quoted(before.collection)} is shared with.`);
  return strip(await shareWrite(ctx, before.collection, dialect, [{ address: route.address, access }]));
}

/** Takes access away from people, by whichever route each has it (share, ACL grant, or both in turn). */
export async function revoke(ctx: DavContext, url: string, addresses: readonly string[], options: WriteOptions = {}): Promise<ShareResult> {
  if (addresses.length === 0) throw new SharedeckError('invalid-input', 'Name at least one person to stop sharing with.');
  return strip(await revokeOn(ctx, await readCollection(ctx, url), addresses, options));
}

async function revokeOn(ctx: DavContext, before: Read, addresses: readonly string[], options: WriteOptions): Promise<Written> {
  const routes = await Promise.all(addresses.map((a) => routeTo(ctx, before.collection, a, options.dialect, options.principals)));
  const shares = routes.flatMap((r) => (r.via === 'share' ? [r.address] : []));
  const grants: AclRequest[] = routes.flatMap((r) => (r.via === 'acl' ? [{ address: r.grant.address, access: 'none' as const }] : []));
  let state: Written | undefined;
  if (shares.length > 0) {
    const dialect = chooseDialect(before.collection, options.dialect);
    if (dialect === 'acl')
      throw new SharedeckError(
        'unknown-sharee',
        `${shares.join(', ')} is not among the people ${quoted(before.collection)} is shared with.`,
      );
    state = await shareWrite(
      ctx,
      before.collection,
      dialect,
      shares.map((address) => ({ address, access: 'none' })),
    );
  }
  if (grants.length > 0) {
    const from = state ?? before;
    ownerWrites(from.collection);
    const acl = await aclWrite(ctx, from.collection, from.resource, grants);
    state = { ...acl, unresolved: [...(state?.unresolved ?? []), ...acl.unresolved] };
  }
  return state!;
}

/** The engine never sends an owner-level access: sabre/dav accepts it and hands over ownership. */
function assertAccess(access: string): asserts access is Access {
  if (access !== 'read' && access !== 'read-write') {
    throw new SharedeckError('invalid-input', `Access must be “read” or “read-write”, not “${access.slice(0, 40)}”.`);
  }
}

export async function setPublished(ctx: DavContext, url: string, publish: boolean): Promise<Collection> {
  const { collection: before } = await readCollection(ctx, url);
  if (before.access === 'read' || before.access === 'read-write') throw ownerOnly(before);
  if (!before.publish?.available) {
    throw new SharedeckError('unsupported', `The server does not offer publishing for ${quoted(before)}.`);
  }
  const { contentType, body } = buildPublish(publish);
  const res = await ctx.http.request({ method: 'POST', url: before.url, headers: { 'Content-Type': contentType }, body });
  if (res.status < 200 || res.status >= 300) throw errorForStatus(res, `${publish ? 'publishing' : 'unpublishing'} ${quoted(before)}`);
  return (await readCollection(ctx, before.url)).collection;
}

/** Leaves a share given to the user: deletes their copy, never the owner's collection. */
export async function leave(ctx: DavContext, url: string): Promise<void> {
  const { collection } = await readCollection(ctx, url);
  if (collection.access !== 'read' && collection.access !== 'read-write') {
    throw new SharedeckError(
      'forbidden',
      `${quoted(collection)} is your own; leaving is for shares given to you. To stop sharing it, revoke its sharees.`,
    );
  }
  // No redirects: a DELETE must only ever reach the copy just checked.
  const res = await ctx.http.request({ method: 'DELETE', url: collection.url, redirect: 'manual' });
  if (res.status < 200 || res.status >= 300) throw errorForStatus(res, `leaving ${quoted(collection)}`);
}
