// Helpers shared by the protocol-engine unit tests: accounts built by hand, fixture responses as
// DavResource records, XML tree comparison and text surgery on recorded bodies.

import { expect } from 'vitest';
import type { Account, Collection } from '../../shared/model';
import { SharedeckError } from '../../shared/errors';
import { toCollection } from '../../electron/dav/collections';
import { davTokens } from '../../electron/dav/http';
import { collectionKey } from '../../shared/urls';
import { parseMultistatus, type DavResource } from '../../electron/dav/multistatus';
import { parseXml, type XmlElement } from '../../electron/dav/xml';
import { CYRUS_ORIGIN, SABRE_ORIGIN, loadCyrus, loadSabre, type Fixture } from '../fixtures/load';

export { CYRUS_ORIGIN, SABRE_ORIGIN, loadCyrus, loadSabre };

/** Capability tokens from the DAV header of a recorded OPTIONS (or any) response. */
export function tokensOf(fixture: Fixture): string[] {
  return davTokens(fixture.response.headers);
}

/** Cyrus: calendar home tokens (04) ∪ address-book home tokens (05), as discovery collects them. */
export function cyrusCapabilities(): string[] {
  return [...new Set([...tokensOf(loadCyrus('04')), ...tokensOf(loadCyrus('05'))])];
}

/** sabre: the DAV header of the OPTIONS on alice's calendar (010). */
export function sabreCapabilities(): string[] {
  return tokensOf(loadSabre('010'));
}

export function cyrusAccount(user: string, overrides: Partial<Account> = {}): Account {
  return {
    id: `cyrus-${user}`,
    label: `${user}@127.0.0.1`,
    serverUrl: `${CYRUS_ORIGIN}/`,
    username: user,
    principalUrl: `${CYRUS_ORIGIN}/dav/principals/user/${user}/`,
    displayName: user,
    addresses: [`mailto:${user}@example.com`],
    calendarHomes: [`${CYRUS_ORIGIN}/dav/calendars/user/${user}/`],
    addressbookHomes: [`${CYRUS_ORIGIN}/dav/addressbooks/user/${user}/`],
    folders: [],
    notificationUrl: `${CYRUS_ORIGIN}/dav/notifications/user/${user}/`,
    notificationDialect: 'dav',
    principalCollectionUrl: `${CYRUS_ORIGIN}/dav/principals/user/`,
    capabilities: cyrusCapabilities(),
    dialects: ['dav', 'cs'],
    approvedOrigins: [],
    ...overrides,
  };
}

export function sabreAccount(user: string, overrides: Partial<Account> = {}): Account {
  return {
    id: `sabre-${user}`,
    label: `${user}@127.0.0.1`,
    serverUrl: `${SABRE_ORIGIN}/`,
    username: user,
    principalUrl: `${SABRE_ORIGIN}/principals/${user}/`,
    displayName: user,
    addresses: [`mailto:${user}@example.org`],
    calendarHomes: [`${SABRE_ORIGIN}/calendars/${user}/`],
    addressbookHomes: [`${SABRE_ORIGIN}/addressbooks/${user}/`],
    folders: [],
    principalCollectionUrl: `${SABRE_ORIGIN}/principals/`,
    capabilities: sabreCapabilities(),
    dialects: ['dav', 'cs'],
    approvedOrigins: [],
    ...overrides,
  };
}

/** A calendar model as the renderer gets it: the user's own, not shared, shareable in DAV:; `extra` changes any of that. */
export function calendarModel(url: string, name: string, extra: Partial<Collection> = {}): Collection {
  return {
    url,
    name,
    kind: 'calendar',
    access: 'not-shared',
    dialects: ['dav'],
    sharees: [],
    shareesVisible: true,
    canShare: true,
    ...extra,
  };
}

/** Every D:response of a recorded multistatus, resolved against the request URL. */
export function resourcesOf(fixture: Fixture, body = fixture.response.body): DavResource[] {
  return parseMultistatus(body, fixture.request.url);
}

/** The one resource of a multistatus body whose URL is `path` (resolved against the request). */
export function resourceAt(resources: readonly DavResource[], url: string): DavResource {
  const found = resources.filter((r) => collectionKey(r.url) === collectionKey(url));
  if (found.length !== 1)
    throw new Error(`expected one resource at ${url}, found ${found.length} among ${resources.map((r) => r.url).join(', ')}`);
  return found[0]!;
}

/** All collections of a recorded listing as the model has them (what is no collection left out), by URL. */
export function collectionModels(resources: readonly DavResource[], account: Account, allowFolders = false): Map<string, Collection> {
  const out = new Map<string, Collection>();
  for (const r of resources) {
    const c = toCollection(r, account, allowFolders);
    if (c) out.set(c.url, c);
  }
  return out;
}

/** The model of the one collection at `url` in a recorded listing (homes list no folders). */
export function onlyCollection(resources: readonly DavResource[], url: string, account: Account): Collection {
  const c = toCollection(resourceAt(resources, url), account, false);
  if (!c) throw new Error(`${url} is not a collection`);
  return c;
}

