// SharingApi: the one contract every shell exposes to the UI (IPC in Electron, HTTP in browser
// mode) and the CLI drives. Every method rejects with a SharedeckError (shared/errors.ts).
// Every write returns what the server holds after it, re-read, never what was hoped for.

import type { ErrorInfo } from './errors';
import type {
  AcceptResult,
  DiscoveryStep,
  Access,
  Account,
  Collection,
  CollectionList,
  Dialect,
  CollectionOutcome,
  InvitationList,
  PeopleActionResult,
  PeopleList,
  Person,
  PrincipalList,
  ReplyList,
  ShareRequest,
  ShareResult,
  SkippedEntry,
} from './model';

export interface NewAccount {
  /** A server URL (https://dav.example.com/dav/) or a bare host (example.com). */
  serverUrl: string;
  username: string;
  password: string;
  label?: string;
  /** WebDAV folder URLs whose child collections should be listed as folders. */
  folders?: string[];
  /** Calendars, address books or folders to list by their URL (see Account.collections). */
  collections?: string[];
  /** When set, each discovery step is announced as a 'discovery-step' event with this id. */
  progressId?: string;
  /** Other servers the password may go to (Account.approvedOrigins), e.g. after an 'untrusted-origin' error. */
  approvedOrigins?: string[];
}

export interface AccountChanges {
  label?: string;
  folders?: string[];
  collections?: string[];
  /** A new password, e.g. after it was changed on the server. */
  password?: string;
  /** Replaces the other servers the password may go to (Account.approvedOrigins). */
  approvedOrigins?: string[];
}

/** Options of a bulk action on people (revokeEverywhere, setAccessEverywhere, grantAccess). */
export interface BulkOptions {
  /** When set, each collection's outcome is announced as a 'people-progress' event with this id. */
  progressId?: string;
}

export interface GrantOptions extends BulkOptions {
  /** A message for the invitations, where the route sends invitations (ACL grants have none). */
  comment?: string;
}

export interface ReplyOptions {
  comment?: string;
  /** Force the reply's dialect; by default the DAV: form where the server offers it. */
  dialect?: 'dav' | 'cs';
}

/** What the shell tells the UI without being asked. */
export type AppEvent =
  | { type: 'discovery-step'; progressId: string; step: DiscoveryStep }
  /** The shell polled the inbox of an account (on focus and every few minutes). */
  | { type: 'invitations'; accountId: string; invitations: InvitationList['invitations']; skipped: SkippedEntry[] }
  /** That poll failed for this account (it says why; a password the engine lacks is not a failure). */
  | { type: 'invitations-failed'; accountId: string; error: ErrorInfo }
  /** A bulk action on people finished one collection (`done` of `total`). */
  | { type: 'people-progress'; progressId: string; accountId: string; done: number; total: number; outcome: CollectionOutcome };

export interface SharingApi {
  /** Subscribes to AppEvents; returns the function that unsubscribes. */
  onEvent(listener: (event: AppEvent) => void): () => void;

  /**
   * Sentences to show the person once, e.g. that a damaged settings file was kept aside and what
   * the app started with instead. Each is returned by one call only.
   */
  takeNotices(): Promise<string[]>;

  listAccounts(): Promise<Account[]>;
  /** Discovers the account on the server (checking the password) and keeps it. */
  addAccount(input: NewAccount): Promise<Account>;
  updateAccount(accountId: string, changes: AccountChanges): Promise<Account>;
  removeAccount(accountId: string): Promise<void>;

  /** Every collection of the account, with its sharing state, and the entries that had to be left out. */
  listCollections(accountId: string): Promise<CollectionList>;
  getCollection(accountId: string, url: string): Promise<Collection>;

  /** Invite sharees, or change the access of existing ones (same request on the wire). */
  share(accountId: string, url: string, request: ShareRequest): Promise<ShareResult>;
  setAccess(accountId: string, url: string, address: string, access: Access, dialect?: Dialect): Promise<ShareResult>;
  revoke(accountId: string, url: string, addresses: string[], dialect?: Dialect): Promise<ShareResult>;

