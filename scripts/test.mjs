// `npm test`: type check, lint, then every vitest project against a real Cyrus server.
//
//   npm test                          everything
//   npm test -- test/unit             extra arguments go to vitest
//   node scripts/test.mjs --no-lint   skip tsc, eslint and the security review for a fast local loop
//
// The server: when SHAREDECK_TEST_SERVER is set, that server is used as it is (it must have the
// users alice/alicepw, bob/bobpw, carol/carolpw, dave/davepw, erin/erinpw, frank/frankpw,
// bench/benchpw, provisioned like e2e/cyrus/server.mjs does; `node e2e/cyrus/server.mjs start`
// runs one). Otherwise this script installs Cyrus (root on Debian: apt-get) and starts a private
// instance for the run. If that is impossible the run goes on with SHAREDECK_TEST_SERVER_ERROR
// set, so the integration tests fail and say why; they are never skipped silently.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import process from 'node:process';
import { ensureCyrusInstalled, startCyrus } from '../e2e/cyrus/server.mjs';

const args = process.argv.slice(2).filter((a) => a !== '--');
const noLint = args.includes('--no-lint');
const vitestArgs = args.filter((a) => a !== '--no-lint');

/**
 * The steps, in order; the run stops at the first failure. `lint` steps are skipped by --no-lint;
 * `server` steps wait for the test server (which starts in the background meanwhile).
 * @type {{ name: string, cmd: string, args: string[], lint?: boolean, server?: boolean }[]}
 */
const STEPS = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'], lint: true },
  { name: 'lint', cmd: 'npx', args: ['eslint', '.'], lint: true },
  // Electronegativity over electron/: fails on any HIGH finding (scripts/electronegativity.mjs).
  { name: 'security', cmd: 'node', args: ['scripts/electronegativity.mjs'], lint: true },
  { name: 'vitest', cmd: 'npx', args: ['vitest', 'run', ...vitestArgs], server: true },
];

const log = (/** @type {string} */ line) => console.error(`[test] ${line}`);

/** @type {{ stop: () => Promise<void> } | undefined} */
let server;
/** @type {Promise<Record<string, string>>} */
let serverEnv = Promise.resolve({});
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
    await ensureCyrusInstalled({ log: (line) => console.error(`[cyrus] ${line}`) });
    server = await startCyrus();
    log(`Cyrus test server ${server.url} ready in ${Date.now() - started} ms`);
    return { SHAREDECK_TEST_SERVER: server.url };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    log(`no test server, the integration tests will fail: ${reason}`);
    return { SHAREDECK_TEST_SERVER_ERROR: reason };
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
  await serverEnv; // a server still starting is stopped once it is up
  if (server) await server.stop();
}

async function main() {
  const steps = STEPS.filter((s) => !(noLint && s.lint));
  // Start the server right away (installing takes a while): it comes up while tsc and eslint run.
  if (steps.some((s) => s.server)) serverEnv = provideServer();
  const t0 = Date.now();
  let failed = 0;
  for (const step of steps) {
    const env = step.server ? { ...process.env, ...(await serverEnv) } : process.env;
    if (interrupted) break;
    const t = Date.now();
    const code = await runStep(step, env);
    log(`${step.name}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    if (code !== 0) {
      failed = code;
      break;
    }
  }
  await cleanup();
  log(failed ? `failed after ${((Date.now() - t0) / 1000).toFixed(1)} s` : `all steps passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
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
