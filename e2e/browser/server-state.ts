// What the live test server holds, read with raw DAV (not Sharedeck's engine), so that the e2e
// specs check the UI against the server and not against itself.
import { davRequest, davicalRequest, davicalServer, type DavicalUserName, type TestUserName } from '../../test/support/test-servers';

export interface ServerSharee {
  href: string;
  access: 'read' | 'read-write' | 'other';
  status: 'accepted' | 'pending' | 'declined' | 'invalid' | 'other';
}

const STATUS: Record<string, ServerSharee['status']> = {
  'invite-accepted': 'accepted',
  'invite-noresponse': 'pending',
  'invite-declined': 'declined',
  'invite-invalid': 'invalid',
};

/** The sharees of a collection as its owner's DAV:invite property lists them. */
export async function serverSharees(owner: TestUserName, url: string): Promise<ServerSharee[]> {
  const res = await davRequest(owner, 'PROPFIND', url, {
    headers: { Depth: '0', 'Content-Type': 'application/xml; charset=utf-8' },
    body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:invite/></D:prop></D:propfind>',
  });
  if (res.status !== 207) throw new Error(`PROPFIND ${url} -> ${String(res.status)}: ${res.text.slice(0, 300)}`);
  const out: ServerSharee[] = [];
  // Test-side reading of one known server's answer: any prefix, elements as Cyrus writes them.
  for (const [, body = ''] of res.text.matchAll(/<(?:[\w-]+:)?sharee\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?sharee>/g)) {
    const href = /<(?:[\w-]+:)?href>([^<]*)</.exec(body)?.[1]?.trim() ?? '';
    const access = /<(?:[\w-]+:)?read-write\s*\/>/.test(body) ? 'read-write' : /<(?:[\w-]+:)?read\s*\/>/.test(body) ? 'read' : 'other';
    const statusName = /<(?:[\w-]+:)?(invite-[a-z]+)\s*\/>/.exec(body)?.[1] ?? '';
    out.push({ href, access, status: STATUS[statusName] ?? 'other' });
  }
  return out;
}

/** The sharee whose href names the user (mailto:bob@… or …/bob/), or undefined. */
export function shareeOf(sharees: readonly ServerSharee[], user: string): ServerSharee | undefined {
  return sharees.find((s) => s.href === `mailto:${user}@example.com` || s.href.endsWith(`/${user}/`));
}

/** Deletes a collection the spec made; a failure here must not hide the test's own result. */
export async function removeCollection(owner: TestUserName, url: string | undefined): Promise<void> {
  if (!url) return;
  await davRequest(owner, 'DELETE', url).catch(() => undefined);
}

const XML = { 'Content-Type': 'application/xml; charset=utf-8' };
const ACL_PROPFIND = '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:acl/></D:prop></D:propfind>';

/** A collection's DAV:acl as its owner reads it on Cyrus, raw, whitespace between tags removed. */
export async function cyrusAcl(owner: 'alice', url: string): Promise<string> {
  const res = await davRequest(owner, 'PROPFIND', url, { headers: { ...XML, Depth: '0' }, body: ACL_PROPFIND });
  if (res.status !== 207) throw new Error(`PROPFIND acl ${url} -> ${String(res.status)}: ${res.text.slice(0, 300)}`);
  const acl = /<D:acl>([\s\S]*)<\/D:acl>/.exec(res.text.replace(/>\s+</g, '><'))?.[1];
  if (acl === undefined) throw new Error(`no DAV:acl in the answer for ${url}`);
  return acl;
}

/** The privileges Cyrus's ACL grants the principal /dav/principals/user/USER/, as local names (empty when none). */
export async function cyrusPrivilegesOf(owner: 'alice', url: string, user: string): Promise<string[]> {
  const acl = await cyrusAcl(owner, url);
  const out: string[] = [];
  for (const [, ace = ''] of acl.matchAll(/<D:ace>([\s\S]*?)<\/D:ace>/g)) {
    if (!ace.includes(`<D:href>/dav/principals/user/${user}/</D:href>`)) continue;
    const grant = /<D:grant>([\s\S]*?)<\/D:grant>/.exec(ace)?.[1] ?? '';
    for (const [, name = ''] of grant.matchAll(/<(?:[\w-]+:)?([\w-]+)\/>/g)) out.push(name);
  }
  return out;
}

/**
 * Grants USER read on a Cyrus calendar by a raw ACL request, as another client would: the whole
 * list sent back with one entry added, the owner's own entry kept. Cyrus then also gives the
 * principal read on the calendar home, which is put back as it was.
 */
