// Raw ACL requests on the live Cyrus, made the way another client would (keeping the owner's
// entry), so that the tests can set up direct grants that no share accounts for.

import { expect } from 'vitest';
import type { TestCollection } from './cli-helpers';
import { davRequest } from '../support/test-servers';

const XML = { 'Content-Type': 'application/xml; charset=utf-8' };
export const SELF_ACE = '<D:ace><D:principal><D:self/></D:principal><D:grant><D:privilege><D:all/></D:privilege></D:grant></D:ace>';
export const EVERYONE_FREE_BUSY =
  '<D:ace><D:principal><D:all/></D:principal><D:grant><D:privilege><C:read-free-busy/></D:privilege></D:grant></D:ace>';

/** The collection's DAV:acl as its owner reads it, raw (whitespace between tags removed). */
export async function rawAcl(c: TestCollection): Promise<string> {
  const res = await davRequest(c.owner, 'PROPFIND', c.url, {
    headers: { ...XML, Depth: '0' },
    body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:acl/></D:prop></D:propfind>',
  });
  expect(res.status).toBe(207);
  const acl = /<D:acl>([\s\S]*)<\/D:acl>/.exec(res.text.replace(/>\s+</g, '><'));
  expect(acl, 'the owner reads the ACL').not.toBeNull();
  return acl![1]!;
}

function aclBody(aces: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><D:acl xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CY="http://cyrusimap.org/ns/">${aces}</D:acl>`;
}

/** The owner's calendar home, whose entries Cyrus changes on every ACL request inside it. */
export function homeOf(c: TestCollection): TestCollection {
  return { ...c, url: new URL('..', c.url).href, path: new URL('..', c.url).pathname };
}

/**
 * A raw ACL request that sends the whole list back with `ace` added: the owner's DAV:self entry
 * included. Cyrus then also gives every principal of the list read on the calendar home (which
 * later calendars inherit); the home is put back as it was, so that no test leaks into the next.
 * (Sharedeck itself sends Cyrus no ACL request: docs/servers.md.)
 */
export async function grantRaw(c: TestCollection, ace: string): Promise<void> {
  const current = await rawAcl(c);
  const home = await rawAcl(homeOf(c));
  expect(current, 'a raw ACL here always keeps the owner').toContain(SELF_ACE);
  const res = await davRequest(c.owner, 'ACL', c.url, { headers: XML, body: aclBody(`${current}${ace}`) });
  expect(res.status, res.text).toBe(200);
  // Cyrus answers an ACL on a home that holds calendars of its own with 500 "Mailbox is locked",
  // after applying it: what counts is the re-read.
  const put = await davRequest(c.owner, 'ACL', homeOf(c).url, { headers: XML, body: aclBody(home) });
  expect([200, 500], put.text).toContain(put.status);
  expect(await rawAcl(homeOf(c))).toBe(home);
}

export const readAce = (user: string) =>
  `<D:ace><D:principal><D:href>/dav/principals/user/${user}/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace>`;
