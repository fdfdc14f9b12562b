// The notification collection: incoming shares (list, accept, decline, dismiss) and, for the
// owner of a share, the sharees' answers (list, dismiss). The DAV: form of a notification is
// preferred (it has the collection's name and kind and the true status; Cyrus's CS: translation
// always says "no response"), the CS: form is the fallback.

import type { AcceptResult, Invitation, InvitationList, ReplyList, ShareReply, SkippedEntry } from '../../shared/model';
import { SharedeckError } from '../../shared/errors';
import { capitalise, counted, decapitalise } from '../../shared/format';
import { collectionKey } from '../../shared/urls';
import { readCollection } from './collections';
import type { DavContext } from './context';
import { NOTIFICATION_DIALECTS, type NotificationDialect, type ParsedInvite, type ParsedReply } from './dialects';
import { errorForStatus } from './http-errors';
import { firstOnly, mapLimited } from './limit';
import { quote, resolveHref, type DavResource } from './multistatus';
import { P, names, read } from './properties';
import { propfind } from './propfind';
import { NS, child, clark, hrefOf, parseXml, type XmlElement } from './xml';

const NOTIFICATION_PROPS = names(NOTIFICATION_DIALECTS.dav.typeProperty, NOTIFICATION_DIALECTS.cs.typeProperty, P.getetag);

/** How many notifications are fetched at once. */
const CONCURRENCY = 6;
/** Notifications read in one listing at most (one GET each), however many the inbox lists. */
export const MAX_NOTIFICATIONS = 500;

/** How many answers filed for the owner one listing reads (a server may keep thousands nobody dismissed). */
const MAX_REPLIES = 200;

export interface InvitationCache {
  /** Parsed notifications by URL, valid while the ETag is unchanged. */
  byUrl: Map<string, { etag: string; invite: ParsedInvite; dialect: 'dav' | 'cs' }>;
  /** Parsed answers filed for the owner, by URL, valid while the ETag is unchanged. */
  replies: Map<string, { etag: string; reply: ParsedReply }>;
}

export function newInvitationCache(): InvitationCache {
  return { byUrl: new Map(), replies: new Map() };
}

function hasType(resource: DavResource, dialect: NotificationDialect, types: readonly string[]): boolean {
  const type = read(resource, dialect.typeProperty);
  return type !== undefined && type.children.some((c) => types.includes(clark(c.ns, c.name)));
}

function isInvite(resource: DavResource, dialect: NotificationDialect): boolean {
  return hasType(resource, dialect, dialect.inviteTypes);
}

function isReply(resource: DavResource, dialect: NotificationDialect): boolean {
  return hasType(resource, dialect, dialect.replyTypes);
}

function notificationUrl(ctx: DavContext): string | undefined {
  return ctx.account.notificationUrl;
}

/** Fetches and parses one invitation in the given forms, in order (DAV: first where offered). */
async function fetchInvite(
  ctx: DavContext,
  url: string,
  forms: readonly ('dav' | 'cs')[],
): Promise<{ invite: ParsedInvite; dialect: 'dav' | 'cs' } | undefined> {
  const got = await fetchNotification(ctx, url, forms, (dialect, root, base) => dialect.parseInvite(root, base), 'an invitation');
  return got && { invite: got.parsed, dialect: got.dialect };
}

/** Fetches one notification in the given forms, in order, and parses it; undefined when it is gone or not what `parse` reads. */
async function fetchNotification<T>(
  ctx: DavContext,
  url: string,
  forms: readonly ('dav' | 'cs')[],
  parse: (dialect: NotificationDialect, root: XmlElement, base: string) => T | undefined,
  what: string,
): Promise<{ parsed: T; dialect: 'dav' | 'cs' } | undefined> {
  let refused = false;
  for (const id of forms) {
    const res = await ctx.http.request({ method: 'GET', url, headers: { Accept: NOTIFICATION_DIALECTS[id].accept } });
    if (res.status === 404 || res.status === 410) return undefined; // gone meanwhile
    if (res.status === 406) {
      refused = true;
      continue;
    }
    if (res.status < 200 || res.status >= 300) throw errorForStatus(res, what);
    const root = res.parse((text) => parseXml(text));
    // Read whichever form came back; a server may ignore the Accept header.
    const dialect = root.ns === NS.DAV ? 'dav' : 'cs';
    const parsed = parse(NOTIFICATION_DIALECTS[dialect], root, res.url);
    return parsed === undefined ? undefined : { parsed, dialect };
  }
  if (refused) throw new SharedeckError('server', `The server would not send ${what} in a form Sharedeck reads.`);
  return undefined;
}

