// SharingService: SharingApi over the account stores and the DAV engine. One instance serves a
// shell (Electron IPC, browser mode, CLI). It owns one HTTP client per account, so credentials
// stay here; what it returns is the shared model, re-read from the server after every write.

import { randomUUID } from 'node:crypto';
import type { AccountChanges, AppEvent, NewAccount, ReplyOptions, SharingApi } from '../../shared/api';
import { SharedeckError } from '../../shared/errors';
import type {
  AcceptResult,
  Access,
  Account,
  Collection,
  Dialect,
  DiscoveryStep,
  Invitation,
  Principal,
  ShareRequest,
  ShareResult,
} from '../../shared/model';
import type { AccountStore } from './account-store';
import type { SecretStore } from './secret-store';
import { listCollections, readCollection, type DavContext } from '../dav/collections';
import { Deadline } from '../dav/deadline';
import { discoverAt, serverCandidates, triesNextCandidate } from '../dav/discovery';
import { DavHttp, type DavHttpOptions } from '../dav/http';
import {
  acceptInvitation,
  declineInvitation,
  dismissInvitation,
  listInvitations,
  newInvitationCache,
  type InvitationCache,
} from '../dav/invitations';
import { propfind } from '../dav/propfind';
import { OriginPolicy, normaliseOrigin } from '../dav/origins';
import { NS } from '../dav/xml';
import { newPrincipalSearchCache, searchPrincipals, type PrincipalSearchCache } from '../dav/principals';
import { invite, leave, revoke, setAccess, setPublished } from '../dav/sharing';

/** How the engine talks to servers; timeoutMs bounds each call as a whole (every request, body and parse). */
export type HttpSettings = Pick<DavHttpOptions, 'timeoutMs' | 'maxResponseBytes' | 'fetch' | 'onRequest' | 'userAgent'>;

export interface ServiceOptions {
  accounts: AccountStore;
  secrets: SecretStore;
  http?: HttpSettings;
  /** Turns what the user typed into URLs to try (DNS SRV lookups); replaceable in tests. */
  candidates?: (input: string) => Promise<string[]>;
}

interface Session extends DavContext {
  invitations: InvitationCache;
  principals: PrincipalSearchCache;
}

const MAX_FIELD = 2048;

function field(value: unknown, name: string, { optional = false, max = MAX_FIELD } = {}): string {
  if (value === undefined && optional) return '';
  if (typeof value !== 'string' || (!optional && value.trim() === '')) {
    throw new SharedeckError('invalid-input', `Enter ${name}.`);
  }
  if (value.length > max) throw new SharedeckError('invalid-input', `${name.charAt(0).toUpperCase()}${name.slice(1)} is too long.`);
  return value;
}

