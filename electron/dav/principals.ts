// Directory search for sharees (RFC 3744 principal-property-search), returning for each person
// the address that works as a sharee href on this server.

import type { Principal } from '../../shared/model';
import { SharedeckError } from '../../shared/errors';
import type { DavContext } from './collections';
import { ocDialect, toOcHref } from './dialects/oc';
import { isSelf } from './identity';
import { OriginPolicy } from './origins';
import { prop, type DavResource } from './multistatus';
import { report, type PropName } from './propfind';
import { NS, childrenNamed, clark, el, keyOf, parseXml, textOf } from './xml';

/** Properties worth matching a typed name or e-mail against, if the server lets us search them. */
const SEARCHABLE: readonly PropName[] = [
  [NS.DAV, 'displayname'],
  [NS.CALDAV, 'calendar-user-address-set'],
  [NS.SABRE, 'email-address'],
  [NS.CS, 'email-address-set'],
];

const RESULT_PROPS: readonly PropName[] = [
  [NS.DAV, 'displayname'],
  [NS.CALDAV, 'calendar-user-address-set'],
  [NS.CALDAV, 'calendar-user-type'],
  [NS.SABRE, 'email-address'],
  [NS.CS, 'email-address-set'],
];

const MAX_RESULTS = 50;

export interface PrincipalSearchCache {
  /** Searchable properties per principal collection, learnt once. */
  searchable: Map<string, readonly PropName[]>;
}

export function newPrincipalSearchCache(): PrincipalSearchCache {
  return { searchable: new Map() };
}

async function searchableProps(ctx: DavContext, url: string, cache?: PrincipalSearchCache): Promise<readonly PropName[]> {
  const known = cache?.searchable.get(url);
  if (known) return known;
  let props: readonly PropName[] = [SEARCHABLE[0]!, SEARCHABLE[1]!];
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
    const usable = SEARCHABLE.filter(([ns, name]) => offered.has(clark(ns, name)));
    if (usable.length > 0) props = usable;
  }
  cache?.searchable.set(url, props);
  return props;
}

function hrefs(resource: DavResource, ns: string, name: string): string[] {
  const p = prop(resource, ns, name);
  if (!p) return [];
  const kids = childrenNamed(p, NS.DAV, 'href').map((h) => h.text.trim());
  return kids.length > 0 ? kids.filter(Boolean) : [];
}

function toPrincipal(r: DavResource, ctx: DavContext): Principal {
  const mail = [
    ...hrefs(r, NS.CALDAV, 'calendar-user-address-set'),
    ...childrenNamed(prop(r, NS.CS, 'email-address-set'), NS.CS, 'email-address').map((e) => `mailto:${e.text.trim()}`),
    ...[textOf(prop(r, NS.SABRE, 'email-address'))].filter((e): e is string => !!e).map((e) => `mailto:${e}`),
  ];
  const addresses = [...new Set(mail.filter((a) => /^mailto:/i.test(a)).map((a) => `mailto:${a.slice(7)}`))];
  const path = new URL(r.url).pathname;
  const segments = path.split('/').filter(Boolean);
  const id = decodeURIComponent(segments[segments.length - 1] ?? path);
  // The address that works as a sharee href: Nextcloud wants principal:..., everyone else takes
  // mailto: (sabre matches it against the e-mail), and Cyrus also takes its principal path.
  const address = ctx.account.dialects[0] === ocDialect.id ? toOcHref(path) : (addresses[0] ?? path);
  const type = textOf(prop(r, NS.CALDAV, 'calendar-user-type'))?.toLowerCase();
  const principal: Principal = { url: r.url, name: textOf(prop(r, NS.DAV, 'displayname')) ?? id, address, addresses };
  if (type === 'individual' || type === 'group' || type === 'resource' || type === 'room') principal.type = type;
  else if (type) principal.type = 'unknown';
  return principal;
}

