// How a server wants sharees written, decided from what the collection about to be changed shows.
// One person has several hrefs, and each server resolves only some of them (docs/servers.md):
// - Nextcloud (the OC: dialect) resolves only principal:principals/users|groups/NAME and drops
//   everything else with a 200: principal URLs and paths are sent in that form.
// - sabre/dav's sharing plugin (the one server that names D:share-resource-uri) resolves only
//   mailto: and the relative principals/NAME; an absolute principal URL or path is stored as an
//   invalid sharee. It lists a relative href back with its base path in front (/principals/NAME),
//   and a change or revoke only works with the string as it was sent.
// - Cyrus takes mailto: and its own principal paths, and lists every sharee as
//   mailto:<user id>@<its own domain>; it shows itself by privileges in its own namespace.

import type { Account, Dialect } from '../../shared/model';
import { addressRules, type AddressRules } from './identity';
import { prop, type DavResource } from './multistatus';
import { NS, childrenNamed } from './xml';

export interface ShareeHrefs {
  /** How this server's listed addresses are matched to the person a request names. */
  rules: AddressRules;
  /** The href to send for an address given by the person or by the directory. */
  toSend(address: string): string;
  /** The href that changes or revokes the sharee the server lists as `listed`. */
  forListed(listed: string): string;
}

/** sabre/dav's sharing plugin is the one implementation of the draft's D:share-resource-uri. */
export function isSabreSharing(resource: DavResource): boolean {
  return prop(resource, NS.DAV, 'share-resource-uri') !== undefined;
}

/** Cyrus lists privileges of its own (admin, make-collection, ...) beside the DAV: ones. */
export function showsCyrusPrivileges(resource: DavResource): boolean {
  return childrenNamed(prop(resource, NS.DAV, 'current-user-privilege-set'), NS.DAV, 'privilege').some((p) =>
    p.children.some((c) => c.ns === NS.CYRUS),
  );
}

/** The path of a principal URL or absolute path on `origin` that lies below "/principals/"; else undefined. */
function principalPathOn(address: string, origin: string): string | undefined {
  let path: string;
  if (address.startsWith('/')) path = address;
  else if (/^https?:\/\//i.test(address)) {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return undefined;
    }
    // A principal of another server is someone else, whatever its path says.
    if (url.origin !== origin) return undefined;
    path = url.pathname;
  } else return undefined;
  const at = path.indexOf('/principals/');
  if (at === -1 || path.length <= at + '/principals/'.length) return undefined;
  return path;
}

/** Nextcloud's form of a principal: principal:principals/users/bob. */
function ocHref(address: string, origin: string): string {
  if (address.startsWith('principal:')) return address;
  const path = principalPathOn(address, origin);
  return path === undefined ? address : `principal:${path.slice(path.indexOf('/principals/') + 1).replace(/\/+$/, '')}`;
}

/** sabre's relative form of a principal: principals/bob. */
function sabreRelative(address: string, origin: string): string {
  const path = principalPathOn(address, origin);
  return path === undefined ? address : path.slice(path.indexOf('/principals/') + 1).replace(/\/+$/, '');
}

/**
 * sabre lists the relative href principals/bob it was sent as <base>/principals/bob, without the
 * trailing slash a principal URL has; an absolute path it was sent comes back unchanged. So a
 * listed path without the trailing slash was sent relative, and is changed by that relative form.
 */
function sabreAsSent(listed: string): string {
  if (!listed.startsWith('/') || listed.endsWith('/')) return listed;
  const at = listed.indexOf('/principals/');
  return at === -1 ? listed : listed.slice(at + 1);
}

/** How this server's listed addresses are matched to people: Cyrus rewrites them to its own domain. */
export function rulesFor(resource: DavResource, account: Pick<Account, 'addresses'>): AddressRules {
  return addressRules(account, showsCyrusPrivileges(resource));
}

export function shareeHrefs(resource: DavResource, account: Pick<Account, 'addresses'>, dialect: Dialect): ShareeHrefs {
  const origin = new URL(resource.url).origin;
  const rules = rulesFor(resource, account);
  if (dialect === 'oc') return { rules, toSend: (a) => ocHref(a, origin), forListed: (l) => l };
  if (isSabreSharing(resource)) return { rules, toSend: (a) => sabreRelative(a, origin), forListed: sabreAsSent };
  return { rules, toSend: (a) => a, forListed: (l) => l };
}
