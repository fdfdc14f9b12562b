// The ownCloud / Nextcloud dialect: the CS: share document moved into http://owncloud.org/ns.
// Every Nextcloud rule the engine knows is here:
// - it advertises calendarserver-sharing too but answers CS:share (and DAV:share-resource) with
//   501, and protects every ACL entry, so where OC: is offered no other route is (`supersedes`);
// - sharees are addressed only as principal:principals/users|groups/NAME; anything else is
//   dropped with a 200 (`hrefFor` writes principal URLs and paths so, and directory hits are
//   offered in that form), and an e-mail address must first be found in its directory
//   (`principalsOnly`);
// - sharing is instant (every sharee is accepted at once), and only with its own users and groups;
// - the calendar names its owner in OC:owner-principal, as bare text relative to the DAV root, and
//   only in a Depth:1 listing: a Depth:0 read has DAV:owner and NC:owner-displayname;
// - it publishes with CS: publishing (cs.ts).

import { principalPathOn } from '../identity';
import type { DavResource } from '../multistatus';
import { P, names, read } from '../properties';
import { NS, child } from '../xml';
import { buildSetRemove, readInviteList } from './cs-shape';
import type { ShareDialect, DialectView } from './types';
import { canWrite } from './user-privileges';
import { person } from './values';

const OC = NS.OC;

/**
 * Nextcloud's href for a principal: principal:principals/users/bob for its URL or path on
 * `origin` (/remote.php/dav/principals/users/bob/). Anything else (a mailto:, a principal of
 * another server) is returned as it is.
 */
function principalHref(address: string, origin: string): string {
  if (address.startsWith('principal:')) return address;
  const path = principalPathOn(address, origin);
  return path === undefined ? address : `principal:${path.slice(path.indexOf('/principals/') + 1).replace(/\/+$/, '')}`;
}

/**
 * The owner as a principal URL. OC:owner-principal ("principals/users/alice") is relative to the
 * DAV root, which DAV:owner of the same resource names in full; at Depth 0 only DAV:owner is there.
 */
function ownerOf(resource: DavResource, base: string): DialectView['owner'] {
  const text = read(resource, P.ownerPrincipal);
  const name = read(resource, P.ownerDisplayname);
  const davOwner = read(resource, P.owner);
  const namesOwner = (url: string | undefined, relative: string) =>
    url !== undefined && new URL(url).pathname.replace(/\/+$/, '').endsWith(`/${relative.replace(/^\/+|\/+$/g, '')}`);
  if (text !== undefined) {
    const address = namesOwner(davOwner, text) ? davOwner : text;
    return person(address, name, base);
  }
  return name !== undefined ? person(davOwner, name, base) : undefined;
}

export const ocDialect: ShareDialect = {
  id: 'oc',
  label: 'Nextcloud sharing (OC:)',
  token: 'oc-resource-sharing',
  properties: names(P.ocInvite, P.ownerPrincipal, P.ownerDisplayname),
  supersedes: ['dav', 'cs', 'acl'],
  principalsOnly: true,
  onlyOwnUsers: { servers: 'Nextcloud' },
  hrefFor: principalHref,

  read(resource: DavResource, base: string): DialectView | undefined {
    const invite = read(resource, P.ocInvite);
    const owner = ownerOf(resource, base);
    if (!invite && !owner) return undefined;
    const writable = canWrite(resource);
    // Nextcloud lets the owner share what she may write; the birthday calendar and read-only
    // copies are not shareable: their CS:allowed-sharing-modes is there and empty.
    const modes = read(resource, P.allowedSharingModes);
    const notShareable = modes !== undefined && child(modes, NS.CS, 'can-be-shared') === undefined;
    const view: DialectView = { shareable: invite !== undefined && writable !== false && !notShareable };
    if (invite) {
      const { sharees, owner: organizer } = readInviteList(invite, OC, base);
      view.sharees = sharees;
      if (organizer) view.owner = organizer;
    }
    if (owner) view.owner = owner;
    // Whether this is the owner's copy is decided by the caller, which knows the user's principal;
    // for a sharee's copy the level is what the privileges allow.
    if (writable !== undefined) view.shareeAccess = writable ? 'read-write' : 'read';
    return view;
  },

  buildShare(changes, context) {
    return buildSetRemove(OC, changes, context.comment, false);
  },
};
