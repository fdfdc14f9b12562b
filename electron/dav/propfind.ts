// PROPFIND and REPORT: build the body from property names, send it, map failures, parse the
// multistatus. Every read of the engine goes through here.

import { SharedeckError } from '../../shared/errors';
import type { DavHttp } from './http';
import { errorForStatus } from './http';
import { parseMultistatus, type DavResource } from './multistatus';
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

/** Sends an XML request that must answer 207 and returns the parsed responses. */
export async function multistatusRequest(
  http: DavHttp,
  method: 'PROPFIND' | 'REPORT',
  url: string,
  body: string,
  what: string,
  depth?: '0' | '1',
): Promise<{ resources: DavResource[]; url: string }> {
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
  return { resources: res.parse(parseMultistatus), url: res.url };
}

export function propfind(http: DavHttp, url: string, depth: '0' | '1', props: readonly PropName[] | string, what: string) {
  return multistatusRequest(http, 'PROPFIND', url, typeof props === 'string' ? props : propfindBody(props), what, depth);
}

export function report(http: DavHttp, url: string, root: XmlNode, what: string, depth: '0' | '1' = '0') {
  return multistatusRequest(http, 'REPORT', url, buildXml(root), what, depth);
}
