// Writes through the ACL route: grant, change and revoke by read-modify-write of the collection's
// whole access control list (dialects/acl.ts plans the body), then a re-read that checks what the
// server actually did. Servers differ (docs/protocol.md, "Access control lists"), so nothing is
// assumed: a revoke is first sent as RFC 3744 says (the entry left out); where the re-read shows
// the person still there, the server updates per entry (DAViCal), the revoke is sent again as an
// entry with an empty grant, and that is remembered for the server.

import { isAccess, type Access, type Collection, type NotApplied, type Sharee, type ShareResult } from '../../shared/model';
import { SharedeckError } from '../../shared/errors';
import { personLabel } from '../../shared/format';
import { quoted, readCollection } from './collections';
import type { DavContext } from './context';
import { SHARE_DIALECTS } from './dialects';
import { AclPlan, aclWritable, everyoneKind, grantFor, parseAcl, type AceChange, type OwnerContext, type RevokeForm } from './dialects/acl';
import type { AclState } from './dialects/acl-state';
import { privilegesFor } from './dialects/acl-privileges';
import type { DavResponse } from './http';
import { errorForStatus } from './http-errors';
import type { DavResource } from './multistatus';
import { P, read } from './properties';
import { NS, parseXml } from './xml';

/** One requested change: `address` is a principal URL or an everyone address (DAV:authenticated). */
export interface AclRequest {
  address: string;
  access: Access | 'none';
}

function ownerContext(ctx: DavContext, resource: DavResource): OwnerContext {
  const ownerUrl = read(resource, P.owner);
  return ownerUrl === undefined ? { selfUrl: ctx.account.principalUrl } : { ownerUrl, selfUrl: ctx.account.principalUrl };
}

function whoLabel(address: string): string {
  const kind = everyoneKind(address);
  if (kind === 'all') return 'everyone';
  if (kind === 'authenticated') return 'every signed-in user';
  if (kind === 'unauthenticated') return 'anonymous visitors';
  return personLabel({ address });
}

function stateOf(resource: DavResource, collection: Collection): AclState {
  const state = parseAcl(resource, resource.url);
  if (!state?.aces) {
    throw new SharedeckError(
      'forbidden',
      `The server does not show this account who has access to ${quoted(collection)}, so Sharedeck cannot change it.`,
    );
  }
  if (!aclWritable(state)) {
    throw new SharedeckError(
      'forbidden',
      `This account may not change who has access to ${quoted(collection)}: the server does not give it the privilege to change the access list (write-acl).`,
    );
  }
  return state;
}

function aceChanges(requests: readonly AclRequest[], state: AclState, collection: Collection): AceChange[] {
  return requests.map((r) => {
    if (r.access === 'none') return { address: r.address, privileges: [] };
    const { privileges, missing } = privilegesFor(r.access, state.tree);
    if (missing.length > 0) {
      throw new SharedeckError(
        'unsupported',
        `The server does not offer ${missing.join(' and ')} on ${quoted(collection)}, so it cannot be shared ${r.access === 'read' ? 'read-only' : 'read-write'} by ACL.`,
      );
    }
    return { address: r.address, privileges };
  });
}

function applied(state: AclState, who: OwnerContext, r: AclRequest): boolean {
  const now = grantFor(state, who, r.address)?.access;
  return r.access === 'none' ? now === undefined : now === r.access;
}

/**
 * The result of an ACL write in the terms of every write (ShareResult): each request the re-read
 * shows not applied, and why; the grants that took, as sharees of the instant kind (an ACL grant
 * has no invitation).
 */
