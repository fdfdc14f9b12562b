// The reference for the differential test (../xml-differential.test.ts): parseXml as it was before
// electron/dav/xml-parser.ts replaced it, verbatim: fast-xml-parser (preserveOrder) for the
// tokenising, its XMLValidator for strictness, and our own xmlns scope resolution. It builds the
// same XmlElement trees; only what counts as malformed differs where fast-xml-parser is lenient
// (unknown entity references are left undecoded, for one).

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SharedeckError } from '../../../shared/errors';
import type { ParseOptions, XmlElement } from '../../../electron/dav/xml';

const DEFAULT_MAX_DEPTH = 64;
// '~' cannot start an XML name, so prefixing every name keeps fast-xml-parser's prototype-pollution
// guard from rejecting legal names such as <constructor/> while our objects stay safe.
const MARK = '~';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  entityDecoder: {
    // XML's own entities and character references only: no DTD, no HTML names.
    decode: decodeXmlEntities,
    setExternalEntities: () => undefined,
    addInputEntities: () => undefined,
    reset: () => undefined,
    setXmlVersion: () => undefined,
  },
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  transformTagName: (n: string) => MARK + n,
  transformAttributeName: (n: string) => MARK + n,
  // Callbacks get a matcher rather than a path string built for every element (we use none).
  jPath: false,
});

// Most elements have no attributes or no children: they share these (frozen) instead of each
// holding its own. With the shared tag names and exactly sized child arrays, the tree of a 20 MB
// multistatus takes 76 MB instead of 289 MB.
const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35 /* # */) return PREDEFINED[ref] ?? whole;
    const code = ref.charCodeAt(1) === 120 /* x */ ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

type RawNode = Record<string, unknown>;

interface Scope {
  readonly parent: Scope | undefined;
  readonly map: Map<string, string>;
}

function malformed(detail: string): SharedeckError {
  return new SharedeckError('malformed', `The server sent an answer that is not valid WebDAV XML (${detail}).`);
}

/** Refuses markup declarations (DOCTYPE, ENTITY, ...) anywhere outside comments and CDATA. */
function refuseDeclarations(text: string): void {
  let i = text.indexOf('<!');
  while (i !== -1) {
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end === -1) return; // unterminated: the validator reports it
      i = text.indexOf('<!', end + 3);
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return;
      i = text.indexOf('<!', end + 3);
    } else {
      throw malformed('it contains a document type declaration, which Sharedeck refuses');
    }
  }
}

function stripMark(name: string): string {
  let i = 0;
  while (name.charCodeAt(i) === 126 /* ~ */) i++;
  return i === 0 ? name : name.slice(i);
}

/** Parses an XML document into its root element. Throws SharedeckError('malformed'). */
export function parseXmlReference(text: string, options: ParseOptions = {}): XmlElement {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw malformed('the body is empty');
  refuseDeclarations(text);
  // XMLValidator is deprecated in favour of a separate package; it still ships with the parser we
  // use and is what makes parsing strict (fast-xml-parser alone accepts mismatched tags).
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw malformed(`${valid.err.msg.replace(/'[^']*'/g, "'…'").replace(/\.$/, '')} at line ${valid.err.line}`);
  let raw: unknown;
  try {
    raw = parser.parse(text);
  } catch (e) {
    throw malformed(e instanceof Error && /nested/i.test(e.message) ? 'nested too deeply' : 'it could not be parsed');
  }
  const roots = (raw as RawNode[]).filter((n) => !('#text' in n) && !('#cdata' in n));
  if (roots.length !== 1) throw malformed(roots.length === 0 ? 'there is no root element' : 'there is more than one root element');
  const ROOT_SCOPE: Scope = { parent: undefined, map: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]) };
  return convert(roots[0] as RawNode, ROOT_SCOPE, 1, { maxDepth, tags: new Map() });
}

interface Conversion {
  maxDepth: number;
  /** Each distinct raw tag of the document split once, so equal names share one string. */
  tags: Map<string, { prefix: string; name: string }>;
}

function splitTag(raw: string, tags: Conversion['tags']): { prefix: string; name: string } {
  let split = tags.get(raw);
  if (split === undefined) {
    const tag = stripMark(raw);
    const colon = tag.indexOf(':');
    split = colon === -1 ? { prefix: '', name: tag } : { prefix: tag.slice(0, colon), name: tag.slice(colon + 1) };
    tags.set(raw, split);
  }
  return split;
}

function lookup(scope: Scope | undefined, prefix: string): string | undefined {
  for (let s = scope; s; s = s.parent) {
    const ns = s.map.get(prefix);
    if (ns !== undefined) return ns;
  }
  return undefined;
}

function convert(node: RawNode, parentScope: Scope, depth: number, conversion: Conversion): XmlElement {
  const { maxDepth } = conversion;
  if (depth > maxDepth) throw malformed(`elements are nested more than ${maxDepth} deep`);
  let tag = '';
  let body: RawNode[] = [];
  for (const k of Object.keys(node)) {
    if (k !== ':@') {
      tag = k;
      body = node[k] as RawNode[];
    }
  }
  const rawAttrs = node[':@'] as Record<string, string> | undefined;
  let attrs = NO_ATTRS as Record<string, string>;
  let scope = parentScope;
  if (rawAttrs) {
    let decls: Map<string, string> | undefined;
    for (const k of Object.keys(rawAttrs)) {
      const name = stripMark(k);
      const value = rawAttrs[k] ?? '';
      if (name === 'xmlns') (decls ??= new Map()).set('', value);
      else if (name.startsWith('xmlns:')) (decls ??= new Map()).set(name.slice(6), value);
      else {
        if (attrs === NO_ATTRS) attrs = Object.create(null) as Record<string, string>;
        attrs[name] = value;
      }
    }
    if (decls) scope = { parent: parentScope, map: decls };
  }
  const { prefix, name } = splitTag(tag, conversion.tags);
  const ns = lookup(scope, prefix);
  if (ns === undefined && prefix !== '') throw malformed(`the prefix “${prefix.slice(0, 40)}” is not declared`);

  // Sized exactly: an array grown by push keeps room for 16 elements, and most have one to five.
  let count = 0;
  for (const c of body) if (!('#text' in c) && !('#cdata' in c)) count++;
  const children = count === 0 ? (NO_CHILDREN as XmlElement[]) : new Array<XmlElement>(count);
  let text = '';
  let n = 0;
  for (const c of body) {
    if ('#text' in c) text += String(c['#text']);
    else if ('#cdata' in c) {
      for (const t of c['#cdata'] as RawNode[]) if ('#text' in t) text += String(t['#text']);
    } else children[n++] = convert(c, scope, depth + 1, conversion);
  }
  return { ns: ns ?? '', name, attrs, children, text };
}
