// Where account settings live. Accounts never hold a password (see secret-store.ts). The desktop
// app and browser mode keep them in a JSON file; the CLI keeps them in memory.

import type { Account } from '../../shared/model';
import type { z } from 'zod';
import { accountsFileSchema, storedAccountSchema } from '../../shared/schemas';
import { damagedFileNotice, readJsonFile, writeJsonFile } from './json-file';

export interface AccountStore {
  load(): Promise<Account[]>;
  save(accounts: readonly Account[]): Promise<void>;
}

export class MemoryAccountStore implements AccountStore {
  private accounts: Account[] = [];

  load(): Promise<Account[]> {
    return Promise.resolve(structuredClone(this.accounts));
  }

  save(accounts: readonly Account[]): Promise<void> {
    this.accounts = structuredClone([...accounts]);
    return Promise.resolve();
  }
}

/**
 * accounts.json, validated on every load (the accounts that are whole are used, whatever else the
 * file holds) and replaced atomically on save. Every engine thread reads it; the shell repairs a
 * damaged one once at start (checkAccountsFile), before any thread does.
 */
export class FileAccountStore implements AccountStore {
  constructor(private readonly path: string) {}

  async load(): Promise<Account[]> {
    return (await readAccounts(this.path, { keepAside: false })).accounts;
  }

  async save(accounts: readonly Account[]): Promise<void> {
    await writeJsonFile(this.path, { version: 1, accounts: [...accounts] });
  }
}

/**
 * What a shell does once at start, before its engine reads the file: a damaged accounts.json is kept
 * aside, the accounts in it that are whole are written back, and the sentence to show the person
 * once is returned (undefined when all is well).
 */
export async function checkAccountsFile(path: string): Promise<string | undefined> {
  const { accounts, damaged } = await readAccounts(path, { keepAside: true });
  if (!damaged) return undefined;
  const kept =
    accounts.length === 0
      ? 'It starts without accounts: add them again.'
      : `It starts with the ${accounts.length === 1 ? 'account' : `${accounts.length} accounts`} it could read; add any other again.`;
  // The damaged file stays as the backup; the next start is clean.
  if (damaged.backup) await writeJsonFile(path, { version: 1, accounts }).catch(() => undefined);
  return damagedFileNotice('the saved accounts', damaged, kept);
}

async function readAccounts(path: string, options: { keepAside: boolean }) {
  const read = await readJsonFile(path, accountsFileSchema, salvageAccounts, options);
  if (read.state === 'missing') return { accounts: [] };
  if (read.state === 'ok') return { accounts: unique(read.value.accounts) };
  return { accounts: unique(read.value?.accounts ?? []), damaged: read };
}

/** The accounts of a damaged file that are whole on their own. */
function salvageAccounts(data: unknown): z.infer<typeof accountsFileSchema> | undefined {
  const list = (data as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(list)) return undefined;
  const accounts = list.flatMap((a) => {
    const one = storedAccountSchema.safeParse(a);
    return one.success ? [one.data] : [];
  });
  return { version: 1, accounts };
}

function unique(accounts: Account[]): Account[] {
  const ids = new Set<string>();
  return accounts.filter((a) => !ids.has(a.id) && ids.add(a.id));
}
