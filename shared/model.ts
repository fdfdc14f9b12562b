// The one data model every shell (Electron, browser mode, CLI) shows. Plain JSON: these objects
// cross IPC and HTTP unchanged, so no classes, no Dates, no Maps.

import type { ErrorInfo } from './errors';

/**
 * Routes by which a collection is shared. Three share dialects: DAV: resource sharing, CS:
 * calendarserver sharing, OC: Nextcloud/ownCloud; and 'acl', direct grants in the collection's
 * RFC 3744 access control list (the ACL method), the only route on servers such as DAViCal that
 * advertise `access-control` but no sharing. Shares come with invitations and their status; ACL
 * grants take effect at once and have none.
 */
export type Dialect = 'dav' | 'cs' | 'oc' | 'acl';

/** How someone reaches a collection: a share (any of the share dialects) or a direct ACL grant. */
export type Route = 'share' | 'acl';

export type CollectionKind = 'calendar' | 'addressbook' | 'folder';

/** The user's relation to a collection. */
export type ShareAccess = 'not-shared' | 'shared-owner' | 'read' | 'read-write';

/** What a sharee may do. The owner level is never a value a client sends. */
export type Access = (typeof ACCESS_VALUES)[number];

export type InviteStatus = 'accepted' | 'pending' | 'declined' | 'invalid';

/**
 * Grants to everyone, as RFC 3744 names them: `all` (anyone, signed in or not), `authenticated`
 * (every signed-in user of the server), `unauthenticated` (anonymous visitors only).
 */
export type EveryoneKind = 'all' | 'authenticated' | 'unauthenticated';

/**
 * What an ACL grant lets its principal do, summarised from its privileges: `free-busy` (only
 * free/busy time, CalDAV read-free-busy), `read`, `read-write`, `manage` (everything, including
 * changing the ACL itself: DAV:all or DAV:write-acl), `other` (privileges that are none of these,
 * e.g. write without read; see AclGrant.privileges).
 */
export type GrantAccess = Access | 'free-busy' | 'manage' | 'other';

/**
 * A direct grant in a collection's access control list (an RFC 3744 ACE) to someone other than
 * its owner, that no share accounts for (the entries a server writes for its sharees belong to
 * those shares and are listed as sharees, not here).
 */
export interface AclGrant {
  /**
   * The principal as the ACL names it: an absolute principal URL for a person or group, or
   * `DAV:all`, `DAV:authenticated`, `DAV:unauthenticated` for a grant to everyone. Pass it back
   * unchanged to change or revoke.
   */
  address: string;
  /** Set for grants to everyone (and then `address` is `DAV:` + this). */
  everyone?: EveryoneKind;
  access: GrantAccess;
  /** The privileges granted (denied ones removed), as Clark names: `{DAV:}read`, `{urn:ietf:params:xml:ns:caldav}read-free-busy`. */
  privileges: string[];
  /**
   * Set when this grant cannot be changed through the collection's ACL: `protected` (the server
   * says so) or `inherited` (it comes from `inheritedFrom`, a parent resource).
   */
  fixed?: 'protected' | 'inherited';
  inheritedFrom?: string;
}

/**
 * What kind of principal a person, sharee or directory entry is: one person, a group of people,
 * a resource or a room. 'unknown' when the server names a kind Sharedeck does not know.
 */
export type PrincipalType = 'individual' | 'group' | 'resource' | 'room' | 'unknown';

/** A person as a server names them: an address (mailto:, principal URL, ...) and maybe a name. */
export interface Person {
  address: string;
  name?: string;
}

export interface Sharee {
  /** The href the server lists, e.g. `mailto:bob@example.com`. Pass it back unchanged to change or revoke. */
  address: string;
  name?: string;
  access: Access;
  status: InviteStatus;
  comment?: string;
  /** The kind of principal, when the server's href says it (Nextcloud's principal:principals/groups/x is a group). */
  type?: PrincipalType;
  /**
   * Set on a sharee who declined (or accepted and left later) while the collection's access
   * control list still grants them its content: Cyrus keeps their rights until the owner revokes
   * them. Absent where the server does not show the owner the list.
   */
  keepsAccess?: boolean;
}

