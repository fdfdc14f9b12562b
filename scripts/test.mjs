// `npm test`: the checks (type check, lint, format, security review) and the unit tests side by
// side, then the integration tests against real servers (Cyrus and DAViCal), then the Playwright
// end-to-end suites (browser mode in Debian's Chromium; the desktop app where the Electron binary
// exists) against the same servers.
//
//   npm test                          everything
//   npm test -- test/unit             extra arguments go to vitest (then one vitest run, not two)
//   npm run test:unit                 the unit tests alone: no servers, no checks (the inner loop)
//   node scripts/test.mjs --no-lint   skip tsc, eslint, prettier and the security review
//   node scripts/test.mjs --no-e2e    skip the Playwright suites
//
// Steps of one stage run at the same time, each line of their output prefixed with the step's
// name; the first failure stops the steps still running and ends the run, which prints every
// step's time at the end. The type check and the format check keep what they learnt between runs
// (node_modules/.cache/sharedeck/): both caches are exact, so a file that changed is checked again.
// ESLint's own cache is not used: its type-aware rules depend on other files' types, which it
// cannot track.
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

const CACHE = 'node_modules/.cache/sharedeck';
const bin = (/** @type {string} */ name) => `node_modules/.bin/${name}`;

/**
 * @typedef {{ name: string, cmd: string, args: string[], lint?: boolean, e2e?: boolean, server?: boolean, chromium?: boolean }} Step
 * The stages, in order; the steps of one stage run at the same time. `lint` steps are skipped by
 * --no-lint, `e2e` steps by --no-e2e; `server` steps wait for the test servers and `chromium`
 * steps for Chromium (both are provided in the background meanwhile).
 * @type {Step[][]}
 */
const STAGES = [
  [
    {
      name: 'typecheck',
      cmd: bin('tsc'),
      args: ['--noEmit', '-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', `${CACHE}/tsconfig.tsbuildinfo`],
      lint: true,
    },
    { name: 'lint', cmd: bin('eslint'), args: ['.'], lint: true },
    { name: 'format', cmd: bin('prettier'), args: ['--check', '--cache', '--cache-location', `${CACHE}/prettier`, '.'], lint: true },
    // Electronegativity over electron/: fails on any HIGH finding (scripts/electronegativity.mjs).
    { name: 'security', cmd: 'node', args: ['scripts/electronegativity.mjs'], lint: true },
    // The unit tests need no server. With arguments for vitest, one run (after the checks) takes
    // whatever they name.
    ...(vitestArgs.length > 0 ? [] : [{ name: 'unit', cmd: bin('vitest'), args: ['run', '--project', 'unit'] }]),
  ],
  // The integration tests alone: some check that a command ends within its deadline, which a
  // machine busy with the checks would make them miss.
  vitestArgs.length > 0
    ? [{ name: 'vitest', cmd: bin('vitest'), args: ['run', ...vitestArgs], server: true }]
    : [{ name: 'integration', cmd: bin('vitest'), args: ['run', '--project', 'integration'], server: true }],
  // Playwright (playwright.config.ts): the 'browser' project in Chromium, and 'electron', which
  // skips itself, saying so, where the Electron binary is not installed. After the integration
  // tests: both use the same users on the same servers.
  [{ name: 'e2e', cmd: bin('playwright'), args: ['test'], server: true, chromium: true, e2e: true }],
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

/** The processes running now, so that a stop signal reaches them. */
/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();

/**
 * Runs one step; with `prefix`, each line of its output goes out with the step's name in front
 * (steps that run side by side), else its output is passed through as it is.
 * @param {Step} step @param {NodeJS.ProcessEnv} env @param {string | undefined} prefix @returns {Promise<number>}
 */
function runStep(step, env, prefix) {
  log(`${step.name}: ${step.cmd} ${step.args.join(' ')}`);
  return new Promise((resolve) => {
    // Own process group, so that a stop signal reaches its children too.
    const child = spawn(step.cmd, step.args, { stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit', env, detached: true });
    running.add(child);
    if (prefix) {
      for (const [stream, out] of /** @type {const} */ ([
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ])) {
        let rest = '';
        stream?.setEncoding('utf8');
        stream?.on('data', (/** @type {string} */ chunk) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) out.write(`${prefix}${line}\n`);
        });
        stream?.on('end', () => {
          if (rest !== '') out.write(`${prefix}${rest}\n`);
        });
      }
    }
    child.on('error', (err) => {
      log(`${step.name}: cannot run ${step.cmd}: ${err.message}`);
      running.delete(child);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1));
    });
  });
}

