// A synthetic Depth:1 multistatus of a calendar home with many shared calendars, in the shape
// Cyrus 3.6 answers the engine's collection PROPFIND (test/fixtures/cyrus-3.6/06 and 11,
// plus the CS:shared-owner the live server adds for a shared calendar), without indentation.

import type { Account, Collection } from '../shared/model';
import { toCollection } from '../electron/dav/collections';
import { collectionKey } from '../shared/urls';
import { parseMultistatus } from '../electron/dav/multistatus';

export const SYNTHETIC_ORIGIN = 'http://127.0.0.1:8080';
export const SYNTHETIC_HOME = `${SYNTHETIC_ORIGIN}/dav/calendars/user/bench/`;
export const SYNTHETIC_CALENDARS = 10_000;

const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin'];
const NOT_FOUND = [
  'C:calendar-description',
  'CR:addressbook-description',
  'A:calendar-color',
  'OC:invite',
  'OC:owner-principal',
  'NC:owner-displayname',
  'D:sharer-resource-uri',
  'D:share-resource-uri',
  'CS:shared-url',
  'CS:publish-url',
];

/** The account the synthetic home belongs to, as discovery would find it on Cyrus. */
export const SYNTHETIC_ACCOUNT: Account = {
  id: 'synthetic',
  label: 'bench@127.0.0.1:8080',
  serverUrl: `${SYNTHETIC_ORIGIN}/`,
  username: 'bench',
  principalUrl: `${SYNTHETIC_ORIGIN}/dav/principals/user/bench/`,
  displayName: 'bench',
  addresses: ['mailto:bench@example.com'],
  calendarHomes: [SYNTHETIC_HOME],
  addressbookHomes: [],
  folders: [],
  capabilities: ['1', '2', '3', 'access-control', 'extended-mkcol', 'resource-sharing', 'calendar-access', 'calendarserver-sharing'],
  dialects: ['dav', 'cs'],
  approvedOrigins: [],
};

function calendarResponse(i: number): string {
  const n = String(i).padStart(5, '0');
  const access = (j: number): string => ((i + j) % 2 === 0 ? 'read-write' : 'read');
  const status = (j: number): string => ['invite-accepted', 'invite-noresponse', 'invite-declined'][(i + j) % 3]!;
  return `  <D:response>
    <D:href>/dav/calendars/user/bench/bench-${n}/</D:href>
    <D:propstat>
      <D:prop>
        <D:resourcetype>
          <D:collection/>
          <C:calendar/>
          <CS:shared-owner/>
        </D:resourcetype>
        <D:displayname><![CDATA[Bench calendar ${n} & friends]]></D:displayname>
        <D:owner>
          <D:href>/dav/principals/user/bench/</D:href>
        </D:owner>
        <D:share-access>
          <D:shared-owner/>
        </D:share-access>
        <D:invite>
${PEOPLE.map(
  (p, j) => `          <D:sharee>
            <D:href>mailto:${p}@example.com</D:href>
            <D:${status(j)}/>
            <D:share-access>
              <D:${access(j)}/>
            </D:share-access>
          </D:sharee>
`,
).join('')}        </D:invite>
        <CS:invite>
${PEOPLE.map(
  (p, j) => `          <CS:user>
            <D:href>mailto:${p}@example.com</D:href>
            <CS:${status(j)}/>
            <CS:access>
              <CS:${access(j)}/>
            </CS:access>
          </CS:user>
`,
).join('')}        </CS:invite>
        <CS:allowed-sharing-modes>
          <CS:can-be-shared/>
        </CS:allowed-sharing-modes>
      </D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
    <D:propstat>
      <D:prop>
${NOT_FOUND.map((p) => `        <${p}/>\n`).join('')}      </D:prop>
      <D:status>HTTP/1.1 404 Not Found</D:status>
    </D:propstat>
  </D:response>
`;
}

const HOME_RESPONSE = `  <D:response>
    <D:href>/dav/calendars/user/bench/</D:href>
    <D:propstat>
      <D:prop>
        <D:resourcetype>
          <D:collection/>
        </D:resourcetype>
        <D:displayname><![CDATA[#calendars]]></D:displayname>
        <D:owner>
          <D:href>/dav/principals/user/bench/</D:href>
        </D:owner>
        <D:share-access>
          <D:not-shared/>
        </D:share-access>
        <D:invite/>
        <CS:invite/>
      </D:prop>
      <D:status>HTTP/1.1 200 OK</D:status>
    </D:propstat>
  </D:response>
`;

/** The live server sends no indentation (the fixtures were taken with httpprettytelemetry). */
const compact = (xml: string): string => xml.replace(/\n */g, '');

export function syntheticMultistatus(calendars = SYNTHETIC_CALENDARS): string {
  const parts = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  parts.push(
    '<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav" ' +
      'xmlns:A="http://apple.com/ns/ical/" xmlns:OC="http://owncloud.org/ns" xmlns:NC="http://nextcloud.com/ns" ' +
      'xmlns:CS="http://calendarserver.org/ns/" xmlns:CY="http://cyrusimap.org/ns/">\n',
  );
  parts.push(compact(HOME_RESPONSE));
  for (let i = 0; i < calendars; i++) parts.push(compact(calendarResponse(i)));
  parts.push('</D:multistatus>\n');
  return parts.join('');
}

/** The engine's path from bytes to model for one home, as listCollections takes it. */
export function modelOf(text: string, home = SYNTHETIC_HOME, account = SYNTHETIC_ACCOUNT): Collection[] {
  const self = collectionKey(home);
  const out: Collection[] = [];
  for (const r of parseMultistatus(text, home)) {
    if (collectionKey(r.url) === self) continue;
    const c = toCollection(r, account, false);
    if (c) out.push(c);
  }
  return out;
}
