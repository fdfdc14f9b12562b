// What every engine operation works with: the account, its HTTP client (bounded by the call's
// deadline and cancel) and what was learnt about its server during the session.

import type { Account } from '../../shared/model';
import type { DavHttp } from './http';

export interface DavContext {
  http: DavHttp;
  account: Account;
  /** What was learnt about the server's ACL semantics (kept per session). */
  acl?: AclFacts;
}

/** What the engine learnt about servers' ACL semantics, by origin (kept for the session). */
export interface AclFacts {
  /** Origins whose servers update an ACL entry by entry instead of replacing it. */
  perEntry: Set<string>;
}

export function newAclFacts(): AclFacts {
  return { perEntry: new Set() };
}
