// The desktop app's SecretStore: passwords encrypted with Electron's safeStorage (macOS Keychain,
// Windows DPAPI, the Linux keyring) and kept as base64 ciphertexts in a JSON file in the user-data
// folder, written atomically with mode 0600.
//
// When the OS offers no real encryption (isAsyncEncryptionAvailable() is false, or on Linux the
// backend is 'basic_text', i.e. a hard-coded key because no keyring answered), the store keeps
// passwords in memory for this run only, says so in the log, and never writes the file: a
// plaintext (or trivially decrypted) password on disk is worse than asking again. The file is
// read (and validated) once when the store opens; a damaged one is kept aside, and `notice` says
// so for the window to show once.
//
// Uses the asynchronous safeStorage API: the synchronous one (isEncryptionAvailable,
// encryptString, decryptString) is deprecated in Electron 45 and removed in 46.
// Must be opened after the app's 'ready' event.

import { safeStorage } from 'electron';
import { secretsFileSchema } from '../../shared/schemas';
import { damagedFileNotice, readJsonFile, writeJsonFile } from '../service/json-file';
import type { SecretStore } from '../service/secret-store';

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
  /** What was wrong with the saved passwords' file, as a sentence to show once. */
  notice: string | undefined;

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
      await store.load();
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
    const read = await readJsonFile(this.path, secretsFileSchema);
    if (read.state === 'damaged') {
      this.log.warn(`[secrets] ${this.path}: ${read.problem}; saved passwords are not available.`);
      this.notice = damagedFileNotice('the saved passwords', read, 'It asks for them again.');
    }
    this.ciphertexts ??= read.state === 'ok' ? { ...read.value.secrets } : {};
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
    await writeJsonFile(this.path, { version: 1, secrets });
  }
}
