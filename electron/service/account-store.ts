// Where account settings live. Accounts never hold a password (see secrets.ts). The desktop app
// keeps them in a JSON file in its user-data folder; the CLI keeps one in memory.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Account } from '../../shared/model';

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

interface AccountsFile {
  version: 1;
  accounts: Account[];
}

/** A JSON file, replaced atomically so a crash mid-write never loses the accounts. */
export class FileAccountStore implements AccountStore {
  constructor(private readonly path: string) {}

  async load(): Promise<Account[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const data = JSON.parse(text) as Partial<AccountsFile>;
    return Array.isArray(data.accounts) ? data.accounts : [];
  }

  async save(accounts: readonly Account[]): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const data: AccountsFile = { version: 1, accounts: [...accounts] };
    await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.path);
  }
}
