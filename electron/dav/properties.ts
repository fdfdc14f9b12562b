// The WebDAV properties the engine reads, each defined once: its namespace, its name and how its
// value is read from the element a multistatus returned (text, an href resolved against the
// resource, a list of hrefs, the element itself), in the manner of Nextcloud's cdav-library. The
// readers and the dialects ask `read(resource, P.displayname)` instead of repeating
// `textOf(prop(resource, NS.DAV, 'displayname'))`, and request bodies name the same entries.

import type { DavResource } from './multistatus';
import { resolveHref } from './multistatus';
import type { PropName } from './propfind';
import { NS, childrenNamed, clark, hrefOf, textOf, type XmlElement } from './xml';

export interface Property<T> {
  readonly ns: string;
  readonly name: string;
  /** Clark notation, `{ns}name`: how DavResource keys its properties. */
  readonly key: string;
  /** The value a 2xx propstat carries, read from its element; undefined when it carries none. */
  parse(el: XmlElement, base: string): T | undefined;
}

function define<T>(ns: string, name: string, parse: (el: XmlElement, base: string) => T | undefined): Property<T> {
  return { ns, name, key: clark(ns, name), parse };
}

/** The text inside, trimmed; undefined when empty. */
const text = (ns: string, name: string): Property<string> => define(ns, name, (el) => textOf(el));

/** The element itself, for values with structure of their own (dialects read those). */
const element = (ns: string, name: string): Property<XmlElement> => define(ns, name, (el) => el);

/** The first D:href inside, as an absolute URL. */
const href = (ns: string, name: string): Property<string> =>
  define(ns, name, (el, base) => {
    const h = hrefOf(el);
    return h === undefined ? undefined : resolveHref(h, base);
  });

/** Every D:href inside, as absolute URLs (hrefs that are no usable URL are left out). */
const hrefs = (ns: string, name: string): Property<string[]> =>
  define(ns, name, (el, base) =>
    childrenNamed(el, NS.DAV, 'href')
      .map((h) => resolveHref(h.text.trim(), base))
      .filter((u): u is string => u !== undefined),
  );

/** Every D:href inside as written: addresses (mailto:, urn:, ...) rather than places. */
const addressList = (ns: string, name: string): Property<string[]> =>
  define(ns, name, (el) =>
    childrenNamed(el, NS.DAV, 'href')
      .map((h) => h.text.trim())
      .filter(Boolean),
  );

/** The privileges in a privilege set (D:privilege children), as Clark names. */
const privilegeSet = (ns: string, name: string): Property<Set<string>> =>
  define(ns, name, (el) => new Set(childrenNamed(el, NS.DAV, 'privilege').flatMap((p) => p.children.map((c) => clark(c.ns, c.name)))));

export const P = {
  // ---- every resource
  resourcetype: element(NS.DAV, 'resourcetype'),
  displayname: text(NS.DAV, 'displayname'),
  owner: href(NS.DAV, 'owner'),
  currentUserPrivilegeSet: privilegeSet(NS.DAV, 'current-user-privilege-set'),
  getetag: text(NS.DAV, 'getetag'),
  calendarDescription: text(NS.CALDAV, 'calendar-description'),
  addressbookDescription: text(NS.CARDDAV, 'addressbook-description'),
  calendarColor: text(NS.APPLE, 'calendar-color'),

  // ---- principals
  calendarHomeSet: hrefs(NS.CALDAV, 'calendar-home-set'),
  addressbookHomeSet: hrefs(NS.CARDDAV, 'addressbook-home-set'),
  davNotificationUrl: href(NS.DAV, 'notification-URL'),
  csNotificationUrl: href(NS.CS, 'notification-URL'),
  principalCollectionSet: hrefs(NS.DAV, 'principal-collection-set'),
  calendarUserAddressSet: addressList(NS.CALDAV, 'calendar-user-address-set'),
  calendarUserType: text(NS.CALDAV, 'calendar-user-type'),
  csEmailAddressSet: define(NS.CS, 'email-address-set', (el) =>
    childrenNamed(el, NS.CS, 'email-address')
      .map((e) => e.text.trim())
      .filter(Boolean),
  ),
  sabreEmailAddress: text(NS.SABRE, 'email-address'),

  // ---- DAV: resource sharing
  shareAccess: element(NS.DAV, 'share-access'),
  davInvite: element(NS.DAV, 'invite'),
  sharerResourceUri: href(NS.DAV, 'sharer-resource-uri'),
  shareResourceUri: element(NS.DAV, 'share-resource-uri'),

  // ---- CS: calendarserver sharing and publishing
  csInvite: element(NS.CS, 'invite'),
  allowedSharingModes: element(NS.CS, 'allowed-sharing-modes'),
  sharedUrl: href(NS.CS, 'shared-url'),
  // Its D:href, or (some servers) the URL as text.
  publishUrl: define(NS.CS, 'publish-url', (el, base) => {
    const link = hrefOf(el) ?? textOf(el);
    return link === undefined ? undefined : resolveHref(link, base);
  }),

  // ---- OC: Nextcloud
  ocInvite: element(NS.OC, 'invite'),
  ownerPrincipal: text(NS.OC, 'owner-principal'),
  ownerDisplayname: text(NS.NC, 'owner-displayname'),

  // ---- RFC 3744 access control
  acl: element(NS.DAV, 'acl'),
  aclRestrictions: element(NS.DAV, 'acl-restrictions'),
  inheritedAclSet: element(NS.DAV, 'inherited-acl-set'),
  supportedPrivilegeSet: element(NS.DAV, 'supported-privilege-set'),

  // ---- notifications
  davNotificationType: element(NS.DAV, 'notificationtype'),
  csNotificationType: element(NS.CS, 'notificationtype'),
} as const;

/** A property's value on a resource; undefined when the server did not return it with 2xx or it carries none. */
export function read<T>(resource: DavResource, property: Property<T>): T | undefined {
  const el = resource.props.get(property.key);
  return el === undefined ? undefined : property.parse(el, resource.url);
}

/** Whether the server returned the property with 2xx (whatever it holds). */
export function has(resource: DavResource, property: Property<unknown>): boolean {
  return resource.props.has(property.key);
}

/** The status the server refused the property with (403: hidden from this user, 404: absent); undefined when it did not. */
export function refused(resource: DavResource, property: Property<unknown>): number | undefined {
  return resource.failed.get(property.key);
}

/** What a PROPFIND asks for, from registry entries. */
export function names(...properties: readonly Property<unknown>[]): PropName[] {
  return properties.map((p) => [p.ns, p.name] as const);
}

/**
 * The mail addresses a principal lists, in every property servers put them in
 * (C:calendar-user-address-set, CS:email-address-set, sabre's email-address), as `mailto:`
 * addresses spelt as the server spells them, each once whatever its case.
 */
export function mailAddressesOf(resource: DavResource): string[] {
  const all = [
    ...(read(resource, P.calendarUserAddressSet) ?? []),
    ...(read(resource, P.csEmailAddressSet) ?? []).map((e) => `mailto:${e}`),
    ...[read(resource, P.sabreEmailAddress)].filter((e): e is string => e !== undefined).map((e) => `mailto:${e}`),
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of all) {
    if (!/^mailto:.+@/i.test(a)) continue;
    const address = `mailto:${a.slice(7)}`;
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push(address);
  }
  return out;
}
