// Namespace-aware XML: parsing into elements keyed by (namespace URI, local name), and building
// request bodies. Prefixes are meaningless on the wire (servers echo ours, or invent their own),
// so nothing outside this file ever sees one.
//
// Parsing is fast-xml-parser's, in four linear steps: ./xml-precheck refuses what the library
// leaves open (DTDs and so every entity but XML's five, misplaced text and declarations, nesting
// deeper than maxDepth, tags carrying more than 1,000 attributes or namespace declarations); the
// library's validator checks names, attributes and that every end tag matches; its parser builds
// an ordered tree of raw names (text stays text); and convert() below decodes references,
// normalises attribute values and resolves namespaces per scope, refusing unbound prefixes and
// attributes that repeat under two prefixes.

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SharedeckError } from '../../shared/errors';
import { xmlUnsafeCharacter } from '../../shared/xml-text';
import { XmlSyntaxError, precheckXml } from './xml-precheck';

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
  /** At most MAX_DEPTH. */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 64;
/** The deepest a caller may allow (fast-xml-parser's own cap sits just above it). */
const MAX_DEPTH = 256;

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

// '~' cannot start an XML name, so prefixing every name keeps fast-xml-parser's guard against
// prototype pollution from rejecting legal names such as <constructor/>, and our objects safe.
const MARK = '~';
const TEXT = '#text';
const CDATA = '#cdata';

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's own entities and character references only (the precheck refused every other one). */
function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35 /* # */) return PREDEFINED[ref] ?? whole;
    const code = ref.charCodeAt(1) === 120 /* x */ ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * An attribute value as XML reads it (CDATA type, there being no DTD): each tab or line end written
 * as such is a space (fast-xml-parser has made every line end LF), one written as a reference stays.
 */
function attributeValue(raw: string): string {
  return decodeReferences(/[\t\n]/.test(raw) ? raw.replace(/[\t\n]/g, ' ') : raw);
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // References are decoded by convert(), which knows text from attribute values.
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: CDATA,
  transformTagName: (n: string) => MARK + n,
  transformAttributeName: (n: string) => MARK + n,
  // Callbacks get a matcher rather than a path string built for every element (we use none).
  jPath: false,
  maxNestedTags: MAX_DEPTH + 1,
});

// Most elements have no attributes or no children: they share these (frozen) instead of each
// holding its own.
const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

function malformed(detail: string): SharedeckError {
  return new SharedeckError('malformed', `The server sent an answer that is not valid WebDAV XML (${detail}).`);
}

const SHOWN_NAME = 40;

/** A name for a message: at most 40 characters. */
function shown(name: string): string {
  return name.length > SHOWN_NAME ? `${name.slice(0, SHOWN_NAME)}…` : name;
}

/**
 * The validator's finding as our clause. Its messages quote raw input, so only names (which
 * cannot hold markup or control characters) are carried over, cut short.
 */
