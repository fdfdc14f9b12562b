// Writes on a collection: invite, change access, revoke, publish, leave. Each one reads the
// collection first (to pick the dialect and refuse what cannot work), sends one request, then
// re-reads and returns what the server now holds.

import type { Access, Collection, Dialect, ShareeInput, ShareResult } from '../../shared/model';
import { SharedeckError } from '../../shared/errors';
import { personLabel } from '../../shared/format';
import { readCollection, type DavContext } from './collections';
import { DIALECTS, type ShareChange } from './dialects';
import { buildPublish } from './dialects/cs';
import { errorForStatus } from './http';
import { findSharee, normaliseAddress } from './identity';
import { parseMultistatus } from './multistatus';

const DIALECT_NAMES: Record<Dialect, string> = {
  dav: 'WebDAV resource sharing (DAV:)',
  cs: 'calendarserver sharing (CS:)',
  oc: 'Nextcloud sharing (OC:)',
};

export function quoted(c: Pick<Collection, 'name'>): string {
  return `“${c.name}”`;
}

function ownerOnly(c: Collection): SharedeckError {
  const by = c.sharedBy ? ` by ${personLabel(c.sharedBy)}` : '';
  return new SharedeckError('forbidden', `${quoted(c)} was shared with you${by}; only its owner can change who it is shared with.`);
}

function chooseDialect(c: Collection, requested: Dialect | undefined): Dialect {
  if (c.access === 'read' || c.access === 'read-write') throw ownerOnly(c);
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

/** Runs one share POST planned from the collection's current state, then re-reads it. */
async function shareWrite(
  ctx: DavContext,
  url: string,
  plan: (before: Collection) => ShareChange[],
  options: { comment?: string; dialect?: Dialect },
): Promise<ShareResult> {
  const { collection: before } = await readCollection(ctx, url);
  const dialect = chooseDialect(before, options.dialect);
  const changes = plan(before);
  const context =
    options.comment === undefined ? { collectionName: before.name } : { collectionName: before.name, comment: options.comment };
  const { contentType, body } = DIALECTS[dialect].buildShare(changes, context);
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

  const { collection } = await readCollection(ctx, before.url);
  const unresolved = changes
    .filter((c) => {
      const listed = findSharee(collection.sharees, c.address);
      return c.access === 'none' ? listed !== undefined : listed === undefined || listed.status === 'invalid';
    })
    .map((c) => c.address);
  return { collection, unresolved };
}

/** Invites people, or changes the access of people already invited (the same request). */
export function invite(
  ctx: DavContext,
  url: string,
  sharees: readonly ShareeInput[],
  options: { comment?: string; dialect?: Dialect } = {},
): Promise<ShareResult> {
  if (sharees.length === 0) throw new SharedeckError('invalid-input', 'Name at least one person to share with.');
  return shareWrite(
    ctx,
    url,
    (before) =>
      sharees.map((s) => {
        assertAccess(s.access);
        // Re-inviting someone listed must use the server's own href for them (sabre matches exactly).
        const address = normaliseAddress(s.address);
        const listed = findSharee(before.sharees, address);
        const change: ShareChange = { address: listed?.address ?? address, access: s.access };
        if (s.name !== undefined) change.name = s.name;
        return change;
      }),
    options,
  );
}

export function setAccess(ctx: DavContext, url: string, address: string, access: Access, dialect?: Dialect): Promise<ShareResult> {
  assertAccess(access);
  return shareWrite(ctx, url, (before) => [{ address: listedSharee(before, address).address, access }], dialect ? { dialect } : {});
}

export function revoke(ctx: DavContext, url: string, addresses: readonly string[], dialect?: Dialect): Promise<ShareResult> {
  if (addresses.length === 0) throw new SharedeckError('invalid-input', 'Name at least one person to stop sharing with.');
  return shareWrite(
    ctx,
    url,
    (before) => addresses.map((a) => ({ address: listedSharee(before, a).address, access: 'none' as const })),
    dialect ? { dialect } : {},
  );
}

function listedSharee(c: Collection, address: string) {
  const s = findSharee(c.sharees, address);
  if (!s) throw new SharedeckError('unknown-sharee', `${address} is not among the people ${quoted(c)} is shared with.`);
  return s;
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
