// The registry of sharing dialects, in order of preference for writing.

import type { Dialect } from '../../../shared/model';
import { aclDialect } from './acl';
import { csDialect, csNotifications } from './cs';
import { davDialect, davNotifications } from './dav';
import { ocDialect } from './oc';
import type { DavResource } from '../multistatus';
import type { DialectAdapter, DialectView, NotificationDialect, ShareDialect } from './types';

export const DIALECTS: Readonly<Record<Dialect, DialectAdapter>> = { dav: davDialect, cs: csDialect, oc: ocDialect, acl: aclDialect };
export const SHARE_DIALECTS: Readonly<Record<Exclude<Dialect, 'acl'>, ShareDialect>> = { dav: davDialect, cs: csDialect, oc: ocDialect };
/** The ACL route comes last: where a server shares, its share dialect is how people are invited. */
export const DIALECT_ORDER: readonly Dialect[] = ['oc', 'dav', 'cs', 'acl'];
/** The share dialects, in that order. */
export const SHARE_ORDER: readonly ShareDialect['id'][] = ['oc', 'dav', 'cs'];
export const NOTIFICATION_DIALECTS: Readonly<Record<'dav' | 'cs', NotificationDialect>> = {
  dav: davNotifications,
  cs: csNotifications,
};

export type DialectViews = Partial<Record<Dialect, DialectView>>;

/** What each route says about a resource (routes whose properties it does not carry are absent). */
export function viewsOf(resource: DavResource): DialectViews {
  const views: DialectViews = {};
  for (const id of DIALECT_ORDER) {
    const view = DIALECTS[id].read(resource, resource.url);
    if (view) views[id] = view;
  }
  return views;
}

/** The dialect that publishes a collection: one that builds publish requests, whose view says the collection may be or is published. */
export function publisherOf(views: DialectViews): { dialect: ShareDialect; view: DialectView } | undefined {
  for (const id of SHARE_ORDER) {
    const view = views[id];
    const dialect = SHARE_DIALECTS[id];
    if (dialect.buildPublish && view && (view.publishable !== undefined || view.publishUrl !== undefined)) return { dialect, view };
  }
  return undefined;
}

/** The dialects of `present` that none of the others present supersedes (Nextcloud's OC: its CS: and DAV:). */
export function notSuperseded<D extends Dialect>(present: readonly D[]): D[] {
  const superseded = new Set<Dialect>(present.flatMap((d: Dialect) => (d === 'acl' ? [] : (SHARE_DIALECTS[d].supersedes ?? []))));
  return present.filter((d) => !superseded.has(d));
}

/** The share dialect the account's server prefers (the first it offers), whose rules say how its sharees are named. */
export function preferredShareDialect(dialects: readonly Dialect[]): ShareDialect | undefined {
  const id = dialects.find((d): d is ShareDialect['id'] => d !== 'acl');
  return id === undefined ? undefined : SHARE_DIALECTS[id];
}

export type { DialectAdapter, DialectView, NotificationDialect, ParsedInvite, ParsedReply, ShareChange, ShareDialect } from './types';
