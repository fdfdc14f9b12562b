// A strict, namespace-aware XML 1.0 parser for DAV response bodies: one pass over the decoded text
// with indexOf and charCodeAt, building the XmlElement tree of ./xml as it goes.
//
// What it accepts: the XML declaration (only at the very start, after an optional BOM), comments,
// processing instructions (skipped), exactly one root element, whitespace around it; inside,
// elements, attributes, text, CDATA sections, character references and the five predefined
// entities. What it refuses (XmlSyntaxError, whose `detail` ./xml turns into the 'malformed'
// sentence): any markup declaration (<!DOCTYPE, <!ENTITY, ...), so no DTD and no other entity;
// unbound or misused namespace prefixes; nesting deeper than maxDepth; everything that is not
// well-formed. Raw characters are not checked against XML's Char production (a control character
// in a display name should not cost the whole listing), but character references are.
//
// The spec's normalisations are applied: line ends (CR LF and lone CR) become LF in text and CDATA,
// and tabs and line ends in attribute values become spaces (a character reference keeps its
// character).
//
// Memory and time: elements are created when they close, with exactly sized child arrays (or the
// one shared empty array) and attributes only when they have some (else the one shared empty
// object); each distinct qualified name of a document is split once (an open-addressing table
// keyed by the raw characters, so no substring is cut to look a name up), and its namespace is
// cached per namespace scope, so the strings of names and namespaces are shared by all elements.
// Nesting is tracked in arrays, never by recursion.

import type { XmlElement } from './xml';

/** A well-formedness or namespace error: `detail` is a clause for a sentence ("... at line 3"). */
export class XmlSyntaxError extends Error {
  readonly detail: string;

  constructor(detail: string) {
    super(detail);
    this.name = 'XmlSyntaxError';
    this.detail = detail;
  }
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

// Most elements have no attributes or no children: they share these (frozen) instead of each
// holding its own.
const NO_ATTRS: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

const DTD_REFUSED = 'it contains a document type declaration, which Sharedeck refuses';

// Character classes of ASCII for names (':' is handled apart: it separates prefix and local name).
const NAME_START = 1;
const NAME_CHAR = 2;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) CLASS[c] = NAME_START | NAME_CHAR;
  else if (/[0-9.-]/.test(ch)) CLASS[c] = NAME_CHAR;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** NameStartChar of XML 1.0 (5th edition) above ASCII, surrogates excluded. */
