// PROPFIND and REPORT: build the body from property names, send it, map failures, parse the
// multistatus. Every read of the engine goes through here.

import { SharedeckError } from '../../shared/errors';
import type { SkippedEntry } from '../../shared/model';
import type { DavHttp } from './http';
import { errorForStatus } from './http-errors';
import { quote, readMultistatus, type DavResource } from './multistatus';
import { labels } from './origins';
import { NS, buildXml, el, type XmlNode } from './xml';

export type PropName = readonly [ns: string, name: string];

export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

export function propfindBody(props: readonly PropName[]): string {
  return buildXml(
    el(NS.DAV, 'propfind', [
      el(
        NS.DAV,
        'prop',
        props.map(([ns, name]) => el(ns, name)),
      ),
    ]),
  );
}

export interface MultistatusResult {
  /** The responses with a usable href on a trusted origin. */
  resources: DavResource[];
  /** The URL that answered (after redirects). */
  url: string;
  /** Responses left out: an href that is not http(s), or on a server the account does not trust. */
  skipped: SkippedEntry[];
}

/** Sends an XML request that must answer 207 and returns the parsed responses. */
export async function multistatusRequest(
  http: DavHttp,
  method: 'PROPFIND' | 'REPORT',
  url: string,
  body: string,
  what: string,
  depth?: '0' | '1',
): Promise<MultistatusResult> {
  const res = await http.request({
    method,
    url,
    body,
    headers: { 'Content-Type': XML_CONTENT_TYPE },
    ...(depth === undefined ? {} : { depth }),
  });
  if (res.status !== 207) {
    if (res.status >= 200 && res.status < 300) {
      throw new SharedeckError(
        'not-dav',
        `The server answered ${what} without WebDAV properties (status ${res.status}); it does not look like a WebDAV server.`,
        { status: res.status },
      );
    }
    throw errorForStatus(res, what);
  }
  const read = res.parse(readMultistatus);
  const skipped = read.skipped.map((s) => ({ what: `${s.what} in ${what}`, reason: s.reason }));
  // Nothing on another server is requested later: an entry there costs itself, not the list.
  const resources = read.resources.filter((r) => {
    if (http.trusts(r.url)) return true;
    const { other, own } = labels(new URL(r.url), new URL(http.origin));
    skipped.push({
      what: `the entry ${quote(r.url)} in ${what}`,
      reason: `it is on ${other}, which is not this account’s server (${own}); Sharedeck did not contact it.`,
    });
    return false;
  });
  return { resources, url: res.url, skipped };
}

export function propfind(http: DavHttp, url: string, depth: '0' | '1', props: readonly PropName[] | string, what: string) {
  return multistatusRequest(http, 'PROPFIND', url, typeof props === 'string' ? props : propfindBody(props), what, depth);
}

export function report(http: DavHttp, url: string, root: XmlNode, what: string, depth: '0' | '1' = '0') {
  return multistatusRequest(http, 'REPORT', url, buildXml(root), what, depth);
}
