// How a server wants sharees written, decided from what the collection about to be changed shows.
// One person has several hrefs, and each server resolves only some of them (docs/servers.md):
// - a dialect may have a form of its own (Nextcloud's OC: takes only principal:principals/...:
//   dialects/oc.ts hrefFor);
// - sabre/dav's sharing plugin (server-marks.ts) resolves only mailto: and the relative
//   principals/NAME; an absolute principal URL or path is stored as an invalid sharee. It lists a
//   relative href back with its base path in front (/principals/NAME), and a change or revoke only
//   works with the string as it was sent;
// - Cyrus (server-marks.ts) takes mailto: and its own principal paths, and lists every sharee as
//   mailto:<user id>@<its own domain>.

import type { Account, Dialect } from '../../shared/model';
import { SHARE_DIALECTS } from './dialects';
import { addressRules, principalPathOn, type AddressRules } from './identity';
import type { DavResource } from './multistatus';
import { isCyrus, isSabreSharing } from './server-marks';

export interface ShareeHrefs {
  /** How this server's listed addresses are matched to the person a request names. */
  rules: AddressRules;
  /** The href to send for an address given by the person or by the directory. */
  toSend(address: string): string;
  /** The href that changes or revokes the sharee the server lists as `listed`. */
  forListed(listed: string): string;
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
  return addressRules(account, isCyrus(resource));
}

export function shareeHrefs(resource: DavResource, account: Pick<Account, 'addresses'>, dialect: Dialect): ShareeHrefs {
  const origin = new URL(resource.url).origin;
  const rules = rulesFor(resource, account);
  const own = dialect === 'acl' ? undefined : SHARE_DIALECTS[dialect].hrefFor;
  if (own) return { rules, toSend: (a) => own(a, origin), forListed: (l) => l };
  if (isSabreSharing(resource)) return { rules, toSend: (a) => sabreRelative(a, origin), forListed: sabreAsSent };
  return { rules, toSend: (a) => a, forListed: (l) => l };
}
