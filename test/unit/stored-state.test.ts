// Stored state survives damage: one atomic JSON writer (temp file, fsync, rename, 0600) for every
// file the app writes; accounts.json and window-state.json validated on load, a damaged file kept
// aside under a timestamped name, the app starting with what it can read, and one notice saying so.
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWindowState, writeWindowState } from '../../electron/desktop/window-state';
import { FileAccountStore, checkAccountsFile } from '../../electron/service/account-store';
import { readJsonFile, writeJsonFile } from '../../electron/service/json-file';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { createSharingService } from '../../electron/service/sharing-service';
import type { Account } from '../../shared/model';
import { accountsFileSchema } from '../../shared/schemas';
import { cyrusAccount } from '../support/dav-fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sharedeck-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const backups = async (name: string) => (await readdir(dir)).filter((n) => n.startsWith(`${name}.damaged-`));

describe('writeJsonFile', () => {
  it('writes the whole value, mode 0600, leaving no temporary file, into a folder it creates (0700)', async () => {
    const path = join(dir, 'deep', 'state.json');
    await writeJsonFile(path, { a: 1, b: ['x'] });
    await writeJsonFile(path, { a: 2 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ a: 2 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'deep'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, 'deep'))).toEqual(['state.json']);
  });

  it('many writes at once each leave a whole file behind', async () => {
    const path = join(dir, 'state.json');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeJsonFile(path, { i, pad: 'x'.repeat(10_000) })));
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pad: 'x'.repeat(10_000) });
    expect(await readdir(dir)).toEqual(['state.json']);
  });
});

describe('readJsonFile', () => {
  it('tells a missing file from a damaged one, and keeps each damaged one aside without overwriting the last', async () => {
    const path = join(dir, 'accounts.json');
    expect(await readJsonFile(path, accountsFileSchema)).toEqual({ state: 'missing' });
    await writeFile(path, '{"version":1,"acc');
    const first = await readJsonFile(path, accountsFileSchema);
    await writeFile(path, '[]');
    const second = await readJsonFile(path, accountsFileSchema);
    expect(first).toMatchObject({ state: 'damaged', problem: 'the file is damaged (it is not valid JSON)' });
    expect(second).toMatchObject({ state: 'damaged', problem: 'the file is damaged (it does not hold what Sharedeck wrote there)' });
    const kept = await backups('accounts.json');
    expect(kept).toHaveLength(2);
    expect(kept[0]).toMatch(/^accounts\.json\.damaged-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-2)?$/);
    expect((await Promise.all(kept.map((k) => readFile(join(dir, k), 'utf8')))).sort()).toEqual(['[]', '{"version":1,"acc']);
  });
});

describe('accounts.json', () => {
  const path = () => join(dir, 'accounts.json');

  it('a truncated file: the shell keeps it aside at start, starts without accounts, and says so once', async () => {
    const store = new FileAccountStore(path());
    await store.save([cyrusAccount('alice')]);
    const whole = await readFile(path(), 'utf8');
    await writeFile(path(), whole.slice(0, whole.length / 2));
    const notice = await checkAccountsFile(path());
    const [kept] = await backups('accounts.json');
    expect(await readFile(join(dir, kept!), 'utf8')).toBe(whole.slice(0, whole.length / 2));
    expect(notice).toBe(
      `Sharedeck could not read the saved accounts: the file is damaged (it is not valid JSON). It starts without accounts: add them again. The old file is kept as ${kept} in the folder ${dir}.`,
    );
    // What it started with was written back: the engine reads a clean file, and the next start says nothing.
    expect(await new FileAccountStore(path()).load()).toEqual([]);
    expect(await checkAccountsFile(path())).toBeUndefined();
    expect(await backups('accounts.json')).toHaveLength(1);
  });

  it('keeps the accounts that are whole when one is broken', async () => {
    const alice = cyrusAccount('alice');
    const bob = cyrusAccount('bob');
    const damaged = JSON.stringify({ version: 1, accounts: [alice, { ...bob, serverUrl: 'file:///etc/' }, { id: 7 }] });
    await writeFile(path(), damaged);
    // An engine thread reading it before any repair uses what is whole, and writes nothing.
    expect(await new FileAccountStore(path()).load()).toEqual([alice]);
    expect(await readFile(path(), 'utf8')).toBe(damaged);
    expect(await backups('accounts.json')).toEqual([]);
    expect(await checkAccountsFile(path())).toMatch(
      /^Sharedeck could not read the saved accounts: the file is damaged \(it does not hold what Sharedeck wrote there\)\. It starts with the account it could read; add any other again\. The old file is kept as accounts\.json\.damaged-\S+ in the folder \/\S+\.$/,
    );
    expect(JSON.parse(await readFile(path(), 'utf8'))).toEqual({ version: 1, accounts: [alice] });
  });

  it('loads a file written before approvedOrigins existed, and keeps fields it does not know', async () => {
    const old: Partial<Account> = cyrusAccount('alice');
    delete old.approvedOrigins;
    await writeFile(path(), JSON.stringify({ version: 1, accounts: [{ ...old, futureField: { x: 1 } }] }));
    expect(await checkAccountsFile(path())).toBeUndefined();
    const [loaded] = await new FileAccountStore(path()).load();
    expect(loaded).toMatchObject({ id: 'cyrus-alice', approvedOrigins: [], futureField: { x: 1 } });
  });

  it('the service hands the shell’s notices to the UI once (takeNotices)', async () => {
    const service = createSharingService({
      accounts: new FileAccountStore(path()),
      secrets: new MemorySecretStore(),
      notices: ['The window size could not be read.', 'The saved accounts could not be read.'],
    });
    expect(await service.takeNotices()).toEqual(['The window size could not be read.', 'The saved accounts could not be read.']);
    expect(await service.takeNotices()).toEqual([]);
  });
});

describe('window state', () => {
  it('reads back what it wrote, and gives a notice (and the defaults) for a damaged file', async () => {
    const path = join(dir, 'window-state.json');
    expect(await readWindowState(path)).toEqual({ saved: undefined });
    await writeWindowState(path, { x: 10, y: 20, width: 1000, height: 700, maximized: true });
    expect(await readWindowState(path)).toEqual({ saved: { x: 10, y: 20, width: 1000, height: 700, maximized: true } });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await writeFile(path, '{"width": "wide"}');
    const damaged = await readWindowState(path);
    expect(damaged.saved).toBeUndefined();
    const [kept] = await backups('window-state.json');
    expect(damaged.notice).toBe(
      `Sharedeck could not read the saved window size and position: the file is damaged (it does not hold what Sharedeck wrote there). The window opens at its usual size. The old file is kept as ${kept} in the folder ${dir}.`,
    );
  });
});
