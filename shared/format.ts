// How the model reads for people: shared by the CLI and the UI so both say the same thing.

import type {
  Access,
  AclGrant,
  CollectionKind,
  EveryoneKind,
  GrantAccess,
  InvitationState,
  InviteStatus,
  Person,
  ShareAccess,
} from './model';

/** "Alice Example", else "alice@example.com", else the principal's id ("alice"). */
export function personLabel(p: Person | undefined): string {
  if (!p) return 'someone';
  if (p.name) return p.name;
  return addressLabel(p.address);
}

export function addressLabel(address: string): string {
  if (/^mailto:/i.test(address)) return address.slice(7);
  const path = address.replace(/^principal:/, '/').replace(/^[a-z]+:\/\/[^/]+/i, '');
  const segments = path.split('/').filter(Boolean);
  const last = segments[segments.length - 1];
  if (!last) return address;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export const ACCESS_LABELS: Record<Access, string> = { read: 'read-only', 'read-write': 'read & write' };

export const SHARE_ACCESS_LABELS: Record<ShareAccess, string> = {
  'not-shared': 'owner, not shared',
  'shared-owner': 'owner, shared',
  read: 'shared with you, read-only',
  'read-write': 'shared with you, read & write',
};

export const STATUS_LABELS: Record<InviteStatus, string> = {
  accepted: 'accepted',
  pending: 'pending',
  declined: 'declined',
  invalid: 'invalid address',
};

export const INVITATION_STATE_LABELS: Record<InvitationState, string> = {
  pending: 'awaiting your answer',
  accepted: 'accepted (update)',
  declined: 'declined (update)',
  revoked: 'access removed',
};

export const KIND_LABELS: Record<CollectionKind, string> = { calendar: 'calendar', addressbook: 'address book', folder: 'folder' };

export const GRANT_ACCESS_LABELS: Record<GrantAccess, string> = {
  'free-busy': 'free/busy only',
  read: 'read-only',
  'read-write': 'read & write',
  manage: 'full control',
  other: 'special',
};

export const EVERYONE_LABELS: Record<EveryoneKind, string> = {
  all: 'everyone',
  authenticated: 'every signed-in user',
  unauthenticated: 'anonymous visitors',
};

/** Who an ACL grant is to: "every signed-in user", else the principal's id ("carol"). */
export function grantLabel(g: Pick<AclGrant, 'address' | 'everyone'> & { name?: string }): string {
  if (g.everyone) return EVERYONE_LABELS[g.everyone];
  return g.name ?? addressLabel(g.address);
}
