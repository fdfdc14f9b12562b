// The second live test server: a private DAViCal 1.1 (Debian's packages) on 127.0.0.1, the server
// whose only sharing is RFC 3744 ACL. Everything lives in one scratch folder under /tmp, unique per
// start, so parallel runs never collide, and nothing in /etc is changed:
//   - PostgreSQL with no TCP at all, its socket in that folder (libpq in Apache finds it through
//     PGHOST), the database made by DAViCal's own create-database.sh;
//   - Apache with mod_php from a config file of its own (PHP's built-in server cannot be used: it
//     answers the ACL method with 501 itself);
//   - the users alice, bob, carol and dave (password: name + "pw", mail NAME@example.com), each
//     with a calendar /caldav.php/NAME/calendar/ and an address book /caldav.php/NAME/addresses/,
//     inserted as DAViCal itself creates users (it has no command-line tool for that). Principals
//     keep DAViCal's default privileges: every logged-in user may read free/busy time.
// Plain Node ESM with node: builtins only. Needs root (PostgreSQL and Apache switch users).
//
//   node e2e/davical/server.mjs install            install the Debian packages (root)
//   node e2e/davical/server.mjs start [--port N]   run a server in the foreground until Ctrl-C
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { Buffer } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDebianPackages } from '../system-packages.mjs';
import { alive, errorText, freePorts, readPid, runAsScript, serveUntilStopped, signal, sleepSync } from '../server-process.mjs';

export const DAVICAL_PACKAGES = ['davical', 'postgresql', 'libapache2-mod-php', 'apache2-bin'];

const APACHE = '/usr/sbin/apache2';
const APACHE_MODULES = '/usr/lib/apache2/modules';
const DAVICAL_HTDOCS = '/usr/share/davical/htdocs';
const CREATE_DATABASE = '/usr/share/davical/dba/create-database.sh';

/** The users every DAViCal test can rely on (password = name + "pw"). */
export const USERS = ['alice', 'bob', 'carol', 'dave'].map((name) => ({
  name,
  password: `${name}pw`,
  fullName: name.charAt(0).toUpperCase() + name.slice(1),
  email: `${name}@example.com`,
}));
export const ADMIN = { name: 'admin', password: 'adminpw' };

const HOW_TO_PROVIDE =
  `Either run the tests as root on Debian/Ubuntu (npm test installs ${DAVICAL_PACKAGES.join(', ')} with apt-get and starts ` +
  'a private DAViCal), or start one with `sudo node e2e/davical/server.mjs start` and export the ' +
  'SHAREDECK_TEST_DAVICAL=http://127.0.0.1:PORT it prints (any DAViCal must have the users alice/alicepw, bob/bobpw, ' +
  'carol/carolpw, dave/davepw, as that script creates them).';

const defaultLog = (/** @type {string} */ line) => console.error(`[davical] ${line}`);

/** The newest PostgreSQL server binaries Debian installed (/usr/lib/postgresql/N/bin), or undefined. */
function postgresBin() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(`${root}/${v}/bin/initdb`))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : `${root}/${versions[0]}/bin`;
}

/** mod_php's module file (libphp8.2.so on Debian 12), or undefined. */
function phpModule() {
  if (!existsSync(APACHE_MODULES)) return undefined;
  return readdirSync(APACHE_MODULES).find((f) => /^libphp[\d.]*\.so$/.test(f));
}

function missingParts() {
  const missing = [];
  if (!existsSync(`${DAVICAL_HTDOCS}/caldav.php`) || !existsSync(CREATE_DATABASE)) missing.push('DAViCal');
  if (!postgresBin()) missing.push('PostgreSQL');
  if (!existsSync(APACHE)) missing.push('Apache');
  if (!phpModule()) missing.push("Apache's PHP module");
  return missing;
}

/**
 * Installs the DAViCal packages when any part is missing.
 * @param {{ log?: (line: string) => void }} [opts]
 */
