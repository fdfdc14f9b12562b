// Gives the `bench` account its calendars, idempotently: bench-000 … bench-199, each shared with
// the same five people through one DAV:share-resource POST. One Depth:1 PROPFIND finds what is
// already there, so a second run sends nothing else.

import { collectionKey } from '../shared/urls';
import { parseMultistatus } from '../electron/dav/multistatus';
import { P, read } from '../electron/dav/properties';
import { NS, childrenNamed, hrefOf } from '../electron/dav/xml';
import { log, pool } from './stats';

export const BENCH_USER = { name: 'bench', password: 'benchpw' };
export const CALENDARS = 200;
export const SHAREES = ['alice', 'bob', 'carol', 'dave', 'erin'].map((name) => `mailto:${name}@example.com`);
const CONCURRENCY = 8;

export const calendarName = (i: number): string => `bench-${String(i).padStart(3, '0')}`;
export const calendarHome = (server: string): string => `${server}/dav/calendars/user/${BENCH_USER.name}/`;

export const basicAuth = (user: { name: string; password: string }): string =>
  `Basic ${Buffer.from(`${user.name}:${user.password}`).toString('base64')}`;

async function send(
  url: string,
  method: string,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: basicAuth(BENCH_USER), 'Content-Type': contentType, ...headers },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, text: await res.text() };
}

async function expect(url: string, method: string, ok: number[], contentType: string, body: string): Promise<void> {
  const r = await send(url, method, contentType, body);
  if (!ok.includes(r.status)) throw new Error(`provisioning: ${method} ${url} -> ${r.status} ${r.text.slice(0, 300)}`);
}

const MKCALENDAR = (displayName: string): string =>
  '<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">' +
  `<D:set><D:prop><D:displayname>${displayName}</D:displayname></D:prop></D:set></C:mkcalendar>`;

// As in test/fixtures/cyrus-3.6/10-cal-share-resource.txt; alice and bob may write.
const SHARE_RESOURCE =
  '<?xml version="1.0" encoding="utf-8"?>\n<D:share-resource xmlns:D="DAV:">\n' +
  SHAREES.map(
    (href, i) => `  <D:sharee><D:href>${href}</D:href><D:share-access><D:${i < 2 ? 'read-write' : 'read'}/></D:share-access></D:sharee>\n`,
  ).join('') +
  '</D:share-resource>';

const PROPFIND =
  '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:invite/></D:prop></D:propfind>';

/** Sharee hrefs (lowercased) of every child of the home, by collection key. */
async function existing(home: string): Promise<Map<string, Set<string>>> {
  const r = await send(home, 'PROPFIND', 'application/xml; charset=utf-8', PROPFIND, { Depth: '1' });
  if (r.status !== 207) throw new Error(`provisioning: PROPFIND ${home} as ${BENCH_USER.name} -> ${r.status} ${r.text.slice(0, 300)}`);
  const found = new Map<string, Set<string>>();
  for (const resource of parseMultistatus(r.text, home)) {
    const sharees = childrenNamed(read(resource, P.davInvite), NS.DAV, 'sharee').map((s) => hrefOf(s)?.toLowerCase());
    found.set(collectionKey(resource.url), new Set(sharees.filter((h) => h !== undefined)));
  }
  return found;
}

/** Creates and shares what is missing; returns how many calendars were created and shared. */
export async function provisionBench(server: string): Promise<{ created: number; shared: number; ms: number }> {
  const started = performance.now();
  const home = calendarHome(server);
  const have = await existing(home);
  const work = Array.from({ length: CALENDARS }, (_, i) => i).flatMap((i) => {
    const url = `${home}${calendarName(i)}/`;
    const sharees = have.get(collectionKey(url));
    const create = sharees === undefined;
    const share = create || !SHAREES.every((s) => sharees.has(s));
    return share ? [{ i, url, create }] : [];
  });
  const created = work.filter((w) => w.create).length;
  if (work.length > 0) log(`provisioning: creating ${created} and sharing ${work.length} calendars (${CONCURRENCY} at a time)`);
  await pool(work, CONCURRENCY, async ({ i, url, create }) => {
    if (create)
      await expect(url, 'MKCALENDAR', [201], 'application/xml; charset=utf-8', MKCALENDAR(`Bench calendar ${String(i).padStart(3, '0')}`));
    await expect(url, 'POST', [200, 204], 'application/davsharing+xml; charset=utf-8', SHARE_RESOURCE);
  });
  return { created, shared: work.length, ms: performance.now() - started };
}

/** Who the bench calendars also grant read by a raw ACL entry (a person who is no sharee). */
export const ACL_GRANTEE = { name: 'frank' };

const ACL_PROPFIND = '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:acl/></D:prop></D:propfind>';

/**
 * Grants ACL_GRANTEE read on every bench calendar that lacks it, as another client would: the
 * list read back whole (its owner entry included), the grantee's entry put in (Cyrus replaces the
 * list). One Depth:1 PROPFIND finds what is there.
 */
export async function grantAclEverywhere(server: string): Promise<number> {
  const home = calendarHome(server);
  const r = await send(home, 'PROPFIND', 'application/xml; charset=utf-8', ACL_PROPFIND, { Depth: '1' });
  if (r.status !== 207) throw new Error(`provisioning: PROPFIND ${home} -> ${r.status}`);
  const grantee = `/dav/principals/user/${ACL_GRANTEE.name}/`;
  const work: { url: string; aces: string }[] = [];
  for (const response of r.text.split(/<D:response>/).slice(1)) {
    const href = /<D:href>([^<]+)<\/D:href>/.exec(response)?.[1];
    const acl = /<D:acl>([\s\S]*?)<\/D:acl>/.exec(response)?.[1];
    if (!href || acl === undefined || !/\/bench-\d{3}\/$/.test(href)) continue;
    const aces = acl.match(/<D:ace>[\s\S]*?<\/D:ace>/g) ?? [];
    if (!aces.some((a) => a.includes(grantee) && a.includes('<D:read/>'))) {
      if (!aces.some((a) => a.includes('<D:self/>'))) throw new Error(`provisioning: no owner entry in the ACL of ${href}`);
      work.push({ url: new URL(href, home).href, aces: aces.filter((a) => !a.includes(grantee)).join('') });
    }
  }
  await pool(work, CONCURRENCY, async ({ url, aces }) => {
    const body = `<?xml version="1.0" encoding="utf-8"?><D:acl xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CY="http://cyrusimap.org/ns/">${aces}<D:ace><D:principal><D:href>${grantee}</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace></D:acl>`;
    await expect(url, 'ACL', [200], 'application/xml; charset=utf-8', body);
  });
  return work.length;
}
