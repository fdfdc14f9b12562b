// `npm test`: type check, lint, every vitest project against a real Cyrus server, then the
// Playwright end-to-end suites (browser mode in Debian's Chromium; the desktop app where the
// Electron binary exists) against the same server.
//
//   npm test                          everything
//   npm test -- test/unit             extra arguments go to vitest
//   node scripts/test.mjs --no-lint   skip tsc, eslint and the security review for a fast local loop
//   node scripts/test.mjs --no-e2e    skip the Playwright suites
//
// The servers: when SHAREDECK_TEST_SERVER is set, that server is used as it is (it must have the
// users alice/alicepw, bob/bobpw, carol/carolpw, dave/davepw, erin/erinpw, frank/frankpw,
// bench/benchpw, provisioned like e2e/cyrus/server.mjs does; `node e2e/cyrus/server.mjs start`
// runs one). Otherwise this script installs Cyrus (root on Debian: apt-get) and starts a private
// instance for the run. The same for the second server, DAViCal (the ACL-only server):
// SHAREDECK_TEST_DAVICAL, else e2e/davical/server.mjs installs and starts one. If either is
// impossible the run goes on with SHAREDECK_TEST_SERVER_ERROR or SHAREDECK_TEST_DAVICAL_ERROR
// set, so the integration tests fail and say why; they are never skipped silently.
//
// Chromium for the e2e step: SHAREDECK_CHROMIUM when set, else /usr/bin/chromium, which this
// script installs (Debian's chromium package, apt-get as root) in the background when it is
// missing. If that fails the e2e step still runs, with SHAREDECK_CHROMIUM_ERROR set: the browser
// suite then fails saying why (e2e/browser/fixtures.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import process from 'node:process';
import { ensureCyrusInstalled, startCyrus } from '../e2e/cyrus/server.mjs';
import { ensureDavicalInstalled, startDavical } from '../e2e/davical/server.mjs';
import { ensureDependencies } from './ensure-deps.mjs';
import { ensureDebianPackages } from '../e2e/system-packages.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--');
const noLint = args.includes('--no-lint');
const noE2e = args.includes('--no-e2e');
const vitestArgs = args.filter((a) => a !== '--no-lint' && a !== '--no-e2e');

/**
 * The steps, in order; the run stops at the first failure. `lint` steps are skipped by --no-lint,
 * `e2e` steps by --no-e2e; `server` steps wait for the test server and `chromium` steps for
 * Chromium (both are provided in the background meanwhile).
 * @type {{ name: string, cmd: string, args: string[], lint?: boolean, e2e?: boolean, server?: boolean, chromium?: boolean }[]}
 */
const STEPS = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'], lint: true },
  { name: 'lint', cmd: 'npx', args: ['eslint', '.'], lint: true },
  { name: 'format', cmd: 'npx', args: ['prettier', '--check', '.'], lint: true },
  // Electronegativity over electron/: fails on any HIGH finding (scripts/electronegativity.mjs).
  { name: 'security', cmd: 'node', args: ['scripts/electronegativity.mjs'], lint: true },
  { name: 'vitest', cmd: 'npx', args: ['vitest', 'run', ...vitestArgs], server: true },
  // Playwright (playwright.config.ts): the 'browser' project in Chromium, and 'electron', which
  // skips itself, saying so, where the Electron binary is not installed.
  { name: 'e2e', cmd: 'npx', args: ['playwright', 'test'], server: true, chromium: true, e2e: true },
];

const CHROMIUM = '/usr/bin/chromium';

const log = (/** @type {string} */ line) => console.error(`[test] ${line}`);

/** @type {{ stop: () => Promise<void> } | undefined} */
let server;
/** @type {{ stop: () => Promise<void> } | undefined} */
let davical;
/** @type {Promise<Record<string, string>>} */
let serverEnv = Promise.resolve({});
/** @type {Promise<Record<string, string>>} */
let davicalEnv = Promise.resolve({});
/** @type {Promise<Record<string, string>>} */
let chromiumEnv = Promise.resolve({});
/** Settles once Cyrus is installed (or that failed): apt-get runs one install at a time. */
let cyrusInstall = Promise.resolve();
/** Settles once DAViCal is installed (after Cyrus), or that failed. */
let davicalInstall = Promise.resolve();
/** @type {import('node:child_process').ChildProcess | undefined} */
let current;
let interrupted = false;

/** Resolves to the env additions for the children: the server's URL, or why there is none. */
async function provideServer() {
  if (process.env.SHAREDECK_TEST_SERVER) {
    log(`using SHAREDECK_TEST_SERVER=${process.env.SHAREDECK_TEST_SERVER}`);
    return {};
  }
  const started = Date.now();
  try {
    cyrusInstall = ensureCyrusInstalled({ log: (line) => console.error(`[cyrus] ${line}`) });
    await cyrusInstall;
    server = await startCyrus();
    log(`Cyrus test server ${server.url} ready in ${Date.now() - started} ms`);
    return { SHAREDECK_TEST_SERVER: server.url };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log(`no test server, the integration tests will fail: ${reason}`);
    return { SHAREDECK_TEST_SERVER_ERROR: reason };
  }
}