function formsFor(ctx: DavContext, davTyped: boolean): ('dav' | 'cs')[] {
  return ctx.account.notificationDialect === 'dav' && davTyped ? ['dav', 'cs'] : ['cs'];
}

function toInvitation(id: string, invite: ParsedInvite, dialect: 'dav' | 'cs'): Invitation {
  const out: Invitation = {
    id,
    collectionName: invite.collectionName ?? 'Untitled',
    kind: invite.kind ?? 'calendar',
    from: invite.from,
    access: invite.access,
    state: invite.state,
    dialect,
  };
  if (invite.collectionUrl) out.collectionUrl = invite.collectionUrl;
  // CS: requires a summary with every invitation, so clients (ours too) send the collection's name
  // when the person wrote nothing; that is not a message to show.
  if (invite.comment && invite.comment !== invite.collectionName) out.comment = invite.comment;
  if (invite.receivedAt) out.receivedAt = invite.receivedAt;
  return out;
}

/** Errors of one notification that say nothing about the others: that one is skipped, not the inbox. */
const ENTRY_ERRORS: ReadonlySet<string> = new Set(['malformed', 'server', 'forbidden', 'too-large', 'untrusted-origin', 'unsupported']);

/** The notifications in the collection at `url` (without the collection itself), and the entries left out. */
async function inboxResources(ctx: DavContext, url: string): Promise<{ resources: DavResource[]; skipped: SkippedEntry[] }> {
  try {
    const { resources, skipped } = await propfind(ctx.http, url, '1', NOTIFICATION_PROPS, 'the invitation inbox');
    return { resources: resources.filter((r) => collectionKey(r.url) !== collectionKey(url)), skipped };
  } catch (e) {
    // sabre/dav and Nextcloud advertise a CS:notification-URL that does not exist (404): they
    // share instantly, so there is never anything to answer. An empty inbox, not an error.
    if (e instanceof SharedeckError && e.status === 404) return { resources: [], skipped: [] };
    throw e;
  }
}

export async function listInvitations(ctx: DavContext, cache?: InvitationCache): Promise<InvitationList> {
  const url = notificationUrl(ctx);
  // Servers without a notification collection share instantly.
  if (!url) return { invitations: [], skipped: [] };
  const found = await inboxResources(ctx, url);
  const skipped: SkippedEntry[] = [...found.skipped];
  const listed = found.resources.filter((r) => isInvite(r, NOTIFICATION_DIALECTS.dav) || isInvite(r, NOTIFICATION_DIALECTS.cs));
  const invites = firstOnly(
    listed,
    MAX_NOTIFICATIONS,
    skipped,
    (more) => `${counted(more, 'more invitation')} in the inbox`,
    `only the first ${MAX_NOTIFICATIONS} are read at a time; answer or dismiss some to see the others.`,
  );
  const parsed = await mapLimited(invites, CONCURRENCY, async (r) => {
    const etag = read(r, P.getetag);
    const hit = cache?.byUrl.get(r.url);
    if (hit && etag && hit.etag === etag) return { url: r.url, ...hit };
    let got: Awaited<ReturnType<typeof fetchInvite>>;
    try {
      got = await fetchInvite(ctx, r.url, formsFor(ctx, isInvite(r, NOTIFICATION_DIALECTS.dav)));
    } catch (e) {
      if (!(e instanceof SharedeckError) || !ENTRY_ERRORS.has(e.code)) throw e;
      skipped.push({ what: `the invitation ${quote(r.url)}`, reason: decapitalise(e.message) });
      return undefined;
    }
    if (got && etag) cache?.byUrl.set(r.url, { etag, ...got });
    return got ? { url: r.url, ...got } : undefined;
  });
  if (cache) {
    const live = new Set(invites.map((r) => r.url));
    for (const key of cache.byUrl.keys()) if (!live.has(key)) cache.byUrl.delete(key);
  }
  const invitations = parsed
    .filter((p): p is NonNullable<typeof p> => p !== undefined)
    .map((p) => toInvitation(p.url, p.invite, p.dialect))
    .sort((a, b) => (b.receivedAt ?? '').localeCompare(a.receivedAt ?? '') || a.collectionName.localeCompare(b.collectionName));
  return { invitations, skipped };
}