export async function ensureDavicalInstalled({ log = defaultLog } = {}) {
  const missing = missingParts();
  if (missing.length === 0) return;
  log(`${missing.join(', ')} not found; installing ${DAVICAL_PACKAGES.join(' ')}`);
  try {
    await ensureDebianPackages(DAVICAL_PACKAGES, { log });
  } catch (err) {
    throw new Error(`The DAViCal test server is not installed (${missing.join(', ')} missing). ${errorText(err)}\n${HOW_TO_PROVIDE}`, {
      cause: err,
    });
  }
  const still = missingParts();
  if (still.length > 0) throw new Error(`Installed ${DAVICAL_PACKAGES.join(' ')} but ${still.join(', ')} still missing. ${HOW_TO_PROVIDE}`);
}

/** uid and gid of a system user, from /etc/passwd. @param {string} name */
function systemUser(name) {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`there is no system user ${name} (is PostgreSQL installed?)`);
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Runs a command, optionally as another user; rejects with its output when it exits non-zero.
 * @param {string} cmd @param {string[]} args
 * @param {{ as?: { uid: number, gid: number }, env?: Record<string, string>, cwd?: string, input?: string }} [opts]
 * @returns {Promise<string>}
 */
function exec(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', ...opts.env },
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(opts.as ? { uid: opts.as.uid, gid: opts.as.gid } : {}),
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    if (opts.input !== undefined) child.stdin.end(opts.input);
    child.on('error', (err) => reject(new Error(`${cmd}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${output.trim().split('\n').slice(-15).join('\n')}`));
    });
  });
}

