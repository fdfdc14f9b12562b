// The ownCloud / Nextcloud dialect: the CS: share document moved into http://owncloud.org/ns.
// Sharing is instant (every sharee is accepted at once), sharees must be addressed as
// principal:principals/users/<id> (anything else is silently ignored), and the sharee's copy
// names its owner in OC:owner-principal.

import { prop, type DavResource } from '../multistatus';
import { NS, textOf } from '../xml';
import { buildSetRemove, canWrite, readInviteList } from './cs';
import type { ShareDialect, DialectView } from './types';
import { person } from './values';

const OC = NS.OC;

/** Nextcloud addresses principals as `principal:principals/users/bob`; map principal URLs to that. */
export function toOcHref(address: string): string {
  if (address.startsWith('principal:')) return address;
  const i = address.indexOf('/principals/');
  if (i === -1) return address;
  return `principal:${address.slice(i + 1).replace(/\/+$/, '')}`;
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
    const ownerPrincipal = textOf(prop(resource, OC, 'owner-principal'));
    if (!invite && !ownerPrincipal) return undefined;
    const view: DialectView = { shareable: invite !== undefined };
    if (invite) {
      const { sharees, owner } = readInviteList(invite, OC, base);
      view.sharees = sharees;
      if (owner) view.owner = owner;
    }
    if (ownerPrincipal) {
      const owner = person(ownerPrincipal, textOf(prop(resource, NS.NC, 'owner-displayname')), base);
      if (owner) view.owner = owner;
    }
    // Whether this is the owner's copy is decided by the caller, which knows the user's principal;
    // for a sharee's copy the level is what the privileges allow.
    const writable = canWrite(resource);
    if (writable !== undefined) view.shareeAccess = writable ? 'read-write' : 'read';
    return view;
  },

  buildShare(changes, context) {
    return buildSetRemove(OC, changes, context.comment, false, toOcHref);
  },
};