function validatorDetail(msg: string, line: number): string {
  const quoted = [...msg.matchAll(/'([^']*)'/g)].map((m) => shown(m[1] ?? ''));
  const clause = ((): string => {
    if (msg.startsWith('Expected closing tag')) return `the end tag “${quoted[1]}” does not match the start tag “${quoted[0]}”`;
    if (msg.startsWith('Unclosed tag')) return `the document ends before “${quoted[0]}” is closed`;
    if (msg.startsWith("Invalid '[")) return `the document ends before “${shown(innermost(msg))}” is closed`;
    if (msg.startsWith('Invalid space after')) return 'a tag does not start with a valid name';
    if (/^Tag '.*' is an invalid name/.test(msg)) return 'a tag name is not a valid XML name';
    if (/^Closing tag '.*' can't have attributes/.test(msg)) return 'an end tag has something after its name';
    if (/^Attribute '.*' is an invalid name/.test(msg)) return 'an attribute name is not a valid XML name';
    if (/^Attribute '.*' is repeated/.test(msg)) return 'an attribute appears twice in a tag';
    if (/^Attribute '.*' has no space in starting/.test(msg)) return 'attributes are not separated by spaces';
    if (/^Attribute '.*' is without value/.test(msg)) return 'an attribute value is not quoted';
    if (/^boolean attribute/.test(msg)) return 'an attribute has no value';
    return 'it is not well-formed';
  })();
  return `${clause} at line ${line}`;
}

/** The last of the open elements the validator lists as JSON (names hold no quotes). */
function innermost(msg: string): string {
  const list = /^Invalid '(\[.*\])' found/.exec(msg)?.[1];
  const names = list === undefined ? [] : (JSON.parse(list) as unknown[]);
  const last = names.at(-1);
  return typeof last === 'string' ? last : '?';
}

/** Parses an XML document into its root element. Throws SharedeckError('malformed'). */
export function parseXml(text: string, options: ParseOptions = {}): XmlElement {
  const maxDepth = Math.min(options.maxDepth ?? DEFAULT_MAX_DEPTH, MAX_DEPTH);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    precheckXml(text, maxDepth);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw malformed(e.detail);
    throw e;
  }
  // Deprecated in favour of a separate package (fast-xml-validator); this one ships with the
  // parser we use and is what makes parsing strict (the parser alone accepts mismatched tags).
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw malformed(validatorDetail(valid.err.msg, valid.err.line));
  let raw: RawNode[];
  try {
    raw = parser.parse(text) as RawNode[];
  } catch {
    throw malformed('it could not be parsed');
  }
  const root = raw.find((n) => tagOf(n) !== undefined);
  if (root === undefined) throw malformed('there is no root element');
  return convert(root, ROOT_SCOPE, new Map(), []);
}

/** fast-xml-parser's ordered output: `{ '~tag': children, ':@'?: attributes }`, or text or CDATA. */
type RawNode = Record<string, unknown>;

interface Scope {
  readonly parent: Scope | undefined;
  readonly map: ReadonlyMap<string, string>;
}

const ROOT_SCOPE: Scope = { parent: undefined, map: new Map([['xml', XML_NAMESPACE]]) };

interface QName {
  readonly prefix: string;
  readonly local: string;
}

/** The marked tag key of an element node (undefined for text and CDATA). */
function tagOf(node: RawNode): string | undefined {
  for (const k in node) if (k.charCodeAt(0) === 126 /* ~ */) return k;
  return undefined;
}

/** A name without its marks (fast-xml-parser marks a self-closing tag's name twice). */
function unmarked(marked: string): string {
  let i = 0;
  while (marked.charCodeAt(i) === 126 /* ~ */) i++;
  return marked.slice(i);
}

/** Splits a marked name once per document, so equal names share their strings. */
function qname(marked: string, names: Map<string, QName>): QName {
  let q = names.get(marked);
  if (q === undefined) {
    const name = unmarked(marked);
    const colon = name.indexOf(':');
    if (colon === -1) q = { prefix: '', local: name };
    else {
      if (colon === 0 || colon === name.length - 1 || name.includes(':', colon + 1))
        throw malformed(`the name “${shown(name)}” is not a valid qualified name`);
      q = { prefix: name.slice(0, colon), local: name.slice(colon + 1) };
    }
    names.set(marked, q);
  }
  return q;
}

function lookup(scope: Scope, prefix: string): string | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const ns = s.map.get(prefix);
    if (ns !== undefined) return ns;
  }
  return undefined;
}

function namespaceOf(q: QName, scope: Scope): string {
  const ns = lookup(scope, q.prefix);
  if (ns !== undefined) return ns;
  if (q.prefix === '') return '';
  throw malformed(`the prefix “${shown(q.prefix)}” is not declared`);
}

