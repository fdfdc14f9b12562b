// Directory search for sharees (RFC 3744 principal-property-search) in every principal collection
// that holds people or groups, returning for each principal the address to invite it with.
// Servers disagree on how a search matches (docs/servers.md), so the requests are shaped to what
// each of them answers:
// - a calendar-user-address-set term is always asked alone: sabre/dav answers any search that
//   contains one with nobody, even under test="anyof"; Cyrus matches it against its internal
//   user@servername; Nextcloud only against a whole address;
// - the display name and the e-mail properties are asked together under test="anyof", and each
//   alone when that finds nobody (Cyrus ignores anyof and requires every term to match);
// - an e-mail address is looked up in the e-mail properties only, each alone, and only people who
//   have exactly that address are kept (Nextcloud matches whole addresses, Cyrus its internal
//   ones: there the part before the @ is searched instead);
// - stock sabre/dav hides other users' properties (every one is 403): a hit is kept, named by the
//   user name in its href.

import type { Account, Principal, PrincipalList, PrincipalType, SkippedEntry } from '../../shared/model';
import { SharedeckError } from '../../shared/errors';
import { collectionKey, lastSegment } from '../../shared/urls';
import type { DavContext } from './context';
import { preferredShareDialect } from './dialects';
import { mailOf } from '../../shared/addresses';
import { collectionPrincipalType, isSelf, principalNamed } from './identity';
import { OriginPolicy } from './origins';
import { quote, type DavResource } from './multistatus';
import { P, mailAddressesOf, read, type Property } from './properties';
import { report } from './propfind';
import { NS, childrenNamed, el, keyOf, parseXml } from './xml';

type Searchable = Property<unknown>;
const DISPLAYNAME: Searchable = P.displayname;
const CU_ADDRESS: Searchable = P.calendarUserAddressSet;
const SABRE_EMAIL: Searchable = P.sabreEmailAddress;
const CS_EMAILS: Searchable = P.csEmailAddressSet;

/** Properties worth matching a typed name or e-mail against, if the server lets us search them. */
const SEARCHABLE: readonly Searchable[] = [DISPLAYNAME, CU_ADDRESS, SABRE_EMAIL, CS_EMAILS];
/** Properties that servers match as substrings and combine under test="anyof". */
const COMBINABLE: readonly Searchable[] = [DISPLAYNAME, SABRE_EMAIL, CS_EMAILS];
const MAIL_PROPS: readonly Searchable[] = [SABRE_EMAIL, CU_ADDRESS, CS_EMAILS];

const RESULT_PROPS: readonly Searchable[] = [DISPLAYNAME, CU_ADDRESS, P.calendarUserType, SABRE_EMAIL, CS_EMAILS];

const MAX_RESULTS = 50;
/** A server names its principal collections; a search asks a few of them, never as many as it lists. */
const MAX_COLLECTIONS = 8;
const MAIL = /^[^\s@]+@[^\s@]+$/;

export interface PrincipalSearchCache {
  /**
   * Searchable properties per server (learnt once, from its users' principal collection); the
   * question itself while it is asked, so that searches started together ask it once.
   */
  searchable: Map<string, Promise<readonly Searchable[]>>;
}

export function newPrincipalSearchCache(): PrincipalSearchCache {
  return { searchable: new Map() };
}

const has = (props: readonly Searchable[], wanted: Searchable) => props.some((p) => p.key === wanted.key);

/**
 * The searchable properties, from the principal-search-property-set of the users' collection.
 * Servers answer that report for the whole server (sabre's ACL plugin has one list), so it is
 * asked once and holds for the other collections too.
 */
function searchableProps(ctx: DavContext, url: string, cache?: PrincipalSearchCache): Promise<readonly Searchable[]> {
  const known = cache?.searchable.get(url);
  if (known) return known;
  const asked = askSearchable(ctx, url);
  cache?.searchable.set(url, asked);
  // A failed question is asked again next time.
  void asked.catch(() => cache?.searchable.delete(url));
  return asked;
}