/** Sends `signal` to every step still running (and its children). @param {NodeJS.Signals} signal */
function stopAll(signal) {
  for (const child of running) {
    if (!child.pid || child.exitCode !== null) continue;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  }
}

async function cleanup() {
  await Promise.all([serverEnv, davicalEnv]); // a server still starting is stopped once it is up
  await Promise.all([server?.stop(), davical?.stop()]);
  await chromiumEnv; // never leave apt-get half done
}

async function main() {
  ensureDependencies();
  const stages = STAGES.map((stage) => stage.filter((s) => !(noLint && s.lint) && !(noE2e && s.e2e))).filter((stage) => stage.length > 0);
  const steps = stages.flat();
  // Start the servers right away (installing takes a while): they come up while the checks run.
  // DAViCal, then Chromium, are installed after Cyrus (one apt-get at a time).
  if (steps.some((s) => s.server)) {
    serverEnv = provideServer();
    davicalEnv = provideDavical();
  }
  if (steps.some((s) => s.chromium)) chromiumEnv = provideChromium();
  const t0 = Date.now();
  let failed = 0;
  /** @type {Map<string, string>} */
  const timings = new Map(); // in the steps' order, whichever ends first
  const width = Math.max(...steps.map((s) => s.name.length));
  /** @type {string | undefined} */
  let failedStep;
  for (const stage of stages) {
    const codes = await Promise.all(
      stage.map(async (step) => {
        const env = {
          ...process.env,
          // Output is piped when steps run side by side: keep the colours a terminal would get.
          ...(stage.length > 1 && process.stdout.isTTY ? { FORCE_COLOR: '1' } : {}),
          ...(step.server ? await serverEnv : {}),
          ...(step.server ? await davicalEnv : {}),
          ...(step.chromium ? await chromiumEnv : {}),
        };
        if (interrupted) return 0;
        if (failedStep !== undefined) {
          log(`${step.name}: not started (${failedStep} failed)`);
          return 0;
        }
        const t = Date.now();
        const code = await runStep(step, env, stage.length > 1 ? `${step.name.padEnd(width)} │ ` : undefined);
        const seconds = ((Date.now() - t) / 1000).toFixed(1);
        const stopped = code !== 0 && failedStep !== undefined;
        log(
          `${step.name}: ${code === 0 ? 'passed' : stopped ? `stopped (${failedStep} failed)` : `FAILED (exit ${code})`} in ${seconds} s`,
        );
        if (code !== 0 && failedStep === undefined) {
          failedStep = step.name;
          stopAll('SIGTERM'); // the first failure ends the stage: the steps still running stop
        }
        timings.set(step.name, `${step.name} ${seconds} s`);
        return code;
      }),
    );
    failed = codes.find((c, i) => c !== 0 && stage[i]?.name === failedStep) ?? 0;
    if (failed || interrupted) break;
  }
  await cleanup();
  const times = steps.flatMap((s) => timings.get(s.name) ?? []);
  if (times.length > 0) log(`step times: ${times.join(', ')}`);
  log(
    failed ? `failed after ${((Date.now() - t0) / 1000).toFixed(1)} s` : `all steps passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return failed;
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    interrupted = true;
    stopAll(signal);
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
