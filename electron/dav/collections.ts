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
import { capitalise } from '../../shared/format';
import { collectionKey, lastSegment } from '../../shared/urls';
import type { DavContext } from './context';
import { DIALECTS, DIALECT_ORDER, SHARE_DIALECTS, SHARE_ORDER, notSuperseded, publisherOf, viewsOf, type DialectViews } from './dialects';
import { aclGrantsOf, aclWritable, isOwnerAce, type OwnerContext } from './dialects/acl';
import type { AclState } from './dialects/acl-state';
import { isPlumbing, kindOfResourceType } from './dialects/kinds';
import { isSelf, sameAddress, type AddressRules } from './identity';
import { rulesFor } from './sharee-hrefs';
import { quote, type DavResource } from './multistatus';
import { P, names, read } from './properties';
import { propfind, propfindBody, type PropName } from './propfind';

const BASE_PROPERTIES: readonly PropName[] = names(
  P.resourcetype,
  P.displayname,
  P.owner,
  P.currentUserPrivilegeSet,
  P.calendarDescription,
  P.addressbookDescription,
  P.calendarColor,
);

export const COLLECTION_PROPERTIES: readonly PropName[] = [...BASE_PROPERTIES, ...DIALECT_ORDER.flatMap((d) => DIALECTS[d].properties)];

const COLLECTION_PROPFIND = propfindBody(COLLECTION_PROPERTIES);
// One collection read before a write also asks which privileges it supports (what an ACL grant
// may contain): a large property, so the listing leaves it out.
const DETAIL_PROPFIND = propfindBody([...COLLECTION_PROPERTIES, ...names(P.supportedPrivilegeSet)]);

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

const COLOR = /^#[0-9a-f]{6}(?:[0-9a-f]{2})?$/i;

/** Builds the model for one resource, or undefined when it is not a collection a person shares. */
export function toCollection(resource: DavResource, account: Account, allowFolders: boolean): Collection | undefined {
  const types = read(resource, P.resourcetype);
  if (isPlumbing(types)) return undefined;
  const kind: CollectionKind | undefined = kindOfResourceType(types);
  if (!kind || (kind === 'folder' && !allowFolders)) return undefined;

  const displayName = read(resource, P.displayname);
  const collection: Collection = {
    url: resource.url,
    // Cyrus names its home mailboxes "#calendars", "#drive": internal names, not a person's.
    name: displayName === undefined || /^#[a-z]+$/.test(displayName) ? (lastSegment(resource.url) ?? resource.url) : displayName,
    kind,
    ...merge(viewsOf(resource), resource, account, kind),
  };
  const color = read(resource, P.calendarColor);
  if (color && COLOR.test(color)) collection.color = color.toLowerCase();
  const description = read(resource, P.calendarDescription) ?? read(resource, P.addressbookDescription);
  if (description) collection.description = description;
  return collection;
}

type SharingState = Omit<Collection, 'url' | 'name' | 'kind' | 'color' | 'description'>;

function merge(views: DialectViews, resource: DavResource, account: Account, kind: CollectionKind): SharingState {
  const { dav, cs, oc, acl } = views;
  // Resolved without throwing (properties.ts): a server's unusable href must not take the whole listing down.
  const ownerUrl = read(resource, P.owner);
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
    // A route that another present one supersedes is never offered (Nextcloud's CS:); each share
    // dialect offers itself by what its view of the collection says, for the kinds it shares.
    const open = new Set(notSuperseded(DIALECT_ORDER.filter((id) => views[id] !== undefined)));
    for (const d of SHARE_ORDER) {
      const kinds = SHARE_DIALECTS[d].kinds;
      if (open.has(d) && views[d]?.shareable && advertised(d) && (kinds === undefined || kinds.includes(kind))) dialects.push(d);
    }
    // The ACL route, last: where the user may write the list and it is not all fixed by the
    // server (sabre and Nextcloud protect every entry and share through their dialect only), and
    // not on Cyrus, whose ACL method rewrites more than it is sent (direct grants there are
    // changed with its share request: acl-write.ts).
    const list = acl?.acl;
    if (
      open.has('acl') &&
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
  const publishing = publisherOf(views)?.view;
  if (publishing?.publishable || publishing?.publishUrl !== undefined) {
    state.publish = { available: publishing.publishable === true && isOwner };
    if (publishing.publishUrl) state.publish.url = publishing.publishUrl;
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