function declare(decls: Map<string, string>, prefix: string, uri: string): void {
  if (prefix === 'xmlns' || uri === XMLNS_NAMESPACE) throw malformed('a tag declares the reserved xmlns prefix or namespace');
  if (prefix === 'xml' ? uri !== XML_NAMESPACE : uri === XML_NAMESPACE)
    throw malformed('a tag binds the xml prefix or namespace to something else');
  if (prefix !== '' && uri === '') throw malformed(`the prefix “${shown(prefix)}” is declared with an empty namespace`);
  decls.set(prefix, uri);
}

/** One element and its subtree (depth is bounded by the precheck, so recursion is too). */
function convert(node: RawNode, parentScope: Scope, names: Map<string, QName>, stack: XmlElement[]): XmlElement {
  const tag = tagOf(node)!;
  const body = node[tag] as RawNode[];
  const rawAttrs = node[':@'] as Record<string, string> | undefined;
  let attrs = NO_ATTRS as Record<string, string>;
  let scope = parentScope;
  let prefixed: QName[] | undefined;
  if (rawAttrs) {
    let decls: Map<string, string> | undefined;
    for (const k of Object.keys(rawAttrs)) {
      const name = unmarked(k);
      const value = attributeValue(rawAttrs[k] ?? '');
      if (name === 'xmlns') declare((decls ??= new Map<string, string>()), '', value);
      else if (name.startsWith('xmlns:')) declare((decls ??= new Map<string, string>()), qname(k, names).local, value);
      else {
        if (attrs === NO_ATTRS) attrs = Object.create(null) as Record<string, string>;
        attrs[name] = value;
        const q = qname(k, names);
        if (q.prefix !== '') (prefixed ??= []).push(q);
      }
    }
    if (decls) scope = { parent: parentScope, map: decls };
  }
  const q = qname(tag, names);
  const ns = namespaceOf(q, scope);
  if (prefixed) {
    // Two prefixes bound to one namespace make p:a and q:a the same attribute.
    const seen = new Set<string>();
    for (const a of prefixed) {
      const key = clark(namespaceOf(a, scope), a.local);
      if (seen.has(key)) throw malformed('an attribute appears twice in a tag');
      seen.add(key);
    }
  }

  // Children gather on the shared stack and leave it as an array of exactly their number (one
  // grown by push keeps room for 16, and most elements have one to five children).
  const first = stack.length;
  let text = '';
  for (const c of body) {
    const t = c[TEXT];
    if (t !== undefined) text += decodeReferences(t as string);
    else if (c[CDATA] !== undefined) {
      for (const piece of c[CDATA] as RawNode[]) text += piece[TEXT] as string;
    } else stack.push(convert(c, scope, names, stack));
  }
  const children = stack.length === first ? NO_CHILDREN : stack.slice(first);
  stack.length = first;
  return { ns, name: q.local, attrs, children, text };
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
  [NS.SABRE]: 'S',
};

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** Text for a request body: refused when it holds a character XML cannot carry (the last guard). */
function carried(text: string): string {
  const bad = xmlUnsafeCharacter(text);
  if (bad) {
    throw new SharedeckError(
      'invalid-input',
      `Sharedeck did not send the request: it would have carried a character that XML cannot (${bad.codePoint}), so the server could not have read it.`,
    );
  }
  return text;
}

/**
 * Serialises a document with the XML declaration. Namespaces are declared once on the root, in
 * order of first use, with the conventional prefixes (D, C, CR, CS, OC, ...). Always well-formed:
 * text or an attribute value with a character XML cannot carry is refused, never sent.
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
      .map(([k, v]) => ` ${k}="${escapeAttr(carried(v))}"`)
      .join('');
    const open = `<${tag}${isRoot ? decls : ''}${attrs}`;
    const kids = n.children ?? [];
    if (kids.length === 0) return `${open}/>`;
    return `${open}>${kids.map((c) => (typeof c === 'string' ? escapeText(carried(c)) : write(c, false))).join('')}</${tag}>`;
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${write(root, true)}`;
}
