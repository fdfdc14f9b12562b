// Process helpers the throw-away test servers share (e2e/cyrus/server.mjs, e2e/davical/server.mjs):
// free ports, pid files, signals, and running one from the command line. Plain Node ESM, node:
// builtins only.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

/** @param {unknown} err */
export function errorText(err) {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Asks the OS for `count` distinct free TCP ports on 127.0.0.1.
 * @param {number} count
 * @returns {Promise<number[]>}
 */
export async function freePorts(count) {
  /** @type {net.Server[]} */
  const servers = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve(undefined));
      });
    }
    return servers.map((s) => /** @type {net.AddressInfo} */ (s.address()).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))));
  }
}

/** Whether the process exists and is not a zombie. @param {number} pid */
export function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** @param {number} pid @param {NodeJS.Signals} name */
export function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The pid on the first line of a pid file, or undefined. @param {string} path */
export function readPid(path) {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** @param {number} ms */
export function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * `start`'s foreground part: prints `lines` (the URL to export first), then runs until Ctrl-C or
 * SIGTERM and stops the server.
 * @param {{ stop: () => Promise<void> }} server @param {string[]} lines
 */
export async function serveUntilStopped(server, lines) {
  for (const line of lines) console.log(line);
  console.log('# Ctrl-C stops the server.');
  const keepAlive = setInterval(() => {}, 1 << 30); // signal listeners alone do not keep Node running
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
  await server.stop();
  console.log('stopped.');
}

/**
 * Runs `main` with the command line's arguments when `moduleUrl` is the script node was started
 * with (not when it is imported); a failure prints its message and sets exit code 1.
 * @param {string} moduleUrl @param {(args: string[]) => Promise<void>} main
 */
export function runAsScript(moduleUrl, main) {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main(process.argv.slice(2)).catch((/** @type {unknown} */ err) => {
    console.error(errorText(err));
    process.exitCode = 1;
  });
}