async function askSearchable(ctx: DavContext, url: string): Promise<readonly Searchable[]> {
  const res = await ctx.http.request({
    method: 'REPORT',
    url,
    depth: '0',
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    body: '<?xml version="1.0" encoding="utf-8"?>\n<D:principal-search-property-set xmlns:D="DAV:"/>',
  });
  if (res.status === 200) {
    const root = res.parse((text) => parseXml(text));
    const offered = new Set(
      childrenNamed(root, NS.DAV, 'principal-search-property').flatMap((p) =>
        childrenNamed(p, NS.DAV, 'prop').flatMap((pp) => pp.children.map(keyOf)),
      ),
    );
    const usable = SEARCHABLE.filter((p) => offered.has(p.key));
    if (usable.length > 0) return usable;
  }
  return [DISPLAYNAME, CU_ADDRESS];
}

/** The principal collections to search: every one the server lists, except rooms and resources (never sharees). */
export function shareeCollections(account: Pick<Account, 'principalCollections' | 'principalCollectionUrl'>): string[] {
  const all = account.principalCollections?.length
    ? account.principalCollections
    : account.principalCollectionUrl
      ? [account.principalCollectionUrl]
      : [];
  return all
    .filter((url) => {
      const type = collectionPrincipalType(url);
      return type !== 'room' && type !== 'resource';
    })
    .slice(0, MAX_COLLECTIONS);
}

function toPrincipal(r: DavResource, ctx: DavContext, collectionType: PrincipalType | undefined): Principal {
  const addresses = mailAddressesOf(r);
  const path = new URL(r.url).pathname;
  const id = lastSegment(path) ?? path;
  // The address that works as a sharee href: the form the server's dialect wants (Nextcloud's
  // principal:...), else mailto:; without one (sabre hides it) the principal path, which the
  // sharing engine writes in the form the server resolves.
  const hrefFor = preferredShareDialect(ctx.account.dialects)?.hrefFor;
  const address = hrefFor ? hrefFor(path, new URL(r.url).origin) : (addresses[0] ?? path);
  const type = read(r, P.calendarUserType)?.toLowerCase();
  const principal: Principal = { url: r.url, name: read(r, P.displayname) ?? id, address, addresses };
  if (type === 'individual' || type === 'group' || type === 'resource' || type === 'room') principal.type = type;
  else if (type) principal.type = 'unknown';
  else if (collectionType) principal.type = collectionType;
  return principal;
}

async function propertySearch(
  ctx: DavContext,
  url: string,
  props: readonly Searchable[],
  term: string,
  type: PrincipalType | undefined,
  skipped: SkippedEntry[],
): Promise<Principal[]> {
  const body = el(
    NS.DAV,
    'principal-property-search',
    [
      ...props.map((p) => el(NS.DAV, 'property-search', [el(NS.DAV, 'prop', [el(p.ns, p.name)]), el(NS.DAV, 'match', [term])])),
      el(
        NS.DAV,
        'prop',
        RESULT_PROPS.map((p) => el(p.ns, p.name)),
      ),
    ],
    props.length > 1 ? { test: 'anyof' } : undefined,
  );
  const found = await report(ctx.http, url, body, 'the directory search');
  skipped.push(...found.skipped);
  return (
    found.resources
      // A hit whose properties are all hidden (403) is still a person; a 404 response names nobody.
      .filter((r) => (r.status === undefined || r.status < 300) && collectionKey(r.url) !== collectionKey(url))
      .flatMap((r) => {
        try {
          return [toPrincipal(r, ctx, type)];
        } catch {
          skipped.push({ what: `the directory entry ${quote(r.url)}`, reason: 'Sharedeck could not read its properties.' });
          return [];
        }
      })
      .filter((p) => !isSelf({ address: p.url }, ctx.account))
  );
}

function union(lists: readonly Principal[][]): Principal[] {
  const byUrl = new Map<string, Principal>();
  for (const p of lists.flat()) if (!byUrl.has(p.url)) byUrl.set(p.url, p);
  return [...byUrl.values()];
}