  /** Invitations and share updates from the notification collection, newest first. */
  listInvitations(accountId: string): Promise<InvitationList>;
  acceptInvitation(accountId: string, invitationId: string, options?: ReplyOptions): Promise<AcceptResult>;
  /** Declines; returns the invitations left. */
  declineInvitation(accountId: string, invitationId: string, options?: ReplyOptions): Promise<InvitationList>;
  /** Deletes the notification without answering the sharer; returns the invitations left. */
  dismissInvitation(accountId: string, invitationId: string): Promise<InvitationList>;
  /**
   * Sharees' answers to the account's invitations, as the server filed them for the owner (who
   * accepted or declined which collection, when, with what message), newest first. Empty where
   * the server files none (servers that share at once).
   */
  listReplies(accountId: string): Promise<ReplyList>;
  /** Deletes one of those answers from the server, once read; returns the answers left. */
  dismissReply(accountId: string, replyId: string): Promise<ReplyList>;
  /** Leaves a share the user accepted earlier; returns the account's collections after it. */
  leaveShare(accountId: string, url: string): Promise<CollectionList>;

  /** Directory search (name or e-mail) for people to invite. */
  searchPrincipals(accountId: string, text: string): Promise<PrincipalList>;
  /**
   * The directory's names of people as a server lists them (mailto: addresses, principal URLs),
   * for lists that show only addresses. At most one directory search per person and session;
   * people the directory does not know are left out.
   */
  lookupPeople(accountId: string, addresses: string[]): Promise<Person[]>;

  /**
   * Everyone who can reach a collection the account owns, by a share or a direct ACL grant, one
   * entry per person (address forms merged by the engine's identity rules), grants to everyone
   * included. Costs what listCollections costs, plus at most one directory search per person not
   * seen before. Across accounts, merge the lists with mergePeople (shared/people.ts).
   */
  listPeople(accountId: string): Promise<PeopleList>;
  /**
   * Takes the people that `addresses` name away from every collection of the account, by every
   * route they have there (shares and ACL grants). A few collections at a time; one outcome per
   * collection; then the people as the server now holds them.
   */
  revokeEverywhere(accountId: string, addresses: string[], options?: BulkOptions): Promise<PeopleActionResult>;
  /** Gives the people that `addresses` name this access on every collection where they have some. */
  setAccessEverywhere(accountId: string, addresses: string[], access: Access, options?: BulkOptions): Promise<PeopleActionResult>;
  /** Gives one person access to several collections at once, each by its preferred route (a share, else an ACL grant). */
  grantAccess(
    accountId: string,
    address: string,
    collectionUrls: string[],
    access: Access,
    options?: GrantOptions,
  ): Promise<PeopleActionResult>;

  publish(accountId: string, url: string): Promise<Collection>;
  unpublish(accountId: string, url: string): Promise<Collection>;
}

/** The method names of SharingApi: what a shell may relay, and what the service answers. */
export const SHARING_API_METHODS = [
  'takeNotices',
  'listAccounts',
  'addAccount',
  'updateAccount',
  'removeAccount',
  'listCollections',
  'getCollection',
  'share',
  'setAccess',
  'revoke',
  'listInvitations',
  'acceptInvitation',
  'declineInvitation',
  'dismissInvitation',
  'listReplies',
  'dismissReply',
  'leaveShare',
  'searchPrincipals',
  'lookupPeople',
  'publish',
  'unpublish',
  'listPeople',
  'revokeEverywhere',
  'setAccessEverywhere',
  'grantAccess',
] as const satisfies readonly (keyof SharingApi)[];

export type SharingApiMethod = (typeof SHARING_API_METHODS)[number];

const METHOD_NAMES: ReadonlySet<string> = new Set(SHARING_API_METHODS);

/** Whether a name (from a renderer, a URL, a message) is a contract method; never true for inherited names. */
export function isSharingApiMethod(name: unknown): name is SharingApiMethod {
  return typeof name === 'string' && METHOD_NAMES.has(name);
}

/**
 * The calls on the list of accounts. Every other method acts on one account, named by its first
 * argument (the engine runs each account's calls on that account's own thread).
 */
export const ACCOUNT_LIST_METHODS = [
  'listAccounts',
  'addAccount',
  'updateAccount',
  'removeAccount',
] as const satisfies readonly SharingApiMethod[];
