// The real test server: a private Cyrus IMAP 3.6 instance (CalDAV, CardDAV, WebDAV, DAV sharing)
// on 127.0.0.1, configured and provisioned as docs/servers.md (Cyrus IMAP 3.6) describes.
// Plain Node ESM with node: builtins only.
//
//   node e2e/cyrus/server.mjs install              install the Debian packages (root)
//   node e2e/cyrus/server.mjs start [--port N]     run a server in the foreground until Ctrl-C
//
// Set SHAREDECK_CYRUS_SYSLOG=/some/file to collect Cyrus's syslog lines while debugging.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  appendFileSync,
  chmodSync,
} from 'node:fs';
import net from 'node:net';
import process from 'node:process';
import { Buffer } from 'node:buffer';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDebianPackages, run } from '../system-packages.mjs';
import { alive, errorText, freePorts, readPid, runAsScript, serveUntilStopped, signal, sleepSync } from '../server-process.mjs';

const CYRUS_BIN = '/usr/lib/cyrus/bin';
const MASTER = `${CYRUS_BIN}/master`;
const SASLPASSWD2 = '/usr/sbin/saslpasswd2';
export const CYRUS_PACKAGES = ['cyrus-imapd', 'cyrus-caldav', 'sasl2-bin'];

/** The DAV users every test can rely on (password = name + "pw"). `bench` is for benchmarks. */
export const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'bench'].map((name) => ({
  name,
  password: `${name}pw`,
}));
export const ADMIN = { name: 'admin', password: 'adminpw' };

const HOW_TO_PROVIDE =
  'Either run the tests as root on Debian/Ubuntu (npm test installs cyrus-imapd, cyrus-caldav and sasl2-bin ' +
  'with apt-get and starts a private server), or start a server with the users alice/alicepw, bob/bobpw, ' +
  'carol/carolpw, dave/davepw, erin/erinpw, frank/frankpw, bench/benchpw (e.g. `sudo node e2e/cyrus/server.mjs start`) ' +
  'and export SHAREDECK_TEST_SERVER=http://127.0.0.1:PORT before running the tests.';

const defaultLog = (/** @type {string} */ line) => console.error(`[cyrus] ${line}`);

/**
 * Installs the Cyrus packages when the master or saslpasswd2 binary is missing.
 * @param {{ log?: (line: string) => void }} [opts]
 */
export async function ensureCyrusInstalled({ log = defaultLog } = {}) {
  if (existsSync(MASTER) && existsSync(SASLPASSWD2)) return;
  const missing = [MASTER, SASLPASSWD2].filter((p) => !existsSync(p));
  log(`${missing.join(' and ')} not found; installing ${CYRUS_PACKAGES.join(' ')}`);
  try {
    await ensureDebianPackages(CYRUS_PACKAGES, { log });
  } catch (err) {
    throw new Error(`The Cyrus test server is not installed (${missing.join(', ')} missing). ${errorText(err)}\n${HOW_TO_PROVIDE}`, {
      cause: err,
    });
  }
  const still = [MASTER, SASLPASSWD2].filter((p) => !existsSync(p));
  if (still.length > 0) throw new Error(`Installed ${CYRUS_PACKAGES.join(' ')} but ${still.join(', ')} still missing. ${HOW_TO_PROVIDE}`);
}

function imapdConf(root, { withSyslogPrefix }) {
  return `# written by sharedeck e2e/cyrus/server.mjs; see docs/servers.md
configdirectory: ${root}/conf
defaultpartition: default
partition-default: ${root}/spool
sievedir: ${root}/sieve
proc_path: ${root}/proc
mboxname_lockpath: ${root}/lock
lmtpsocket: ${root}/socket/lmtp
idlesocket: ${root}/socket/idle
notifysocket: ${root}/socket/notify
servername: localhost
defaultdomain: example.com
admins: ${ADMIN.name}
altnamespace: no
unixhierarchysep: no
hashimapspool: true
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: ${root}/sasldb2
sasl_mech_list: PLAIN LOGIN
autocreate_quota: 0
httpmodules: caldav carddav webdav
httpallowcompress: no
caldav_allowscheduling: on
davnotificationsprefix: #notifications
${withSyslogPrefix ? 'syslog_prefix: sharedeck\n' : ''}`;
}

function cyrusConf(root, httpPort, imapPort) {
  const conf = `-C ${root}/imapd.conf`;
  return `# written by sharedeck e2e/cyrus/server.mjs; see docs/servers.md
START {
  recover cmd="${CYRUS_BIN}/ctl_cyrusdb ${conf} -r"
}
SERVICES {
  imap cmd="${CYRUS_BIN}/imapd ${conf}" listen="127.0.0.1:${imapPort}" prefork=0
  http cmd="${CYRUS_BIN}/httpd ${conf}" listen="127.0.0.1:${httpPort}" prefork=0
}
EVENTS {
  checkpoint cmd="${CYRUS_BIN}/ctl_cyrusdb ${conf} -c" period=30
}
DAEMON {
}
`;
}

