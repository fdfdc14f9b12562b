// The live test servers (Cyrus, and DAViCal for ACLs) for the integration tests and the end-to-end
// specs alike: their URLs, their users, and raw DAV helpers that do not go through Sharedeck's own
// engine (so a test can set up state the engine then reads, and check what the server holds).
//
// `npm test` (scripts/test.mjs) starts a private Cyrus and sets SHAREDECK_TEST_SERVER, or sets
// SHAREDECK_TEST_SERVER_ERROR when it could not. See e2e/cyrus/server.mjs. The same for the
// second server, DAViCal (ACL only): SHAREDECK_TEST_DAVICAL / SHAREDECK_TEST_DAVICAL_ERROR, see
// e2e/davical/server.mjs.

export const TEST_USER_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'bench'] as const;
export type TestUserName = (typeof TEST_USER_NAMES)[number];
export interface TestUser {
  name: string;
  password: string;
}
export interface TestServer {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:8580 */
  url: string;
  users: Record<TestUserName, TestUser>;
}

export interface DavResponse {
  status: number;
  headers: Headers;
  text: string;
}

const HOW_TO_PROVIDE =
  'Run `npm test` as root on Debian/Ubuntu (it installs cyrus-imapd, cyrus-caldav and sasl2-bin and starts a private Cyrus), ' +
  'or start a server with `sudo node e2e/cyrus/server.mjs start` and export the SHAREDECK_TEST_SERVER=http://127.0.0.1:PORT it prints ' +
  '(any server must have the users alice/alicepw, bob/bobpw, carol/carolpw, dave/davepw, erin/erinpw, frank/frankpw, bench/benchpw).';

/** The test server; throws (never skips) when there is none, saying why and how to get one. */
export function testServer(): TestServer {
  const raw = process.env.SHAREDECK_TEST_SERVER;
  if (!raw) {
    const reason = process.env.SHAREDECK_TEST_SERVER_ERROR;
    throw new Error(
      `No test server: SHAREDECK_TEST_SERVER is not set${reason ? `; starting one failed: ${reason}` : ''}. ${HOW_TO_PROVIDE}`,
    );
  }
  const users = Object.fromEntries(TEST_USER_NAMES.map((name) => [name, { name, password: `${name}pw` }])) as Record<
    TestUserName,
    TestUser
  >;
  return { url: raw.replace(/\/+$/, ''), users };
}

function resolveUser(user: TestUserName | TestUser): TestUser {
  return typeof user === 'string' ? testServer().users[user] : user;
}

export const DAVICAL_USER_NAMES = ['alice', 'bob', 'carol', 'dave'] as const;
export type DavicalUserName = (typeof DAVICAL_USER_NAMES)[number];

const HOW_TO_PROVIDE_DAVICAL =
  'Run `npm test` as root on Debian/Ubuntu (it installs davical, postgresql, libapache2-mod-php and apache2-bin and starts a private DAViCal), ' +
  'or start one with `sudo node e2e/davical/server.mjs start` and export the SHAREDECK_TEST_DAVICAL=http://127.0.0.1:PORT it prints ' +
  '(it must have the users alice/alicepw, bob/bobpw, carol/carolpw, dave/davepw with mail NAME@example.com, as that script makes them).';

/** The DAViCal test server (ACL only); throws (never skips) when there is none, saying why and how to get one. */
export function davicalServer(): { url: string; users: Record<DavicalUserName, TestUser> } {
  const raw = process.env.SHAREDECK_TEST_DAVICAL;
  if (!raw) {
    const reason = process.env.SHAREDECK_TEST_DAVICAL_ERROR;
    throw new Error(
      `No DAViCal test server: SHAREDECK_TEST_DAVICAL is not set${reason ? `; starting one failed: ${reason}` : ''}. ${HOW_TO_PROVIDE_DAVICAL}`,
    );
  }
  const users = Object.fromEntries(DAVICAL_USER_NAMES.map((name) => [name, { name, password: `${name}pw` }])) as Record<
    DavicalUserName,
    TestUser
  >;
  return { url: raw.replace(/\/+$/, ''), users };
}

/**
 * One raw request with HTTP Basic auth. `url` is absolute or a path on the test server.
 * Redirects are not followed, so a test sees Cyrus's 301s.
 */
export function davRequest(user: TestUserName | TestUser, method: string, url: string, options: RawOptions = {}): Promise<DavResponse> {
  return rawRequest(testServer().url, resolveUser(user), method, url, options);
}

/** The same, on the DAViCal test server. */
export function davicalRequest(user: DavicalUserName, method: string, url: string, options: RawOptions = {}): Promise<DavResponse> {
  const server = davicalServer();
  return rawRequest(server.url, server.users[user], method, url, options);
}

interface RawOptions {
  headers?: Record<string, string>;
  body?: string;
}

async function rawRequest(
  base: string,
  { name, password }: TestUser,
  method: string,
  url: string,
  { headers = {}, body }: RawOptions,
): Promise<DavResponse> {
  const target = new URL(url, `${base}/`).href;
  const res = await fetch(target, {
    method,
    headers: { Authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`, ...headers },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** prefix + 10 random letters/digits, for collection names that no other test uses. */
export function uniqueName(prefix: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return prefix + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

const XML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => XML_ESCAPES[c] ?? c);
}

const NS = 'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:A="urn:ietf:params:xml:ns:carddav"';

async function create(user: TestUserName | TestUser, method: string, path: string, body: string): Promise<string> {
  const url = new URL(path, `${testServer().url}/`).href;
  const res = await davRequest(user, method, url, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?>${body}`,
  });
  if (res.status !== 201) {
    throw new Error(`${method} ${url} as ${resolveUser(user).name} -> ${String(res.status)} ${res.text.slice(0, 300)}`);
  }
  return url;
}

/** The paths in a user's notification collection (Cyrus), by raw PROPFIND: what the server holds, read without Sharedeck. */
export async function notificationPaths(user: TestUserName): Promise<string[]> {
  const inbox = `/dav/notifications/user/${user}/`;
  const res = await davRequest(user, 'PROPFIND', inbox, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8', Depth: '1' },
    body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>',
  });
  if (res.status !== 207) throw new Error(`PROPFIND ${inbox} as ${user} answered ${res.status}, not 207`);
  return [...res.text.matchAll(/<(?:\w+:)?href>([^<]+)<\/(?:\w+:)?href>/g)].map((m) => m[1] ?? '').filter((h) => h !== inbox);
}

/** Creates /dav/calendars/user/USER/NAME/ (MKCALENDAR) and returns its absolute URL. */
export function mkcalendar(user: TestUserName | TestUser, name: string, displayName: string): Promise<string> {
  const owner = resolveUser(user).name;
  return create(
    user,
    'MKCALENDAR',
    `/dav/calendars/user/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/`,
    `<C:mkcalendar ${NS}><D:set><D:prop><D:displayname>${escapeXml(displayName)}</D:displayname></D:prop></D:set></C:mkcalendar>`,
  );
}

/** Creates /dav/addressbooks/user/USER/NAME/ (extended MKCOL) and returns its absolute URL. */
export function mkaddressbook(user: TestUserName | TestUser, name: string, displayName: string): Promise<string> {
  const owner = resolveUser(user).name;
  return create(
    user,
    'MKCOL',
    `/dav/addressbooks/user/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/`,
    `<D:mkcol ${NS}><D:set><D:prop><D:resourcetype><D:collection/><A:addressbook/></D:resourcetype>` +
      `<D:displayname>${escapeXml(displayName)}</D:displayname></D:prop></D:set></D:mkcol>`,
  );
}
