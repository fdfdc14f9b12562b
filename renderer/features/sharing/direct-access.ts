// What the Direct access section shows and offers, as pure functions of the collection and of the
// server's answer: which grants a person may change here (and why not), their order, the access
// choices, when a change is confirmed first, and what to say after a write.

import { EVERYONE_LABELS, aclNotAppliedSentence, capitalise, grantLabel } from '../../../shared/format';
import {
  isAccess,
  type Access,
  type AclGrant,
  type Collection,
  type EveryoneKind,
  type GrantAccess,
  type ShareResult,
} from '../../../shared/model';
import { GRANT_ACCESS_WORDS } from '../../components/vocabulary';

/** Whether the collection's only route is its access list (DAViCal): no shares, no invitations. */
export function onlyByAcl(collection: Pick<Collection, 'dialects'>): boolean {
  return collection.dialects.length > 0 && collection.dialects.every((d) => d === 'acl');
}

/** Whether the section shows: the list is readable and grants someone access, or it is the only route. */
export function showsDirectAccess(collection: Pick<Collection, 'dialects' | 'aclGrants'>): boolean {
  return collection.aclGrants !== undefined && (collection.aclGrants.length > 0 || onlyByAcl(collection));
}

/** Who a grant to everyone reaches, in plain words. */
export const EVERYONE_MEANINGS: Record<EveryoneKind, string> = {
  all: 'anyone, signed in or not',
  authenticated: 'anyone with an account on this server',
  unauthenticated: 'visitors who are not signed in',
};

const EVERYONE_ORDER: Record<EveryoneKind, number> = { authenticated: 1, all: 2, unauthenticated: 3 };

/** People and groups first, by name; then the grants to everyone, widest audience of the signed-in first. */
export function sortGrants(grants: readonly AclGrant[]): AclGrant[] {
  return [...grants].sort(
    (a, b) =>
      (a.everyone ? EVERYONE_ORDER[a.everyone] : 0) - (b.everyone ? EVERYONE_ORDER[b.everyone] : 0) ||
      grantLabel(a).localeCompare(grantLabel(b)),
  );
}

/** The row's title: the name or id as the server has it; a grant to everyone as a phrase ("Every signed-in user"). */
export function grantTitle(grant: Pick<AclGrant, 'address' | 'everyone'>, name?: string): string {
  if (grant.everyone) return capitalise(EVERYONE_LABELS[grant.everyone]);
  return grantLabel(name === undefined ? grant : { ...grant, name });
}

/** Whether this account may change a grant here, and if not, why (shown on the row when there is a reason to give). */
export function changeable(collection: Collection, grant: AclGrant): { ok: true } | { ok: false; why?: string } {
  if (!collection.canShare || isAccess(collection.access)) return { ok: false };
  if (grant.fixed === 'protected') return { ok: false, why: 'The server protects this entry; it cannot be changed here.' };
  if (grant.fixed === 'inherited') {
    return { ok: false, why: `Inherited from ${grant.inheritedFrom ?? 'a parent collection'}; change it there.` };
  }
  // Where the collection has no ACL route of its own (Cyrus), a person's grant is changed with the
  // share request, which has no exact form for a grant to everyone.
  if (grant.everyone && !collection.dialects.includes('acl')) {
    return { ok: false, why: 'Only the server’s own tools can change this one.' };
  }
  return { ok: true };
}

export interface AccessOption {
  value: GrantAccess;
  label: string;
  /** The grant's own level where it is none a person can give here: shown, not offered. */
  disabled?: boolean;
}

/** The access choices for a grant: Can view and Can edit, after its own level where it is another. */
export function accessOptions(current: GrantAccess): AccessOption[] {
  const given: AccessOption[] = [
    { value: 'read', label: GRANT_ACCESS_WORDS.read },
    { value: 'read-write', label: GRANT_ACCESS_WORDS['read-write'] },
  ];
  return isAccess(current) ? given : [{ value: current, label: GRANT_ACCESS_WORDS[current], disabled: true }, ...given];
}

const RANK: Record<GrantAccess, number> = { 'free-busy': 0, read: 1, 'read-write': 2, manage: 3, other: -1 };

/** A change that opens more of the collection to everyone is confirmed first; one person's access is changed at once. */
export function needsConfirmation(grant: Pick<AclGrant, 'everyone' | 'access'>, next: Access): boolean {
  return grant.everyone !== undefined && (RANK[grant.access] < 0 || RANK[next] > RANK[grant.access]);
}

/** What a write did, in sentences: what went through, or each part the server did not apply. */
export interface Outcome {
  done?: string;
  notApplied: string[];
}

/**
 * The outcome of changing (`access`) or revoking (`'none'`) one grant, from the server's answer;
 * `before` is the collection the write started from.
 */
export function outcomeOf(before: Collection, result: ShareResult, grant: AclGrant, who: string, access: Access | 'none'): Outcome {
  const missed = result.notApplied.filter((n) => n.address === grant.address).map((n) => aclNotAppliedSentence(n, who));
  if (missed.length > 0) return { notApplied: missed };
  if (access === 'none') return { done: `Revoked the direct access of ${who}.`, notApplied: [] };
  const now = result.collection.aclGrants?.find((g) => g.address === grant.address);
  if (!now) {
    // Cyrus records a changed direct grant as a share, with an invitation.
    const shared =
      result.collection.sharees.length > before.sharees.length ? ' The server now lists it as a share, under “Shared with”.' : '';
    return { done: `Changed the access of ${who}.${shared}`, notApplied: [] };
  }
  return { done: `Direct access of ${who}: ${GRANT_ACCESS_WORDS[now.access].toLowerCase()}.`, notApplied: [] };
}

/** Whether the server still lists the grant (its row stays). */
export function stillListed(result: ShareResult, grant: AclGrant): boolean {
  return result.collection.aclGrants?.some((g) => g.address === grant.address) ?? false;
}
