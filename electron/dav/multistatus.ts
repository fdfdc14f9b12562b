// RFC 4918 multistatus bodies as plain records: one per D:response, with the properties that
// came back 200 keyed by Clark name, and the names the server refused or does not have.

import { SharedeckError } from '../../shared/errors';
import type { SkippedEntry } from '../../shared/model';
import { NS, child, childrenNamed, hrefOf, is, keyOf, parseXml, textOf, type XmlElement } from './xml';

export interface DavResource {
  /** Absolute URL of the resource, resolved against the request URL. */
  url: string;
  /** Status of a D:response that has no propstat (e.g. 404 for a whole resource). */
  status?: number;
  /** Properties returned with 2xx, by Clark name. */
  props: Map<string, XmlElement>;
  /** Clark names returned with a 4xx/5xx status, with that status (403: hidden, 404: absent). */
  failed: Map<string, number>;
}

/** "HTTP/1.1 404 Not Found" → 404; unparseable → 0. */
export function parseStatusLine(line: string | undefined): number {
  const m = /^\s*HTTP\/\d(?:\.\d)?\s+(\d{3})/i.exec(line ?? '');
  return m ? Number(m[1]) : 0;
}

/** Resolves an href against the URL it was received for; undefined when it is not a usable URL. */
export function resolveHref(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

/** The resources of a multistatus body, and the responses left out because their href is unusable. */
export function readMultistatus(text: string, requestUrl: string): { resources: DavResource[]; skipped: SkippedEntry[] } {
  const root = parseXml(text);
  if (!is(root, NS.DAV, 'multistatus')) {
    throw new SharedeckError('malformed', 'The server answered with XML that is not a WebDAV multistatus.');
  }
  const out: DavResource[] = [];
  const skipped: SkippedEntry[] = [];
  const key = clarkCache();
  for (const response of childrenNamed(root, NS.DAV, 'response')) {
    const href = hrefOf(response);
    if (href === undefined) continue; // names nothing at all: nothing to show, nothing to report
    const url = resolveHref(href, requestUrl);
    const unusable = url === undefined ? 'it is not a valid address.' : unusableScheme(url);
    if (url === undefined || unusable) {
      skipped.push({ what: `the entry ${quote(href)}`, reason: unusable ?? 'it is not a valid address.' });
      continue;
    }
    const props = new Map<string, XmlElement>();
    const failed = new Map<string, number>();
    const resource: DavResource = { url, props, failed };
    const status = child(response, NS.DAV, 'status');
    if (status) resource.status = parseStatusLine(textOf(status));
    for (const propstat of childrenNamed(response, NS.DAV, 'propstat')) {
      const code = parseStatusLine(textOf(child(propstat, NS.DAV, 'status')));
      for (const prop of childrenNamed(propstat, NS.DAV, 'prop')) {
        for (const p of prop.children) {
          if (code >= 200 && code < 300) props.set(key(p), p);
          else failed.set(key(p), code);
        }
      }
    }
    out.push(resource);
  }
  return { resources: out, skipped };
}

export function parseMultistatus(text: string, requestUrl: string): DavResource[] {
  return readMultistatus(text, requestUrl).resources;
}

/** Why an href is not one Sharedeck follows, or undefined for http(s). */
function unusableScheme(url: string): string | undefined {
  const scheme = url.slice(0, url.indexOf(':') + 1);
  return scheme === 'http:' || scheme === 'https:' ? undefined : `it is a ${scheme} address, which Sharedeck does not follow.`;
}

/** A server's text, shortened and quoted for a sentence (still to be shown inert). */
export function quote(text: string, max = 200): string {
  return `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;
}

/** keyOf, with one string per distinct name: a long multistatus repeats the same few properties. */
function clarkCache(): (el: XmlElement) => string {
  const byNs = new Map<string, Map<string, string>>();
  return (el) => {
    let byName = byNs.get(el.ns);
    if (!byName) byNs.set(el.ns, (byName = new Map<string, string>()));
    let key = byName.get(el.name);
    if (key === undefined) byName.set(el.name, (key = keyOf(el)));
    return key;
  };
}
