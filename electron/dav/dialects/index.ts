// The registry of sharing dialects, in order of preference for writing.

import type { Dialect } from '../../../shared/model';
import { aclDialect } from './acl';
import { csDialect, csNotifications } from './cs';
import { davDialect, davNotifications } from './dav';
import { ocDialect } from './oc';
import type { DialectAdapter, NotificationDialect, ShareDialect } from './types';

export const DIALECTS: Readonly<Record<Dialect, DialectAdapter>> = { dav: davDialect, cs: csDialect, oc: ocDialect, acl: aclDialect };
export const SHARE_DIALECTS: Readonly<Record<Exclude<Dialect, 'acl'>, ShareDialect>> = { dav: davDialect, cs: csDialect, oc: ocDialect };
/** The ACL route comes last: where a server shares, its share dialect is how people are invited. */
export const DIALECT_ORDER: readonly Dialect[] = ['oc', 'dav', 'cs', 'acl'];
export const NOTIFICATION_DIALECTS: Readonly<Record<'dav' | 'cs', NotificationDialect>> = {
  dav: davNotifications,
  cs: csNotifications,
};

export type { DialectAdapter, DialectView, NotificationDialect, ParsedInvite, ParsedReply, ShareChange, ShareDialect } from './types';
