// electron/desktop/safe-storage.ts with Electron's safeStorage mocked by a reversible stand-in.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  backend: 'gnome_libsecret',
  available: true,
  /** Prefix of the key that encrypts; ciphertexts of keys not in `accepted` fail to decrypt. */
  key: 'k1',
  accepted: ['k1'],
  reEncrypt: false,
  encrypt(text: string): Buffer {
    return Buffer.from(`${fake.key}:${Buffer.from(text, 'utf8').toString('hex').split('').reverse().join('')}`, 'utf8');
  },
  decrypt(data: Buffer): string {
    const [key, body] = data.toString('utf8').split(':');
    if (key === undefined || !fake.accepted.includes(key) || body === undefined)
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(body.split('').reverse().join(''), 'hex').toString('utf8');
  },
}));

vi.mock('electron', () => ({
  safeStorage: {
    getSelectedStorageBackend: vi.fn(() => fake.backend),
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(fake.available)),
    encryptStringAsync: vi.fn((text: string) => Promise.resolve(fake.encrypt(text))),
    decryptStringAsync: vi.fn((data: Buffer) =>
      Promise.resolve().then(() => ({ result: fake.decrypt(data), shouldReEncrypt: fake.reEncrypt })),
    ),
  },
}));

const { SafeStorageSecretStore, secretStorageMode } = await import('../../electron/desktop/safe-storage');

const PASSWORD = 'correct horse battery staple';
let dir: string;
let file: string;
const log = { info: vi.fn(), warn: vi.fn() };