export interface Collection {
  /** Absolute URL of the collection as the user reaches it (the sharee's copy for shares given to them). */
  url: string;
  name: string;
  kind: CollectionKind;
  /** CSS colour (#rrggbb or #rrggbbaa) when the server stores one. */
  color?: string;
  description?: string;
  owner?: Person;
  access: ShareAccess;
  /** Routes this collection can be shared by, preferred first ('acl' last); empty when it cannot be shared. */
  dialects: Dialect[];
  /** Sharees the server lists (never the owner). Empty when not shared, or when the server hides the list. */
  sharees: Sharee[];
  /**
   * Direct ACL grants (RFC 3744) to others than the owner, beyond the sharees; absent when the
   * server does not show this user the collection's ACL (only its owner may usually read it).
   */
  aclGrants?: AclGrant[];
  /** False when the server does not let this user read the sharee list (e.g. Cyrus for sharees). */
  shareesVisible: boolean;
  /** For a share given to the user: who shared it. */
  sharedBy?: Person;
  /** For a share given to the user: the owner's original collection, when the server names it. */
  originalUrl?: string;
  /** True when the user may invite, change and revoke on this collection. */
  canShare: boolean;
  /** Publishing (a public read-only link), where the server offers it. */
  publish?: { available: boolean; url?: string };
}

export type InvitationState = 'pending' | 'accepted' | 'declined' | 'revoked';

/** An incoming share offer (or an update about one) from the user's notification collection. */
export interface Invitation {
  /** URL of the notification resource: pass it to accept, decline or dismiss. */
  id: string;
  collectionName: string;
  kind: CollectionKind;
  /** The owner's collection that is offered. */
  collectionUrl?: string;
  from: Person;
  /** 'none' when the sharer has taken the share away again. */
  access: Access | 'none';
  comment?: string;
  /** pending needs an answer; accepted/declined are updates to an earlier answer; revoked: access removed. */
  state: InvitationState;
  /** RFC 3339 time the notification was written, when the server says. */
  receivedAt?: string;
  dialect: 'dav' | 'cs';
}

/**
 * A sharee's answer to an invitation the account sent, as the server filed it for the owner
 * (Cyrus: "bob accepted", "carol declined"): news to read, then dismiss, which deletes it there.
 */
export interface ShareReply {
  /** URL of the notification resource: pass it to dismissReply. */
  id: string;
  /** Who answered, as the server names them (Cyrus: their principal URL), with the directory's name where it has one. */
  from: Person;
  answer: 'accepted' | 'declined';
  /** The account's collection the answer is about. */
  collectionUrl: string;
  comment?: string;
  /** RFC 3339 time the server filed the answer, when it says. */
  receivedAt?: string;
}

/** The answers filed for the owner (listReplies, dismissReply), and what had to be left out. */
export interface ReplyList {
  replies: ShareReply[];
  skipped: SkippedEntry[];
}

/** A directory entry that can be invited. */
export interface Principal {
  url: string;
  name: string;
  /** The address to invite this principal with on this server. */
  address: string;
  /** Every calendar-user / e-mail address the server lists for the principal (empty when it hides them). */
  addresses: string[];
  /** From calendar-user-type, else from the principal collection it was found in (users/, groups/). */
  type?: PrincipalType;
}

/**
 * Something a listing left out, and why: an href that is not http(s) or is on a server the account
 * does not trust, a document that does not parse, a collection whose access list is hidden, a
 * directory that failed. One bad entry never costs the whole list. Both texts may quote the server:
 * show them inert (shared/inert-text.ts) or isolated in the UI.
 */
