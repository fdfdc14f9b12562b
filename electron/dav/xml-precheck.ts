// One linear pass over a response body before fast-xml-parser sees it: what the library's
// validator leaves open, and bounds on what one tag and one document may carry.
//
// It refuses markup declarations (<!DOCTYPE, <!ENTITY, ...: so no DTD and no entity but XML's
// five), references that are not one of those five or a character reference to a character XML
// allows, a raw "<" inside a tag, an "=" without a name, "]]>" in text, text or a CDATA section
// outside the root, a second root, a processing instruction without a name, a misplaced or invalid
// XML declaration, nesting deeper than maxDepth, a tag with more than MAX_ATTRIBUTES attributes or
// MAX_DECLARATIONS namespace declarations, and a document of more than MAX_ELEMENTS elements (a
// body under the size limit could otherwise hold 16 million tiny ones: gigabytes once parsed). It
// also refuses a processing instruction whose first "?>" sits inside quotes, where fast-xml-parser
// (which skips quoted text there) would end it later than the validator does, so both read the
// same structure.
// Tag names, attribute syntax and the matching of end tags are the validator's part.
//
// Each character is looked at a bounded number of times: every search only moves forward, and the
// next "&" and "]]>" are found once and remembered until the scan has passed them.

/** A refusal: `detail` is a clause for the 'malformed' sentence ("… at line 3"). */
export class XmlSyntaxError extends Error {
  readonly detail: string;

  constructor(detail: string) {
    super(detail);
    this.name = 'XmlSyntaxError';
    this.detail = detail;
  }
}

/** More than any DAV tag needs (Cyrus sends at most a handful), few enough to be cheap. */
export const MAX_ATTRIBUTES = 1000;
export const MAX_DECLARATIONS = 1000;
/**
 * Elements in one document: a listing of 5,000 collections has a few hundred thousand; a million
 * parse in about a second into some 300–500 MB, which is as much as one answer may cost.
 */
export const MAX_ELEMENTS = 1_000_000;

export const DTD_REFUSED = 'it contains a document type declaration, which Sharedeck refuses';