/**
 * A resource whose 2xx properties are those of `base` overlaid with those of `overlay` (same
 * failures merged, overlay wins). Used where a recorded PROPFIND asked for a few properties only,
 * so the collection's type and name come from an earlier listing of the same URL.
 */
export function overlay(base: DavResource, over: DavResource): DavResource {
  expect(collectionKey(over.url)).toBe(collectionKey(base.url));
  const props = new Map(base.props);
  const failed = new Map(base.failed);
  for (const [k, v] of over.props) {
    props.set(k, v);
    failed.delete(k);
  }
  for (const [k, v] of over.failed) {
    failed.set(k, v);
    props.delete(k);
  }
  return { url: base.url, props, failed };
}

/** Comparable form of an element: (ns, name, trimmed text, attributes, children) with children in
 *  document order. */
export interface Tree {
  ns: string;
  name: string;
  text: string;
  attrs: Record<string, string>;
  children: Tree[];
}

export function tree(el: XmlElement): Tree {
  return {
    ns: el.ns,
    name: el.name,
    text: el.text.trim(),
    attrs: Object.fromEntries(Object.entries(el.attrs).sort(([a], [b]) => a.localeCompare(b))),
    children: el.children.map(tree),
  };
}

/** Like tree(), with every element's children sorted: for comparing documents whose child order
 *  carries no meaning (DAV sharing elements never depend on order). */
export function unorderedTree(el: XmlElement): Tree {
  const t = tree(el);
  const sortDeep = (n: Tree): Tree => {
    const children = n.children.map(sortDeep);
    children.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return { ...n, children };
  };
  return sortDeep(t);
}

export function parsedTree(xml: string): Tree {
  return tree(parseXml(xml));
}

export function parsedUnorderedTree(xml: string): Tree {
  return unorderedTree(parseXml(xml));
}

/** Cuts the D:response whose D:href is `href` out of a multistatus text. */
export function responseBlock(xml: string, href: string, prefix = 'D'): { before: string; block: string; after: string } {
  const open = `<${prefix}:response>`;
  const close = `</${prefix}:response>`;
  const at = xml.indexOf(`<${prefix}:href>${href}</${prefix}:href>`);
  if (at === -1) throw new Error(`no response for ${href}`);
  const start = xml.lastIndexOf(open, at);
  const end = xml.indexOf(close, at) + close.length;
  return { before: xml.slice(0, start), block: xml.slice(start, end), after: xml.slice(end) };
}

/** Removes the first `<P:name>…</P:name>` (or `<P:name/>`) element from a text, returning it too. */
export function cutElement(xml: string, qname: string): { rest: string; cut: string } {
  const empty = new RegExp(`<${qname}\\s*/>`);
  const full = new RegExp(`<${qname}>[\\s\\S]*?</${qname}>`);
  const m = full.exec(xml) ?? empty.exec(xml);
  if (!m) throw new Error(`no ${qname} element`);
  return { rest: xml.slice(0, m.index) + xml.slice(m.index + m[0].length), cut: m[0] };
}

/** Asserts that `fn` throws (or rejects with) a SharedeckError with the given code; returns it. */
export async function expectSharedeckError(fn: () => unknown, code: SharedeckError['code']): Promise<SharedeckError> {
  let caught: unknown;
  try {
    await fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SharedeckError);
  const err = caught as SharedeckError;
  expect(err.code).toBe(code);
  return err;
}

/** A message a person can read: one or more sentences, short, no raw markup echoed back. */
export function expectReadableMessage(err: Error, maxLength = 300): void {
  expect(err.message).toMatch(/^[A-Z“"]/);
  expect(err.message).toMatch(/[.!?]$/);
  expect(err.message.length).toBeLessThanOrEqual(maxLength);
}

function escapeXml(s: string, attr = false): string {
  const t = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attr ? t.replace(/"/g, '&quot;') : t;
}

/**
 * Writes a parsed tree back as XML without any prefix: each element declares the default namespace
 * wherever it differs from its parent's. (Attributes are written as parsed; the traces used with it
 * have no prefixed attributes.)
 */
export function writeWithDefaultNamespaces(el: XmlElement, parentNs?: string): string {
  const decl = el.ns === parentNs ? '' : ` xmlns="${escapeXml(el.ns, true)}"`;
  const attrs = Object.entries(el.attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v, true)}"`)
    .join('');
  const inner = escapeXml(el.text) + el.children.map((c) => writeWithDefaultNamespaces(c, el.ns)).join('');
  return inner === '' ? `<${el.name}${decl}${attrs}/>` : `<${el.name}${decl}${attrs}>${inner}</${el.name}>`;
}

/** Renames the prefixes of a recorded body (`map`: old prefix → new prefix), declarations included. */
export function renamePrefixes(xml: string, map: Record<string, string>): string {
  const names = Object.keys(map)
    .sort((a, b) => b.length - a.length)
    .join('|');
  return xml
    .replace(new RegExp(`(</?)(${names}):`, 'g'), (_m, open: string, p: string) => `${open}${map[p]}:`)
    .replace(new RegExp(`xmlns:(${names})=`, 'g'), (_m, p: string) => `xmlns:${map[p]}=`);
}
