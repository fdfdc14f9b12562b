// What kind of collection a DAV:resourcetype describes.

import type { CollectionKind } from '../../../shared/model';
import { NS, child, type XmlElement } from '../xml';

/** calendar / addressbook / folder for collections; undefined for anything that is not one. */
export function kindOfResourceType(resourcetype: XmlElement | undefined): CollectionKind | undefined {
  if (!resourcetype) return undefined;
  if (child(resourcetype, NS.CALDAV, 'calendar')) return 'calendar';
  if (child(resourcetype, NS.CARDDAV, 'addressbook')) return 'addressbook';
  if (child(resourcetype, NS.DAV, 'collection')) return 'folder';
  return undefined;
}

/** Collections that are plumbing, not something a person shares: scheduling boxes, notification
 *  collections, principals, and calendar subscriptions (webcal feeds). */
export function isPlumbing(resourcetype: XmlElement | undefined): boolean {
  if (!resourcetype) return true;
  return resourcetype.children.some(
    (c) =>
      (c.ns === NS.CALDAV && (c.name === 'schedule-inbox' || c.name === 'schedule-outbox')) ||
      (c.ns === NS.DAV && (c.name === 'notifications' || c.name === 'principal')) ||
      (c.ns === NS.CS && (c.name === 'notification' || c.name === 'notifications' || c.name === 'subscribed')),
  );
}