function toReply(id: string, reply: ParsedReply): ShareReply {
  const out: ShareReply = { id, from: { address: reply.sharee }, answer: reply.answer, collectionUrl: reply.collectionUrl };
  if (reply.comment) out.comment = reply.comment;
  if (reply.receivedAt) out.receivedAt = reply.receivedAt;
  return out;
}

/**
 * The sharees' answers the server filed for the owner (Cyrus: DAV:share-reply-notification, or
 * CS:invite-reply), newest first, at most MAX_REPLIES of them; one that cannot be read is left
 * out and said so, as for invitations.
 */
export async function listReplies(ctx: DavContext, cache?: InvitationCache): Promise<ReplyList> {
  const url = notificationUrl(ctx);
  if (!url) return { replies: [], skipped: [] };
  const found = await inboxResources(ctx, url);
  const answers = found.resources.filter((r) => isReply(r, NOTIFICATION_DIALECTS.dav) || isReply(r, NOTIFICATION_DIALECTS.cs));
  const skipped: SkippedEntry[] = [...found.skipped];
  const batch = firstOnly(
    answers,
    MAX_REPLIES,
    skipped,
    (more) => `${counted(more, 'more answer')} to your invitations`,
    `only the first ${MAX_REPLIES} are read at a time; dismiss some to see the others.`,
  );
  const parsed = await mapLimited(batch, CONCURRENCY, async (r) => {
    const etag = read(r, P.getetag);
    const hit = cache?.replies.get(r.url);
    if (hit && etag && hit.etag === etag) return toReply(r.url, hit.reply);
    let got: { parsed: ParsedReply } | undefined;
    try {
      const forms = formsFor(ctx, isReply(r, NOTIFICATION_DIALECTS.dav));
      got = await fetchNotification(
        ctx,
        r.url,
        forms,
        (dialect, root, base) => dialect.parseReply(root, base),
        'an answer to an invitation',
      );
    } catch (e) {
      if (!(e instanceof SharedeckError) || !ENTRY_ERRORS.has(e.code)) throw e;
      skipped.push({ what: `the answer ${quote(r.url)}`, reason: decapitalise(e.message) });
      return undefined;
    }
    if (got && etag) cache?.replies.set(r.url, { etag, reply: got.parsed });
    return got && toReply(r.url, got.parsed);
  });
  if (cache) {
    const live = new Set(batch.map((r) => r.url));
    for (const key of cache.replies.keys()) if (!live.has(key)) cache.replies.delete(key);
  }
  const replies = parsed
    .filter((p): p is ShareReply => p !== undefined)
    .sort((a, b) => (b.receivedAt ?? '').localeCompare(a.receivedAt ?? '') || a.id.localeCompare(b.id));
  return { replies, skipped };
}

/** The notification URL for an invitation id; only ever inside the user's own inbox. */
function inboxUrl(ctx: DavContext, id: string): string {
  const base = notificationUrl(ctx);
  const url = resolveHref(id, base ?? ctx.http.baseUrl);
  // An id is not a licence to POST or DELETE anywhere else on the server.
  if (!base || !url || collectionKey(url) === collectionKey(base) || !collectionKey(url).startsWith(collectionKey(base))) {
    throw new SharedeckError('not-found', 'There is no such invitation in this account’s inbox.');
  }
  return url;
}

/** Loads an invitation in the form its reply needs: CS: replies echo the CS: form's uid and hrefs. */
async function loadInvite(ctx: DavContext, id: string, dialect: 'dav' | 'cs'): Promise<{ url: string; invite: ParsedInvite }> {
  const url = inboxUrl(ctx, id);
  const got = await fetchInvite(ctx, url, dialect === 'cs' ? ['cs'] : ['dav', 'cs']);
  if (!got)
    throw new SharedeckError('not-found', 'This invitation no longer exists; it may have been answered or withdrawn. Refresh the inbox.');
  return { url, invite: got.invite };
}

