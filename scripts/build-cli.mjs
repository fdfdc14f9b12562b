// Builds the `sharedeck` command line into out/cli/sharedeck.mjs (vite.cli.config.ts). Run by
// `npm run build:cli`, `npm run build`, the integration tests (so they spawn the current source)
// and `prepare`, which is how a fresh clone's `npm ci` leaves a working `npx sharedeck`.
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('../vite.cli.config.ts', import.meta.url));

export async function buildCli() {
  const { build } = await import('vite');
  await build({ configFile: CONFIG, logLevel: 'warn' });
}

/** Whether the bundler is installed: an install without devDependencies (--omit=dev) has none. */
function haveVite() {
  try {
    import.meta.resolve('vite');
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (haveVite()) await buildCli();
  else console.error('[sharedeck] the command line was not built: vite is not installed (run npm ci without --omit=dev).');
}
