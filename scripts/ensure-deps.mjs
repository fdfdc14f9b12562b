// Makes `npm start` and `npm test` work straight after a clone: when a package the project names
// is not installed, install exactly what the lockfile says (npm ci) first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** True when every dependency in package.json is present in node_modules. */
function installed() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  return names.every((name) => existsSync(join(ROOT, 'node_modules', name, 'package.json')));
}

export function ensureDependencies() {
  if (installed()) return;
  console.error('[sharedeck] installing the npm packages first (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('[sharedeck] npm ci failed; run it yourself to see why.');
    process.exit(result.status ?? 1);
  }
}
