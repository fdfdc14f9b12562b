// SharingService: SharingApi over the account stores and the DAV engine. createSharingService()
// puts it behind the validation boundary (validation.ts): every call, from a shell's dispatcher or
// the CLI, is checked against the contract's schemas before it gets here, so the methods below
// take arguments that already fit. Each method also gets the call's context: its AbortSignal
// cancels the call's requests. The service owns one HTTP client per account, so credentials stay
// here, and go only to the account's own origin or one the person allowed (dav/origins.ts, checked
// on every request); what it returns is the shared model, re-read from the server after every write.

import { randomUUID } from 'node:crypto';
import type { AccountChanges, AppEvent, BulkOptions, GrantOptions, NewAccount, ReplyOptions } from '../../shared/api';
import { SharedeckError, isSharedeckError } from '../../shared/errors';
import type {
  AcceptResult,
  Access,
  Account,
  Collection,
  CollectionList,
  Dialect,
  DiscoveryStep,
  CollectionOutcome,
  InvitationList,
  PeopleActionResult,
  PeopleList,
  Person,
  PrincipalList,
  ReplyList,
  ShareRequest,
  ShareResult,
} from '../../shared/model';
import type { AccountStore } from './account-store';
import { StaleWatch, discoveryOf, sameSchemes, type DiscoveryCache } from './discovery-cache';
import { Listeners } from './listeners';
import type { SecretStore } from './secret-store';
import { cancelledError, withValidation, type CallContext, type Service, type ServiceImplementation } from './validation';
import { listCollections, readCollection } from '../dav/collections';
import { newAclFacts, type AclFacts, type DavContext } from '../dav/context';
import { Deadline } from '../dav/deadline';
import { discoverAt, serverCandidates, triesNextCandidate, type DiscoveredAccount } from '../dav/discovery';
import { DavHttp, type AuthScheme, type DavHttpOptions } from '../dav/http';
import {
  acceptInvitation,
  declineInvitation,
  dismissInvitation,
  dismissReply,
  listInvitations,
  listReplies,
  newInvitationCache,
  type InvitationCache,
} from '../dav/invitations';
import { propfind } from '../dav/propfind';
import { addedUrls, collectionUrl, folderUrls, originList } from './account-urls';
import { NS } from '../dav/xml';
import { newPrincipalSearchCache, searchPrincipals, type PrincipalSearchCache } from '../dav/principals';
import { invite, leave, revoke, setAccess, setPublished, type WriteOptions } from '../dav/sharing';
import {
  grantAccess,
  directoryNames,
  listPeople,
  newPeopleDirectory,
  revokeEverywhere,
  setAccessEverywhere,
  type BulkHooks,
  type PeopleDirectory,
} from '../dav/people';

/** How the engine talks to servers; timeoutMs bounds each call as a whole (every request, body and parse). */
export type HttpSettings = Pick<DavHttpOptions, 'timeoutMs' | 'maxResponseBytes' | 'fetch' | 'onRequest' | 'userAgent'>;

export interface ServiceOptions {
  accounts: AccountStore;
  secrets: SecretStore;
  http?: HttpSettings;
  /** Turns what the user typed into URLs to try (DNS SRV lookups); replaceable in tests. */
  candidates?: (input: string) => Promise<string[]>;
  /** Sentences the shell found to tell the person at start (a damaged file kept aside): takeNotices hands them out once. */
  notices?: readonly string[];
  /**
   * What discovery found on earlier runs (the command line's cache): addAccount then sends no
   * request, and the account's first call that finds it stale (a discovered address answers 404
   * or a redirect, or the server refuses the password) discovers again and runs once more.
   */
  discoveryCache?: DiscoveryCache;
}

interface Session extends DavContext {
  invitations: InvitationCache;
  principals: PrincipalSearchCache;
  acl: AclFacts;
  directory: PeopleDirectory;
  /** The account's discovery came from the cache and the server has not confirmed it yet. */
  remembered?: Remembered;
}

/** Where a remembered discovery came from, and the schemes it held. */
interface Remembered {
  server: string;
  username: string;
  schemes: Record<string, AuthScheme>;
}

