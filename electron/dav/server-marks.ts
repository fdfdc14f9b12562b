// How the engine tells servers apart where they behave differently: by marks they leave in their
// answers, never by a product name or a Server header. Each mark is tested here, once; what the
// engine does differently on each server, and how that is verified, is in docs/servers.md ("How
// Sharedeck recognises a server").

import type { DavResource } from './multistatus';
import { P, has } from './properties';
import { NS, type XmlElement } from './xml';

function namesCyrusPrivilege(el: XmlElement | undefined): boolean {
  return el !== undefined && el.children.some((c) => c.ns === NS.CYRUS || namesCyrusPrivilege(c));
}

/**
 * Cyrus: a collection whose privileges (the user's own, or those it supports) include one in
 * Cyrus's namespace (CY:admin, CY:make-collection, ...). No other server has them. Cyrus lists
 * every sharee as mailto:<user id>@<its own domain>, and keeps its access lists as IMAP ACLs, which
 * its ACL method rewrites more than it is sent.
 */
export function isCyrus(resource: DavResource): boolean {
  return (
    namesCyrusPrivilege(resource.props.get(P.currentUserPrivilegeSet.key)) ||
    namesCyrusPrivilege(resource.props.get(P.supportedPrivilegeSet.key))
  );
}

/**
 * sabre/dav's sharing plugin: the one implementation of the sharing draft's D:share-resource-uri.
 * It resolves only mailto: and relative principals/NAME sharee hrefs, and lists the latter back
 * with its base path in front.
 */
export function isSabreSharing(resource: DavResource): boolean {
  return has(resource, P.shareResourceUri);
}