export interface SkippedEntry {
  /** What was left out, e.g. `the entry “file:///etc/passwd” in the invitation inbox`. */
  what: string;
  /** Why, ending with a full stop (shown after “… was left out:”), e.g. `it is a file: address, which Sharedeck does not follow.` */
  reason: string;
  /** How many things `what` counts, where it counts them (“20 more invitations in the inbox”): the sentence agrees with it. */
  count?: number;
}

/** Who a People entry is: a kind of principal, or one of the grants to everyone. */
export type PersonType = PrincipalType | EveryoneKind;

/** One collection a person can reach, and by which route. */
export interface PersonGrant {
  accountId: string;
  collectionUrl: string;
  collectionName: string;
  kind: CollectionKind;
  access: GrantAccess;
  via: Route;
  /** The invitation's status, for shares (ACL grants have none: they take effect at once). */
  status?: InviteStatus;
  /** The address the server lists for this person on this collection: pass it to setAccess or revoke. */
  address: string;
  /** Set when this grant cannot be changed here (an ACL entry the server protects, or inherits). */
  fixed?: 'protected' | 'inherited';
}

/**
 * A person, group or everyone-kind that can reach collections of an account, by any route. One
 * entry per person: the address forms that name the same principal (mailto:, principal URL,
 * Nextcloud principal:) are merged by the engine's identity rules, never by display name.
 */
export interface PersonAccess {
  /** The address to show: a mail address where one is known, else the principal URL, or DAV:all etc. */
  address: string;
  name?: string;
  type: PersonType;
  /** Every address form this person is known by (mailto: addresses, principal URLs). */
  addresses: string[];
  grants: PersonGrant[];
}

/** The people of one account (SharingApi.listPeople), with what could not be looked at. */
export interface PeopleList {
  people: PersonAccess[];
  skipped: SkippedEntry[];
}

/** What one bulk action (revoke everywhere, change access everywhere, grant several) did on one collection. */
export interface CollectionOutcome {
  accountId: string;
  collectionUrl: string;
  collectionName: string;
  kind: CollectionKind;
  /** done: the server holds the change; not-applied: it answered but holds something else; failed: an error (see error). */
  result: 'done' | 'not-applied' | 'failed';
  /** What was changed there, e.g. "revoked share", "read-write by ACL". */
  change: string;
  error?: ErrorInfo;
}

/** The answer of a bulk action: one outcome per collection, and the people as the server now holds them. */
export interface PeopleActionResult {
  outcomes: CollectionOutcome[];
  /** Re-read after the action. */
  people: PersonAccess[];
  skipped: SkippedEntry[];
  /** Addresses the action was asked about that name nobody with access to a collection of the account. */
  notFound: string[];
}

/** A configured account. Never holds a password. */
export interface Account {
  id: string;
  /** What the user calls the account; defaults to "user@host". */
  label: string;
  /**
   * The address the user entered, normalised to a URL (or, where the server's well-known address
   * moved the account to another server, that server's DAV root). Its origin is the account's own:
   * the password goes there and to approvedOrigins, nowhere else.
   */
  serverUrl: string;
  username: string;
  principalUrl: string;
  displayName: string;
  /** Calendar-user / e-mail addresses of the user (mailto:...). */
  addresses: string[];
  calendarHomes: string[];
  addressbookHomes: string[];
  /** WebDAV folder URLs the user named: their child collections are listed as folders. */
  folders: string[];
  /**
   * Calendars, address books and folders the user added by their URL, listed themselves (with
   * their kind and the user's access): what a server does not advertise, such as a calendar
   * someone granted by ACL on DAViCal. Absent in accounts kept before this existed.
   */
  collections?: string[];
  notificationUrl?: string;
  /** The first principal collection the server lists (where its users are). */
  principalCollectionUrl?: string;
  /**
   * Every principal collection the server lists (Nextcloud: users, groups, rooms, resources); the
   * directory search looks in those that hold people or groups. Absent on accounts added before it.
   */
  principalCollections?: string[];
  /** Which notification format the collection speaks (DAV: preferred over CS:). */
  notificationDialect?: 'dav' | 'cs';
  /** Tokens of the server's DAV header (resource-sharing, calendarserver-sharing, ...). */
  capabilities: string[];
  /** Sharing dialects the server advertises, preferred first. */
  dialects: Dialect[];
  /**
   * Other origins (`https://host:port`) the person allowed this account's password to go to, e.g.
   * the partition hosts iCloud hands out. Any other origin a server names is refused
   * ('untrusted-origin'); https never steps down to http, allowed or not.
   */
  approvedOrigins: string[];
}

