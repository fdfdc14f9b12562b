// Enumerated values that dialects encode as an empty child element (<D:read-write/>) — or, on some
// servers, as bare text (<D:share-access>read-write</D:share-access>). Both are read the same way.

import { isAccess, type Access, type InviteStatus, type Person, type ShareAccess } from '../../../shared/model';
import { resolveHref } from '../multistatus';
import { textOf, type XmlElement } from '../xml';

/** The first child in `ns` whose local name is one of `values`, else the element's text if it is one. */
export function enumOf<T extends string>(el: XmlElement | undefined, ns: string, values: readonly T[]): T | undefined {
  if (!el) return undefined;
  for (const c of el.children) {
    if (c.ns === ns && (values as readonly string[]).includes(c.name)) return c.name as T;
  }
  const text = textOf(el);
  if (text === undefined) return undefined;
  // Text forms seen in the wild: "read-write", "{DAV:}read-write", "D:read-write".
  const bare = text
    .replace(/^\{[^}]*\}/, '')
    .replace(/^[A-Za-z][\w.-]*:/, '')
    .toLowerCase();
  return (values as readonly string[]).includes(bare) ? (bare as T) : undefined;
}

export const SHARE_ACCESS_VALUES = ['not-shared', 'shared-owner', 'read', 'read-write', 'no-access'] as const;
export type WireShareAccess = (typeof SHARE_ACCESS_VALUES)[number];

export const INVITE_STATUS_VALUES = [
  'invite-noresponse',
  'invite-accepted',
  'invite-declined',
  'invite-invalid',
  'invite-deleted',
] as const;
export type WireInviteStatus = (typeof INVITE_STATUS_VALUES)[number];

export function toInviteStatus(wire: WireInviteStatus | undefined): InviteStatus {
  switch (wire) {
    case 'invite-accepted':
      return 'accepted';
    case 'invite-declined':
    case 'invite-deleted':
      return 'declined';
    case 'invite-invalid':
      return 'invalid';
    default:
      return 'pending';
  }
}

/** A sharee's access; owner-level values are not a sharee's and yield undefined. */
export function toAccess(wire: string | undefined): Access | undefined {
  return isAccess(wire) ? wire : undefined;
}

export function toShareAccess(wire: WireShareAccess | undefined): ShareAccess | undefined {
  return wire === 'no-access' ? undefined : wire;
}

/** An href resolved against `base`, when it is an http(s) URL; undefined for anything else. */
export function httpHref(href: string | undefined, base: string): string | undefined {
  const url = href === undefined ? undefined : resolveHref(href, base);
  return url !== undefined && /^https?:/i.test(url) ? url : undefined;
}

export function person(address: string | undefined, name: string | undefined, base: string): Person | undefined {
  if (!address) return undefined;
  // Principal paths become absolute URLs; mailto:, urn: and principal: addresses stay as they are.
  const resolved = address.startsWith('/') ? (resolveHref(address, base) ?? address) : address;
  return name ? { address: resolved, name } : { address: resolved };
}