function logText(): string {
  return [...log.info.mock.calls, ...log.warn.mock.calls].flat().map(String).join('\n');
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sharedeck-secrets-'));
  file = join(dir, 'user-data', 'secrets.json');
  Object.assign(fake, { backend: 'gnome_libsecret', available: true, key: 'k1', accepted: ['k1'], reEncrypt: false });
  log.info.mockClear();
  log.warn.mockClear();
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('secretStorageMode', () => {
  it('encrypts with a real keyring on Linux, with Keychain / DPAPI elsewhere', async () => {
    expect(await secretStorageMode('linux')).toEqual({ kind: 'encrypted', backend: 'gnome_libsecret' });
    expect(await secretStorageMode('darwin')).toEqual({ kind: 'encrypted', backend: 'keychain' });
    expect(await secretStorageMode('win32')).toEqual({ kind: 'encrypted', backend: 'dpapi' });
  });

  it('keeps secrets in memory on Linux without a keyring (basic_text), even though encryption "works"', async () => {
    fake.backend = 'basic_text';
    expect(await secretStorageMode('linux')).toMatchObject({ kind: 'memory', reason: expect.stringContaining('keyring') as unknown });
  });

  it('keeps secrets in memory when the OS offers no encryption', async () => {
    fake.available = false;
    expect((await secretStorageMode('darwin')).kind).toBe('memory');
  });
});

describe('SafeStorageSecretStore, encrypted', () => {
  it('writes base64 ciphertexts, never the password, mode 0600, atomically', async () => {
    const store = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    expect(store.persistent).toBe(true);
    await store.set('acc-1', PASSWORD);
    await store.set('acc-2', 'other password');

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'));
    const data = JSON.parse(text) as { version: number; secrets: Record<string, string> };
    expect(data.version).toBe(1);
    expect(Object.keys(data.secrets).sort()).toEqual(['acc-1', 'acc-2']);
    expect(fake.decrypt(Buffer.from(data.secrets['acc-1']!, 'base64'))).toBe(PASSWORD);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readdir(join(dir, 'user-data'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(logText()).not.toContain(PASSWORD);
  });

  it('reads the passwords back in a later run and deletes them', async () => {
    const first = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    await first.set('acc-1', PASSWORD);
    await first.set('acc-2', 'second');

    const later = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    expect(await later.get('acc-1')).toBe(PASSWORD);
    expect(await later.get('nobody')).toBeUndefined();
    await later.delete('acc-1');
    expect(await later.get('acc-1')).toBeUndefined();

    const third = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    expect(await third.get('acc-1')).toBeUndefined();
    expect(await third.get('acc-2')).toBe('second');
  });

  it('keeps every change when several are made at once', async () => {
    const store = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.set(`acc-${i}`, `pw-${i}`)));
    const later = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    for (let i = 0; i < 12; i++) expect(await later.get(`acc-${i}`)).toBe(`pw-${i}`);
  });

  it('asks again (undefined) when a ciphertext no longer decrypts, and says so without the secret', async () => {
    const store = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    await store.set('acc-1', PASSWORD);
    fake.key = 'k2';
    fake.accepted = ['k2'];
    const later = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    expect(await later.get('acc-1')).toBeUndefined();
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('acc-1'));
    expect(logText()).not.toContain(PASSWORD);
  });

  it('re-encrypts and saves when safeStorage says the key was rotated', async () => {
    const store = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    await store.set('acc-1', PASSWORD);
    fake.key = 'k2';
    fake.accepted = ['k1', 'k2'];
    fake.reEncrypt = true;
    const later = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    expect(await later.get('acc-1')).toBe(PASSWORD);
    const saved = (JSON.parse(await readFile(file, 'utf8')) as { secrets: Record<string, string> }).secrets['acc-1']!;
    expect(Buffer.from(saved, 'base64').toString('utf8')).toMatch(/^k2:/);
    fake.accepted = ['k2'];
    fake.reEncrypt = false;
    expect(await (await SafeStorageSecretStore.open(file, { log, platform: 'linux' })).get('acc-1')).toBe(PASSWORD);
  });

  it('survives a corrupt file: keeps it aside, says so once, and starts over', async () => {
    const store = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    await store.set('acc-1', PASSWORD);
    expect(store.notice).toBeUndefined();
    await writeFile(file, '{ not json');
    const later = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    expect(await later.get('acc-1')).toBeUndefined();
    const backups = (await readdir(join(dir, 'user-data'))).filter((n) => n.startsWith('secrets.json.damaged-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(dir, 'user-data', backups[0]!), 'utf8')).toBe('{ not json');
    expect(later.notice).toBe(
      `Sharedeck could not read the saved passwords: the file is damaged (it is not valid JSON). It asks for them again. The old file is kept as ${backups[0]} in the folder ${join(dir, 'user-data')}.`,
    );
    await writeFile(file, JSON.stringify({ version: 2, secrets: { 'acc-1': 42 } }));
    expect((await SafeStorageSecretStore.open(file, { log, platform: 'linux' })).notice).toMatch(
      /^Sharedeck could not read the saved passwords: the file is damaged \(it does not hold what Sharedeck wrote there\)\. /,
    );
    await later.set('acc-2', 'fresh');
    expect(await (await SafeStorageSecretStore.open(file, { log, platform: 'linux' })).get('acc-2')).toBe('fresh');
  });
});

describe('SafeStorageSecretStore, memory only', () => {
  it('on Linux without a keyring: works for this run, writes nothing, and says so once', async () => {
    fake.backend = 'basic_text';
    const store = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    expect(store.persistent).toBe(false);
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(String(log.warn.mock.calls[0]![0])).toMatch(/memory only/);
    await store.set('acc-1', PASSWORD);
    expect(await store.get('acc-1')).toBe(PASSWORD);
    await store.delete('acc-1');
    expect(await store.get('acc-1')).toBeUndefined();
    await store.set('acc-2', PASSWORD);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(dir, 'user-data'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(logText()).not.toContain(PASSWORD);
  });

  it('leaves an earlier encrypted file alone (for a run where the keyring is back)', async () => {
    const encrypted = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    await encrypted.set('acc-1', PASSWORD);
    const before = await readFile(file, 'utf8');
    fake.available = false;
    const memory = await SafeStorageSecretStore.open(file, { log, platform: 'linux' });
    expect(await memory.get('acc-1')).toBeUndefined();
    await memory.set('acc-1', 'typed again');
    await memory.delete('acc-1');
    expect(await readFile(file, 'utf8')).toBe(before);
  });
});
