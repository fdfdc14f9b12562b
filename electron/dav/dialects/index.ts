// The registry of sharing dialects, in order of preference for writing.

import type { Dialect } from '../../../shared/model';
import { csDialect, csNotifications } from './cs';
import { davDialect, davNotifications } from './dav';
import { ocDialect } from './oc';
import type { DialectAdapter, NotificationDialect } from './types';

export const DIALECTS: Readonly<Record<Dialect, DialectAdapter>> = { dav: davDialect, cs: csDialect, oc: ocDialect };
export const DIALECT_ORDER: readonly Dialect[] = ['oc', 'dav', 'cs'];
export const NOTIFICATION_DIALECTS: Readonly<Record<'dav' | 'cs', NotificationDialect>> = {
  dav: davNotifications,
  cs: csNotifications,
};

export type { DialectAdapter, DialectView, NotificationDialect, ParsedInvite, ShareChange } from './types';