/** SQL text literal. @param {string} s */
function sql(s) {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The rows DAViCal's own user creation writes: usr, principal, home calendar and address book. */
function usersSql() {
  const rows = USERS.map((u) => {
    const home = `/${u.name}/`;
    const collection = (/** @type {string} */ path, /** @type {string} */ name, /** @type {boolean} */ calendar) =>
      `INSERT INTO collection (user_no, parent_container, dav_name, dav_etag, dav_displayname, is_calendar, is_addressbook, created, modified, resourcetypes)
  SELECT user_no, ${sql(home)}, ${sql(path)}, '-1', ${sql(name)}, ${calendar}, ${!calendar}, current_timestamp, current_timestamp,
    ${sql(calendar ? '<DAV::collection/><urn:ietf:params:xml:ns:caldav:calendar/>' : '<DAV::collection/><urn:ietf:params:xml:ns:carddav:addressbook/>')}
  FROM usr WHERE username = ${sql(u.name)};`;
    return `INSERT INTO usr (active, email_ok, updated, username, password, fullname, email)
  VALUES (true, current_date, current_date, ${sql(u.name)}, ${sql(`**${u.password}`)}, ${sql(u.fullName)}, ${sql(u.email)});
INSERT INTO principal (type_id, user_no, displayname, default_privileges)
  SELECT 1, user_no, fullname, privilege_to_bits(ARRAY['caldav:read-free-busy', 'caldav:schedule-deliver'])::INT::BIT(24)
  FROM usr WHERE username = ${sql(u.name)};
${collection(`${home}calendar/`, `${u.fullName}'s calendar`, true)}
${collection(`${home}addresses/`, `${u.fullName}'s contacts`, false)}`;
  });
  return `BEGIN;\n${rows.join('\n')}\nCOMMIT;\n`;
}

/** @param {string} root @param {number} port @param {string} php */
function httpdConf(root, port, php) {
  return `# written by sharedeck e2e/davical/server.mjs
ServerRoot /usr/lib/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${root}/apache/httpd.pid
Mutex file:${root}/apache default
DefaultRuntimeDir ${root}/apache
ErrorLog ${root}/logs/apache-error.log
LogLevel warn
User www-data
Group www-data
LoadModule mpm_prefork_module modules/mod_mpm_prefork.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule mime_module modules/mod_mime.so
LoadModule dir_module modules/mod_dir.so
LoadModule rewrite_module modules/mod_rewrite.so
LoadModule php_module modules/${php}
StartServers 2
MinSpareServers 2
MaxSpareServers 6
MaxRequestWorkers 16
KeepAlive On
TypesConfig /etc/mime.types
DocumentRoot ${DAVICAL_HTDOCS}
<Directory ${DAVICAL_HTDOCS}>
  AcceptPathInfo On
  Require all granted
  DirectoryIndex index.php
</Directory>
<FilesMatch "\\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
RewriteEngine On
RewriteRule ^/\\.well-known/(.*)$ /caldav.php/.well-known/$1 [NC,PT]
`;
}

/**
 * Stops an instance (Apache, then PostgreSQL) and removes its folder. Yields the milliseconds to
 * wait between checks, so that stop() can wait asynchronously and the exit handler synchronously.
 * @param {string} root @param {(line: string) => void} log
 * @returns {Generator<number, void, void>}
 */
function* terminateSteps(root, log) {
  // Apache's parent ends its children on SIGTERM; the postmaster's first line is its pid, and
  // SIGQUIT is PostgreSQL's immediate shutdown (nothing of this database needs to survive).
  for (const [pidFile, sig, what] of /** @type {const} */ ([
    [`${root}/apache/httpd.pid`, 'SIGTERM', 'Apache'],
    [`${root}/pg/postmaster.pid`, 'SIGQUIT', 'PostgreSQL'],
  ])) {
    const pid = readPid(pidFile);
    if (pid === undefined || !alive(pid)) continue;
    signal(pid, sig);
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) yield 50;
    if (alive(pid)) {
      log(`${what} (pid ${pid}) still running 5 s after ${sig}; killing it`);
      signal(pid, 'SIGKILL');
    }
  }
  rmSync(root, { recursive: true, force: true });
}

/** @param {string} user @param {string} password */
function basic(user, password) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Waits until alice's principal answers a PROPFIND with 207. @param {string} url @param {number} timeoutMs */
async function waitForDav(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt';
  const alice = USERS[0];
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/caldav.php/${alice.name}/`, {
        method: 'PROPFIND',
        headers: { Authorization: basic(alice.name, alice.password), Depth: '0', 'Content-Type': 'application/xml' },
        body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>',
        signal: AbortSignal.timeout(5_000),
      });
      const text = await res.text();
      if (res.status === 207) return;
      last = `status ${res.status}: ${text.replace(/\s+/g, ' ').slice(0, 200)}`;
    } catch (err) {
      last = errorText(/** @type {{ cause?: unknown }} */ (err).cause ?? err);
    }
    await sleep(100);
  }
  throw new Error(`${url}/caldav.php/alice/ did not answer a PROPFIND with 207 within ${timeoutMs / 1000} s (last: ${last})`);
}

/**
 * Starts a private DAViCal and provisions the test users.
 * @param {{ port?: number, log?: (line: string) => void }} [opts]
 * @returns {Promise<{ url: string, root: string, users: { name: string, password: string, email: string }[], stop: () => Promise<void> }>}
 */
