// `npm start`: the desktop app when the Electron binary can be had, browser mode otherwise.
//
// The electron package downloads its binary on first run. When node_modules/electron has none,
// this script tries that download once (at most ~60 s); if it fails, it says so in one sentence
// and starts browser mode (the same as `npm run web`). With the binary it builds the app
// (`electron-vite build`, configured in electron.vite.config.ts) and launches `electron .`.
//
//   npm start                 desktop app, or browser mode as the fallback
//   npm start -- --browser    browser mode straight away (other arguments go to browser mode)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { runWeb } from './web.mjs';
import { ensureDependencies } from './ensure-deps.mjs';

ensureDependencies();

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron');
const DOWNLOAD_TIMEOUT_MS = 60_000;

const FALLBACK_SENTENCE =
  'Sharedeck could not get the Electron binary (it is downloaded on first run and this machine cannot download it), so it is starting in browser mode instead.';

/** The Electron executable when it is installed, else undefined (as node_modules/electron/index.js finds it). */
function electronBinary() {
  let relative;
  try {
    relative = readFileSync(join(ELECTRON_DIR, 'path.txt'), 'utf8').trim();
  } catch {
    relative = undefined;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const full = join(override, relative || 'electron');
    return existsSync(full) ? full : undefined;
  }
  if (!relative) return undefined;
  const full = join(ELECTRON_DIR, 'dist', relative);
  return existsSync(full) ? full : undefined;
}

/** One attempt at electron's own download (install.js); resolves when it ends or times out. */
function tryDownload() {
  const installer = join(ELECTRON_DIR, 'install.js');
  if (!existsSync(installer)) return Promise.resolve();
  return new Promise((resolve) => {
    // Its output (a stack trace when offline) would bury the one sentence that matters.
    const child = spawn(process.execPath, [installer], { cwd: ELECTRON_DIR, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), DOWNLOAD_TIMEOUT_MS);
    child.on('error', () => {
      clearTimeout(timer);
      resolve();
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Runs a command with inherited stdio, passing on SIGINT/SIGTERM; resolves to its exit code. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      console.error(`sharedeck: cannot run ${command}: ${err.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function startDesktop(binary, args) {
  const build = await run(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build']);
  if (build !== 0) {
    console.error(`sharedeck: the desktop build failed (electron-vite build exited ${build}, see above), so the app was not started.`);
    return 1;
  }
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  if (!pkg.main || !existsSync(join(ROOT, pkg.main))) {
    console.error(
      `sharedeck: package.json "main" (${pkg.main ?? 'not set'}) does not name the built main process; set it to the file electron-vite wrote under out/main/.`,
    );
    return 1;
  }
  return run(binary, ['.', ...args]);
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.includes('--browser')) return runWeb(args.filter((a) => a !== '--browser'));
  let binary = electronBinary();
  if (binary === undefined) {
    await tryDownload();
    binary = electronBinary();
  }
  if (binary === undefined) {
    console.error(FALLBACK_SENTENCE);
    return runWeb(args);
  }
  return startDesktop(binary, args);
}

process.exitCode = await main();
