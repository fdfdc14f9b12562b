// What the ACL route reads of a collection: its access control entries, the user's privileges,
// the server's privilege tree and its restrictions. Data only: acl.ts reads and plans them.

import type { EveryoneKind } from '../../../shared/model';
import type { PrivilegeTree } from './acl-privileges';

export type AcePrincipal =
  { kind: 'href'; url: string } | { kind: EveryoneKind } | { kind: 'self' } | { kind: 'property'; ns: string; name: string };

export interface Privilege {
  ns: string;
  name: string;
}

/** One access control entry as the server listed it. */
export interface Ace {
  principal: AcePrincipal;
  grant: Privilege[];
  deny: Privilege[];
  protected: boolean;
  inheritedFrom?: string;
}

/** What the properties of one resource say about its ACL. */
export interface AclState {
  /** Undefined when the server does not show this user the ACL. */
  aces?: Ace[];
  /** An entry Sharedeck cannot represent (an inverted principal, an unknown one): writing is refused so nothing is lost. */
  unreadable?: string;
  /** The current user's privileges, when the server says. */
  mine?: Set<string>;
  tree?: PrivilegeTree;
  /** DAV:acl-restrictions says the server takes no denials. */
  grantOnly: boolean;
  /** The list is Cyrus's IMAP ACL seen through DAV (../server-marks.ts isCyrus): see ../acl-write.ts. */
  imapBacked: boolean;
}