export interface ShareeInput {
  address: string;
  access: Access;
  /** Display name to suggest to the server (sabre stores it). */
  name?: string;
}

export interface ShareRequest {
  sharees: ShareeInput[];
  comment?: string;
  /** Force a dialect; by default the engine picks the best one the collection supports. */
  dialect?: Dialect;
}

/**
 * One requested change the server did not apply, as the re-read after the write shows it.
 * - 'unknown-address': nobody on the server has that address, so nothing was sent for it
 *   (Nextcloud shares only with its own users and groups);
 * - 'not-listed': the server answered success but does not list the person (Cyrus and Nextcloud
 *   drop what they cannot resolve);
 * - 'invalid': the server lists the address as one it cannot deliver to (sabre/dav);
 * - 'access': the person is listed with another access than the one asked for;
 * - 'still-listed': a revoke that left the person listed.
 */
export interface NotApplied {
  /** The address as the request named it. */
  address: string;
  problem: 'unknown-address' | 'not-listed' | 'invalid' | 'access' | 'still-listed';
  /** The access the server holds for the person, when it still lists them. */
  access?: Access;
}

/** Result of a write on a collection: the collection as the server now holds it, and how that went. */
export interface ShareResult {
  collection: Collection;
  /** Addresses whose change the server did not apply (the addresses of `notApplied`). */
  unresolved: string[];
  /** Every requested change that the re-read shows was not applied, and why. Empty when all took. */
  notApplied: NotApplied[];
  /** The people whose change took, as the server lists them (after a revoke: as it listed them before). */
  applied: Sharee[];
  /**
   * How the server shares, from the status it gives the people just invited or changed: 'instant'
   * (they have access at once: sabre/dav, Nextcloud) or 'invitation' (they must accept first:
   * Cyrus, Apple). Absent when the answer does not show it (e.g. after a revoke).
   */
  sharing?: 'instant' | 'invitation';
  /**
   * What became of the message sent with the request, when one was sent and someone was shared
   * with: 'kept' (listed back, or carried by the invitation) or 'dropped' (the server shares
   * instantly and did not store it, so nobody will read it).
   */
  message?: 'kept' | 'dropped';
}

export interface AcceptResult {
  /** Where the share landed in the user's account. */
  url: string;
  /** The new collection as the server now holds it, when it could be read. */
  collection?: Collection;
}

/** Every collection of an account (listCollections, leaveShare), and what had to be left out. */
export interface CollectionList {
  collections: Collection[];
  skipped: SkippedEntry[];
}

/** The inbox (listInvitations, declineInvitation, dismissInvitation), and what had to be left out. */
export interface InvitationList {
  invitations: Invitation[];
  skipped: SkippedEntry[];
}

/** A directory search's matches, and what had to be left out. */
export interface PrincipalList {
  principals: Principal[];
  skipped: SkippedEntry[];
}

/** The steps of adding an account, reported as they happen. */
export type DiscoveryStep = 'service-discovery' | 'principal' | 'homes' | 'capabilities' | 'done';

export const ACCESS_VALUES = ['read', 'read-write'] as const;

/**
 * Whether `value` is a sharee's level of access (read or read-write): on a collection's `access`,
 * that it was shared with the user, who is not its owner.
 */
export function isAccess(value: unknown): value is Access {
  return (ACCESS_VALUES as readonly unknown[]).includes(value);
}