export class SharingService implements SharingApi {
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private accounts: Account[] | undefined;
  /** Serialises changes to the account list so concurrent adds never lose one. */
  private accountWrites: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ServiceOptions) {}

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // one broken listener must not stop the others or the call that emitted
      }
    }
  }

  /**
   * Reads every account's inbox and announces it as 'invitations' events (the shells call this on
   * focus and every few minutes). Accounts whose password is not known, or whose server fails,
   * are skipped: a background check must never raise.
   */
  async pollInvitations(): Promise<void> {
    for (const account of await this.loadAccounts()) {
      try {
        if ((await this.options.secrets.get(account.id)) === undefined) continue;
        this.emit({ type: 'invitations', accountId: account.id, invitations: await this.listInvitations(account.id) });
      } catch {
        // the next poll, or the user's own refresh, reports the problem where it can be acted on
      }
    }
  }

  // ---- accounts ---------------------------------------------------------------------------

  async listAccounts(): Promise<Account[]> {
    return structuredClone(await this.loadAccounts());
  }

  /** Adds an account, reporting each discovery step as it happens. */
  async addAccount(input: NewAccount): Promise<Account> {
    const progressId = input.progressId;
    const onStep =
      progressId === undefined
        ? undefined
        : (step: DiscoveryStep) => {
            this.emit({ type: 'discovery-step', progressId, step });
          };
    const serverUrl = field(input?.serverUrl, 'the server address');
    const username = field(input?.username, 'the user name', { max: 256 });
    const password = field(input?.password, 'the password', { max: 1024 });
    const approvedOrigins = originList(input.approvedOrigins);
    const deadline = this.deadline();
    const candidates = await (this.options.candidates ?? serverCandidates)(serverUrl);
    let firstError: unknown;
    for (const base of candidates) {
      const http = this.client(base, username, password, approvedOrigins);
      try {
        const found = await discoverAt(http.operation(deadline), base, onStep);
        const existing = (await this.loadAccounts()).find((a) => a.principalUrl === found.principalUrl && a.username === username);
        if (existing) {
          throw new SharedeckError('invalid-input', `This account is already in Sharedeck as “${existing.label}”.`);
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
        await this.options.secrets.set(id, password);
        await this.mutateAccounts((list) => [...list, account]);
        this.sessions.set(id, this.newSession(http, account));
        return structuredClone(account);
      } catch (e) {
        firstError ??= e;
        // A later candidate (plain http on this machine, the host after its SRV target) may answer.
        if (!triesNextCandidate(e)) throw e;
      }
    }
    throw firstError;
  }

  async updateAccount(accountId: string, changes: AccountChanges): Promise<Account> {
    const current = await this.account(accountId);
    const updated: Account = { ...current };
    if (changes.label !== undefined) updated.label = field(changes.label, 'a name for the account', { max: 200 }).trim();
    if (changes.approvedOrigins !== undefined) updated.approvedOrigins = originList(changes.approvedOrigins);
    if (changes.folders !== undefined) updated.folders = folderUrls(changes.folders, updated);
    if (changes.password !== undefined) {
      const password = field(changes.password, 'the password', { max: 1024 });
      // Check it before keeping it: a wrong password must not replace a right one.
      const http = this.client(updated.serverUrl, updated.username, password, updated.approvedOrigins).operation(this.deadline());
      await propfind(http, updated.principalUrl, '0', [[NS.DAV, 'displayname']], 'your account');
      await this.options.secrets.set(accountId, password);
    }
    this.sessions.delete(accountId);
    await this.mutateAccounts((list) => list.map((a) => (a.id === accountId ? updated : a)));
    return structuredClone(updated);
  }

  async removeAccount(accountId: string): Promise<void> {
    await this.account(accountId);
    this.sessions.delete(accountId);
    await this.options.secrets.delete(accountId);
    await this.mutateAccounts((list) => list.filter((a) => a.id !== accountId));
  }

  // ---- collections ------------------------------------------------------------------------

  async listCollections(accountId: string): Promise<Collection[]> {
    return listCollections(await this.operation(accountId));
  }

  async getCollection(accountId: string, url: string): Promise<Collection> {
    const s = await this.operation(accountId);
    return (await readCollection(s, collectionUrl(s.account, url))).collection;
  }

  async share(accountId: string, url: string, request: ShareRequest): Promise<ShareResult> {
    const s = await this.operation(accountId);
    if (!Array.isArray(request?.sharees)) throw new SharedeckError('invalid-input', 'Name at least one person to share with.');
    const options: { comment?: string; dialect?: Dialect } = {};
    if (request.comment !== undefined && request.comment !== '') options.comment = field(request.comment, 'a comment');
    if (request.dialect !== undefined) options.dialect = request.dialect;
    const sharees = request.sharees.map((sh) => {
      const out = { address: field(sh?.address, 'an address', { max: 512 }), access: sh.access };
      return sh.name === undefined ? out : { ...out, name: field(sh.name, 'a name', { max: 256 }) };
    });
    return invite(s, collectionUrl(s.account, url), sharees, options);
  }

  async setAccess(accountId: string, url: string, address: string, access: Access, dialect?: Dialect): Promise<ShareResult> {
    const s = await this.operation(accountId);
    return setAccess(s, collectionUrl(s.account, url), field(address, 'an address', { max: 512 }), access, dialect);
  }

  async revoke(accountId: string, url: string, addresses: string[], dialect?: Dialect): Promise<ShareResult> {
    const s = await this.operation(accountId);
    if (!Array.isArray(addresses)) throw new SharedeckError('invalid-input', 'Name at least one person to stop sharing with.');
    return revoke(
      s,
      collectionUrl(s.account, url),
      addresses.map((a) => field(a, 'an address', { max: 512 })),
      dialect,
    );
  }

  async leaveShare(accountId: string, url: string): Promise<Collection[]> {
    const s = await this.operation(accountId);
    await leave(s, collectionUrl(s.account, url));
    return listCollections(s);
  }

  async publish(accountId: string, url: string): Promise<Collection> {
    const s = await this.operation(accountId);
    return setPublished(s, collectionUrl(s.account, url), true);
  }

  async unpublish(accountId: string, url: string): Promise<Collection> {
    const s = await this.operation(accountId);
    return setPublished(s, collectionUrl(s.account, url), false);
  }

  // ---- invitations and directory ----------------------------------------------------------

  async listInvitations(accountId: string): Promise<Invitation[]> {
    const s = await this.operation(accountId);
    return listInvitations(s, s.invitations);
  }

  async acceptInvitation(accountId: string, invitationId: string, options: ReplyOptions = {}): Promise<AcceptResult> {
    const s = await this.operation(accountId);
    return acceptInvitation(s, field(invitationId, 'an invitation'), optionalComment(options.comment), options.dialect);
  }

  async declineInvitation(accountId: string, invitationId: string, options: ReplyOptions = {}): Promise<Invitation[]> {
    const s = await this.operation(accountId);
    await declineInvitation(s, field(invitationId, 'an invitation'), optionalComment(options.comment), options.dialect);
    return listInvitations(s, s.invitations);
  }

  async dismissInvitation(accountId: string, invitationId: string): Promise<Invitation[]> {
    const s = await this.operation(accountId);
    await dismissInvitation(s, field(invitationId, 'an invitation'));
    return listInvitations(s, s.invitations);
  }

  async searchPrincipals(accountId: string, text: string): Promise<Principal[]> {
    const s = await this.operation(accountId);
    return searchPrincipals(s, field(text, 'something to search for', { optional: true, max: 200 }), s.principals);
  }

  /** Number of HTTP exchanges made for an account (benchmarks and tests). */
  requestCount(accountId: string): number {
    return this.sessions.get(accountId)?.http.requestCount ?? 0;
  }

  // ---- internals --------------------------------------------------------------------------

  private client(baseUrl: string, username: string, password: string, approvedOrigins: readonly string[]): DavHttp {
    return new DavHttp({ ...this.options.http, baseUrl, approvedOrigins, credentials: { username, password } });
  }

  /** The one deadline of a call: every request, body and parse it makes ends by then. */
  private deadline(): Deadline {
    return new Deadline(this.options.http?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
  }

  private newSession(http: DavHttp, account: Account): Session {
    return { http, account, invitations: newInvitationCache(), principals: newPrincipalSearchCache() };
  }

  private async loadAccounts(): Promise<Account[]> {
    this.accounts ??= await this.options.accounts.load();
    return this.accounts;
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
    const session = this.newSession(this.client(account.serverUrl, account.username, password, account.approvedOrigins), account);
    this.sessions.set(accountId, session);
    return session;
  }

  /** The account's session for one call: its client bounded by the call's deadline. */
  private async operation(accountId: string): Promise<Session> {
    const session = await this.session(accountId);
    return { ...session, http: session.http.operation(this.deadline()) };
  }
}

const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** The other servers a person allowed, as origins (at most 50, no duplicates). */
function originList(list: unknown): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.length > 50)
    throw new SharedeckError('invalid-input', 'Allowed servers must be a list of at most 50 addresses.');
  return [...new Set(list.map((o) => normaliseOrigin(field(o, 'a server to allow'))))];
}

