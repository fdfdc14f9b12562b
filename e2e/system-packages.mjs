// Installs Debian packages that the test tooling needs (the Cyrus test server, later chromium).
// Plain Node ESM, node: builtins only, so it runs before `npm ci` has anything to offer.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import process from 'node:process';

const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/**
 * Runs a command; resolves {code, output} (stdout and stderr interleaved), never rejects on a
 * non-zero exit. Rejects only when the command cannot be started at all.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, input?: string }} [opts]
 * @returns {Promise<{ code: number, output: string }>}
 */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    if (opts.input !== undefined) child.stdin.end(opts.input);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** @param {string} name */
function onPath(name) {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').some((dir) => dir && existsSync(`${dir}/${name}`));
}

/**
 * The subset of `pkgs` that dpkg does not report as installed.
 * @param {string[]} pkgs
 * @returns {Promise<string[]>}
 */
export async function missingDebianPackages(pkgs) {
  if (!onPath('dpkg-query')) return [...pkgs];
  const missing = [];
  for (const pkg of pkgs) {
    const { code, output } = await run('dpkg-query', ['-W', '-f=${Status}', pkg]);
    if (code !== 0 || !output.includes('install ok installed')) missing.push(pkg);
  }
  return missing;
}

/** @param {string} text */
function tail(text, lines = 25) {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Makes sure the given Debian packages are installed, installing the missing ones with apt-get
 * (root only). Daemons in the packages are not started: a temporary policy-rc.d forbids it.
 * Throws an Error that names the missing packages when they cannot be installed.
 * @param {string[]} pkgs
 * @param {{ log?: (line: string) => void }} [opts]
 * @returns {Promise<string[]>} the packages that were installed now (empty if none were missing)
 */
export async function ensureDebianPackages(pkgs, { log = (line) => console.error(line) } = {}) {
  const missing = await missingDebianPackages(pkgs);
  if (missing.length === 0) return [];

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get') || !onPath('dpkg-query')) {
    const why = !onPath('apt-get') ? 'apt-get is not available (not a Debian-like system)' : 'this process is not root';
    throw new Error(
      `Missing Debian packages: ${missing.join(', ')}; cannot install them because ${why}. ` +
        `Install them yourself: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }

  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', NEEDRESTART_MODE: 'a' };
  let createdPolicy = false;
  if (!existsSync(POLICY_RC_D)) {
    writeFileSync(POLICY_RC_D, '#!/bin/sh\n# temporary, written by sharedeck e2e/system-packages.mjs\nexit 101\n', {
      mode: 0o755,
    });
    createdPolicy = true;
  }
  try {
    const install = () =>
      run(
        'apt-get',
        [
          'install',
          '-y',
          '--no-install-recommends',
          '-o',
          'DPkg::Lock::Timeout=300',
          '-o',
          'Dpkg::Options::=--force-confdef',
          '-o',
          'Dpkg::Options::=--force-confold',
          ...missing,
        ],
        { env },
      );
    const update = async () => {
      log('apt-get update ...');
      const r = await run('apt-get', ['update'], { env });
      if (r.code !== 0) log(`apt-get update exited with ${r.code}:\n${tail(r.output)}`);
    };
    // A fresh machine has no package lists at all: installing would fail, so update first.
    const haveLists =
      existsSync('/var/lib/apt/lists') &&
      readdirSync('/var/lib/apt/lists').some((f) => f.endsWith('_Packages') || f.includes('_Packages.'));
    if (!haveLists) await update();
    log(`apt-get install ${missing.join(' ')} ...`);
    let result = await install();
    if (result.code !== 0 && haveLists) {
      log(`apt-get install failed (exit ${result.code}); refreshing package lists and retrying`);
      await update();
      result = await install();
    }
    if (result.code !== 0) {
      throw new Error(`apt-get install ${missing.join(' ')} failed (exit ${result.code}):\n${tail(result.output)}`);
    }
    const still = await missingDebianPackages(missing);
    if (still.length > 0) throw new Error(`apt-get install succeeded but these packages are still not installed: ${still.join(', ')}`);
    log(`installed ${missing.join(', ')}`);
    return missing;
  } finally {
    if (createdPolicy) {
      try {
        unlinkSync(POLICY_RC_D);
      } catch {
        // already gone
      }
    }
  }
}
