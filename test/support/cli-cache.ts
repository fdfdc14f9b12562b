// The command line remembers discovery in the user's cache folder ($XDG_CACHE_HOME/sharedeck).
// Each run a test makes gets an empty folder of its own, so that no run finds what an earlier
// test's run discovered (nor the person's own cache); a test of the cache shares one on purpose.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let root: string | undefined;
let count = 0;

/** A new, empty folder to use as XDG_CACHE_HOME; all of them go when the process ends. */
export function freshCacheHome(): string {
  if (root === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'sharedeck-test-cache-'));
    root = made;
    process.once('exit', () => {
      rmSync(made, { recursive: true, force: true });
    });
  }
  count += 1;
  return join(root, String(count));
}