export async function cyrusGrantRead(owner: 'alice', url: string, user: string): Promise<void> {
  const home = new URL('..', url).href;
  const [current, homeAcl] = [await cyrusAcl(owner, url), await cyrusAcl(owner, home)];
  if (!current.includes('<D:principal><D:self/></D:principal>')) throw new Error(`the ACL of ${url} has no entry for its owner`);
  const ace = `<D:ace><D:principal><D:href>/dav/principals/user/${user}/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace>`;
  const body = (aces: string) =>
    `<?xml version="1.0" encoding="utf-8"?><D:acl xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CY="http://cyrusimap.org/ns/">${aces}</D:acl>`;
  const res = await davRequest(owner, 'ACL', url, { headers: XML, body: body(`${current}${ace}`) });
  if (res.status !== 200) throw new Error(`ACL ${url} -> ${String(res.status)}: ${res.text.slice(0, 300)}`);
  // Cyrus may answer 500 "Mailbox is locked" on a home with calendars, after applying it: the re-read counts.
  await davRequest(owner, 'ACL', home, { headers: XML, body: body(homeAcl) });
  if ((await cyrusAcl(owner, home)) !== homeAcl) throw new Error(`the ACL of ${home} could not be put back`);
}

/** Creates a calendar of OWNER on the DAViCal test server (MKCALENDAR) and returns its absolute URL. */
export async function davicalCalendar(owner: DavicalUserName, segment: string, displayName: string): Promise<string> {
  const path = `/caldav.php/${owner}/${segment}/`;
  const res = await davicalRequest(owner, 'MKCALENDAR', path, {
    headers: XML,
    body: `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${displayName}</D:displayname></D:prop></D:set></C:mkcalendar>`,
  });
  if (res.status !== 201) throw new Error(`MKCALENDAR ${path} -> ${String(res.status)}: ${res.text.slice(0, 300)}`);
  return `${davicalServer().url}${path}`;
}

/** What USER gets for a Depth 0 PROPFIND of a DAViCal collection: 207 when they may read it, 403 when not. */
export async function davicalStatusFor(user: DavicalUserName, url: string): Promise<number> {
  const res = await davicalRequest(user, 'PROPFIND', url, {
    headers: { ...XML, Depth: '0' },
    body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>',
  });
  return res.status;
}

/** The privileges DAViCal's ACL of a collection grants USER's principal, as local names (empty when none). */
export async function davicalPrivilegesOf(owner: DavicalUserName, url: string, user: DavicalUserName): Promise<string[]> {
  const res = await davicalRequest(owner, 'PROPFIND', url, { headers: { ...XML, Depth: '0' }, body: ACL_PROPFIND });
  if (res.status !== 207) throw new Error(`PROPFIND acl ${url} -> ${String(res.status)}: ${res.text.slice(0, 300)}`);
  const out: string[] = [];
  for (const [, ace = ''] of res.text.replace(/>\s+</g, '><').matchAll(/<(?:[\w-]+:)?ace>([\s\S]*?)<\/(?:[\w-]+:)?ace>/g)) {
    if (!new RegExp(`<(?:[\\w-]+:)?href>[^<]*/caldav\\.php/${user}/</(?:[\\w-]+:)?href>`).test(ace)) continue;
    const grant = /<(?:[\w-]+:)?grant>([\s\S]*?)<\/(?:[\w-]+:)?grant>/.exec(ace)?.[1] ?? '';
    for (const [, name = ''] of grant.matchAll(/<(?:[\w-]+:)?([\w-]+)\/>/g)) out.push(name);
  }
  return out;
}

/** Deletes a DAViCal collection a spec made; a failure here must not hide the test's own result. */
export async function removeDavicalCollection(owner: DavicalUserName, url: string | undefined): Promise<void> {
  if (!url) return;
  await davicalRequest(owner, 'DELETE', new URL(url).pathname).catch(() => undefined);
}

/**
 * Shares a collection with raw DAV (a DAV:share-resource POST), as another client would: what the
 * app must then show without being told.
 */
export async function rawShare(owner: 'alice', url: string, sharees: { user: string; access: 'read' | 'read-write' }[]): Promise<void> {
  const body = sharees
    .map(
      ({ user, access }) =>
        `<D:sharee><D:href>mailto:${user}@example.com</D:href><D:share-access><D:${access}/></D:share-access></D:sharee>`,
    )
    .join('');
  const res = await davRequest(owner, 'POST', url, {
    headers: { 'Content-Type': 'application/davsharing+xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?><D:share-resource xmlns:D="DAV:">${body}</D:share-resource>`,
  });
  if (res.status < 200 || res.status >= 300) throw new Error(`share POST ${url} -> ${String(res.status)}: ${res.text.slice(0, 300)}`);
}

/** The resources in a user's notification collection (what the server filed for them), by href. */
export async function notificationsOf(user: TestUserName): Promise<string[]> {
  const url = `/dav/notifications/user/${user}/`;
  const res = await davRequest(user, 'PROPFIND', url, {
    headers: { Depth: '1', 'Content-Type': 'application/xml; charset=utf-8' },
    body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>',
  });
  if (res.status !== 207) throw new Error(`PROPFIND ${url} -> ${String(res.status)}`);
  return [...res.text.matchAll(/<(?:[\w-]+:)?href>([^<]*)</g)].map((m) => m[1]!.trim()).filter((h) => h !== url);
}