class SharingService implements ServiceImplementation {
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Listeners<AppEvent>();
  private accounts: Account[] | undefined;
  private loading: Promise<Account[]> | undefined;
  /** Sentences for the person that no call asked for (a damaged file found at start), shown once. */
  private readonly notices: string[];
  /** Serialises changes to the account list so concurrent adds never lose one. */
  private accountWrites: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ServiceOptions) {
    this.notices = [...(options.notices ?? [])];
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  private emit(event: AppEvent): void {
    this.listeners.emit(event);
  }

  takeNotices(): Promise<string[]> {
    return Promise.resolve(this.notices.splice(0));
  }

  // ---- accounts ---------------------------------------------------------------------------

  async listAccounts(): Promise<Account[]> {
    return structuredClone(await this.loadAccounts());
  }

  /**
   * Adds an account, reporting each discovery step as it happens. A cancelled call keeps nothing:
   * its requests are aborted, and neither the account nor its password is saved.
   */
  async addAccount({ signal }: CallContext, input: NewAccount): Promise<Account> {
    const progressId = input.progressId;
    const onStep =
      progressId === undefined
        ? undefined
        : (step: DiscoveryStep) => {
            this.emit({ type: 'discovery-step', progressId, step });
          };
    const { serverUrl, username, password } = input;
    const approvedOrigins = originList(input.approvedOrigins);
    const remembered = await this.options.discoveryCache?.load(serverUrl, username).catch(() => undefined);
    const { http, found } = remembered
      ? {
          http: this.client(remembered.account.serverUrl, username, password, approvedOrigins, remembered.schemes),
          found: remembered.account,
        }
      : await this.discover(serverUrl, username, password, approvedOrigins, this.deadline(), signal, onStep);
    // From here on the account is kept: a cancel that arrives later is too late.
    if (signal.aborted) throw cancelledError(signal);
    const existing = (await this.loadAccounts()).find((a) => a.principalUrl === found.principalUrl && a.username === username);
    if (existing) {
      throw new SharedeckError('duplicate', `This account is already in Sharedeck as “${existing.label}”.`);
    }
    const id = randomUUID();
    const account: Account = {
      ...found,
      id,
      username,
      label: input.label?.trim() || `${username}@${new URL(found.serverUrl).host}`,
      displayName: found.displayName || username,
      folders: [],
      approvedOrigins,
    };
    account.folders = folderUrls(input.folders ?? [], account);
    const added = addedUrls(input.collections ?? [], account);
    if (added.length > 0) account.collections = added;
    await this.options.secrets.set(id, password);
    await this.mutateAccounts((list) => [...list, account]);
    const session = this.newSession(http, account);
    if (remembered) session.remembered = { server: serverUrl, username, schemes: remembered.schemes };
    else await this.remember(serverUrl, username, found, http);
    this.sessions.set(id, session);
    return structuredClone(account);
  }

  /** Discovery on each candidate URL in turn; a later one (plain http on this machine, the host after its SRV target) may answer. */
  private async discover(
    serverUrl: string,
    username: string,
    password: string,
    approvedOrigins: readonly string[],
    deadline: Deadline,
    signal: AbortSignal,
    onStep?: (step: DiscoveryStep) => void,
  ): Promise<{ http: DavHttp; found: DiscoveredAccount }> {
    const candidates = await (this.options.candidates ?? serverCandidates)(serverUrl);
    let firstError: unknown;
    for (const base of candidates) {
      const http = this.client(base, username, password, approvedOrigins);
      try {
        return { http, found: await discoverAt(http.operation(deadline, signal), base, onStep) };
      } catch (e) {
        // Discovery swallows some failures and tries on: after a cancel, say it was cancelled.
        if (signal.aborted) throw cancelledError(signal);
        firstError ??= e;
        if (!triesNextCandidate(e)) throw e;
      }
    }
    throw firstError;
  }

  /** Keeps what discovery found for the next run, where there is a cache; a cache that cannot be written changes nothing. */
  private async remember(server: string, username: string, account: DiscoveredAccount, http: DavHttp): Promise<void> {
    await this.options.discoveryCache?.save(server, username, { account, schemes: http.learntSchemes() }).catch(() => undefined);
  }

  async updateAccount({ signal }: CallContext, accountId: string, changes: AccountChanges): Promise<Account> {
    const current = await this.account(accountId);
    const updated: Account = { ...current };
    if (changes.label !== undefined) updated.label = changes.label;
    if (changes.approvedOrigins !== undefined) updated.approvedOrigins = originList(changes.approvedOrigins);
    if (changes.folders !== undefined) updated.folders = folderUrls(changes.folders, updated);
    if (changes.collections !== undefined) updated.collections = addedUrls(changes.collections, updated);
    if (changes.password !== undefined) {
      const { password } = changes;
      // Check it before keeping it: a wrong password must not replace a right one.
      const http = this.client(updated.serverUrl, updated.username, password, updated.approvedOrigins).operation(this.deadline(), signal);
      await propfind(http, updated.principalUrl, '0', [[NS.DAV, 'displayname']], 'your account');
      await this.options.secrets.set(accountId, password);
    }
    this.sessions.delete(accountId);
    await this.mutateAccounts((list) => list.map((a) => (a.id === accountId ? updated : a)));
    return structuredClone(updated);
  }

  async removeAccount(_call: CallContext, accountId: string): Promise<void> {
    await this.account(accountId);
    this.sessions.delete(accountId);
    await this.options.secrets.delete(accountId);
    await this.mutateAccounts((list) => list.filter((a) => a.id !== accountId));
  }

  // ---- collections ------------------------------------------------------------------------

  async listCollections(call: CallContext, accountId: string): Promise<CollectionList> {
    return this.run(call, accountId, (s) => listCollections(s));
  }

  async getCollection(call: CallContext, accountId: string, url: string): Promise<Collection> {
    return this.run(call, accountId, async (s) => (await readCollection(s, collectionUrl(s.account, url))).collection);
  }

  async share(call: CallContext, accountId: string, url: string, request: ShareRequest): Promise<ShareResult> {
    return this.run(call, accountId, async (s) => {
      const options = writeOptions(s, request.dialect);
      if (request.comment !== undefined && request.comment !== '') options.comment = request.comment;
      return invite(s, collectionUrl(s.account, url), request.sharees, options);
    });
  }

  async setAccess(
    call: CallContext,
    accountId: string,
    url: string,
    address: string,
    access: Access,
    dialect?: Dialect,
  ): Promise<ShareResult> {
    return this.run(call, accountId, (s) => setAccess(s, collectionUrl(s.account, url), address, access, writeOptions(s, dialect)));
  }

  async revoke(call: CallContext, accountId: string, url: string, addresses: string[], dialect?: Dialect): Promise<ShareResult> {
    return this.run(call, accountId, (s) => revoke(s, collectionUrl(s.account, url), addresses, writeOptions(s, dialect)));
  }

  async leaveShare(call: CallContext, accountId: string, url: string): Promise<CollectionList> {
    return this.run(call, accountId, async (s) => {
      await leave(s, collectionUrl(s.account, url));
      return listCollections(s);
    });
  }

  async publish(call: CallContext, accountId: string, url: string): Promise<Collection> {
    return this.run(call, accountId, (s) => setPublished(s, collectionUrl(s.account, url), true));
  }

  async unpublish(call: CallContext, accountId: string, url: string): Promise<Collection> {
    return this.run(call, accountId, (s) => setPublished(s, collectionUrl(s.account, url), false));
  }

  // ---- invitations and directory ----------------------------------------------------------

  async listInvitations(call: CallContext, accountId: string): Promise<InvitationList> {
    return this.run(call, accountId, (s) => listInvitations(s, s.invitations));
  }

  async acceptInvitation(call: CallContext, accountId: string, invitationId: string, options: ReplyOptions = {}): Promise<AcceptResult> {
    return this.run(call, accountId, (s) => acceptInvitation(s, invitationId, optionalComment(options.comment), options.dialect));
  }

  async declineInvitation(call: CallContext, accountId: string, invitationId: string, options: ReplyOptions = {}): Promise<InvitationList> {
    return this.run(call, accountId, async (s) => {
      await declineInvitation(s, invitationId, optionalComment(options.comment), options.dialect);
      return listInvitations(s, s.invitations);
    });
  }

  async dismissInvitation(call: CallContext, accountId: string, invitationId: string): Promise<InvitationList> {
    return this.run(call, accountId, async (s) => {
      await dismissInvitation(s, invitationId);
      return listInvitations(s, s.invitations);
    });
  }

  async listReplies(call: CallContext, accountId: string): Promise<ReplyList> {
    return this.run(call, accountId, (s) => this.namedReplies(s));
  }

  async dismissReply(call: CallContext, accountId: string, replyId: string): Promise<ReplyList> {
    return this.run(call, accountId, async (s) => {
      await dismissReply(s, replyId);
      return this.namedReplies(s);
    });
  }

  /** The answers, with the directory's names of who answered (Cyrus names them by principal URL only). */
  private async namedReplies(s: Session): Promise<ReplyList> {
    const { replies, skipped } = await listReplies(s, s.invitations);
    const names = new Map(
      (
        await directoryNames(
          s,
          replies.map((r) => r.from.address),
        )
      ).map((p) => [p.address, p.name]),
    );
    return {
      replies: replies.map((r) => {
        const name = names.get(r.from.address);
        return name ? { ...r, from: { ...r.from, name } } : r;
      }),
      skipped,
    };
  }

  async searchPrincipals(call: CallContext, accountId: string, text: string): Promise<PrincipalList> {
    return this.run(call, accountId, (s) => searchPrincipals(s, text, s.principals));
  }

  async lookupPeople(call: CallContext, accountId: string, addresses: string[]): Promise<Person[]> {
    return this.run(call, accountId, (s) => directoryNames(s, addresses));
  }

  // ---- people ----------------------------------------------------------------------------

  async listPeople(call: CallContext, accountId: string): Promise<PeopleList> {
    return this.run(call, accountId, async (s) => {
      const { people, skipped } = await listPeople(s);
      return { people, skipped };
    });
  }

  async revokeEverywhere(
    call: CallContext,
    accountId: string,
    addresses: string[],
    options: BulkOptions = {},
  ): Promise<PeopleActionResult> {
    return this.run(call, accountId, (s) => revokeEverywhere(s, addresses, this.progress(accountId, options)), BULK_CALLS);
  }

  async setAccessEverywhere(
    call: CallContext,
    accountId: string,
    addresses: string[],
    access: Access,
    options: BulkOptions = {},
  ): Promise<PeopleActionResult> {
    return this.run(call, accountId, (s) => setAccessEverywhere(s, addresses, access, this.progress(accountId, options)), BULK_CALLS);
  }

  async grantAccess(
    call: CallContext,
    accountId: string,
    address: string,
    collectionUrls: string[],
    access: Access,
    options: GrantOptions = {},
  ): Promise<PeopleActionResult> {
    const comment = optionalComment(options.comment);
    return this.run(
      call,
      accountId,
      (s) => {
        const urls = collectionUrls.map((u) => collectionUrl(s.account, u));
        return grantAccess(s, address, urls, access, comment === undefined ? {} : { comment }, this.progress(accountId, options));
      },
      BULK_CALLS,
    );
  }

  /** Each collection's outcome of a bulk action, as an AppEvent with the caller's progress id. */
  private progress(accountId: string, { progressId }: BulkOptions): BulkHooks {
    if (progressId === undefined) return {};
    return {
      onOutcome: (outcome: CollectionOutcome, done: number, total: number) => {
        this.emit({ type: 'people-progress', progressId, accountId, done, total, outcome });
      },
    };
  }

  /** Number of HTTP exchanges made for an account (benchmarks and tests). */
  requestCount(accountId: string): number {
    return this.sessions.get(accountId)?.http.requestCount ?? 0;
  }

  /** Forgets the accounts read and the sessions made: another thread changed the account list. */
  reload(): void {
    this.accounts = undefined;
    this.loading = undefined;
    this.sessions.clear();
  }

  // ---- internals --------------------------------------------------------------------------

  private client(
    baseUrl: string,
    username: string,
    password: string,
    approvedOrigins: readonly string[],
    rememberedSchemes?: Readonly<Record<string, AuthScheme>>,
  ): DavHttp {
    return new DavHttp({
      ...this.options.http,
      baseUrl,
      approvedOrigins,
      credentials: { username, password },
      ...(rememberedSchemes === undefined ? {} : { rememberedSchemes }),
    });
  }

  /** The one deadline of a call: every request, body and parse it makes ends by then. */
  private deadline(): Deadline {
    return new Deadline(this.options.http?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
  }

  private newSession(http: DavHttp, account: Account): Session {
    return {
      http,
      account,
      invitations: newInvitationCache(),
      principals: newPrincipalSearchCache(),
      acl: newAclFacts(),
      directory: newPeopleDirectory(),
    };
  }

  private loadAccounts(): Promise<Account[]> {
    if (this.accounts) return Promise.resolve(this.accounts);
    // One read however many calls arrive at once.
    this.loading ??= this.options.accounts.load().then(
      (list) => {
        this.loading = undefined;
        this.accounts ??= list;
        return this.accounts;
      },
      (e: unknown) => {
        this.loading = undefined;
        throw e;
      },
    );
    return this.loading;
  }

  private mutateAccounts(change: (list: Account[]) => Account[]): Promise<void> {
    const run = this.accountWrites.then(async () => {
      const next = change(await this.loadAccounts());
      await this.options.accounts.save(next);
      this.accounts = next;
    });
    this.accountWrites = run.catch(() => undefined);
    return run;
  }

  private async account(accountId: string): Promise<Account> {
    const found = (await this.loadAccounts()).find((a) => a.id === accountId);
    if (!found) throw new SharedeckError('not-found', 'There is no such account. It may have been removed.');
    return found;
  }

  private async session(accountId: string): Promise<Session> {
    const existing = this.sessions.get(accountId);
    if (existing) return existing;
    const account = await this.account(accountId);
    const password = await this.options.secrets.get(accountId);
    if (password === undefined) {
      throw new SharedeckError('auth', `Sharedeck does not have the password for ${account.label}. Enter it again.`);
    }
    // Another call may have made one meanwhile (the password is asked of another thread): keep one.
    const session =
      this.sessions.get(accountId) ??
      this.newSession(this.client(account.serverUrl, account.username, password, account.approvedOrigins), account);
    this.sessions.set(accountId, session);
    return session;
  }

  /**
   * Runs one call on the account's session: its client bounded by the call's deadline (a bulk
   * action on people gets `calls` times that: it lists, changes each collection a few at a time
   * and lists again) and stopped by its cancel. Where the account's discovery came from the cache,
   * a call that finds it stale discovers again, keeps the new findings and, if it failed, runs
   * once more within the same deadline.
   */
  private async run<T>(call: CallContext, accountId: string, work: (s: Session) => Promise<T>, calls = 1): Promise<T> {
    const deadline = new Deadline((this.options.http?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS) * calls);
    const session = await this.session(accountId);
    const { remembered } = session;
    if (!remembered) return work({ ...session, http: session.http.operation(deadline, call.signal) });
    const watch = new StaleWatch(session.account);
    let value: T;
    try {
      value = await work({ ...session, http: session.http.operation(deadline, call.signal, watch.observe) });
    } catch (e) {
      if (!watch.stale && !(isSharedeckError(e) && e.code === 'auth')) throw e;
      const fresh = await this.rediscover(session, remembered, deadline, call.signal);
      return work({ ...fresh, http: fresh.http.operation(deadline, call.signal) });
    }
    if (watch.stale) await this.rediscover(session, remembered, deadline, call.signal);
    else if (!sameSchemes(remembered.schemes, session.http.learntSchemes())) {
      // The server asked for another scheme (Basic to Digest) and the call went through: only that changed.
      remembered.schemes = session.http.learntSchemes();
      await this.remember(remembered.server, remembered.username, discoveryOf(session.account), session.http);
    }
    return value;
  }

  /**
   * Discovers a cached account again (the cache is forgotten if that fails), keeps what it found
   * in the account, the cache and a new session, and returns the session.
   */
  private async rediscover(session: Session, remembered: Remembered, deadline: Deadline, signal: AbortSignal): Promise<Session> {
    const { account } = session;
    const password = await this.options.secrets.get(account.id);
    if (password === undefined)
      throw new SharedeckError('auth', `Sharedeck does not have the password for ${account.label}. Enter it again.`);
    let found: DiscoveredAccount;
    let http: DavHttp;
    try {
      ({ http, found } = await this.discover(remembered.server, remembered.username, password, account.approvedOrigins, deadline, signal));
    } catch (e) {
      await this.options.discoveryCache?.forget(remembered.server, remembered.username).catch(() => undefined);
      throw e;
    }
    const updated: Account = { ...account, ...found, username: account.username, displayName: found.displayName || account.username };
    await this.mutateAccounts((list) => list.map((a) => (a.id === account.id ? updated : a)));
    const fresh = this.newSession(http, updated);
    this.sessions.set(account.id, fresh);
    await this.remember(remembered.server, remembered.username, found, http);
    return fresh;
  }
}

const DEFAULT_CALL_TIMEOUT_MS = 60_000;
/** How many single calls' time a bulk action on people may take. */
const BULK_CALLS = 10;

/** How the engine's writes look people up and which route they take. */
function writeOptions(s: Session, dialect: Dialect | undefined): WriteOptions {
  return dialect === undefined ? { principals: s.principals } : { principals: s.principals, dialect };
}

function optionalComment(comment: string | undefined): string | undefined {
  return comment === undefined || comment === '' ? undefined : comment;
}

/** The service behind its validation boundary: what every shell and the CLI use. */
export interface SharingServiceApi extends Service {
  /** Number of HTTP exchanges made for an account (benchmarks and tests). */
  requestCount(accountId: string): number;
  /** Forgets the accounts read and the sessions made: another thread changed the account list. */
  reload(): void;
}

export function createSharingService(options: ServiceOptions): SharingServiceApi {
  const service = new SharingService(options);
  return Object.assign(withValidation(service), {
    requestCount: (accountId: string) => service.requestCount(accountId),
    reload: () => {
      service.reload();
    },
  });
}
