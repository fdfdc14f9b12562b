// What the CS-shaped dialects share: calendarserver sharing (CS:) and Nextcloud's (OC:), which
// moved the same documents into its own namespace. An invite list (organizer, one user per
// sharee with access, status, name and summary) and a share request (set and remove).

import type { Sharee } from '../../../shared/model';
import { principalTypeOf } from '../identity';
import { NS, buildXml, child, childrenNamed, el, hrefOf, textOf, type XmlElement } from '../xml';
import type { DialectView, RequestBody, ShareChange } from './types';
import { INVITE_STATUS_VALUES, enumOf, person, toAccess, toInviteStatus } from './values';

/** How CS-shaped share requests are sent (Apple, sabre and Nextcloud all take it). */
export const TEXT_XML = 'text/xml; charset=utf-8';

/** The access values of a CS-shaped list, in the dialect's own namespace. */
export const CS_ACCESS_VALUES = ['read', 'read-write', 'no-access'] as const;

/** Reads a CS:invite-shaped list in namespace `ns`: its sharees, and the organizer as the owner. */
export function readInviteList(invite: XmlElement, ns: string, base: string): { sharees: Sharee[]; owner?: DialectView['owner'] } {
  const sharees: Sharee[] = [];
  const organizer = child(invite, ns, 'organizer');
  const owner = organizer ? person(hrefOf(organizer), textOf(child(organizer, ns, 'common-name')), base) : undefined;
  for (const user of childrenNamed(invite, ns, 'user')) {
    const href = hrefOf(user);
    const access = toAccess(enumOf(child(user, ns, 'access'), ns, CS_ACCESS_VALUES));
    if (!href || !access) continue;
    const sharee: Sharee = { address: href, access, status: toInviteStatus(enumOf(user, ns, INVITE_STATUS_VALUES)) };
    const type = principalTypeOf(href);
    if (type) sharee.type = type;
    const name = textOf(child(user, ns, 'common-name'));
    if (name) sharee.name = name;
    const comment = textOf(child(user, ns, 'summary'));
    if (comment) sharee.comment = comment;
    sharees.push(sharee);
  }
  return owner ? { sharees, owner } : { sharees };
}

/** A CS:share-shaped request in namespace `ns`: one set (grant, change) or remove (revoke) per change. */
export function buildSetRemove(
  ns: string,
  changes: readonly ShareChange[],
  summary: string | undefined,
  withCommonName: boolean,
): RequestBody {
  const body = buildXml(
    el(
      ns,
      'share',
      changes.map((c) =>
        c.access === 'none'
          ? el(ns, 'remove', [el(NS.DAV, 'href', [c.address])])
          : el(ns, 'set', [
              el(NS.DAV, 'href', [c.address]),
              withCommonName && c.name !== undefined && el(ns, 'common-name', [c.name]),
              summary !== undefined && el(ns, 'summary', [summary]),
              el(ns, c.access),
            ]),
      ),
    ),
  );
  return { contentType: TEXT_XML, body };
}
