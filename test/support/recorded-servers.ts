// The two recorded servers that no test runs live, set up for playback (support/playback.ts): a
// stock sabre/dav 4.7.1 and a Nextcloud 29.0.1. Every stand-in answer below says why it is the same
// answer. Free of any test runner, so vitest tests and the Playwright specs both start them.

import { loadNextcloud, loadSabreStock, traceNames } from '../fixtures/load';
import { startPlayback, type Playback, type PlaybackOptions, type PlaybackRequest } from './playback';

export const SABRE_USERS = { alice: 'alice', bob: 'bob' } as const;
export const NEXTCLOUD_USERS = { alice: 'alicepw123!', bob: 'bobpw12345!' } as const;

/** Trace numbers from `from` to `to`, both included, as the recording numbers them. */
export function traces(folder: 'sabre-4.7-stock' | 'nextcloud-29', from: number, to: number): string[] {
  return traceNames(folder)
    .map((name) => name.slice(0, 3))
    .filter((n) => Number(n) >= from && Number(n) <= to);
}

const options = (req: PlaybackRequest, path: string) => req.method === 'OPTIONS' && decodeURI(req.path) === path;
const wellKnown = (req: PlaybackRequest, service: string) => req.method === 'PROPFIND' && req.path === `/.well-known/${service}`;

/** The well-known addresses redirect before the request is looked at: tsdav sends no Depth, the recording Depth: 0. */
const WELL_KNOWN = [
  { when: (r: PlaybackRequest) => wellKnown(r, 'caldav'), answer: '001', because: 'a redirect, whatever the Depth' },
  { when: (r: PlaybackRequest) => wellKnown(r, 'carddav'), answer: '002', because: 'a redirect, whatever the Depth' },
];

/**
 * sabre/dav 4.7.1: discovery (001-008) and the directory (012-024) hold in any state; requests
 * without Digest credentials get the recorded challenge (003), as every request did.
 */
export function sabrePlayback(traceList: readonly string[], extra: Partial<PlaybackOptions> = {}): Promise<Playback> {
  const timeless = [...traces('sabre-4.7-stock', 1, 2), ...traces('sabre-4.7-stock', 4, 8), ...traces('sabre-4.7-stock', 12, 24)];
  return startPlayback({
    load: loadSabreStock,
    traces: [...new Set([...timeless, ...traceList])].sort(),
    challenge: '003',
    // sabre sends the same DAV header on every response (the README of the recording): the OPTIONS
    // of a home says what the recorded OPTIONS of a calendar inside it says.
    standIns: [
      ...WELL_KNOWN,
      { when: (r) => options(r, '/calendars/alice/'), answer: '005', because: 'same DAV header everywhere' },
      { when: (r) => options(r, '/addressbooks/alice/'), answer: '006', because: 'same DAV header everywhere' },
      { when: (r) => options(r, '/calendars/bob/'), answer: '005', because: 'same DAV header everywhere' },
      { when: (r) => options(r, '/addressbooks/bob/'), answer: '006', because: 'same DAV header everywhere' },
      ...(extra.standIns ?? []),
    ],
    // The recording's Depth:0 and Depth:1 PROPFINDs asked for the same properties and sabre answers
    // each resource the same way in both.
    depth0FromListing: true,
    // sabre's CalDAV sharing plugin takes a CS:share sent as text/xml or application/xml alike (the
    // recording sent application/xml; the engine sends text/xml, which Cyrus needs).
    sameContentTypes: [['text/xml', 'application/xml']],
    ...withoutMerged(extra),
    timeless: [...timeless, ...(extra.timeless ?? [])],
  });
}

/**
 * Nextcloud 29.0.1: discovery (001-011) and the directory (016-030) hold in any state; requests
 * without credentials get the recorded Basic challenge (003).
 */
export function nextcloudPlayback(traceList: readonly string[], extra: Partial<PlaybackOptions> = {}): Promise<Playback> {
  const timeless = [...traces('nextcloud-29', 1, 11), ...traces('nextcloud-29', 16, 30)];
  return startPlayback({
    load: loadNextcloud,
    traces: [...new Set([...timeless, ...traceList])].sort(),
    challenge: '003',
    // Nextcloud's DAV header depends on the subtree (the README of the recording): the OPTIONS of
    // a home says what the recorded OPTIONS of a collection in the same subtree says.
    standIns: [
      ...WELL_KNOWN,
      { when: (r) => options(r, '/remote.php/dav/calendars/alice/'), answer: '006', because: 'same subtree, calendars/' },
      { when: (r) => options(r, '/remote.php/dav/addressbooks/users/alice/'), answer: '007', because: 'same subtree, addressbooks/' },
      { when: (r) => options(r, '/remote.php/dav/calendars/bob/'), answer: '006', because: 'same subtree, calendars/' },
      { when: (r) => options(r, '/remote.php/dav/addressbooks/users/bob/'), answer: '007', because: 'same subtree, addressbooks/' },
      ...(extra.standIns ?? []),
    ],
    ...withoutMerged(extra),
    timeless: [...timeless, ...(extra.timeless ?? [])],
  });
}

/** The options a server setup merges with its own rather than replaces. */
function withoutMerged(extra: Partial<PlaybackOptions>): Partial<PlaybackOptions> {
  const rest = { ...extra };
  delete rest.standIns;
  delete rest.timeless;
  return rest;
}
