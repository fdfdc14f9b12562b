// How the model reads for people: shared by the CLI and the UI so both say the same thing.

import type {
  Access,
  AclGrant,
  CollectionKind,
  EveryoneKind,
  GrantAccess,
  InvitationState,
  InviteStatus,
  NotApplied,
  Person,
  Principal,
  PrincipalType,
  ShareAccess,
  Sharee,
  ShareResult,
  SkippedEntry,
} from './model';
import { lastSegment } from './urls';
import { withoutXmlUnsafe } from './xml-text';

/** A phrase as a sentence starts: its first letter in capitals ("the invitation" → "The invitation"). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A sentence carried on after a colon: its first letter in lower case. */
export function decapitalise(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Whether a grant is the free/busy time a server gives every calendar by default (Cyrus to
 * everyone, DAViCal to every signed-in user): shown for what it is, never as something the person
 * shared. `who` is the grant's everyone-kind (AclGrant.everyone) or the entry's type (People).
 */
export function isDefaultFreeBusy(who: string | undefined, access: GrantAccess): boolean {
  return (who === 'all' || who === 'authenticated') && access === 'free-busy';
}

/** "1 more answer", "20 more answers": a count with its noun in agreement. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** “the entry “x” in the inbox was left out: it is …”; “20 more invitations in the inbox were left out: …”. */
export function leftOutSentence(s: SkippedEntry): string {
  return `${s.what} ${s.count !== undefined && s.count !== 1 ? 'were' : 'was'} left out: ${decapitalise(s.reason)}`;
}

/** "Alice Example", else "alice@example.com", else the principal's id ("alice"). */
export function personLabel(p: Person | undefined): string {
  if (!p) return 'someone';
  if (p.name) return p.name;
  return addressLabel(p.address);
}

let graphemes: Intl.Segmenter | undefined;

function firstCharacter(text: string): string {
  // Made when first needed: the command line, which never shows initials, starts without it.
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(text)) return segment;
  return '';
}

/**
 * What an avatar shows for a name: "Carol Example" is CE, "carol@example.com" is C (its local part
 * only); a letter of any script, an emoji or a letter with its accents counts whole.
 */
export function initials(name: string): string {
  const parts = name
    .replace(/@.*$/, '')
    .split(/[\s._-]+/)
    .filter(Boolean);
  return ((parts[0] ? firstCharacter(parts[0]) : '?') + (parts[1] ? firstCharacter(parts[1]) : '')).toUpperCase();
}

export function addressLabel(address: string): string {
  if (/^mailto:/i.test(address)) return address.slice(7);
  return lastSegment(address.replace(/^principal:/, '/')) ?? address;
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

export const PRINCIPAL_TYPE_LABELS: Record<PrincipalType, string> = {
  individual: 'person',
  group: 'group',
  resource: 'resource',
  room: 'room',
  unknown: 'other',
};

/** "Bob", "bob@example.com", or "team (group)": a sharee as a sentence names them. */
export function shareeLabel(s: Pick<Sharee, 'address' | 'name' | 'type'>): string {
  const label = s.name ?? addressLabel(s.address);
  return s.type === 'group' ? `${label} (group)` : label;
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * What a write did, in the words the CLI and the app both use: "Shared with Bob." where the server
 * shares instantly, "Invitation sent to Bob." where the sharee must accept, then whether the
 * message was dropped. Empty when nothing took. `quote` wraps each name the server gave (the app
 * isolates it, so its direction cannot reorder the sentence).
 */
export function shareOutcome(
  result: ShareResult,
  action: 'invite' | 'access' | 'revoke',
  quote: (name: string) => string = String,
): string[] {
  const names = list(result.applied.map((s) => quote(shareeLabel(s))));
  if (names === '') return [];
  const lines: string[] = [];
  if (action === 'revoke') lines.push(`Stopped sharing with ${names}.`);
  else if (action === 'access') {
    const levels = [...new Set(result.applied.map((s) => ACCESS_LABELS[s.access]))];
    lines.push(`${names} now ${result.applied.length === 1 ? 'has' : 'have'} ${levels.join(' or ')} access.`);
  } else if (result.sharing === 'invitation') lines.push(`Invitation sent to ${names}; they have access once they accept.`);
  else lines.push(`Shared with ${names}.`);
  if (result.message === 'dropped') {
    lines.push('The server did not keep your message: it shares at once and stores no message, so nobody will read it.');
  }
  return lines;
}

/** Why one requested change did not take, as a sentence about the person (`quote` as for shareOutcome). */
export function notAppliedSentence(n: NotApplied, quote: (address: string) => string = String): string {
  const who = quote(n.address.replace(/^mailto:/i, ''));
  switch (n.problem) {
    case 'unknown-address':
      return `Nobody on this server has the address ${who}. This server shares only with its own users and groups; search the directory for them.`;
    case 'not-listed':
      return `The server answered success but does not list ${who}: it does not know that address. Check the spelling, or search the directory.`;
    case 'invalid':
      return `The server lists ${who} as an address it cannot share with: no account there has it. Check the spelling, or search the directory.`;
    case 'access':
      return `The server did not change the access of ${who}; it still has ${n.access ? ACCESS_LABELS[n.access] : 'its old'} access.`;
    case 'still-listed':
      return `The server still lists ${who}${n.access ? ` with ${ACCESS_LABELS[n.access]} access` : ''}: it did not take the revoke.`;
  }
}

/**
 * Why a change of a direct ACL grant did not take, as a sentence about `who` (the grant as the
 * list names it: "bob", "every signed-in user").
 */
export function aclNotAppliedSentence(n: NotApplied, who: string): string {
  switch (n.problem) {
    case 'still-listed':
      return `The server answered success, but its access list still gives ${who} ${n.access ? `${ACCESS_LABELS[n.access]} ` : ''}access: it did not take the revoke.`;
    case 'access':
      return `The server answered success, but its access list did not change what ${who} may do${n.access ? `: still ${ACCESS_LABELS[n.access]}` : ''}.`;
    case 'not-listed':
      return `The server answered success, but its access list does not give ${who} that access: it may not know them, or not offer that access here.`;
    default:
      return notAppliedSentence({ ...n, address: who });
  }
}

/**
 * The display name a directory entry gave, when it gave one (not just the user name from its URL),
 * to send along with an invitation: without the characters XML cannot carry, which the server's
 * text may hold and the person did not type.
 */
export function directoryName(p: Pick<Principal, 'name' | 'url'>): string | undefined {
  const name = withoutXmlUnsafe(p.name).trim();
  return name === '' || p.name === addressLabel(p.url) ? undefined : name;
}
