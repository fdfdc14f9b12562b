// Helpers for the integration tests against the live DAViCal (the ACL-only server): the CLI as a
// DAViCal user, collections made per test and removed per file, raw reads as the grantee.

import { expect } from 'vitest';
import type { Collection } from '../../shared/model';
import { runSharedeck, type CliRun } from './cli-helpers';
import { davicalRequest, davicalServer, uniqueName, type DavicalUserName } from '../support/test-servers';

/** `sharedeck --server DAVICAL --user USER ARGS...` with that user's password. */
export function davical(user: DavicalUserName, ...args: string[]): Promise<CliRun> {
  const { url, users } = davicalServer();
  return runSharedeck(['--server', url, '--user', user, ...args], users[user].password);
}

/** Runs a command with --json that must succeed, and returns its parsed output. */
export async function davicalJson<T>(user: DavicalUserName, ...args: string[]): Promise<T> {
  const run = await davical(user, ...args, '--json');
  expect(run.code, `sharedeck ${args.join(' ')} as ${user} on DAViCal failed: ${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout) as T;
}

export interface DavicalCollection {
  url: string;
  path: string;
  name: string;
  owner: DavicalUserName;
  kind: 'calendar' | 'addressbook';
}

const created: DavicalCollection[] = [];

const XML = { 'Content-Type': 'application/xml; charset=utf-8' };

/** A fresh calendar or address book of `owner` under /caldav.php/OWNER/. Removed by removeDavicalCollections. */
export async function newDavicalCollection(
  owner: DavicalUserName,
  kind: 'calendar' | 'addressbook',
  label: string,
): Promise<DavicalCollection> {
  const segment = uniqueName(kind === 'calendar' ? 'cal' : 'ab');
  const name = `${label} ${segment}`;
  const path = `/caldav.php/${owner}/${segment}/`;
  const res =
    kind === 'calendar'
      ? await davicalRequest(owner, 'MKCALENDAR', path, {
          headers: XML,
          body: `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${name}</D:displayname></D:prop></D:set></C:mkcalendar>`,
        })
      : await davicalRequest(owner, 'MKCOL', path, {
          headers: XML,
          body: `<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" xmlns:A="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype><D:collection/><A:addressbook/></D:resourcetype><D:displayname>${name}</D:displayname></D:prop></D:set></D:mkcol>`,
        });
  expect(res.status, `creating ${path}: ${res.text.slice(0, 300)}`).toBe(201);
  const c = { url: `${davicalServer().url}${path}`, path, name, owner, kind };
  created.push(c);
  return c;
}

export async function removeDavicalCollections(): Promise<void> {
  const failed: string[] = [];
  for (const c of created.splice(0)) {
    const res = await davicalRequest(c.owner, 'DELETE', c.path);
    if (res.status !== 204 && res.status !== 200 && res.status !== 404) failed.push(`${c.path} -> ${res.status}`);
  }
  expect(failed, 'cleanup of created DAViCal collections').toEqual([]);
}

/** PUTs a new event (calendar) or vCard (address book) into `c` as `user`; returns the status and the item's path. */
export async function putDavicalItem(
  user: DavicalUserName,
  c: DavicalCollection,
  summary = `Written by ${user}`,
): Promise<{ status: number; path: string }> {
  const uid = uniqueName('item');
  const path = `${c.path}${uid}.${c.kind === 'calendar' ? 'ics' : 'vcf'}`;
  const body =
    c.kind === 'calendar'
      ? [
          'BEGIN:VCALENDAR',
          'VERSION:2.0',
          'PRODID:-//Sharedeck tests//EN',
          'BEGIN:VEVENT',
          `UID:${uid}`,
          'DTSTAMP:20260101T090000Z',
          'DTSTART:20260105T100000Z',
          'DTEND:20260105T110000Z',
          `SUMMARY:${summary}`,
          'END:VEVENT',
          'END:VCALENDAR',
          '',
        ].join('\r\n')
      : ['BEGIN:VCARD', 'VERSION:3.0', `UID:${uid}`, `FN:${summary}`, `N:${user};Test;;;`, 'END:VCARD', ''].join('\r\n');
  const res = await davicalRequest(user, 'PUT', path, {
    headers: { 'Content-Type': c.kind === 'calendar' ? 'text/calendar; charset=utf-8' : 'text/vcard; charset=utf-8', 'If-None-Match': '*' },
    body,
  });
  return { status: res.status, path };
}

/** PROPFIND Depth 0 as `user` (raw): 207 when they may read the collection, 403 when not. */
export async function davicalPropfindStatus(user: DavicalUserName, path: string): Promise<number> {
  const res = await davicalRequest(user, 'PROPFIND', path, {
    headers: { ...XML, Depth: '0' },
    body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>',
  });
  return res.status;
}

/** The raw DAV:acl of a collection as its owner sees it, whitespace removed. */
export async function rawAcl(user: DavicalUserName, path: string): Promise<string> {
  const res = await davicalRequest(user, 'PROPFIND', path, {
    headers: { ...XML, Depth: '0' },
    body: '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:acl/></D:prop></D:propfind>',
  });
  expect(res.status).toBe(207);
  return res.text.replace(/>\s+</g, '><');
}

export function principalUrl(user: DavicalUserName): string {
  return `${davicalServer().url}/caldav.php/${user}/`;
}

/** The grants of a collection as `address → access`. */
export function grantSummary(c: Pick<Collection, 'aclGrants'>): Record<string, string> {
  return Object.fromEntries((c.aclGrants ?? []).map((g) => [g.address, g.access]));
}