/** A name (or part of one) in one collection: the combinable properties together, the address set alone. */
async function byName(
  ctx: DavContext,
  url: string,
  props: readonly Searchable[],
  term: string,
  type: PrincipalType | undefined,
  skipped: SkippedEntry[],
) {
  const combined = COMBINABLE.filter((p) => has(props, p));
  const alone = has(props, CU_ADDRESS) ? [propertySearch(ctx, url, [CU_ADDRESS], term, type, skipped)] : [];
  const [together, ...rest] = await Promise.all([
    combined.length > 0 ? propertySearch(ctx, url, combined, term, type, skipped) : Promise.resolve([]),
    ...alone,
  ]);
  let found = together ?? [];
  if (found.length === 0 && combined.length > 1) {
    found = union(await Promise.all(combined.map((p) => propertySearch(ctx, url, [p], term, type, skipped))));
  }
  return union([found, ...rest]);
}

/**
 * An e-mail address in one collection: each e-mail property alone, keeping who has exactly that
 * address, and the hits whose addresses the server hides (stock sabre/dav), which cannot be told
 * apart.
 */
async function byAddress(
  ctx: DavContext,
  url: string,
  props: readonly Searchable[],
  term: string,
  type: PrincipalType | undefined,
  skipped: SkippedEntry[],
) {
  const wanted = mailOf(term);
  const exact = (list: Principal[]) => list.filter((p) => p.addresses.length === 0 || p.addresses.some((a) => mailOf(a) === wanted));
  const mailProps = MAIL_PROPS.filter((p) => has(props, p));
  const found = exact(union(await Promise.all(mailProps.map((p) => propertySearch(ctx, url, [p], term, type, skipped)))));
  // The one hit of a search for this address, its addresses hidden (sabre): invited by the address
  // itself, which the server resolves exactly (the search matched a substring).
  const [only, ...more] = found;
  if (only && more.length === 0 && only.addresses.length === 0 && !preferredShareDialect(ctx.account.dialects)?.principalsOnly) {
    return [{ ...only, address: `mailto:${term}` }];
  }
  if (found.length > 0 || mailProps.some((p) => p !== CU_ADDRESS)) return found;
  // Where the address set is the only way to search addresses (Cyrus), it is matched against an
  // internal user@servername, not the mailto: addresses listed: search for the part before the @,
  // keep who has the typed address. A server with an e-mail property matches addresses there.
  return exact(await byName(ctx, url, props, term.slice(0, term.lastIndexOf('@')), type, skipped));
}

export async function searchPrincipals(ctx: DavContext, text: string, cache?: PrincipalSearchCache): Promise<PrincipalList> {
  const term = text.trim();
  if (term === '') return { principals: [], skipped: [] };
  if (term.length > 200) throw new SharedeckError('invalid-input', 'Search for at most 200 characters.');
  const collections = shareeCollections(ctx.account);
  const [first] = collections;
  if (!first)
    throw new SharedeckError('unsupported', 'This server does not offer a directory to search; type the address of the person instead.');
  const props = await searchableProps(ctx, ctx.account.principalCollectionUrl ?? first, cache);
  const isMail = MAIL.test(term);
  const skipped: SkippedEntry[] = [];
  const lists = await Promise.all(
    collections.map((url) => {
      const type = collectionPrincipalType(url);
      // Groups are found by their name: Nextcloud's have no e-mail address to search.
      if (type === 'group') return isMail ? Promise.resolve([]) : byName(ctx, url, [DISPLAYNAME], term, type, skipped);
      return isMail ? byAddress(ctx, url, props, term, type, skipped) : byName(ctx, url, props, term, type, skipped);
    }),
  );
  const principals = union(lists)
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_RESULTS);
  return { principals, skipped: unique(skipped) };
}

/** The same entry, seen by several of the searches, is reported once. */
function unique(skipped: readonly SkippedEntry[]): SkippedEntry[] {
  const byWhat = new Map(skipped.map((s) => [s.what, s]));
  return [...byWhat.values()];
}

/** Whom the People listing asks the directory about: a mail address, or a principal by its id. */
export type DirectoryAsk = { mail: string } | { id: string };

