// The words the app uses for access and invitation status, in one place, so the sharing panel, the
// inbox and the list's badges say the same thing ("Can view", "Can edit") and each status comes
// with what it means for the person looking at it.

import type { Access, GrantAccess, InviteStatus, Sharee } from '../../shared/model';

export const ACCESS_WORDS: Record<Access, string> = { read: 'Can view', 'read-write': 'Can edit' };

/** Every access a grant can have (an ACL entry can hold more, or less, than a share gives). */
export const GRANT_ACCESS_WORDS: Record<GrantAccess, string> = {
  ...ACCESS_WORDS,
  'free-busy': 'Free/busy only',
  manage: 'Full control',
  other: 'Special access',
};

/** Why an ACL entry cannot be changed here (AclGrant.fixed). */
export const FIXED_WORDS = { protected: 'protected by the server', inherited: 'inherited' } as const;

/** The access as it reads inside a sentence: "can view", "can edit". */
export function accessPhrase(access: Access): string {
  return ACCESS_WORDS[access].toLowerCase();
}

export const STATUS_WORDS: Record<InviteStatus, string> = {
  accepted: 'Accepted',
  pending: 'Pending',
  declined: 'Declined',
  invalid: 'Not a valid address',
};

/** What each status means, for the owner looking at a sharee. */
export const STATUS_MEANINGS: Record<InviteStatus, string> = {
  accepted: 'They accepted: it is in their account.',
  pending: 'Invited; they have not answered yet.',
  declined: 'They declined, or accepted and left later: the server says the same for both.',
  invalid: 'The server cannot share with this address.',
};

/** Sharees that can reach the collection or may still accept: everyone but those who declined and invalid addresses. */
export function activeSharees<T extends Pick<Sharee, 'status'>>(sharees: readonly T[]): T[] {
  return sharees.filter((s) => s.status === 'accepted' || s.status === 'pending');
}