function aclResult(
  after: { collection: Collection; resource: DavResource },
  state: AclState | undefined,
  who: OwnerContext,
  requests: readonly AclRequest[],
): ShareResult & { resource: DavResource } {
  const notApplied: NotApplied[] = [];
  const took: Sharee[] = [];
  for (const r of requests) {
    const now = state?.aces ? grantFor(state, who, r.address)?.access : undefined;
    const level = isAccess(now) ? now : undefined;
    if (state?.aces && applied(state, who, r)) {
      if (r.access !== 'none') took.push({ address: r.address, access: r.access, status: 'accepted' });
    } else if (r.access === 'none') {
      notApplied.push(
        level ? { address: r.address, problem: 'still-listed', access: level } : { address: r.address, problem: 'still-listed' },
      );
    } else if (now === undefined) notApplied.push({ address: r.address, problem: 'not-listed' });
    else notApplied.push(level ? { address: r.address, problem: 'access', access: level } : { address: r.address, problem: 'access' });
  }
  const result: ShareResult & { resource: DavResource } = {
    collection: after.collection,
    unresolved: notApplied.map((n) => n.address),
    notApplied,
    applied: took,
    resource: after.resource,
  };
  if (took.length > 0) result.sharing = 'instant';
  return result;
}

/** Preconditions of RFC 3744 section 8.1.1 (and need-privileges) in a 403 or 409 body. */
function preconditions(res: Refused): string[] {
  try {
    const root = parseXml(res.text);
    if (root.ns !== NS.DAV || root.name !== 'error') return [];
    return root.children.filter((c) => c.ns === NS.DAV).map((c) => c.name);
  } catch {
    return [];
  }
}

type Refused = Pick<DavResponse, 'status' | 'text' | 'url'>;

/** A refused ACL request as a sentence a person can act on. */
export function aclRefusal(res: Refused, collection: Collection, requests: readonly AclRequest[]): SharedeckError {
  const name = quoted(collection);
  const who = requests.map((r) => whoLabel(r.address)).join(', ');
  const status = { status: res.status };
  if (res.status === 405 || res.status === 501) {
    return new SharedeckError('unsupported', `The server does not let access lists be changed (the ACL method) on ${name}.`, status);
  }
  if (res.status === 403 || res.status === 409) {
    const said = new Set(preconditions(res));
    const sentence = (code: ConstructorParameters<typeof SharedeckError>[0], message: string) => new SharedeckError(code, message, status);
    if (said.has('recognized-principal'))
      return sentence(
        'unknown-sharee',
        `The server does not know ${who} as a user or group, so it did not change who has access to ${name}.`,
      );
    if (said.has('allowed-principal')) return sentence('forbidden', `The server does not allow giving ${who} access to ${name}.`);
    if (said.has('not-supported-privilege') || said.has('no-abstract')) {
      return sentence('unsupported', `The server does not support that access on ${name}; it changed nothing.`);
    }
    if (said.has('grant-only') || said.has('no-invert') || said.has('deny-before-grant')) {
      return sentence(
        'unsupported',
        `The server refused the access list of ${name} because it holds an entry of a form the server does not accept (a denial or an inverted entry); it changed nothing. Remove that entry with the server’s own tools first.`,
      );
    }
    if (said.has('no-ace-conflict') || said.has('no-protected-ace-conflict') || said.has('no-inherited-ace-conflict')) {
      return sentence(
        'forbidden',
        `The change conflicts with an entry of ${name}’s access list that the server protects; it changed nothing.`,
      );
    }
    if (said.has('limited-number-of-aces'))
      return sentence('forbidden', `The access list of ${name} is full: the server takes no more entries.`);
    if (said.has('missing-required-principal')) {
      return sentence(
        'forbidden',
        `The server requires an entry in ${name}’s access list that the change would remove; it changed nothing.`,
      );
    }
    return sentence('forbidden', `The server does not allow this account to change who has access to ${name}.`);
  }
  return errorForStatus(res, `changing who has access to ${name}`);
}

/**
 * Sends one planned ACL. A refusal (4xx) throws; a server error is returned instead, because Cyrus
 * answers some ACL requests 500 after applying them: the caller's re-read decides.
 */
async function send(
  ctx: DavContext,
  collection: Collection,
  plan: AclPlan,
  requests: readonly AclRequest[],
): Promise<SharedeckError | undefined> {
  const { contentType, body } = plan.body();
  // No redirects: an ACL must only ever reach the collection whose list it was planned from.
  const res = await ctx.http.request({
    method: 'ACL',
    url: collection.url,
    headers: { 'Content-Type': contentType },
    body,
    redirect: 'manual',
  });
  if (res.status >= 200 && res.status < 300) return undefined;
  const refusal = aclRefusal(res, collection, requests);
  if (res.status >= 500) return refusal;
  throw refusal;
}

