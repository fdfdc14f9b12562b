// What the signed-in user may do with a resource, as D:current-user-privilege-set says: generic
// WebDAV, read by every route (a share dialect decides shareability and a sharee's level from it,
// the ACL route whether the user may rewrite the list).

import type { DavResource } from '../multistatus';
import { P, read } from '../properties';
import { NS, clark } from '../xml';

const WRITES = [clark(NS.DAV, 'write'), clark(NS.DAV, 'write-content'), clark(NS.DAV, 'all')];

/** The user's privileges as Clark names; undefined when the server does not say. */
export function userPrivileges(resource: DavResource): Set<string> | undefined {
  return read(resource, P.currentUserPrivilegeSet);
}

/** D:write, D:write-content or D:all among the user's privileges: the user may change the content. Undefined when the server does not say. */
export function canWrite(resource: DavResource): boolean | undefined {
  const mine = userPrivileges(resource);
  return mine === undefined ? undefined : WRITES.some((p) => mine.has(p));
}