function isNameStartHigh(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isNameCharHigh(c: number): boolean {
  return isNameStartHigh(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/** The Char production: what a character reference may produce. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

const XML_DECL =
  /^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*$/;

/** A qualified name as written, split once per document. */
interface QName {
  readonly raw: string;
  readonly hash: number;
  /** '' when unprefixed. */
  readonly prefix: string;
  readonly local: string;
  /** As an attribute: 0 an ordinary one, 1 `xmlns`, 2 `xmlns:p`. */
  readonly decl: number;
  /** The scope generation `ns` was resolved in (-1: never). */
  gen: number;
  ns: string;
}

const FNV_PRIME = 0x01000193;
/** Beyond this many probes a name is not interned (a defence against crafted collisions). */
const MAX_PROBES = 32;
const SHOWN_NAME = 40;

/** A name for a message: at most 40 characters, never markup. */
function shown(name: string): string {
  return name.length > SHOWN_NAME ? `${name.slice(0, SHOWN_NAME)}…` : name;
}

function lineAt(s: string, pos: number): number {
  let line = 1;
  for (let i = s.indexOf('\n'); i !== -1 && i < pos; i = s.indexOf('\n', i + 1)) line++;
  return line;
}

/** Parses a whole document into its root element. Throws XmlSyntaxError. */
export function parseDocument(text: string, maxDepth: number): XmlElement {
  return new Parser(text, maxDepth).run();
}

class Parser {
  private readonly s: string;
  private readonly len: number;
  private readonly maxDepth: number;
  private readonly hasCR: boolean;

  // The next '<', '&' and ']]>' at or after some earlier position (len when there is none): as the
  // scan only moves forward, each is searched for again only once it has been passed, so looking
  // for them costs one pass over the text in all.
  private nextLt = -1;
  private nextAmp = -1;
  private nextCdEnd = -1;

  // Interned names: open addressing, linear probing, power-of-two size, at most half full.
  private table: (QName | undefined)[] = new Array<QName | undefined>(256).fill(undefined);
  private mask = 255;
  private names = 0;
  private readonly seed = (Math.random() * 0x100000000) | 0;
  /** Where the last name read ends. */
  private end = 0;

  // Namespace bindings in scope, innermost last; `gen` names the current set of bindings.
  private readonly bindPrefix: string[] = ['xml'];
  private readonly bindUri: string[] = [XML_NAMESPACE];
  private bindCount = 1;
  private gen = 0;
  private gens = 0;

  // Open elements, one entry per level.
  private depth = 0;
  private readonly fName: QName[] = [];
  private readonly fNs: string[] = [];
  private readonly fAttrs: Readonly<Record<string, string>>[] = [];
  private readonly fText: string[] = [];
  private readonly fKids: number[] = [];
  private readonly fBind: number[] = [];
  private readonly fGen: number[] = [];

  // Finished children of the open elements, each element's after its parent's.
  private readonly kids: XmlElement[] = [];
  private kidCount = 0;

  // Prefixed attributes of the tag being read, resolved once all its declarations are known.
  private readonly pending: QName[] = [];
  private pendingCount = 0;

  private root: XmlElement | undefined;

  constructor(text: string, maxDepth: number) {
    this.s = text;
    this.len = text.length;
    this.maxDepth = maxDepth;
    this.hasCR = text.includes('\r');
  }

  private fail(detail: string, pos?: number): never {
    throw new XmlSyntaxError(pos === undefined ? detail : `${detail} at line ${lineAt(this.s, pos)}`);
  }

  private eof(what: string): never {
    this.fail(`the document ends ${what}`, this.len);
  }

  /** indexOf, with `len` for "none". */
  private find(needle: string, from: number): number {
    const i = this.s.indexOf(needle, from);
    return i === -1 ? this.len : i;
  }

  run(): XmlElement {
    const { s, len } = this;
    let pos = s.charCodeAt(0) === 0xfeff ? 1 : 0;
    const start = pos;
    let p = pos;
    while (p < len && isSpace(s.charCodeAt(p))) p++;
    if (p === len) this.fail('the body is empty');
    for (;;) {
      if (this.nextLt < pos) this.nextLt = this.find('<', pos);
      const lt = this.nextLt;
      if (lt === len) break;
      if (lt > pos) this.text(pos, lt);
      const c = s.charCodeAt(lt + 1);
      if (c === 47 /* / */) pos = this.endTag(lt);
      else if (c === 33 /* ! */) pos = this.markup(lt);
      else if (c === 63 /* ? */) pos = this.instruction(lt, start);
      else pos = this.startTag(lt);
    }
    if (this.depth > 0) this.eof(`before “${shown(this.fName[this.depth - 1]!.raw)}” is closed`);
    if (pos < len) this.text(pos, len);
    if (this.root === undefined) this.fail('there is no root element');
    return this.root;
  }

  // ---------------------------------------------------------------------------------------------
  // Names

  /** Reads the qualified name at `start` (where one must be), sets `end`, returns it interned. */
  private qname(start: number): QName {
    // The common case first: ASCII, with at most one colon, followed by a name start character.
    const s = this.s;
    let i = start;
    let c = s.charCodeAt(i);
    if (!(c < 128 && (CLASS[c]! & NAME_START) !== 0)) return this.qnameSlow(start);
    let h = Math.imul(this.seed ^ c, FNV_PRIME);
    let colon = -1;
    for (i++; ; i++) {
      c = s.charCodeAt(i);
      if (c < 128) {
        if ((CLASS[c]! & NAME_CHAR) !== 0) {
          h = Math.imul(h ^ c, FNV_PRIME);
          continue;
        }
        if (c !== 58 /* : */) break;
        const d = s.charCodeAt(i + 1);
        if (colon !== -1 || !(d < 128 && (CLASS[d]! & NAME_START) !== 0)) return this.qnameSlow(start);
        colon = i;
        h = Math.imul(h ^ c, FNV_PRIME);
      } else if (c >= 128) return this.qnameSlow(start);
      else break; // NaN: the end of the text
    }
    return this.intern(start, i, colon, h);
  }

  /** qname() for every case: names beyond ASCII, and the errors. */
  private qnameSlow(start: number): QName {
    const s = this.s;
    let i = start;
    let h = this.seed;
    let colon = -1;
    let first = true; // the next character must start a name (at the start and after the colon)
    for (;;) {
      let c = s.charCodeAt(i);
      if (c < 128) {
        if (c === 58 /* : */) {
          if (first || colon !== -1) this.fail('a name is not a valid qualified name', start);
          colon = i;
          first = true;
          h = Math.imul(h ^ c, FNV_PRIME);
          i++;
          continue;
        }
        if ((CLASS[c]! & (first ? NAME_START : NAME_CHAR)) === 0) break;
      } else if (c >= 0xd800 && c <= 0xdb7f) {
        // A character beyond the BMP: U+10000 to U+EFFFF are name characters.
        const d = s.charCodeAt(i + 1);
        if (!(d >= 0xdc00 && d <= 0xdfff)) break;
        h = Math.imul(h ^ c, FNV_PRIME);
        i++;
        c = d;
      } else if (!(first ? isNameStartHigh(c) : isNameCharHigh(c))) break; // also NaN: the end
      h = Math.imul(h ^ c, FNV_PRIME);
      i++;
      first = false;
    }
    if (first) {
      if (i >= this.len) this.eof('inside a tag');
      this.fail(i === start ? 'a tag or attribute does not start with a valid name' : 'a name is not a valid qualified name', start);
    }
    return this.intern(start, i, colon, h);
  }

  /** The name between start and end, from the table (`h`: the characters' hash, not yet mixed). */
  private intern(start: number, i: number, colon: number, h: number): QName {
    const s = this.s;
    this.end = i;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;

    const length = i - start;
    const table = this.table;
    let slot = h & this.mask;
    for (let probes = 0; ; probes++) {
      const e = table[slot];
      if (e === undefined) break;
      if (e.hash === h && e.raw.length === length && s.startsWith(e.raw, start)) return e;
      if (probes === MAX_PROBES) return this.newName(start, i, colon, h);
      slot = (slot + 1) & this.mask;
    }
    const name = this.newName(start, i, colon, h);
    table[slot] = name;
    if (++this.names * 2 > table.length) this.grow();
    return name;
  }

  private newName(start: number, end: number, colon: number, hash: number): QName {
    const raw = this.s.slice(start, end);
    const prefix = colon === -1 ? '' : raw.slice(0, colon - start);
    const local = colon === -1 ? raw : raw.slice(colon - start + 1);
    const decl = raw === 'xmlns' ? 1 : prefix === 'xmlns' ? 2 : 0;
    return { raw, hash, prefix, local, decl, gen: -1, ns: '' };
  }

  private grow(): void {
    const old = this.table;
    const table = new Array<QName | undefined>(old.length * 2).fill(undefined);
    const mask = table.length - 1;
    for (const e of old) {
      if (e === undefined) continue;
      let slot = e.hash & mask;
      while (table[slot] !== undefined) slot = (slot + 1) & mask;
      table[slot] = e;
    }
    this.table = table;
    this.mask = mask;
  }

  /** The namespace of a name in the current scope; an unbound prefix is an error. */
  private resolve(name: QName, at: number): string {
    if (name.gen === this.gen) return name.ns;
    const prefix = name.prefix;
    let i = this.bindCount - 1;
    while (i >= 0 && this.bindPrefix[i] !== prefix) i--;
    let ns = '';
    if (i >= 0) ns = this.bindUri[i]!;
    else if (prefix !== '') this.fail(`the prefix “${shown(prefix)}” is not declared`, at);
    name.gen = this.gen;
    name.ns = ns;
    return ns;
  }

  private declare(name: QName, uri: string, bindStart: number, at: number): void {
    const prefix = name.decl === 1 ? '' : name.local;
    for (let i = bindStart; i < this.bindCount; i++) {
      if (this.bindPrefix[i] === prefix) this.fail('an attribute appears twice in a tag', at);
    }
    if (prefix === 'xmlns' || uri === XMLNS_NAMESPACE) this.fail('a tag declares the reserved xmlns prefix or namespace', at);
    if (prefix === 'xml' ? uri !== XML_NAMESPACE : uri === XML_NAMESPACE)
      this.fail('a tag binds the xml prefix or namespace to something else', at);
    if (prefix !== '' && uri === '') this.fail(`the prefix “${shown(prefix)}” is declared with an empty namespace`, at);
    this.bindPrefix[this.bindCount] = prefix;
    this.bindUri[this.bindCount] = uri;
    this.bindCount++;
  }

  // ---------------------------------------------------------------------------------------------
  // Tags

  private startTag(lt: number): number {
    const s = this.s;
    if (this.depth === 0 && this.root !== undefined) this.fail('there is more than one root element', lt);
    const name = this.qname(lt + 1);
    let pos = this.end;
    let attrs = NO_ATTRS as Record<string, string>;
    const bindStart = this.bindCount;
    this.pendingCount = 0;
    let empty = false;
    for (;;) {
      let c = s.charCodeAt(pos);
      if (c === 62 /* > */) {
        pos++;
        break;
      }
      if (c === 47 /* / */) {
        if (s.charCodeAt(pos + 1) !== 62) {
          if (pos + 1 >= this.len) this.eof('inside a tag');
          this.fail('a tag has a “/” that does not end it', pos);
        }
        pos += 2;
        empty = true;
        break;
      }
      if (!isSpace(c)) {
        if (pos >= this.len) this.eof('inside a tag');
        this.fail('a tag has an unexpected character (attributes must be separated by spaces)', pos);
      }
      do pos++;
      while (isSpace(s.charCodeAt(pos)));
      c = s.charCodeAt(pos);
      if (c === 62 || c === 47) continue;
      if (attrs === NO_ATTRS) attrs = Object.create(null) as Record<string, string>;
      pos = this.attribute(pos, bindStart, attrs);
    }
    // The tag had namespace declarations only: the shared empty object again.
    if (attrs !== NO_ATTRS && Object.keys(attrs).length === 0) attrs = NO_ATTRS;

    const depth = this.depth + 1;
    if (depth > this.maxDepth) this.fail(`elements are nested more than ${this.maxDepth} deep`);
    const outerGen = this.gen;
    if (this.bindCount !== bindStart) this.gen = ++this.gens;
    const ns = this.resolve(name, lt);
    if (this.pendingCount > 0) this.resolveAttributes(lt);

    if (empty) {
      this.bindCount = bindStart;
      this.gen = outerGen;
      this.add({ ns, name: name.local, attrs, children: NO_CHILDREN, text: '' });
    } else {
      const d = this.depth;
      this.fName[d] = name;
      this.fNs[d] = ns;
      this.fAttrs[d] = attrs;
      this.fText[d] = '';
      this.fKids[d] = this.kidCount;
      this.fBind[d] = bindStart;
      this.fGen[d] = outerGen;
      this.depth = depth;
    }
    return pos;
  }

  /** Reads one attribute at `pos` into `attrs` (or the bindings); returns the position after it. */
  private attribute(pos: number, bindStart: number, attrs: Record<string, string>): number {
    const s = this.s;
    const at = pos;
    const name = this.qname(pos);
    pos = this.end;
    while (isSpace(s.charCodeAt(pos))) pos++;
    if (s.charCodeAt(pos) !== 61 /* = */) {
      if (pos >= this.len) this.eof('inside a tag');
      this.fail('an attribute has no value', at);
    }
    pos++;
    while (isSpace(s.charCodeAt(pos))) pos++;
    const quote = s.charCodeAt(pos);
    if (quote !== 34 && quote !== 39) {
      if (pos >= this.len) this.eof('inside a tag');
      this.fail('an attribute value is not quoted', at);
    }
    const vs = pos + 1;
    const ve = s.indexOf(quote === 34 ? '"' : "'", vs);
    if (ve === -1) this.eof('inside an attribute value');
    if (this.nextLt < vs) this.nextLt = this.find('<', vs);
    if (this.nextLt < ve) this.fail('an attribute value contains a raw less-than sign', at);
    if (this.nextAmp < vs) this.nextAmp = this.find('&', vs);
    const value = this.nextAmp < ve ? this.decode(vs, ve, true) : normalizeAttr(s.slice(vs, ve));

    if (name.decl !== 0) this.declare(name, value, bindStart, at);
    else {
      if (attrs[name.raw] !== undefined) this.fail('an attribute appears twice in a tag', at);
      attrs[name.raw] = value;
      if (name.prefix !== '') this.pending[this.pendingCount++] = name;
    }
    return ve + 1;
  }

  /** Prefixed attributes: each prefix bound, no two with the same namespace and local name. */
  private resolveAttributes(at: number): void {
    const n = this.pendingCount;
    const pending = this.pending;
    for (let i = 0; i < n; i++) this.resolve(pending[i]!, at);
    for (let i = 1; i < n; i++) {
      const a = pending[i]!;
      for (let j = 0; j < i; j++) {
        const b = pending[j]!;
        if (a.local === b.local && a.ns === b.ns) this.fail('an attribute appears twice in a tag', at);
      }
    }
  }

  private endTag(lt: number): number {
    const s = this.s;
    if (this.depth === 0) this.fail('an end tag has no start tag', lt);
    const top = this.depth - 1;
    const name = this.fName[top]!;
    const raw = name.raw;
    let pos = lt + 2;
    if (!s.startsWith(raw, pos)) this.mismatch(lt, raw);
    pos += raw.length;
    let c = s.charCodeAt(pos);
    if (c !== 62 /* > */) {
      if (!isSpace(c)) {
        if (pos >= this.len) this.eof('inside a tag');
        this.mismatch(lt, raw);
      }
      do pos++;
      while (isSpace((c = s.charCodeAt(pos))));
      if (c !== 62) {
        if (pos >= this.len) this.eof('inside a tag');
        this.fail('an end tag has something after its name', lt);
      }
    }
    const first = this.fKids[top]!;
    const children = this.kidCount === first ? NO_CHILDREN : this.kids.slice(first, this.kidCount);
    this.kidCount = first;
    this.bindCount = this.fBind[top]!;
    this.gen = this.fGen[top]!;
    this.depth = top;
    this.add({ ns: this.fNs[top]!, name: name.local, attrs: this.fAttrs[top]!, children, text: this.fText[top]! });
    return pos + 1;
  }

  private mismatch(lt: number, open: string): never {
    const s = this.s;
    let i = lt + 2;
    while (i < this.len && i < lt + 2 + SHOWN_NAME + 1) {
      const c = s.charCodeAt(i);
      if (c === 62 || isSpace(c) || c === 60) break;
      i++;
    }
    if (i === this.len) this.eof('inside a tag');
    const found = shown(s.slice(lt + 2, i));
    this.fail(`the end tag “${found}” does not match the start tag “${shown(open)}”`, lt);
  }

  private add(el: XmlElement): void {
    if (this.depth === 0) this.root = el;
    else this.kids[this.kidCount++] = el;
  }

  // ---------------------------------------------------------------------------------------------
  // Text, CDATA, comments, processing instructions, declarations

  private text(start: number, end: number): void {
    const s = this.s;
    if (this.depth === 0) {
      for (let i = start; i < end; i++) {
        if (!isSpace(s.charCodeAt(i))) this.fail(`there is text ${this.root === undefined ? 'before' : 'after'} the root element`, i);
      }
      return;
    }
    if (this.nextCdEnd < start) this.nextCdEnd = this.find(']]>', start);
    if (this.nextCdEnd < end) this.fail('the text contains the sequence ]]> (allowed only to end a CDATA section)', this.nextCdEnd);
    if (this.nextAmp < start) this.nextAmp = this.find('&', start);
    let piece: string;
    if (this.nextAmp < end) piece = this.decode(start, end, false);
    else {
      piece = s.slice(start, end);
      if (this.hasCR) piece = normalizeEol(piece);
    }
    this.append(piece);
  }

  private append(piece: string): void {
    const top = this.depth - 1;
    const text = this.fText[top]!;
    this.fText[top] = text === '' ? piece : text + piece;
  }

  /** Text or an attribute value with references, from `start` (nextAmp is its first '&'). */
  private decode(start: number, end: number, attr: boolean): string {
    const s = this.s;
    let out = '';
    let from = start;
    while (this.nextAmp < end) {
      const amp = this.nextAmp;
      const literal = s.slice(from, amp);
      out += attr ? normalizeAttr(literal) : this.hasCR ? normalizeEol(literal) : literal;
      // '&', then '#' and digits or a name, then ';'.
      let semi = amp + 1;
      if (s.charCodeAt(semi) === 35 /* # */) semi++;
      while (semi < end) {
        const c = s.charCodeAt(semi);
        if (c >= 128 || (CLASS[c]! & NAME_CHAR) === 0) break;
        semi++;
      }
      if (semi >= end || semi === amp + 1 || s.charCodeAt(semi) !== 59 /* ; */)
        this.fail('an “&” does not start a character or entity reference', amp);
      out += this.reference(amp + 1, semi);
      from = semi + 1;
      this.nextAmp = this.find('&', from);
    }
    const rest = s.slice(from, end);
    return out + (attr ? normalizeAttr(rest) : this.hasCR ? normalizeEol(rest) : rest);
  }

  /** The character of the reference between '&' and ';' (exclusive). */
  private reference(start: number, end: number): string {
    const s = this.s;
    if (s.charCodeAt(start) === 35 /* # */) {
      let code = 0;
      let i = start + 1;
      const hex = s.charCodeAt(i) === 120; /* x */
      if (hex) i++;
      if (i === end) this.fail('a character reference has no digits', start);
      for (; i < end; i++) {
        const c = s.charCodeAt(i);
        let digit: number;
        if (c >= 48 && c <= 57) digit = c - 48;
        else if (hex && c >= 97 && c <= 102) digit = c - 87;
        else if (hex && c >= 65 && c <= 70) digit = c - 55;
        else this.fail('a character reference has a character that is not a digit', start);
        code = code * (hex ? 16 : 10) + digit;
        if (code > 0x10ffff) break;
      }
      if (!isXmlChar(code)) this.fail('a character reference names a character XML does not allow', start);
      return String.fromCodePoint(code);
    }
    switch (s.slice(start, end)) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return this.fail('it refers to an entity XML does not define (there is no DTD)', start);
    }
  }

  /** `<!`: a comment, a CDATA section, or a markup declaration (refused). */
  private markup(lt: number): number {
    const s = this.s;
    if (s.startsWith('--', lt + 2)) {
      const end = s.indexOf('-->', lt + 4);
      if (end === -1) this.eof('inside a comment');
      return end + 3;
    }
    if (s.startsWith('[CDATA[', lt + 2)) {
      if (this.depth === 0) this.fail('there is a CDATA section outside the root element', lt);
      const start = lt + 9;
      if (this.nextCdEnd < start) this.nextCdEnd = this.find(']]>', start);
      const end = this.nextCdEnd;
      if (end === this.len) this.eof('inside a CDATA section');
      const piece = s.slice(start, end);
      this.append(this.hasCR ? normalizeEol(piece) : piece);
      return end + 3;
    }
    return this.fail(DTD_REFUSED);
  }

  /** `<?`: the XML declaration (only at the very start) or a processing instruction (skipped). */
  private instruction(lt: number, docStart: number): number {
    const s = this.s;
    const target = lt + 2;
    let i = target;
    for (;;) {
      const c = s.charCodeAt(i);
      const ok =
        c < 128
          ? c === 58 || (CLASS[c]! & (i === target ? NAME_START : NAME_CHAR)) !== 0
          : (c >= 0xd800 && c <= 0xdfff) || (i === target ? isNameStartHigh(c) : isNameCharHigh(c));
      if (!ok) break;
      i++;
    }
    if (i === target) {
      if (i >= this.len) this.eof('inside a processing instruction');
      this.fail('a processing instruction has no name', lt);
    }
    const close = s.indexOf('?>', i);
    if (close === -1) this.eof('inside a processing instruction');
    if (close !== i && !isSpace(s.charCodeAt(i))) this.fail('a processing instruction has an invalid name', lt);
    if (
      i - target === 3 &&
      (s.charCodeAt(target) | 32) === 120 &&
      (s.charCodeAt(target + 1) | 32) === 109 &&
      (s.charCodeAt(target + 2) | 32) === 108
    ) {
      if (!s.startsWith('xml', target)) this.fail('a processing instruction uses the reserved name xml', lt);
      if (lt !== docStart) this.fail('the XML declaration is allowed only at the start of the document', lt);
      if (!XML_DECL.test(s.slice(i, close))) this.fail('the XML declaration is not valid', lt);
    }
    return close + 2;
  }
}

/** Line ends as the spec has them read: CR LF and a lone CR are LF. */
function normalizeEol(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Attribute-value normalisation (CDATA type, there being no DTD): each tab or line end is a space. */
function normalizeAttr(value: string): string {
  return /[\t\n\r]/.test(value) ? value.replace(/\r\n|[\t\n\r]/g, ' ') : value;
}
