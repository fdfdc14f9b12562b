// The ownCloud / Nextcloud dialect: the CS: share document moved into http://owncloud.org/ns.
// Sharing is instant (every sharee is accepted at once), sharees must be addressed as
// principal:principals/users/<id> (anything else is silently ignored; sharee-hrefs.ts writes
// them so), and the calendar names its owner in OC:owner-principal, as bare text relative to the
// DAV root, and only in a Depth:1 listing: a Depth:0 read has DAV:owner and NC:owner-displayname.

import { prop, resolveHref, type DavResource } from '../multistatus';
import { NS, hrefOf, textOf } from '../xml';
import { buildSetRemove, canWrite, readInviteList } from './cs';
import type { ShareDialect, DialectView } from './types';
import { person } from './values';

const OC = NS.OC;

/** Nextcloud's href for a principal path (/remote.php/dav/principals/users/bob/ → principal:principals/users/bob). */
export function toOcHref(path: string): string {
  if (path.startsWith('principal:')) return path;
  const i = path.indexOf('/principals/');
  if (i === -1) return path;
  return `principal:${path.slice(i + 1).replace(/\/+$/, '')}`;
}

/**
 * The owner as a principal URL. OC:owner-principal ("principals/users/alice") is relative to the
 * DAV root, which DAV:owner of the same resource names in full; at Depth 0 only DAV:owner is there.
 */
function ownerOf(resource: DavResource, base: string): DialectView['owner'] {
  const text = textOf(prop(resource, OC, 'owner-principal'));
  const name = textOf(prop(resource, NS.NC, 'owner-displayname'));
  const davOwnerHref = hrefOf(prop(resource, NS.DAV, 'owner'));
  const davOwner = davOwnerHref === undefined ? undefined : resolveHref(davOwnerHref, base);
  const names = (url: string | undefined, relative: string) =>
    url !== undefined && new URL(url).pathname.replace(/\/+$/, '').endsWith(`/${relative.replace(/^\/+|\/+$/g, '')}`);
  if (text !== undefined) {
    const address = names(davOwner, text) ? davOwner : text;
    return person(address, name, base);
  }
  return name !== undefined ? person(davOwner, name, base) : undefined;
}

export const ocDialect: ShareDialect = {
  id: 'oc',
  token: 'oc-resource-sharing',
  properties: [
    [OC, 'invite'],
    [OC, 'owner-principal'],
    [NS.NC, 'owner-displayname'],
  ],

  read(resource: DavResource, base: string): DialectView | undefined {
    const invite = prop(resource, OC, 'invite');
    const owner = ownerOf(resource, base);
    if (!invite && !owner) return undefined;
    const writable = canWrite(resource);
    // Nextcloud lets the owner share what she may write; the birthday calendar and read-only
    // copies are not shareable (their CS:allowed-sharing-modes is empty, read by the CS: view).
    const view: DialectView = { shareable: invite !== undefined && writable !== false };
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