/**
 * Stops an instance: SIGTERM to the master, up to 5 s for it to exit, then SIGKILL for whatever
 * of the instance is left, and removes its root. Yields the milliseconds to wait between checks,
 * so that stop() can wait asynchronously and the exit handler synchronously.
 * @param {string} pidFile @param {string} root @param {(line: string) => void} log
 * @returns {Generator<number, void, void>}
 */
function* terminateSteps(pidFile, root, log) {
  const pid = readPid(pidFile);
  if (pid !== undefined && alive(pid)) {
    signal(pid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) yield 50;
    if (alive(pid)) {
      log(`master ${pid} still running 5 s after SIGTERM; killing it`);
      signal(pid, 'SIGKILL');
    }
  }
  for (let i = 0; i < 40; i++) {
    const left = instancePids(root);
    if (left.length === 0) break;
    for (const p of left) signal(p, 'SIGKILL');
    yield 50;
  }
  rmSync(root, { recursive: true, force: true });
}

/** Pids of processes whose command line mentions this instance's imapd.conf (master and children). */
function instancePids(root) {
  const marker = `${root}/imapd.conf`;
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** @param {string} user @param {string} password */
function basic(user, password) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/**
 * A minimal IMAP session: log in, run the given commands (each must answer OK), log out.
 * @param {number} port
 * @param {{ name: string, password: string }} user
 * @param {string[]} commands
 * @returns {Promise<void>}
 */
export function imapSession(port, user, commands = [], timeoutMs = 15_000) {
  const quote = (/** @type {string} */ s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const script = [`LOGIN ${quote(user.name)} ${quote(user.password)}`, ...commands, 'LOGOUT'];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let buffer = '';
    let step = -1; // -1: waiting for the greeting
    let done = false;
    const finish = (/** @type {Error | undefined} */ err) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(
      () => finish(new Error(`IMAP as ${user.name}: no answer within ${timeoutMs} ms (step ${step + 1}: ${script[step] ?? 'greeting'})`)),
      timeoutMs,
    );
    const send = () => {
      step++;
      const command = script[step];
      socket.write(`t${step} ${command}\r\n`);
    };
    socket.setEncoding('utf8');
    socket.on('error', (err) => finish(new Error(`IMAP as ${user.name} on port ${port}: ${err.message}`)));
    socket.on('close', () =>
      finish(
        step < script.length - 1 ? new Error(`IMAP as ${user.name}: connection closed during ${script[step] ?? 'greeting'}`) : undefined,
      ),
    );
    socket.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (step === -1) {
          if (line.startsWith('* OK')) send();
          else if (line.startsWith('* ')) finish(new Error(`IMAP greeting: ${line}`));
          continue;
        }
        const tag = `t${step} `;
        if (!line.startsWith(tag)) continue;
        const status = line.slice(tag.length);
        if (!status.startsWith('OK')) {
          const shown = step === 0 ? `LOGIN ${user.name}` : script[step];
          finish(new Error(`IMAP as ${user.name}: ${shown} -> ${status}`));
          return;
        }
        if (step === script.length - 1) finish(undefined);
        else send();
      }
    });
  });
}

/**
 * One request with Basic auth; resolves {status, text}.
 * @param {string} url
 * @param {{ name: string, password: string }} user
 * @param {string} method
 * @param {Record<string, string>} headers
 * @param {string} [body]
 */
async function dav(url, user, method, headers, body) {
  const res = await fetch(url, {
    method,
    headers: { Authorization: basic(user.name, user.password), ...headers },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, text: await res.text() };
}

const PROPFIND_BODY = '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>';

/**
 * Optional debugging aid: Cyrus only logs to syslog. glibc's syslog() falls back from a datagram
 * to a stream socket when /dev/log is a stream socket (EPROTOTYPE), so Node's unix-domain server
 * can receive the lines (NUL-terminated). Only when /dev/log does not exist yet.
 * @param {string} file
 * @param {(line: string) => void} log
 * @returns {Promise<(() => Promise<void>) | undefined>} closes the listener
 */
async function startSyslogListener(file, log) {
  const path = '/dev/log';
  if (existsSync(path)) {
    log(`SHAREDECK_CYRUS_SYSLOG: ${path} already exists (a syslog daemon?); Cyrus logs go there, not to ${file}`);
    return undefined;
  }
  const server = net.createServer((socket) => {
    let pending = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      pending += chunk;
      const parts = pending.split('\0');
      pending = parts.pop() ?? '';
      if (parts.length) appendFileSync(file, parts.map((p) => `${p.trimEnd()}\n`).join(''));
    });
    socket.on('error', () => {});
  });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve(undefined));
    });
    chmodSync(path, 0o666);
  } catch (err) {
    log(`SHAREDECK_CYRUS_SYSLOG: cannot listen on ${path}: ${errorText(err)}`);
    return undefined;
  }
  server.unref();
  log(`writing Cyrus syslog lines to ${file}`);
  return () => new Promise((resolve) => server.close(() => resolve(undefined))); // removes the socket file
}