export async function searchPrincipals(ctx: DavContext, text: string, cache?: PrincipalSearchCache): Promise<Principal[]> {
  const term = text.trim();
  if (term === '') return [];
  if (term.length > 200) throw new SharedeckError('invalid-input', 'Search for at most 200 characters.');
  const url = ctx.account.principalCollectionUrl;
  if (!url)
    throw new SharedeckError('unsupported', 'This server does not offer a directory to search; type the address of the person instead.');
  const props = await searchableProps(ctx, url, cache);
  const found = await anyOf(ctx, url, props, term);
  if (found.length > 0 || !MAIL.test(term)) return sorted(found);
  // Cyrus matches calendar-user-address-set against its internal user@servername, not against the
  // mailto: addresses it lists, so an e-mail address finds nobody there. Search for the part before
  // the @ instead and keep only the people who really have the address that was typed.
  const wanted = `mailto:${term.toLowerCase()}`;
  const byLocalPart = await anyOf(ctx, url, props, term.slice(0, term.lastIndexOf('@')));
  return sorted(byLocalPart.filter((p) => p.addresses.some((a) => a.toLowerCase() === wanted)));
}

const MAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * People matching the term in any of the properties. Cyrus ignores test="anyof" and requires every
 * property to match, so when the combined search finds nobody, each property is asked on its own.
 */
async function anyOf(ctx: DavContext, url: string, props: readonly PropName[], term: string): Promise<Principal[]> {
  const found = await propertySearch(ctx, url, props, term);
  if (found.length > 0 || props.length < 2) return found;
  const each = await Promise.all(props.map((p) => propertySearch(ctx, url, [p], term)));
  const byUrl = new Map<string, Principal>();
  for (const p of each.flat()) if (!byUrl.has(p.url)) byUrl.set(p.url, p);
  return [...byUrl.values()];
}

function sorted(list: Principal[]): Principal[] {
  return list.sort((a, b) => a.name.localeCompare(b.name)).slice(0, MAX_RESULTS);
}

async function propertySearch(ctx: DavContext, url: string, props: readonly PropName[], term: string): Promise<Principal[]> {
  const body = el(
    NS.DAV,
    'principal-property-search',
    [
      ...props.map(([ns, name]) => el(NS.DAV, 'property-search', [el(NS.DAV, 'prop', [el(ns, name)]), el(NS.DAV, 'match', [term])])),
      el(
        NS.DAV,
        'prop',
        RESULT_PROPS.map(([ns, name]) => el(ns, name)),
      ),
    ],
    props.length > 1 ? { test: 'anyof' } : undefined,
  );
  const { resources } = await report(ctx.http, url, body, 'the directory search');
  return resources
    .filter((r) => r.props.size > 0)
    .map((r) => toPrincipal(r, ctx))
    .filter((p) => !isSelf({ address: p.url }, ctx.account));
}

/**
 * One directory search on calendar-user-address-set (the one property every server here matches
 * by substring, user ids included): what the People listing looks people up with, at most once per
 * person. Empty when the server has no directory to search.
 */
export async function principalsMatching(ctx: DavContext, term: string): Promise<Principal[]> {
  const url = ctx.account.principalCollectionUrl;
  if (!url || term.trim() === '') return [];
  return propertySearch(ctx, url, [[NS.CALDAV, 'calendar-user-address-set']], term.trim().slice(0, 200));
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
  const mail = /^mailto:/i.test(typed) ? typed.slice(7) : typed.includes('@') ? typed : undefined;
  const found = await searchPrincipals(ctx, mail ?? typed, cache);
  const wanted = (mail ?? typed).toLowerCase();
  const matches = found.filter((p) =>
    mail !== undefined
      ? p.addresses.some((a) => a.toLowerCase() === `mailto:${wanted}`)
      : p.name.toLowerCase() === wanted || principalId(p.url) === wanted,
  );
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

function principalId(url: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  const last = segments[segments.length - 1] ?? '';
  try {
    return decodeURIComponent(last).toLowerCase();
  } catch {
    return last.toLowerCase();
  }
}