function folderUrls(folders: readonly string[], account: Pick<Account, 'serverUrl' | 'approvedOrigins'>): string[] {
  if (!Array.isArray(folders)) throw new SharedeckError('invalid-input', 'Folders must be a list of addresses.');
  return folders.map((f) => {
    const url = onAccountServer(field(f, 'a folder address'), account);
    return url.endsWith('/') ? url : `${url}/`;
  });
}

/** A collection URL of this account; other servers never get this account's credentials. */
function collectionUrl(account: Pick<Account, 'serverUrl' | 'approvedOrigins'>, url: string): string {
  return onAccountServer(field(url, 'a collection'), account);
}

/** An address on the account's server, or on one the person allowed for it. */
function onAccountServer(input: string, account: Pick<Account, 'serverUrl' | 'approvedOrigins'>): string {
  let url: URL;
  try {
    url = new URL(input, account.serverUrl);
  } catch {
    throw new SharedeckError('invalid-input', 'That is not a valid address of a collection.');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    throw new SharedeckError('invalid-input', `That address is not on this account’s server (${new URL(account.serverUrl).host}).`);
  }
  const refused = new OriginPolicy(account.serverUrl, account.approvedOrigins).refusal(url);
  if (refused) throw refused;
  url.hash = '';
  return url.href;
}

function optionalComment(comment: string | undefined): string | undefined {
  if (comment === undefined || comment === '') return undefined;
  return field(comment, 'a comment');
}