/**
 * Starts a private Cyrus instance and provisions the test users.
 * @param {{ httpPort?: number, imapPort?: number, root?: string, log?: (line: string) => void }} [opts]
 * @returns {Promise<{ url: string, imapUrl: string, root: string, users: { name: string, password: string }[], stop: () => Promise<void> }>}
 */
export async function startCyrus({ httpPort, imapPort, root, log = defaultLog } = {}) {
  const started = Date.now();
  if (!existsSync(MASTER) || !existsSync(SASLPASSWD2)) {
    throw new Error(`Cyrus is not installed (${MASTER} or ${SASLPASSWD2} missing); call ensureCyrusInstalled() first. ${HOW_TO_PROVIDE}`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(`Starting the Cyrus test server needs root: its master process switches to the cyrus user. ${HOW_TO_PROVIDE}`);
  }
  if (httpPort === undefined || imapPort === undefined) {
    const free = (await freePorts(3)).filter((p) => p !== httpPort && p !== imapPort);
    httpPort ??= free.shift();
    imapPort ??= free.shift();
  }
  root ??= `/tmp/sharedeck-cyrus-${httpPort}`;
  if (!root.startsWith('/') || root === '/') throw new Error(`root must be an absolute directory, got ${root}`);
  const url = `http://127.0.0.1:${httpPort}`;
  const imapUrl = `imap://127.0.0.1:${imapPort}`;
  const pidFile = `${root}/run/master.pid`;

  // A leftover instance from a crashed run on the same root would hold the ports and files.
  for (const pid of instancePids(root)) signal(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
  for (const dir of ['', 'conf', 'conf/db', 'conf/socket', 'spool', 'sieve', 'proc', 'lock', 'socket', 'run'])
    mkdirSync(`${root}/${dir}`, { recursive: true, mode: 0o755 });
  chmodSync(root, 0o755);

  /** @type {(() => Promise<void>) | undefined} */
  let closeSyslog;
  const syslogFile = process.env.SHAREDECK_CYRUS_SYSLOG;
  let stopping;
  // Last resort when the process exits without stop(): do not leave a master or its files behind.
  const onExit = () => {
    for (const ms of terminateSteps(pidFile, root, log)) sleepSync(ms);
  };
  const stop = () => {
    stopping ??= (async () => {
      process.off('exit', onExit);
      for (const ms of terminateSteps(pidFile, root, log)) await sleep(ms);
      if (closeSyslog) await closeSyslog();
    })();
    return stopping;
  };
  process.on('exit', onExit);

  try {
    writeFileSync(`${root}/imapd.conf`, imapdConf(root, { withSyslogPrefix: Boolean(syslogFile) }));
    writeFileSync(`${root}/cyrus.conf`, cyrusConf(root, httpPort, imapPort));
    for (const user of [...USERS, ADMIN]) {
      const r = await run(SASLPASSWD2, ['-p', '-c', '-f', `${root}/sasldb2`, '-u', 'localhost', user.name], { input: user.password });
      if (r.code !== 0) throw new Error(`saslpasswd2 for ${user.name} failed (exit ${r.code}): ${r.output.trim()}`);
    }
    const chown = await run('chown', ['-R', 'cyrus:mail', root]);
    if (chown.code !== 0) throw new Error(`chown -R cyrus:mail ${root} failed: ${chown.output.trim()}`);

    if (syslogFile) closeSyslog = await startSyslogListener(syslogFile, log);

    const outFile = `${root}/run/master.out`;
    const out = openSync(outFile, 'a');
    let launch;
    try {
      // -d daemonizes: the launcher exits once the master runs in the background.
      launch = await new Promise((resolve) => {
        const child = spawn(MASTER, ['-C', `${root}/imapd.conf`, '-M', `${root}/cyrus.conf`, '-p', pidFile, '-d'], {
          stdio: ['ignore', out, out],
        });
        child.on('error', (err) => resolve({ code: 127, output: err.message }));
        child.on('exit', (code, sig) => resolve({ code: code ?? (sig ? 128 : 1), output: '' }));
      });
    } finally {
      closeSync(out);
    }
    if (launch.code !== 0) {
      const output = launch.output || (existsSync(outFile) ? readFileSync(outFile, 'utf8').trim() : '');
      throw new Error(`${MASTER} exited with ${launch.code}: ${output || '(no output)'}`);
    }

    await waitForHttp(url, pidFile, root, 20_000);
    log(`master up on ${url} (imap ${imapPort}) after ${Date.now() - started} ms; provisioning ${USERS.length} users`);
    await provision({ url, imapPort });
    log(`ready after ${Date.now() - started} ms (root ${root})`);
  } catch (err) {
    await stop();
    const hint = syslogFile ? `Cyrus syslog: ${syslogFile}.` : 'Set SHAREDECK_CYRUS_SYSLOG=/tmp/cyrus.log to capture Cyrus logs.';
    throw new Error(`Starting the Cyrus test server failed: ${errorText(err)}. ${hint}`, { cause: err });
  }
  return { url, imapUrl, root, users: USERS.map((u) => ({ ...u })), stop };
}

async function waitForHttp(url, pidFile, root, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/`, { redirect: 'manual', signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return;
    } catch (err) {
      lastError = errorText(err.cause ?? err);
    }
    const pid = readPid(pidFile);
    if (pid !== undefined && !alive(pid)) throw new Error(`the Cyrus master (pid ${pid}) exited before ${url} answered`);
    await sleep(100);
  }
  const pid = readPid(pidFile);
  const procs = instancePids(root);
  throw new Error(
    `${url} did not answer within ${timeoutMs / 1000} s (last error: ${lastError}; ` +
      `pid file ${pid === undefined ? 'missing' : `says ${pid}, ${alive(pid) ? 'alive' : 'not running'}`}; ` +
      `instance processes: ${procs.length ? procs.join(' ') : 'none'}; config in ${root})`,
  );
}

/** As Cyrus needs it (docs/servers.md): IMAP login (creates INBOX), DAV homes, then calendar homes searchable by anyone. */
async function provision({ url, imapPort }) {
  const homes = ['calendars', 'addressbooks', 'notifications', 'drive'];
  await Promise.all(
    USERS.map(async (user) => {
      await imapSession(imapPort, user);
      for (const home of homes) {
        const target = `${url}/dav/${home}/user/${user.name}/`;
        const r = await dav(target, user, 'PROPFIND', { 'Content-Type': 'application/xml; charset=utf-8', Depth: '0' }, PROPFIND_BODY);
        if (r.status !== 207) throw new Error(`provisioning: PROPFIND ${target} as ${user.name} -> ${r.status} ${r.text.slice(0, 300)}`);
      }
    }),
  );
  await imapSession(
    imapPort,
    ADMIN,
    USERS.map((u) => `SETACL "user.${u.name}.#calendars" anyone l9`),
  );
  const alice = USERS[0];
  const check = await dav(
    `${url}/dav/calendars/user/${alice.name}/`,
    alice,
    'PROPFIND',
    { 'Content-Type': 'application/xml; charset=utf-8', Depth: '1' },
    PROPFIND_BODY,
  );
  if (check.status !== 207 || !check.text.includes(`/dav/calendars/user/${alice.name}/Default/`)) {
    throw new Error(
      `provisioning check failed: PROPFIND Depth 1 of alice's calendar home -> ${check.status}, no Default/ calendar: ${check.text.slice(0, 500)}`,
    );
  }
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === 'install') {
    await ensureCyrusInstalled();
    console.log('Cyrus is installed.');
    return;
  }
  if (command === 'start') {
    const opt = (/** @type {string} */ name) => {
      const i = rest.indexOf(name);
      if (i < 0) return undefined;
      const value = Number(rest[i + 1]);
      if (!Number.isInteger(value) || value <= 0 || value > 65535) throw new Error(`${name} needs a port number`);
      return value;
    };
    await ensureCyrusInstalled();
    const server = await startCyrus({ httpPort: opt('--port'), imapPort: opt('--imap-port') });
    await serveUntilStopped(server, [
      `SHAREDECK_TEST_SERVER=${server.url}`,
      `# imap ${server.imapUrl}; users ${server.users.map((u) => `${u.name}/${u.password}`).join(' ')}; admin ${ADMIN.name}/${ADMIN.password}`,
    ]);
    return;
  }
  console.error('usage: node e2e/cyrus/server.mjs install | start [--port N] [--imap-port N]');
  process.exitCode = 2;
}

runAsScript(import.meta.url, main);
