// The app's files (accounts, window state, the encrypted secrets): one way to write them and one
// way to read them back. Writing is atomic — a temporary file, flushed to disk, renamed over the
// old one, mode 0600 — so a crash or a full disk never leaves half a file. Reading validates
// (zod); a file that cannot be read or is not what it should be is kept aside under a timestamped
// name, and the caller gets what could still be used and a sentence to show the person once.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { z } from 'zod';

/**
 * Writes `value` as JSON to `path`, atomically, readable by this user only. `durable: false`
 * skips flushing to disk, for a cache: a crash may then leave the old file or none, never half of
 * one, and the write costs no disk round trip.
 */
export async function writeJsonFile(path: string, value: unknown, { durable = true }: { durable?: boolean } = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(tmp, 'wx', 0o600);
    try {
      await file.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
      if (durable) await file.sync();
    } finally {
      await file.close();
    }
    await chmod(tmp, 0o600); // in case the umask or the file system widened it
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  if (durable) await syncDirectory(dir);
}

/** Makes the rename itself durable; not every platform can open a directory, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows and some file systems do not sync directories.
  }
}

export type JsonRead<T> =
  | { state: 'missing' }
  | { state: 'ok'; value: T }
  /** The file was kept aside as `backup`; `value` is what could still be used, if anything. */
  | { state: 'damaged'; value: T | undefined; backup: string | undefined; problem: string };

/**
 * Reads and validates a JSON file. When it is unreadable, not JSON, or fails `schema`, it is
 * copied aside (`name.damaged-<time>`, unless `keepAside` is false) and `salvage` may recover part
 * of it (e.g. the valid accounts of a list in which one is broken).
 */
export async function readJsonFile<T>(
  path: string,
  schema: z.ZodType<T>,
  salvage: (data: unknown) => T | undefined = () => undefined,
  { keepAside: backUp = true }: { keepAside?: boolean } = {},
): Promise<JsonRead<T>> {
  const aside = (): Promise<string | undefined> => (backUp ? keepAside(path) : Promise.resolve(undefined));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'missing' };
    return { state: 'damaged', value: undefined, backup: undefined, problem: `the file could not be read (${code ?? 'error'})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: 'damaged', value: undefined, backup: await aside(), problem: 'the file is damaged (it is not valid JSON)' };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { state: 'ok', value: parsed.data };
  return {
    state: 'damaged',
    value: salvage(data),
    backup: await aside(),
    problem: 'the file is damaged (it does not hold what Sharedeck wrote there)',
  };
}

/** A copy of the file beside it, named by the time, e.g. accounts.json.damaged-2026-11-26T10-32-38Z; never over another. */
async function keepAside(path: string): Promise<string | undefined> {
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  for (let n = 1; n <= 20; n++) {
    const backup = `${path}.damaged-${stamp}${n === 1 ? '' : `-${n}`}`;
    try {
      await copyFile(path, backup, constants.COPYFILE_EXCL);
      await chmod(backup, 0o600);
      return backup;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
  }
  return undefined;
}

/**
 * The sentences shown once for a damaged file: what, why, what the app does instead, where the old
 * file is (its name and its folder: the settings folder is one a person rarely knows).
 */
export function damagedFileNotice(what: string, read: Extract<JsonRead<unknown>, { state: 'damaged' }>, consequence: string): string {
  const kept = read.backup ? ` The old file is kept as ${basename(read.backup)} in the folder ${dirname(read.backup)}.` : '';
  return `Sharedeck could not read ${what}: ${read.problem}. ${consequence}${kept}`;
}