function homeFor(ctx: DavContext, invite: ParsedInvite, dialect: 'dav' | 'cs'): string | undefined {
  // CS: replies always go to the calendar home; DAV: create-in names the home of the kind offered.
  const homes = dialect === 'cs' || invite.kind !== 'addressbook' ? ctx.account.calendarHomes : ctx.account.addressbookHomes;
  return homes[0];
}

function replyDialect(ctx: DavContext, requested: 'dav' | 'cs' | undefined): 'dav' | 'cs' {
  const available = ctx.account.notificationDialect;
  if (!available)
    throw new SharedeckError('no-sharing', 'This server has no invitation inbox: shares given to you appear in your lists at once.');
  if (requested === 'dav' && available !== 'dav') {
    throw new SharedeckError('unsupported', 'This server does not take DAV: invitation replies; it speaks the CS: form.');
  }
  return requested ?? available;
}

async function reply(ctx: DavContext, id: string, accept: boolean, comment: string | undefined, requested?: 'dav' | 'cs') {
  const dialect = replyDialect(ctx, requested);
  const { url, invite } = await loadInvite(ctx, id, dialect);
  const name = `the invitation to “${invite.collectionName ?? 'a collection'}”`;
  if (invite.state === 'revoked') {
    throw new SharedeckError('not-found', `${capitalise(name)} was withdrawn by its owner; there is nothing to answer. Dismiss it.`);
  }
  const home = homeFor(ctx, invite, dialect);
  const context = { accept, invite, ...(comment === undefined ? {} : { comment }), ...(home === undefined ? {} : { home }) };
  const { url: target, contentType, body } = NOTIFICATION_DIALECTS[dialect].buildReply(url, context);
  const res = await ctx.http.request({ method: 'POST', url: target, headers: { 'Content-Type': contentType }, body });
  if (res.status < 200 || res.status >= 300) throw errorForStatus(res, `answering ${name}`);
  // Cyrus keeps the notification after a reply (the draft says it SHOULD go): remove it ourselves.
  await deleteNotification(ctx, url, true);
  return { res, invite };
}

export async function acceptInvitation(ctx: DavContext, id: string, comment?: string, dialect?: 'dav' | 'cs'): Promise<AcceptResult> {
  const { res, invite } = await reply(ctx, id, true, comment, dialect);
  // DAV: 201 + Location; CS: 200 + CS:shared-as. Never guess the place from a naming scheme.
  let landed = res.headers.get('Location') ?? undefined;
  if (!landed && res.text.trim() !== '') {
    const root = res.parse((text) => parseXml(text));
    if (root.ns === NS.CS && root.name === 'shared-as') landed = hrefOf(root);
    else landed = hrefOf(child(root, NS.CS, 'shared-as'));
  }
  const url = landed === undefined ? undefined : resolveHref(landed, res.url);
  if (!url) {
    // The server accepted but did not say where; the share still appears in the next listing.
    return { url: invite.collectionUrl ?? '' };
  }
  try {
    const { collection } = await readCollection(ctx, url);
    return { url: collection.url, collection };
  } catch (e) {
    if (e instanceof SharedeckError && e.code === 'not-found') return { url };
    // The answer is given; only reading where the share landed was refused. Say both.
    if (e instanceof SharedeckError && e.code === 'untrusted-origin') {
      throw new SharedeckError(
        'untrusted-origin',
        `The invitation was accepted. ${e.message}`,
        e.origin === undefined ? {} : { origin: e.origin },
      );
    }
    throw e;
  }
}

export async function declineInvitation(ctx: DavContext, id: string, comment?: string, dialect?: 'dav' | 'cs'): Promise<void> {
  await reply(ctx, id, false, comment, dialect);
}

export async function dismissInvitation(ctx: DavContext, id: string): Promise<void> {
  await deleteNotification(ctx, inboxUrl(ctx, id), false);
}

/** Deletes an answer filed for the owner, once read; only ever inside the account's own inbox. */
export async function dismissReply(ctx: DavContext, id: string): Promise<void> {
  await deleteNotification(ctx, inboxUrl(ctx, id), false, 'the answer');
}

async function deleteNotification(ctx: DavContext, url: string, quiet: boolean, what = 'the invitation'): Promise<void> {
  const res = await ctx.http.request({ method: 'DELETE', url, redirect: 'manual' });
  if (res.status === 404 || res.status === 410 || (res.status >= 200 && res.status < 300)) return;
  if (!quiet) throw errorForStatus(res, what);
}
