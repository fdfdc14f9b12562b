// What the live test server holds, read with raw DAV (not Sharedeck's engine), so that the e2e
// specs check the UI against the server and not against itself.
import { davRequest } from '../../test/support/test-servers';

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
export async function serverSharees(owner: 'alice', url: string): Promise<ServerSharee[]> {
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
export async function removeCollection(owner: 'alice', url: string | undefined): Promise<void> {
  if (!url) return;
  await davRequest(owner, 'DELETE', url).catch(() => undefined);
}
