// `npm run web`: Sharedeck in browser mode. Builds the renderer (plain `vite build` with
// vite.config.ts, into out/renderer) when it is missing or older than its sources, then runs
// electron/web/main.ts through tsx in this process, which prints the one address to open.
//
//   npm run web                      build if needed, listen on any free port
//   npm run web -- --port 8710       a fixed port
//   node scripts/web.mjs --no-build  never build (tests)
//
// Build output goes to stderr, so stdout carries only the address line.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureDependencies } from './ensure-deps.mjs';

ensureDependencies();

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_INDEX = join(ROOT, 'out', 'renderer', 'index.html');
/** What the renderer bundle is made of: its folder, the shared model it imports, its config. */
const SOURCES = ['renderer', 'shared', 'vite.config.ts'];

/** Newest modification time under a file or folder (0 when it does not exist). */
function newestMtime(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Why the renderer needs building, or undefined when out/renderer is up to date. */
export function rendererBuildReason() {
  if (!existsSync(BUILT_INDEX)) return 'out/renderer/index.html is missing';
  const built = statSync(BUILT_INDEX).mtimeMs;
  const changed = SOURCES.find((s) => newestMtime(join(ROOT, s)) > built);
  return changed === undefined ? undefined : `${changed} changed since the last build`;
}

/** Runs `vite build`; resolves to its exit code. Its output goes to stderr. */
function viteBuild() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
      cwd: ROOT,
      stdio: ['ignore', 2, 2],
    });
    child.on('error', (err) => {
      console.error(`sharedeck web: cannot run vite: ${err.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Builds the renderer when needed; never throws (a failed build is reported and the server starts anyway). */
export async function ensureRenderer() {
  const reason = rendererBuildReason();
  if (reason === undefined) return;
  console.error(`sharedeck web: building the interface (${reason})…`);
  const code = await viteBuild();
  if (code === 0) return;
  console.error(
    existsSync(BUILT_INDEX)
      ? `sharedeck web: the interface build failed (vite build exited ${code}, see above); starting with the previous build.`
      : `sharedeck web: the interface build failed (vite build exited ${code}, see above); starting without an interface, the page will say so.`,
  );
}

/** Builds if needed, then runs browser mode until it is stopped; resolves to the exit code. */
export async function runWeb(args) {
  const noBuild = args.includes('--no-build');
  const rest = args.filter((a) => a !== '--no-build' && a !== '--');
  if (!noBuild) await ensureRenderer();
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../electron/web/main.ts');
  return main(rest);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  process.exitCode = await runWeb(process.argv.slice(2));
}