/**
 * Changes who has access to a collection through its ACL; `before` and `resource` are what a
 * Depth 0 read just returned (readCollection). Resolves to what the server holds afterwards, with
 * the addresses whose change the server did not apply.
 */
export async function aclWrite(
  ctx: DavContext,
  before: Collection,
  resource: DavResource,
  requests: readonly AclRequest[],
): Promise<ShareResult & { resource: DavResource }> {
  const state = stateOf(resource, before);
  if (state.imapBacked && before.dialects.includes('dav')) return entryWrite(ctx, before, requests);
  return listWrite(ctx, before, resource, state, requests);
}

/**
 * Cyrus keeps its DAV access lists as IMAP ACLs, and its ACL method is no place to change one
 * entry: the whole list goes through a lossy mapping (the owner loses the seen right, everyone
 * loses lookup, which on a home takes the owner out of the directory search), and every person
 * named in the list is given read on the calendar home, which the calendars made there later
 * inherit. Its share request changes exactly the one entry of the principal it names, so a
 * person's direct grant is changed or taken away with that (Cyrus records a changed one as a share,
 * and a taken-away one keeps free/busy time, which everyone has there anyway).
 */
async function entryWrite(
  ctx: DavContext,
  before: Collection,
  requests: readonly AclRequest[],
): Promise<ShareResult & { resource: DavResource }> {
  const everyone = requests.find((r) => everyoneKind(r.address));
  if (everyone) {
    // Its share request takes DAV:authenticated as the "-anonymous" entry and would widen what
    // anonymous visitors may do; its ACL method is no better (see above).
    throw new SharedeckError(
      'unsupported',
      `This server cannot change what ${whoLabel(everyone.address)} may do on ${quoted(before)} precisely over WebDAV; change it with the server’s own tools.`,
    );
  }
  const changes = requests.map((r) => ({ address: new URL(r.address).pathname, access: r.access }));
  const { contentType, body } = SHARE_DIALECTS.dav.buildShare(changes, { collectionName: before.name });
  const res = await ctx.http.request({
    method: 'POST',
    url: before.url,
    headers: { 'Content-Type': contentType },
    body,
    redirect: 'manual',
  });
  if (res.status < 200 || res.status >= 300) throw errorForStatus(res, `changing who has access to ${quoted(before)}`);
  const after = await readCollection(ctx, before.url);
  return aclResult(after, parseAcl(after.resource, after.resource.url), ownerContext(ctx, after.resource), requests);
}

async function listWrite(
  ctx: DavContext,
  before: Collection,
  resource: DavResource,
  state: AclState,
  requests: readonly AclRequest[],
): Promise<ShareResult & { resource: DavResource }> {
  const who = ownerContext(ctx, resource);
  const origin = new URL(before.url).origin;
  const form: RevokeForm = ctx.acl?.perEntry.has(origin) ? 'empty-grant' : 'omit';
  const failed = await send(ctx, before, AclPlan.plan(state, who, aceChanges(requests, state, before), form), requests);
  let after = await readCollection(ctx, before.url);
  let afterState = parseAcl(after.resource, after.resource.url);
  const done = (r: AclRequest) => afterState?.aces !== undefined && applied(afterState, who, r);
  if (failed && !requests.some(done)) throw failed;
  const kept = form === 'omit' && afterState?.aces ? requests.filter((r) => r.access === 'none' && !done(r)) : [];
  if (kept.length > 0 && afterState) {
    // Left out, yet still there: this server updates entry by entry.
    ctx.acl?.perEntry.add(origin);
    const again = await send(
      ctx,
      after.collection,
      AclPlan.plan(stateOf(after.resource, after.collection), who, aceChanges(kept, afterState, after.collection), 'empty-grant'),
      kept,
    );
    after = await readCollection(ctx, before.url);
    afterState = parseAcl(after.resource, after.resource.url);
    if (again && !kept.some(done)) throw again;
  }
  return aclResult(after, afterState, who, requests);
}
