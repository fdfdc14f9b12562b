// Lists collections with their sharing state: one Depth:1 PROPFIND per home set (and per folder
// the user named), whatever the number of collections, all asking for every dialect's properties
// at once. Each dialect reads its part; merge() turns the views into the one model.

import type {
  Account,
  AclGrant,
  Collection,
  CollectionKind,
  CollectionList,
  Dialect,
  Person,
  Sharee,
  SkippedEntry,
} from '../../shared/model';
import { SharedeckError } from '../../shared/errors';
import { safeDecode } from '../../shared/urls';
import type { AclFacts } from './acl-write';
import { DIALECTS, DIALECT_ORDER, type DialectView } from './dialects';
import { aclGrantsOf, aclWritable, isOwnerAce, type AclState, type OwnerContext } from './dialects/acl';
import { isPlumbing, kindOfResourceType } from './dialects/kinds';
import type { DavHttp } from './http';
import { isSelf, sameAddress, type AddressRules } from './identity';
import { rulesFor } from './sharee-hrefs';
import { collectionKey, prop, quote, resolveHref, type DavResource } from './multistatus';
import { propfind, propfindBody, type PropName } from './propfind';
import { NS, hrefOf, textOf } from './xml';

export interface DavContext {
  http: DavHttp;
  account: Account;
  /** What was learnt about the server's ACL semantics (kept per session). */
  acl?: AclFacts;
}

const BASE_PROPERTIES: readonly PropName[] = [
  [NS.DAV, 'resourcetype'],
  [NS.DAV, 'displayname'],
  [NS.DAV, 'owner'],
  [NS.DAV, 'current-user-privilege-set'],
  [NS.CALDAV, 'calendar-description'],
  [NS.CARDDAV, 'addressbook-description'],
  [NS.APPLE, 'calendar-color'],
];

export const COLLECTION_PROPERTIES: readonly PropName[] = [...BASE_PROPERTIES, ...DIALECT_ORDER.flatMap((d) => DIALECTS[d].properties)];

const COLLECTION_PROPFIND = propfindBody(COLLECTION_PROPERTIES);
// One collection read before a write also asks which privileges it supports (what an ACL grant
// may contain): a large property, so the listing leaves it out.
const DETAIL_PROPFIND = propfindBody([...COLLECTION_PROPERTIES, [NS.DAV, 'supported-privilege-set']]);

interface Source {
  url: string;
  /** Folder sources list every child collection as a folder; homes list their own kind. */
  folder: boolean;
  /** A collection added by its URL: listed itself (Depth 0), whatever its kind. */
  single?: boolean;
}

function sources(account: Account): Source[] {
  return [
    ...account.calendarHomes.map((url) => ({ url, folder: false })),
    ...account.addressbookHomes.map((url) => ({ url, folder: false })),
    ...account.folders.map((url) => ({ url, folder: true })),
    ...(account.collections ?? []).map((url) => ({ url, folder: true, single: true })),
  ];
}

export async function listCollections(ctx: DavContext): Promise<CollectionList> {
  const skipped: SkippedEntry[] = [];
  const lists = await Promise.all(
    sources(ctx.account).map(async (source) => {
      const what = describeSource(source);
      const found = await propfind(ctx.http, source.url, source.single ? '0' : '1', COLLECTION_PROPFIND, what);
      skipped.push(...found.skipped);
      const home = collectionKey(source.url);
      return found.resources.flatMap((r) => {
        // A home lists itself, and so does a folder the user named (a drive's root, say): what is
        // listed and shared are the collections inside. A collection added by its URL is itself.
        if (!source.single && collectionKey(r.url) === home) return [];
        try {
          const c = toCollection(r, ctx.account, source.folder);
          return c ? [c] : [];
        } catch {
          // One collection the model cannot be made of costs itself, not the listing.
          skipped.push({ what: `the collection ${quote(r.url)} in ${what}`, reason: 'Sharedeck could not read its properties.' });
          return [];
        }
      });
    }),
  );
  // Homes can overlap (a folder inside a home); keep the first sighting of each URL.
  const seen = new Set<string>();
  const collections: Collection[] = [];
  for (const c of lists.flat()) {
    const key = collectionKey(c.url);
    if (!seen.has(key)) {
      seen.add(key);
      collections.push(c);
    }
  }
  return { collections, skipped };
}

