// The single interface behind which each sharing dialect lives. Adding a dialect means writing one
// adapter file and listing it in index.ts; nothing else changes.

import type { Access, Dialect, InvitationState, Person, ShareAccess, Sharee, CollectionKind } from '../../../shared/model';
import type { DavResource } from '../multistatus';
import type { Property } from '../properties';
import type { XmlElement } from '../xml';
import type { AclState } from './acl-state';

/** One change in a share request: grant/change access, or 'none' to revoke. */
export interface ShareChange {
  address: string;
  access: Access | 'none';
  name?: string;
}

export interface ShareContext {
  /** The collection's display name (CS: requires a summary; Apple rejects a set without one). */
  collectionName: string;
  comment?: string;
}

export interface RequestBody {
  contentType: string;
  body: string;
}

/** What one dialect's properties say about a collection. Absent fields: this dialect does not say. */
export interface DialectView {
  access?: ShareAccess;
  /** The level the user would have if this turns out to be someone else's collection. */
  shareeAccess?: Access;
  /** Sharees other than the owner; undefined when this dialect's list is absent or hidden. */
  sharees?: Sharee[];
  /** True when the server refused to show this dialect's sharee list (403 propstat). */
  shareesHidden?: boolean;
  /** The owner as this dialect names them (organizer, shared-owner sharee, owner-principal). */
  owner?: Person;
  originalUrl?: string;
  /** The collection says it may be shared in this dialect. */
  shareable?: boolean;
  publishable?: boolean;
  publishUrl?: string;
  /** The ACL route: the access control list and the user's privileges, as far as the server shows them. */
  acl?: AclState;
}

/** An incoming invitation as read from one notification document. */
export interface ParsedInvite {
  collectionName?: string;
  kind?: CollectionKind;
  collectionUrl?: string;
  from: Person;
  access: Access | 'none';
  state: InvitationState;
  comment?: string;
  receivedAt?: string;
  /** The owner's collection href exactly as the notification gives it (echoed in CS: replies). */
  hostHref?: string;
  /** DAV: where to POST the reply when the server names a place other than the notification. */
  replyUrl?: string;
  /** CS: the uid to echo in CS:in-reply-to. */
  uid?: string;
  /** CS: the sharee href the invite was addressed to. */
  shareeHref?: string;
}

/** A sharee's answer, as the notification the server files for the owner says it. */
export interface ParsedReply {
  /** Who answered: their principal URL (Cyrus), resolved. */
  sharee: string;
  answer: 'accepted' | 'declined';
  /** The owner's collection the answer is about. */
  collectionUrl: string;
  comment?: string;
  receivedAt?: string;
}

export interface InviteReplyContext {
  accept: boolean;
  comment?: string;
  /** The user's calendar (or address-book) home, where an accepted share is created. */
  home?: string;
  invite: ParsedInvite;
}

/** What every route reads: its properties in the listing's PROPFIND, and its view of a resource. */
export interface DialectAdapter {
  readonly id: Dialect;
  /** What the route is called in sentences ("calendarserver sharing (CS:)"). */
  readonly label: string;
  /** DAV header token that advertises this route (the share POST of a dialect; access-control for ACL). */
  readonly token: string;
  /** Properties this dialect reads, requested in every collection PROPFIND, as [namespace, name]. */
  readonly properties: readonly (readonly [string, string])[];
  /** This dialect's view of a resource; undefined when it carries none of the dialect's properties. */
  read(resource: DavResource, baseUrl: string): DialectView | undefined;
}

/**
 * A share dialect: writes are one share POST built from the changes alone. (The ACL route instead
 * rewrites the list the server holds: dialects/acl.ts, AclPlan.)
 */
export interface ShareDialect extends DialectAdapter {
  readonly id: Exclude<Dialect, 'acl'>;
  /**
   * Routes the servers that speak this one advertise but do not take for sharing (Nextcloud
   * answers CS: and DAV: shares with 501, and protects every ACL entry): never offered where this
   * one is.
   */
  readonly supersedes?: readonly Dialect[];
  /** The kinds of collection this dialect shares; every kind when absent. */
  readonly kinds?: readonly CollectionKind[];
  /** Sharees are named by principal only: a mail address is found in the directory first (Nextcloud). */
  readonly principalsOnly?: boolean;
  /** Where this dialect's servers share only with their own users and groups: what those servers are called, for sentences. */
  readonly onlyOwnUsers?: { servers: string };
  /**
   * The href these servers resolve for a person: a principal URL or path of `origin` in the form
   * the dialect wants; absent, an address is sent as it is (the server's own quirks aside:
   * sharee-hrefs.ts).
   */
  readonly hrefFor?: (address: string, origin: string) => string;
  /** The share POST body for invite / change / revoke. */
  buildShare(changes: readonly ShareChange[], context: ShareContext): RequestBody;
  /** The POST body that publishes or unpublishes a collection, where this dialect publishes. */
  buildPublish?(publish: boolean): RequestBody;
}

/** Dialects that also deliver invitations through a notification collection. */
export interface NotificationDialect {
  readonly id: 'dav' | 'cs';
  /** The property that says what a notification is, in this dialect's form. */
  readonly typeProperty: Property<XmlElement>;
  /** Notification types (Clark names) that are share invitations. */
  readonly inviteTypes: readonly string[];
  /** Notification types (Clark names) that carry a sharee's answer to the owner. */
  readonly replyTypes: readonly string[];
  /** Accept header for GET of a notification in this dialect's form. */
  readonly accept: string;
  /** Parses a notification document; undefined when it is not a share invitation. */
  parseInvite(root: XmlElement, baseUrl: string): ParsedInvite | undefined;
  /** Parses a sharee's answer filed for the owner; undefined when the document is none (or names no one). */
  parseReply(root: XmlElement, baseUrl: string): ParsedReply | undefined;
  /** Where the reply goes and what it says. */
  buildReply(notificationUrl: string, context: InviteReplyContext): { url: string } & RequestBody;
}