export async function startDavical({ port, log = defaultLog } = {}) {
  const started = Date.now();
  const missing = missingParts();
  if (missing.length > 0) {
    throw new Error(`DAViCal is not installed (${missing.join(', ')} missing); call ensureDavicalInstalled() first. ${HOW_TO_PROVIDE}`);
  }
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(`Starting the DAViCal test server needs root: PostgreSQL and Apache run as their own users. ${HOW_TO_PROVIDE}`);
  }
  const pgBin = /** @type {string} */ (postgresBin());
  const php = /** @type {string} */ (phpModule());
  port ??= (await freePorts(1))[0];
  const url = `http://127.0.0.1:${port}`;
  // Unique per start (mkdtemp), and world-traversable: postgres and www-data work inside it.
  const root = mkdtempSync(`/tmp/sharedeck-davical-${port}-`);
  chmodSync(root, 0o755);

  let stopping;
  const onExit = () => {
    for (const ms of terminateSteps(root, log)) sleepSync(ms);
  };
  const stop = () => {
    stopping ??= (async () => {
      process.off('exit', onExit);
      for (const ms of terminateSteps(root, log)) await sleep(ms);
    })();
    return stopping;
  };
  process.on('exit', onExit);

  try {
    const postgres = systemUser('postgres');
    const www = systemUser('www-data');
    for (const dir of ['pg', 'run', 'logs', 'apache']) mkdirSync(`${root}/${dir}`, { mode: 0o755 });
    for (const dir of ['pg', 'run']) chownSync(`${root}/${dir}`, postgres.uid, postgres.gid);
    chownSync(`${root}/apache`, www.uid, www.gid);
    const pgEnv = { PGHOST: `${root}/run`, HOME: root };
    const asPostgres = { as: postgres, cwd: root, env: pgEnv };

    await exec(
      `${pgBin}/initdb`,
      ['-D', `${root}/pg`, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
      asPostgres,
    );
    // No TCP listener at all; durability is pointless for a database wiped after the run.
    const settings = `-c listen_addresses='' -c unix_socket_directories=${root}/run -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    await exec(
      `${pgBin}/pg_ctl`,
      ['-D', `${root}/pg`, '-w', '-t', '30', '-l', `${root}/run/postgres.log`, '-o', settings, 'start'],
      asPostgres,
    );
    log(`PostgreSQL up after ${Date.now() - started} ms`);
    await exec(CREATE_DATABASE, ['davical', ADMIN.password], asPostgres);
    await exec('psql', ['-qX', '-v', 'ON_ERROR_STOP=1', '-U', 'davical_dba', '-d', 'davical'], { ...asPostgres, input: usersSql() });
    log(`database and ${USERS.length} users ready after ${Date.now() - started} ms`);

    writeFileSync(`${root}/httpd.conf`, httpdConf(root, port, php));
    await exec(APACHE, ['-f', `${root}/httpd.conf`, '-k', 'start'], { env: pgEnv });
    await waitForDav(url, 20_000);
    log(`ready on ${url} after ${Date.now() - started} ms (root ${root})`);
  } catch (err) {
    const logs = ['apache-error.log']
      .map((f) => `${root}/logs/${f}`)
      .concat(`${root}/run/postgres.log`)
      .filter((f) => existsSync(f))
      .map((f) => `${f}: ${readFileSync(f, 'utf8').trim().split('\n').slice(-5).join(' | ')}`);
    await stop();
    throw new Error(`Starting the DAViCal test server failed: ${errorText(err)}${logs.length ? `\n${logs.join('\n')}` : ''}`, {
      cause: err,
    });
  }
  return { url, root, users: USERS.map((u) => ({ name: u.name, password: u.password, email: u.email })), stop };
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === 'install') {
    await ensureDavicalInstalled();
    console.log('DAViCal is installed.');
    return;
  }
  if (command === 'start') {
    const i = rest.indexOf('--port');
    const port = i < 0 ? undefined : Number(rest[i + 1]);
    if (port !== undefined && (!Number.isInteger(port) || port <= 0 || port > 65535)) throw new Error('--port needs a port number');
    await ensureDavicalInstalled();
    const server = await startDavical({ port });
    await serveUntilStopped(server, [
      `SHAREDECK_TEST_DAVICAL=${server.url}`,
      `# users ${server.users.map((u) => `${u.name}/${u.password}`).join(' ')}; admin ${ADMIN.name}/${ADMIN.password}`,
    ]);
    return;
  }
  console.error('usage: node e2e/davical/server.mjs install | start [--port N]');
  process.exitCode = 2;
}

runAsScript(import.meta.url, main);