function describeSource(source: Source): string {
  if (source.single) return `the collection ${source.url}`;
  return source.folder ? `the folder ${source.url}` : `the collection list at ${source.url}`;
}

/** Reads one collection's state (Depth 0). */
export async function readCollection(
  ctx: DavContext,
  url: string,
  what = 'the collection',
): Promise<{ collection: Collection; resource: DavResource }> {
  const { resources } = await propfind(ctx.http, url, '0', DETAIL_PROPFIND, what);
  // A server that redirected us (Cyrus sends non-owners to their own copy) answers for the target.
  const resource = resources.find((r) => r.status === undefined || (r.status >= 200 && r.status < 300)) ?? resources[0];
  const collection = resource ? toCollection(resource, ctx.account, true) : undefined;
  if (!resource || !collection) {
    throw new SharedeckError('not-found', `${capitalise(what)} is not a calendar, address book or folder this account can see.`);
  }
  return { collection, resource };
}

/** A collection's name in quotes, for sentences. */
export function quoted(c: Pick<Collection, 'name'>): string {
  return `“${c.name}”`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function lastSegment(url: string): string {
  const path = new URL(url).pathname.split('/').filter(Boolean);
  return safeDecode(path[path.length - 1] ?? url);
}

const COLOR = /^#[0-9a-f]{6}(?:[0-9a-f]{2})?$/i;

/** Builds the model for one resource, or undefined when it is not a collection a person shares. */
export function toCollection(resource: DavResource, account: Account, allowFolders: boolean): Collection | undefined {
  const types = prop(resource, NS.DAV, 'resourcetype');
  if (isPlumbing(types)) return undefined;
  const kind: CollectionKind | undefined = kindOfResourceType(types);
  if (!kind || (kind === 'folder' && !allowFolders)) return undefined;

  const views: Partial<Record<Dialect, DialectView>> = {};
  for (const id of DIALECT_ORDER) {
    const v = DIALECTS[id].read(resource, resource.url);
    if (v) views[id] = v;
  }
  const displayName = textOf(prop(resource, NS.DAV, 'displayname'));
  const collection: Collection = {
    url: resource.url,
    // Cyrus names its home mailboxes "#calendars", "#drive": internal names, not a person's.
    name: displayName === undefined || /^#[a-z]+$/.test(displayName) ? lastSegment(resource.url) : displayName,
    kind,
    ...merge(views, resource, account, kind),
  };
  const color = textOf(prop(resource, NS.APPLE, 'calendar-color'));
  if (color && COLOR.test(color)) collection.color = color.toLowerCase();
  const description =
    textOf(prop(resource, NS.CALDAV, 'calendar-description')) ?? textOf(prop(resource, NS.CARDDAV, 'addressbook-description'));
  if (description) collection.description = description;
  return collection;
}

type SharingState = Omit<Collection, 'url' | 'name' | 'kind' | 'color' | 'description'>;

function merge(views: Partial<Record<Dialect, DialectView>>, resource: DavResource, account: Account, kind: CollectionKind): SharingState {
  const { dav, cs, oc, acl } = views;
  const ownerHref = hrefOf(prop(resource, NS.DAV, 'owner'));
  // resolveHref, not new URL(): a server's unusable href must not take the whole listing down.
  const ownerUrl = ownerHref === undefined ? undefined : resolveHref(ownerHref, resource.url);
  const davOwner: Person | undefined = ownerUrl ? { address: ownerUrl } : undefined;
  // DAV:owner of a sharee's copy is the sharee on sabre but the sharer on Cyrus and Apple, so the
  // dialects' own owner entries come first.
  const named = dav?.owner ?? cs?.owner ?? oc?.owner;
  // One owner, one address: where DAV:owner is the same principal, its URL (sabre lists the owner
  // among the sharees without the trailing slash).
  const owner =
    named && davOwner && sameAddress(named.address, davOwner.address) ? { ...named, address: davOwner.address } : (named ?? davOwner);
  const ownedByOther = owner !== undefined && !isSelf(owner, account);

  const listed = [dav, cs, oc].find((v) => v?.sharees !== undefined);
  // The owner is never a sharee: Nextcloud adds her to her own OC:invite while a calendar is published.
  const isOwnerEntry = (s: Sharee) =>
    ownedByOther
      ? sameAddress(s.address, owner.address)
      : isSelf(s, account) || (owner !== undefined && sameAddress(s.address, owner.address));
  const refused = [dav, cs, oc].some((v) => v?.shareesHidden) && !listed;
  const who = ownerUrl === undefined ? { selfUrl: account.principalUrl } : { ownerUrl, selfUrl: account.principalUrl };
  // A sharee's own entry in the list belongs to the share: the identity rules say which it is (Cyrus
  // names it by principal and lists the sharee as mailto:<id>@<its domain>).
  const rules = rulesFor(resource, account);
  const sharees = stillGranted(
    (listed?.sharees ?? []).filter((s) => !isOwnerEntry(s)),
    acl?.acl,
    who,
    rules,
  );
  const aclGrants = acl?.acl ? aclGrantsOf(acl.acl, who, (url) => sharees.some((s) => sameAddress(s.address, url, rules))) : undefined;

  let access = dav?.access ?? cs?.access;
  if (access === undefined) {
    if (ownedByOther) access = oc?.shareeAccess ?? cs?.shareeAccess ?? acl?.shareeAccess ?? 'read';
    else access = sharees.length > 0 ? 'shared-owner' : 'not-shared';
  }
  const isOwner = access === 'not-shared' || access === 'shared-owner';
  // Someone reaching it by a direct grant makes it shared, whatever the share dialects say.
  if (access === 'not-shared' && aclGrants?.some(reachesContent)) access = 'shared-owner';
  // A share given to the user lists at least the user: an empty list there is one the server hides
  // (Nextcloud's copies show an empty OC:invite).
  const hidden = refused || (!isOwner && listed !== undefined && sharees.length === 0);

  const dialects: Dialect[] = [];
  if (isOwner) {
    const tokens = new Set(account.capabilities);
    const advertised = (d: Dialect) => tokens.size === 0 || tokens.has(DIALECTS[d].token);
    // An empty CS:allowed-sharing-modes says "not shareable" for every dialect (Nextcloud's
    // birthday calendar); OC: also needs the write privilege the view checked.
    if (oc?.shareable && cs?.shareable !== false && advertised('oc')) dialects.push('oc');
    // Nextcloud advertises calendarserver-sharing but answers CS:share with 501.
    else if (!oc) {
      if (dav?.shareable && advertised('dav')) dialects.push('dav');
      if (cs?.shareable && kind === 'calendar' && advertised('cs')) dialects.push('cs');
    }
    // The ACL route, last: where the user may write the list and it is not all fixed by the
    // server (sabre and Nextcloud protect every entry and share through their dialect only), and
    // not on Cyrus, whose ACL method rewrites more than it is sent (direct grants there are
    // changed with its share request: acl-write.ts).
    const list = acl?.acl;
    if (
      list?.aces &&
      !list.imapBacked &&
      aclWritable(list) &&
      advertised('acl') &&
      (dialects.length === 0 || list.aces.some((a) => !a.protected && a.inheritedFrom === undefined && !isOwnerAce(a, who)))
    ) {
      dialects.push('acl');
    }
  }

  const state: SharingState = {
    access,
    dialects,
    sharees,
    shareesVisible: !hidden,
    canShare: dialects.length > 0,
  };
  if (aclGrants) state.aclGrants = aclGrants;
  if (owner) state.owner = owner;
  if (!isOwner) {
    if (ownedByOther) state.sharedBy = owner;
    const original = dav?.originalUrl ?? cs?.originalUrl;
    if (original) state.originalUrl = original;
  }
  if (cs?.publishable || cs?.publishUrl !== undefined) {
    state.publish = { available: cs.publishable === true && isOwner };
    if (cs.publishUrl) state.publish.url = cs.publishUrl;
  }
  return state;
}

/**
 * The sharees, those who declined marked when the ACL still grants them the content: Cyrus keeps
 * the entry it wrote for a share until the owner revokes it, whatever the sharee answered.
 */
function stillGranted(sharees: Sharee[], acl: AclState | undefined, who: OwnerContext, rules: AddressRules): Sharee[] {
  if (!acl?.aces || !sharees.some((s) => s.status === 'declined')) return sharees;
  const grants = (aclGrantsOf(acl, who) ?? []).filter((g) => g.everyone === undefined && reachesContent(g));
  return sharees.map((s) =>
    s.status === 'declined' && grants.some((g) => sameAddress(s.address, g.address, rules)) ? { ...s, keepsAccess: true } : s,
  );
}

/** A grant that lets someone read or change the content (not only see free/busy time). */
function reachesContent(g: AclGrant): boolean {
  return g.access !== 'free-busy';
}
