// Records the listing the XML benchmark parses (bench/data/cyrus-listing.xml): the raw body of the
// engine's own collection PROPFIND (Depth: 1) on a calendar home of a live Cyrus, after giving
// `frank` shared calendars until that body reaches LISTING_BYTES. The benchmark needs no server.
//
//   node e2e/cyrus/server.mjs start --port 8990 &
//   SHAREDECK_TEST_SERVER=http://127.0.0.1:8990 npx tsx bench/record-listing.ts
//
// Use a fresh server, so that the calendars are the ones made here.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COLLECTION_PROPERTIES } from '../electron/dav/collections';
import { propfindBody } from '../electron/dav/propfind';
import { basicAuth } from './provision';
import { LISTING_PATH } from './recording';
import { log } from './stats';

const LISTING_BYTES = 62 * 1024;
const USER = { name: 'frank', password: 'frankpw' };
const SHAREES = ['alice', 'bob', 'carol', 'dave', 'erin'];

async function send(
  url: string,
  method: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Buffer }> {
  const res = await fetch(url, {
    method,
    headers: { Authorization: basicAuth(USER), 'Content-Type': 'application/xml; charset=utf-8', ...headers },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

async function ok(url: string, method: string, body: string, statuses: number[], headers: Record<string, string> = {}): Promise<void> {
  const r = await send(url, method, body, headers);
  if (!statuses.includes(r.status)) throw new Error(`${method} ${url} -> ${r.status} ${r.body.toString('utf8').slice(0, 300)}`);
}

async function main(): Promise<void> {
  const server = process.env.SHAREDECK_TEST_SERVER?.replace(/\/$/, '');
  if (!server) throw new Error('set SHAREDECK_TEST_SERVER to a fresh Cyrus (node e2e/cyrus/server.mjs start)');
  const home = `${server}/dav/calendars/user/${USER.name}/`;
  const listing = (): Promise<{ status: number; body: Buffer }> =>
    send(home, 'PROPFIND', propfindBody(COLLECTION_PROPERTIES), { Depth: '1' });
  let body = (await listing()).body;
  for (let i = 0; body.length < LISTING_BYTES; i++) {
    const url = `${home}team-${String(i).padStart(2, '0')}/`;
    await ok(
      url,
      'MKCALENDAR',
      '<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">' +
        `<D:set><D:prop><D:displayname>Team ${i} &amp; friends</D:displayname></D:prop></D:set></C:mkcalendar>`,
      [201],
    );
    const sharees = SHAREES.map(
      (name, j) =>
        `<D:sharee><D:href>mailto:${name}@example.com</D:href><D:share-access><D:${(i + j) % 2 === 0 ? 'read-write' : 'read'}/></D:share-access></D:sharee>`,
    ).join('');
    await ok(
      url,
      'POST',
      `<?xml version="1.0" encoding="utf-8"?><D:share-resource xmlns:D="DAV:">${sharees}</D:share-resource>`,
      [200, 204],
      {
        'Content-Type': 'application/davsharing+xml; charset=utf-8',
      },
    );
    const r = await listing();
    if (r.status !== 207) throw new Error(`PROPFIND ${home} -> ${r.status}`);
    body = r.body;
  }
  mkdirSync(dirname(LISTING_PATH), { recursive: true });
  writeFileSync(LISTING_PATH, body);
  log(`recorded ${body.length} bytes from ${home} into ${LISTING_PATH}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