/**
 * One directory search for someone a listing names, for the People join: at most one search per
 * person (and, once per server and session, the question of what its directory can search). Which
 * hit is the person is the caller's to decide (the same address exactly, or the same principal).
 * Servers match differently (docs/protocol.md, "People"), so the search is shaped by what
 * the directory offers:
 * - one that searches an e-mail property (sabre/dav, Nextcloud) is asked for a mail address whole,
 *   in that property alone (sabre matches substrings, Nextcloud whole addresses only; a
 *   calendar-user-address-set term finds nobody on sabre and only whole addresses on Nextcloud),
 *   and for a principal by its id in the display name;
 * - else calendar-user-address-set (Cyrus, DAViCal), or the display name where that is all there
 *   is: a mail address by the part before the @ (Cyrus matches its internal user@servername, not
 *   the listed addresses), an id as it is.
 * Empty when the server has no directory to search; what a search could not use goes to `skipped`.
 */
export async function directoryLookup(
  ctx: DavContext,
  ask: DirectoryAsk,
  cache?: PrincipalSearchCache,
  skipped: SkippedEntry[] = [],
): Promise<Principal[]> {
  const url = ctx.account.principalCollectionUrl;
  if (!url) return [];
  const props = await searchableProps(ctx, url, cache);
  const mailProp = [SABRE_EMAIL, CS_EMAILS].find((p) => has(props, p));
  const byAddressSet = !mailProp && has(props, CU_ADDRESS);
  const [prop, term]: [Searchable, string] =
    'mail' in ask
      ? mailProp
        ? [mailProp, ask.mail]
        : [byAddressSet ? CU_ADDRESS : DISPLAYNAME, ask.mail.slice(0, ask.mail.lastIndexOf('@'))]
      : [byAddressSet ? CU_ADDRESS : DISPLAYNAME, ask.id];
  const text = term.trim().slice(0, 200);
  if (text === '') return [];
  const found: SkippedEntry[] = [];
  const principals = await propertySearch(ctx, url, [prop], text, collectionPrincipalType(url), found);
  // Several searches may meet the same unusable entry: it is reported once.
  for (const s of found) if (!skipped.some((k) => k.what === s.what)) skipped.push(s);
  return principals;
}

/**
 * The principal URL an address names, for a grant in an access list (which names principals, not
 * e-mail addresses): a principal URL or path on the account's server as it is, an e-mail address
 * or a user name through the directory (an e-mail must be one of the principal's addresses
 * exactly; a name must be the principal's id or display name). Grants to everyone (DAV:all, ...)
 * pass through.
 */
export async function resolvePrincipalUrl(ctx: DavContext, address: string, cache?: PrincipalSearchCache): Promise<string> {
  const typed = address.trim();
  if (/^DAV:(all|authenticated|unauthenticated)$/i.test(typed)) return `DAV:${typed.slice(4).toLowerCase()}`;
  if (typed.startsWith('/') || /^https?:\/\//i.test(typed)) {
    let url: URL;
    try {
      url = new URL(typed, ctx.account.serverUrl);
    } catch {
      throw new SharedeckError('invalid-input', `${typed.slice(0, 200)} is not a principal URL.`);
    }
    if (url.username || url.password) throw new SharedeckError('invalid-input', 'A principal URL cannot contain a user name or password.');
    // A principal of a server this account does not trust cannot be granted anything here.
    const refused = new OriginPolicy(ctx.account.serverUrl, ctx.account.approvedOrigins).refusal(url);
    if (refused) throw refused;
    url.hash = '';
    return url.href;
  }
  const mail = mailOf(typed);
  const found = (await searchPrincipals(ctx, mail === undefined ? typed : typed.replace(/^mailto:/i, ''), cache)).principals;
  const matches = found.filter((p) => (mail !== undefined ? p.addresses.some((a) => mailOf(a) === mail) : principalNamed(p, typed)));
  const [only, ...others] = matches;
  if (!only) {
    throw new SharedeckError(
      'unknown-sharee',
      `Nobody with the ${mail !== undefined ? 'address' : 'name'} ${typed.slice(0, 200)} is in the server’s directory, so Sharedeck cannot give them access here. Search the directory, or use their principal URL.`,
    );
  }
  if (others.length > 0) {
    throw new SharedeckError(
      'invalid-input',
      `${typed.slice(0, 200)} matches several people in the directory (${matches.map((p) => p.name).join(', ')}); use the principal URL of the one you mean.`,
    );
  }
  return only.url;
}
