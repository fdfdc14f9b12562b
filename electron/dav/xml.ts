// Namespace-aware XML: parsing into elements keyed by (namespace URI, local name), and building
// request bodies. Prefixes are meaningless on the wire (servers echo ours, or invent their own),
// so nothing outside this file ever sees one.
//
// ./xml-parser does the parsing: strict XML 1.0 with namespaces, in one pass. Hostile input is
// refused: DTDs (so no entity but the five predefined ones), unbound prefixes, nesting deeper than
// any DAV document needs.

import { SharedeckError } from '../../shared/errors';
import { XmlSyntaxError, parseDocument } from './xml-parser';

export const NS = {
  DAV: 'DAV:',
  CALDAV: 'urn:ietf:params:xml:ns:caldav',
  CARDDAV: 'urn:ietf:params:xml:ns:carddav',
  CS: 'http://calendarserver.org/ns/',
  OC: 'http://owncloud.org/ns',
  NC: 'http://nextcloud.com/ns',
  APPLE: 'http://apple.com/ns/ical/',
  CYRUS: 'http://cyrusimap.org/ns/',
  SABRE: 'http://sabredav.org/ns',
} as const;

export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  /** Attribute values by name as written (prefixed names keep their prefix); a null-prototype object. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated text and CDATA directly inside this element (not of descendants). */
  readonly text: string;
}

/** Clark notation, `{ns}name`: the key for element and property lookups. */
export function clark(ns: string, name: string): string {
  return `{${ns}}${name}`;
}

export function keyOf(el: XmlElement): string {
  return clark(el.ns, el.name);
}

export function is(el: XmlElement | undefined, ns: string, name: string): boolean {
  return el !== undefined && el.ns === ns && el.name === name;
}

export function child(el: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (c.ns === ns && c.name === name) return c;
  return undefined;
}

export function childrenNamed(el: XmlElement | undefined, ns: string, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.ns === ns && c.name === name) : [];
}

/** Trimmed text of an element, or undefined when absent or empty. */
export function textOf(el: XmlElement | undefined): string | undefined {
  if (!el) return undefined;
  const t = el.text.trim();
  return t === '' ? undefined : t;
}

/** Text of the first DAV:href child. */
export function hrefOf(el: XmlElement | undefined): string | undefined {
  return textOf(child(el, NS.DAV, 'href'));
}

export interface ParseOptions {
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 64;

function malformed(detail: string): SharedeckError {
  return new SharedeckError('malformed', `The server sent an answer that is not valid WebDAV XML (${detail}).`);
}

/** Parses an XML document into its root element. Throws SharedeckError('malformed'). */
export function parseXml(text: string, options: ParseOptions = {}): XmlElement {
  try {
    return parseDocument(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw malformed(e.detail);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Building

export interface XmlNode {
  ns: string;
  name: string;
  attrs?: Record<string, string>;
  children?: (XmlNode | string)[];
}

/** Builds a node; falsy children are dropped so optional parts read naturally. */
export function el(
  ns: string,
  name: string,
  children: (XmlNode | string | false | undefined | null)[] = [],
  attrs?: Record<string, string>,
): XmlNode {
  const kept = children.filter((c): c is XmlNode | string => c !== false && c !== undefined && c !== null);
  return attrs ? { ns, name, attrs, children: kept } : { ns, name, children: kept };
}

const PREFERRED_PREFIXES: Record<string, string> = {
  [NS.DAV]: 'D',
  [NS.CALDAV]: 'C',
  [NS.CARDDAV]: 'CR',
  [NS.CS]: 'CS',
  [NS.OC]: 'OC',
  [NS.NC]: 'NC',
  [NS.APPLE]: 'A',
};

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/**
 * Serialises a document with the XML declaration. Namespaces are declared once on the root, in
 * order of first use, with the conventional prefixes (D, C, CR, CS, OC, ...).
 */
export function buildXml(root: XmlNode): string {
  const prefixes = new Map<string, string>();
  const collect = (n: XmlNode): void => {
    if (!prefixes.has(n.ns)) prefixes.set(n.ns, PREFERRED_PREFIXES[n.ns] ?? `x${prefixes.size}`);
    for (const c of n.children ?? []) if (typeof c !== 'string') collect(c);
  };
  collect(root);
  const decls = [...prefixes].map(([ns, p]) => ` xmlns:${p}="${escapeAttr(ns)}"`).join('');
  const write = (n: XmlNode, isRoot: boolean): string => {
    const tag = `${prefixes.get(n.ns)}:${n.name}`;
    const attrs = Object.entries(n.attrs ?? {})
      .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
      .join('');
    const open = `<${tag}${isRoot ? decls : ''}${attrs}`;
    const kids = n.children ?? [];
    if (kids.length === 0) return `${open}/>`;
    return `${open}>${kids.map((c) => (typeof c === 'string' ? escapeText(c) : write(c, false))).join('')}</${tag}>`;
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${write(root, true)}`;
}
