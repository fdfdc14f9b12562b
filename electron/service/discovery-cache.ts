// What discovery found for one server and user (homes, principal, capabilities, the scheme each
// origin asked for), kept between runs of the command line so that a command sends only its own
// requests: a warm `ls` is one PROPFIND per home set. Never a secret: no password, no Digest
// nonce. The service checks it against the server again when a discovered address answers 404 or
// a redirect, or a request is refused with 401 (sharing-service.ts); `--no-cache` skips it.
//
// One file per server and user under the user's cache folder, written atomically (not flushed to
// disk: it is a cache) and readable by the user only (json-file.ts); read back only when zod accepts it, it names the same server and
// user, and nobody else could have written it.

import { createHash } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { discoveryFileSchema } from '../../shared/schemas';
import type { Account } from '../../shared/model';
import { collectionKey } from '../../shared/urls';
import type { DiscoveredAccount } from '../dav/discovery';
import type { AuthScheme, ExchangeInfo } from '../dav/http';
import { readJsonFile, writeJsonFile } from './json-file';

export interface DiscoveryRecord {
  account: DiscoveredAccount;
  /** The scheme each origin asked for, by origin. */
  schemes: Record<string, AuthScheme>;
}

/** Where discoveries are kept; the service uses one when it is given one. */
export interface DiscoveryCache {
  load(server: string, username: string): Promise<DiscoveryRecord | undefined>;
  save(server: string, username: string, record: DiscoveryRecord): Promise<void>;
  forget(server: string, username: string): Promise<void>;
}

/** $XDG_CACHE_HOME/sharedeck, else ~/.cache/sharedeck. */
export function userCacheFolder(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'sharedeck');
  return join(env.HOME !== undefined && isAbsolute(env.HOME) ? env.HOME : homedir(), '.cache', 'sharedeck');
}

export class FileDiscoveryCache implements DiscoveryCache {
  /** `folder`: the user's cache folder for Sharedeck (userCacheFolder). */
  constructor(private readonly folder: string) {}

  /** The file of one server and user; its name says neither. */
  fileOf(server: string, username: string): string {
    const name = createHash('sha256').update(`${server}\0${username}`).digest('hex').slice(0, 32);
    return join(this.folder, 'discovery', `${name}.json`);
  }

  async load(server: string, username: string): Promise<DiscoveryRecord | undefined> {
    const path = this.fileOf(server, username);
    if (!(await ownedByThisUser(path))) return undefined;
    // A damaged file is only a cache: discovery runs again and writes a new one.
    const read = await readJsonFile(path, discoveryFileSchema, undefined, { keepAside: false });
    if (read.state !== 'ok' || read.value.server !== server || read.value.username !== username) return undefined;
    const { account, schemes } = read.value;
    return { account, schemes };
  }

  async save(server: string, username: string, record: DiscoveryRecord): Promise<void> {
    await writeJsonFile(
      this.fileOf(server, username),
      {
        version: 1,
        server,
        username,
        savedAt: new Date().toISOString(),
        account: record.account,
        schemes: record.schemes,
      },
      { durable: false },
    );
  }

  async forget(server: string, username: string): Promise<void> {
    await unlink(this.fileOf(server, username)).catch(() => undefined);
  }
}

/** A file this user owns and nobody else may write; where the platform has no owners, any file. */
async function ownedByThisUser(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    if (typeof process.getuid !== 'function') return true;
    return info.uid === process.getuid() && (info.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** What of an account discovery finds, and the cache keeps (the user name is the cache's key, not its content). */
export function discoveryOf(account: Account): DiscoveredAccount {
  const part: Partial<Account> = { ...account, username: '' };
  delete part.id;
  delete part.label;
  delete part.folders;
  delete part.approvedOrigins;
  delete part.collections;
  return part as DiscoveredAccount;
}

export function sameSchemes(a: Readonly<Record<string, AuthScheme>>, b: Readonly<Record<string, AuthScheme>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Watches one call's exchanges for the sign that a remembered discovery is out of date: one of the
 * addresses it found (the principal, its collections, the homes) answered 404, 410 or a redirect.
 * The inbox is not among them: sabre and Nextcloud advertise one that answers 404, which means
 * an empty inbox there.
 */
export class StaleWatch {
  private readonly discovered: ReadonlySet<string>;
  stale = false;

  constructor(account: Account) {
    this.discovered = new Set(
      [
        account.principalUrl,
        ...account.calendarHomes,
        ...account.addressbookHomes,
        ...(account.principalCollections ?? (account.principalCollectionUrl === undefined ? [] : [account.principalCollectionUrl])),
      ].map(collectionKey),
    );
  }

  /** For DavHttp.operation(): sees each exchange of the call. */
  readonly observe = ({ url, status }: ExchangeInfo): void => {
    if ((status === 404 || status === 410 || REDIRECTS.has(status)) && this.discovered.has(collectionKey(url))) this.stale = true;
  };
}