/** Resolves to the env additions for the children: the DAViCal server's URL, or why there is none. */
async function provideDavical() {
  if (process.env.SHAREDECK_TEST_DAVICAL) {
    log(`using SHAREDECK_TEST_DAVICAL=${process.env.SHAREDECK_TEST_DAVICAL}`);
    return {};
  }
  const started = Date.now();
  // Set before the first await, so that Chromium's install (started next) waits for this one.
  davicalInstall = cyrusInstall
    .catch(() => undefined)
    .then(() => ensureDavicalInstalled({ log: (line) => console.error(`[davical] ${line}`) }));
  try {
    await davicalInstall;
    davical = await startDavical();
    log(`DAViCal test server ${davical.url} ready in ${Date.now() - started} ms`);
    return { SHAREDECK_TEST_DAVICAL: davical.url };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log(`no DAViCal test server, its integration tests will fail: ${reason}`);
    return { SHAREDECK_TEST_DAVICAL_ERROR: reason };
  }
}

/** Resolves to the env additions for the e2e step: nothing when Chromium is there, else why it is not. */
async function provideChromium() {
  if (process.env.SHAREDECK_CHROMIUM) {
    log(`using SHAREDECK_CHROMIUM=${process.env.SHAREDECK_CHROMIUM}`);
    return {};
  }
  if (existsSync(CHROMIUM)) return {};
  await cyrusInstall.catch(() => undefined);
  await davicalInstall.catch(() => undefined);
  const started = Date.now();
  try {
    log(`${CHROMIUM} not found; installing Debian's chromium for the e2e suites`);
    await ensureDebianPackages(['chromium'], { log: (line) => console.error(`[chromium] ${line}`) });
    if (!existsSync(CHROMIUM)) throw new Error(`the chromium package is installed but ${CHROMIUM} is missing`);
    log(`chromium ready in ${Date.now() - started} ms`);
    return {};
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log(`no Chromium, the browser e2e suite will fail: ${reason}`);
    return { SHAREDECK_CHROMIUM_ERROR: reason };
  }
}

/** @param {(typeof STEPS)[number]} step @param {NodeJS.ProcessEnv} env @returns {Promise<number>} */
function runStep(step, env) {
  log(`${step.name}: ${step.cmd} ${step.args.join(' ')}`);
  return new Promise((resolve) => {
    // Own process group, so that a stop signal reaches npx's grandchildren too (npx does not forward it).
    const child = spawn(step.cmd, step.args, { stdio: 'inherit', env, detached: true });
    current = child;
    child.on('error', (err) => {
      log(`${step.name}: cannot run ${step.cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      current = undefined;
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1));
    });
  });
}

async function cleanup() {
  await Promise.all([serverEnv, davicalEnv]); // a server still starting is stopped once it is up
  await Promise.all([server?.stop(), davical?.stop()]);
  await chromiumEnv; // never leave apt-get half done
}

async function main() {
  ensureDependencies();
  const steps = STEPS.filter((s) => !(noLint && s.lint) && !(noE2e && s.e2e));
  // Start the servers right away (installing takes a while): they come up while tsc and eslint
  // run. DAViCal, then Chromium, are installed after Cyrus (one apt-get at a time).
  if (steps.some((s) => s.server)) {
    serverEnv = provideServer();
    davicalEnv = provideDavical();
  }
  if (steps.some((s) => s.chromium)) chromiumEnv = provideChromium();
  const t0 = Date.now();
  let failed = 0;
  /** @type {string[]} */
  const timings = [];
  for (const step of steps) {
    const env = {
      ...process.env,
      ...(step.server ? await serverEnv : {}),
      ...(step.server ? await davicalEnv : {}),
      ...(step.chromium ? await chromiumEnv : {}),
    };
    if (interrupted) break;
    const t = Date.now();
    const code = await runStep(step, env);
    const seconds = ((Date.now() - t) / 1000).toFixed(1);
    log(`${step.name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s`);
    timings.push(`${step.name} ${seconds} s`);
    if (code !== 0) {
      failed = code;
      break;
    }
  }
  await cleanup();
  if (timings.length > 0) log(`step times: ${timings.join(', ')}`);
  log(
    failed ? `failed after ${((Date.now() - t0) / 1000).toFixed(1)} s` : `all steps passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return failed;
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    interrupted = true;
    if (current?.pid && current.exitCode === null) {
      try {
        process.kill(-current.pid, signal);
      } catch {
        current.kill(signal);
      }
    }
    cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  });
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err);
    await cleanup();
    process.exit(1);
  },
);