const XML_DECL =
  /^[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*$/;

/** A processing instruction's target: an XML name (beyond ASCII, any character counts as one). */
const PI_TARGET = /^[A-Za-z_:\u00C0-\uFFFD][A-Za-z0-9._:\u00B7-\uFFFD-]*$/;

/** The five entities XML predefines. */
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** What may follow "&" up to ";" without a reference ending (ASCII letters, digits, # . - _ :). */
function isRefChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 35 || c === 46 || c === 45 || c === 95 || c === 58;
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

function lineAt(s: string, pos: number): number {
  let line = 1;
  for (let i = s.indexOf('\n'); i !== -1 && i < pos; i = s.indexOf('\n', i + 1)) line++;
  return line;
}

/** Checks `text` (a body without its BOM); throws XmlSyntaxError. */
export function precheckXml(text: string, maxDepth: number): void {
  new Precheck(text, maxDepth).run();
}

class Precheck {
  private readonly s: string;
  private readonly len: number;
  private readonly maxDepth: number;
  private depth = 0;
  private elements = 0;
  private rootSeen = false;
  // The next '&' and ']]>' at or after some earlier position (len: none).
  private nextAmp = -1;
  private nextCdEnd = -1;

  constructor(text: string, maxDepth: number) {
    this.s = text;
    this.len = text.length;
    this.maxDepth = maxDepth;
  }

  private fail(detail: string, pos?: number): never {
    throw new XmlSyntaxError(pos === undefined ? detail : `${detail} at line ${lineAt(this.s, pos)}`);
  }

  private find(needle: string, from: number): number {
    const i = this.s.indexOf(needle, from);
    return i === -1 ? this.len : i;
  }

  private ampAt(from: number): number {
    if (this.nextAmp < from) this.nextAmp = this.find('&', from);
    return this.nextAmp;
  }

  private cdEndAt(from: number): number {
    if (this.nextCdEnd < from) this.nextCdEnd = this.find(']]>', from);
    return this.nextCdEnd;
  }

  run(): void {
    const { s, len } = this;
    let pos = 0;
    for (;;) {
      const lt = this.find('<', pos);
      if (lt > pos) this.text(pos, lt);
      if (lt === len) break;
      const c = s.charCodeAt(lt + 1);
      if (c === 33 /* ! */) pos = this.markup(lt);
      else if (c === 63 /* ? */) pos = this.instruction(lt);
      else if (c === 47 /* / */) pos = this.endTag(lt);
      else pos = this.startTag(lt);
    }
    if (!this.rootSeen) this.fail(s.trim() === '' ? 'the body is empty' : 'there is no root element');
    // An element left open is the validator's to name.
  }

  private text(start: number, end: number): void {
    const s = this.s;
    if (this.depth === 0) {
      for (let i = start; i < end; i++) {
        if (!isSpace(s.charCodeAt(i))) this.fail(`there is text ${this.rootSeen ? 'after' : 'before'} the root element`, i);
      }
      return;
    }
    const cdEnd = this.cdEndAt(start);
    if (cdEnd < end) this.fail('the text contains the sequence ]]> (allowed only to end a CDATA section)', cdEnd);
    this.references(start, end);
  }

  /** Every "&" between start and end starts a reference XML defines without a DTD. */
  private references(start: number, end: number): void {
    const s = this.s;
    for (let amp = this.ampAt(start); amp < end; amp = this.ampAt(amp + 1)) {
      let semi = amp + 1;
      while (semi < end && isRefChar(s.charCodeAt(semi))) semi++;
      if (semi >= end || semi === amp + 1 || s.charCodeAt(semi) !== 59 /* ; */)
        this.fail('an “&” does not start a character or entity reference', amp);
      this.reference(amp + 1, semi);
    }
  }

  private reference(start: number, end: number): void {
    const s = this.s;
    if (s.charCodeAt(start) !== 35 /* # */) {
      if (!PREDEFINED.has(s.slice(start, end))) this.fail('it refers to an entity XML does not define (there is no DTD)', start);
      return;
    }
    let i = start + 1;
    const hex = s.charCodeAt(i) === 120; /* x */
    if (hex) i++;
    if (i === end) this.fail('a character reference has no digits', start);
    let code = 0;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      let digit: number;
      if (c >= 48 && c <= 57) digit = c - 48;
      else if (hex && c >= 97 && c <= 102) digit = c - 87;
      else if (hex && c >= 65 && c <= 70) digit = c - 55;
      else return this.fail('a character reference has a character that is not a digit', start);
      code = code * (hex ? 16 : 10) + digit;
      if (code > 0x10ffff) break;
    }
    if (!isXmlChar(code)) this.fail('a character reference names a character XML does not allow', start);
  }

  /** `<!`: a comment, a CDATA section, or a markup declaration (refused). */
  private markup(lt: number): number {
    const s = this.s;
    if (s.startsWith('--', lt + 2)) {
      const end = this.find('-->', lt + 4);
      if (end === this.len) this.fail('the document ends inside a comment', this.len);
      return end + 3;
    }
    if (s.startsWith('[CDATA[', lt + 2)) {
      if (this.depth === 0) this.fail('there is a CDATA section outside the root element', lt);
      const end = this.cdEndAt(lt + 9);
      if (end === this.len) this.fail('the document ends inside a CDATA section', this.len);
      return end + 3;
    }
    return this.fail(DTD_REFUSED);
  }

  /** `<?`: the XML declaration (only at the very start) or a processing instruction. */
  private instruction(lt: number): number {
    const s = this.s;
    const close = this.find('?>', lt + 2);
    if (close === this.len) this.fail('the document ends inside a processing instruction', this.len);
    let i = lt + 2;
    while (i < close && !isSpace(s.charCodeAt(i))) i++;
    const target = s.slice(lt + 2, i);
    if (!PI_TARGET.test(target)) this.fail('a processing instruction has no valid name', lt);
    if (target.toLowerCase() === 'xml') {
      if (target !== 'xml') this.fail('a processing instruction uses the reserved name xml', lt);
      if (lt !== 0) this.fail('the XML declaration is allowed only at the start of the document', lt);
      if (!XML_DECL.test(s.slice(i, close))) this.fail('the XML declaration is not valid', lt);
    }
    for (; i < close; i++) {
      const c = s.charCodeAt(i);
      if (c !== 34 && c !== 39) continue;
      const quoteEnd = s.indexOf(c === 34 ? '"' : "'", i + 1);
      if (quoteEnd === -1 || quoteEnd > close) this.fail('a processing instruction has “?>” inside quotes', lt);
      i = quoteEnd;
    }
    return close + 2;
  }

  private endTag(lt: number): number {
    if (this.depth === 0) this.fail('an end tag has no start tag', lt);
    const gt = this.find('>', lt + 2);
    if (gt === this.len) this.fail('the document ends inside a tag', this.len);
    this.depth--;
    return gt + 1;
  }

  private startTag(lt: number): number {
    const s = this.s;
    if (this.depth === 0 && this.rootSeen) this.fail('there is more than one root element', lt);
    if (++this.elements > MAX_ELEMENTS)
      this.fail(`it has more than ${grouped(MAX_ELEMENTS)} elements, more than Sharedeck reads in one answer`);
    let attributes = 0;
    let declarations = 0;
    let nameStart = -1; // where the last attribute name began
    let last = 0; // the last character outside quotes
    let i = lt + 1;
    for (; ; i++) {
      if (i >= this.len) this.fail('the document ends inside a tag', this.len);
      const c = s.charCodeAt(i);
      if (c === 62 /* > */) break;
      if (c === 60 /* < */) this.fail('a tag contains a raw less-than sign', lt);
      if (c === 34 || c === 39) {
        const end = this.attributeValue(i, c, lt);
        const declaration = nameStart !== -1 && s.startsWith('xmlns', nameStart) && isNameEnd(s.charCodeAt(nameStart + 5));
        if (declaration) {
          if (++declarations > MAX_DECLARATIONS) this.fail(`a tag declares more than ${grouped(MAX_DECLARATIONS)} namespaces`, lt);
        } else if (++attributes > MAX_ATTRIBUTES) this.fail(`a tag has more than ${grouped(MAX_ATTRIBUTES)} attributes`, lt);
        nameStart = -1;
        last = c;
        i = end;
        continue;
      }
      // The validator skips an "=" that follows no name; XML does not.
      if (c === 61 /* = */ && (nameStart === -1 || last === 61)) this.fail('an attribute has no name', lt);
      if (!isSpace(c) && c !== 61 && (isSpace(s.charCodeAt(i - 1)) || last === 34 || last === 39)) nameStart = i;
      if (!isSpace(c)) last = c;
    }
    if (this.depth + 1 > this.maxDepth) this.fail(`elements are nested more than ${this.maxDepth} deep`);
    if (last !== 47 /* / */) this.depth++;
    this.rootSeen = true;
    return i + 1;
  }

  /** A quoted attribute value from its opening quote at `q`: no "<", valid references. */
  private attributeValue(q: number, quote: number, lt: number): number {
    const s = this.s;
    const end = s.indexOf(quote === 34 ? '"' : "'", q + 1);
    if (end === -1) this.fail('the document ends inside an attribute value', this.len);
    for (let i = q + 1; i < end; i++) {
      if (s.charCodeAt(i) === 60) this.fail('an attribute value contains a raw less-than sign', lt);
    }
    this.references(q + 1, end);
    return end;
  }
}

/** After "xmlns": ":" (a prefix follows), "=" or a space make it a declaration (xmlnsx="" is not). */
function isNameEnd(c: number): boolean {
  return c === 58 || c === 61 || isSpace(c);
}

function grouped(n: number): string {
  return n.toLocaleString('en-US');
}
