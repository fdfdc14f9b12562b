// The desktop app's SecretStore: passwords encrypted with Electron's safeStorage (macOS Keychain,
// Windows DPAPI, the Linux keyring) and kept as base64 ciphertexts in a JSON file in the user-data
// folder, written atomically with mode 0600.
//
// When the OS offers no real encryption (isAsyncEncryptionAvailable() is false, or on Linux the
// backend is 'basic_text', i.e. a hard-coded key because no keyring answered), the store keeps
// passwords in memory for this run only, says so in the log, and never writes the file: a
// plaintext (or trivially decrypted) password on disk is worse than asking again.
//
// Uses the asynchronous safeStorage API: the synchronous one (isEncryptionAvailable,
// encryptString, decryptString) is deprecated in Electron 45 and removed in 46.
// Must be opened after the app's 'ready' event.

import { safeStorage } from 'electron';
import { chmod, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretStore } from '../service/secret-store';

interface SecretsFile {
  version: 1;
  /** Account id → base64 of the safeStorage ciphertext. */
  secrets: Record<string, string>;
}

export interface SafeStorageOptions {
  /** Defaults to the console; only ever gets account ids and reasons, never a secret. */
  log?: Pick<Console, 'info' | 'warn'>;
  /** Defaults to process.platform (tests set it). */
  platform?: NodeJS.Platform;
}

export type SecretStorageMode = { kind: 'encrypted'; backend: string } | { kind: 'memory'; reason: string };

/** Decides whether safeStorage really encrypts here. */
export async function secretStorageMode(platform: NodeJS.Platform = process.platform): Promise<SecretStorageMode> {
  let backend = platform === 'darwin' ? 'keychain' : platform === 'win32' ? 'dpapi' : 'unknown';
  if (platform === 'linux') {
    backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text') {
      return {
        kind: 'memory',
        reason: 'no keyring (Secret Service or KWallet) is available, so safeStorage would only obfuscate with a fixed key',
      };
    }
  }
  let available: boolean;
  try {
    available = await safeStorage.isAsyncEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) return { kind: 'memory', reason: 'the operating system offers no encryption for this app' };
  return { kind: 'encrypted', backend };
}

export class SafeStorageSecretStore implements SecretStore {
  /** Ciphertexts as read from / written to the file (encrypted mode). */
  private ciphertexts: Record<string, string> | undefined;
  /** Decrypted passwords of this run (both modes). */
  private readonly plain = new Map<string, string>();
  private writes: Promise<unknown> = Promise.resolve();
  private readonly log: Pick<Console, 'info' | 'warn'>;

  private constructor(
    private readonly path: string,
    readonly mode: SecretStorageMode,
    options: SafeStorageOptions,
  ) {
    this.log = options.log ?? console;
  }

  /** Opens the store at `path` (e.g. <userData>/secrets.json), choosing the mode once for this run. */
  static async open(path: string, options: SafeStorageOptions = {}): Promise<SafeStorageSecretStore> {
    const mode = await secretStorageMode(options.platform);
    const store = new SafeStorageSecretStore(path, mode, options);
    if (mode.kind === 'memory') {
      store.log.warn(
        `[secrets] Passwords are kept in memory only for this run: ${mode.reason}. Sharedeck will ask for them again after a restart.`,
      );
    } else {
      store.log.info(`[secrets] Passwords are encrypted with the system's safe storage (${mode.backend}).`);
    }
    return store;
  }

  get persistent(): boolean {
    return this.mode.kind === 'encrypted';
  }

  async get(accountId: string): Promise<string | undefined> {
    const known = this.plain.get(accountId);
    if (known !== undefined || !this.persistent) return known;
    const stored = (await this.load())[accountId];
    if (stored === undefined) return undefined;
    try {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
      this.plain.set(accountId, result);
      if (shouldReEncrypt) await this.set(accountId, result);
      return result;
    } catch {
      this.log.warn(
        `[secrets] The saved password of account ${accountId} could not be decrypted (the system key may have changed); Sharedeck will ask for it again.`,
      );
      return undefined;
    }
  }

  async set(accountId: string, password: string): Promise<void> {
    this.plain.set(accountId, password);
    if (!this.persistent) return;
    const ciphertext = (await safeStorage.encryptStringAsync(password)).toString('base64');
    await this.change((secrets) => ({ ...secrets, [accountId]: ciphertext }));
  }

  async delete(accountId: string): Promise<void> {
    this.plain.delete(accountId);
    if (!this.persistent) return;
    await this.change((secrets) => Object.fromEntries(Object.entries(secrets).filter(([id]) => id !== accountId)));
  }

  private async load(): Promise<Record<string, string>> {
    if (this.ciphertexts) return this.ciphertexts;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log.warn(
          `[secrets] ${this.path} could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); saved passwords are not available.`,
        );
      }
      this.ciphertexts ??= {};
      return this.ciphertexts;
    }
    const secrets: Record<string, string> = {};
    try {
      const data = JSON.parse(text) as Partial<SecretsFile>;
      if (typeof data.secrets === 'object' && data.secrets !== null) {
        for (const [id, value] of Object.entries(data.secrets)) {
          if (typeof value === 'string') secrets[id] = value;
        }
      }
    } catch {
      this.log.warn(`[secrets] ${this.path} is not valid JSON; saved passwords are not available.`);
    }
    this.ciphertexts ??= secrets;
    return this.ciphertexts;
  }

  /** Applies a change and writes the file; changes run one after another. */
  private change(next: (secrets: Readonly<Record<string, string>>) => Record<string, string>): Promise<void> {
    const run = this.writes.then(async () => {
      const secrets = next(await this.load());
      await this.write(secrets);
      this.ciphertexts = secrets;
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async write(secrets: Record<string, string>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    const data: SecretsFile = { version: 1, secrets };
    try {
      await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      await chmod(tmp, 0o600); // in case the umask or the file system widened it
      await rename(tmp, this.path);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }
}
