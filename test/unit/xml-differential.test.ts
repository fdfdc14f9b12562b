// electron/dav/xml-parser.ts (behind parseXml) against the parser it replaced (support/xml-reference.ts:
// fast-xml-parser + XMLValidator + our xmlns resolution). Every XML body of the recorded traces and
// a set of hand-made documents must give deep-equal trees; mutated documents must never be
// accepted by the new parser when the reference refuses them, nor give a different tree. Then the
// strictness the reference lacked, and the XML 1.0 normalisations it did not do.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SharedeckError } from '../../shared/errors';
import { parseXml, type XmlElement } from '../../electron/dav/xml';
import { FIXTURES_DIR, loadCyrus, loadSabre, type Fixture } from '../fixtures/load';
import { syntheticMultistatus } from '../../bench/synthetic';
import { parseXmlReference } from './support/xml-reference';
import { expectReadableMessage } from './support/dav';

/** Everything of an element, exactly: text untrimmed, attributes in insertion order. */
interface Snapshot {
  ns: string;
  name: string;
  attrs: [string, string][];
  children: Snapshot[];
  text: string;
}

function snapshot(el: XmlElement): Snapshot {
  expect(Object.getPrototypeOf(el.attrs)).toBeNull();
  return { ns: el.ns, name: el.name, attrs: Object.entries(el.attrs), children: el.children.map(snapshot), text: el.text };
}

type Outcome = { ok: true; tree: Snapshot } | { ok: false; message: string };

function outcome(parse: (text: string) => XmlElement, text: string): Outcome {
  try {
    return { ok: true, tree: snapshot(parse(text)) };
  } catch (e) {
    expect(e).toBeInstanceOf(SharedeckError);
    expect((e as SharedeckError).code).toBe('malformed');
    return { ok: false, message: (e as Error).message };
  }
}

/** The reference reads CR LF as LF itself; a lone CR is an XML line end too (the new parser's way). */
const reference = (text: string): XmlElement => parseXmlReference(text.replace(/\r\n?/g, '\n'));

function fixtures(): Fixture[] {
  const cyrus = readdirSync(join(FIXTURES_DIR, 'cyrus-3.6'))
    .filter((f) => f.endsWith('.txt') && f !== 'README.txt')
    .map((f) => loadCyrus(f.slice(0, -4)));
  const sabre = readdirSync(join(FIXTURES_DIR, 'sabre-4.7'))
    .filter((f) => f.endsWith('.req'))
    .map((f) => loadSabre(f.slice(0, -4)));
  return [...cyrus, ...sabre];
}

/** Every XML body of the traces: responses, and the request bodies the engine sent. */
function xmlBodies(): [string, string][] {
  const out: [string, string][] = [];
  for (const f of fixtures()) {
    if (f.response.body.trimStart().startsWith('<')) out.push([`${f.name} response`, f.response.body]);
    if (f.request.body.trimStart().startsWith('<')) out.push([`${f.name} request`, f.request.body]);
  }
  return out;
}

const BODIES = xmlBodies();

describe('differential: recorded traces', () => {
  it('finds the XML bodies of both servers', () => {
    expect(BODIES.length).toBeGreaterThanOrEqual(60);
    expect(BODIES.filter(([n]) => /^\d{3}-/.test(n) && n.endsWith('response')).length).toBeGreaterThanOrEqual(12);
  });

  it.each(BODIES)('%s: same tree', (_name, body) => {
    const expected = outcome(reference, body);
    expect(expected.ok).toBe(true);
    expect(outcome(parseXml, body)).toEqual(expected);
  });

  it('the synthetic multistatus of the benchmark: same tree', { timeout: 60_000 }, () => {
    const body = syntheticMultistatus(100);
    expect(outcome(parseXml, body)).toEqual(outcome(reference, body));
  });
});

// Documents both parsers must accept, each exercising something the traces may not.
const TRICKY: Record<string, string> = {
  'prefixes everywhere':
    '<?xml version="1.0" encoding="utf-8"?>\n<a:multistatus xmlns:a="DAV:">\n  <b:response xmlns:b="DAV:"><c:href xmlns:c="DAV:">/a/</c:href></b:response>\n</a:multistatus>\n',
  'default namespace, redefined and undeclared':
    '<x:a xmlns:x="urn:one" xmlns="urn:default"><x:b xmlns:x="urn:two"><x:c/><d/></x:b><x:e/><f xmlns=""><g/></f><h/></x:a>',
  'a prefix rebound in siblings': '<r xmlns:p="urn:1"><p:a xmlns:p="urn:2"><p:b/></p:a><p:a/><p:a xmlns:p="urn:3"/><p:a/></r>',
  'the xml prefix': '<a xml:lang="en" xml:space="preserve"><xml:b/></a>',
  'attributes: quotes, spaces around =, prefixed':
    '<a xmlns:q="urn:q" one=\'1\' two = "2" three=\n\'3\' q:four="4" empty="" sq=\'a "quoted" b\' dq="it\'s"/>',
  'attribute with references': '<a v="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;"/>',
  'self-closing with spaces, end tag with spaces': '<a ><b /><c\n/><d></d ><e></e\n></a\t>',
  'text, references and CDATA mixed':
    '<a>one &amp; two <![CDATA[<three> &amp; ]]]]><![CDATA[>]]> four &#60;five&#x3E; <b>six</b> seven &quot;&apos;</a>',
  'empty CDATA and adjacent sections': '<a><![CDATA[]]><![CDATA[x]]>y<![CDATA[]]></a>',
  'comments and processing instructions inside and around':
    '<?xml version="1.0"?><!-- before --><?pi before?>\n<a><!-- a <b> & c -->x<?target data > with gt?>y<!---->z</a><!-- after --><?pi after?>\n',
  'greater-than and quotes in text': '<a>1 > 0, "yes" and \'no\'; ]] ] > ]></a>',
  'whitespace-only text between children': '<a>\n  <b> </b>\n\t<c/>\r\n  <d>\n</d>\n</a>',
  'CR LF line ends': '<?xml version="1.0"?>\r\n<a>\r\n  <b>line one\r\nline two</b>\r\n</a>\r\n',
  'names with digits, dots, hyphens, underscores': '<a-b.c_d xmlns:x_1.y-2="urn:x"><x_1.y-2:e.f-g_1 h.i-j="k"/><_/></a-b.c_d>',
  'names beyond ASCII': '<résumé xmlns:日本="urn:jp"><日本:名前 属性="値">テキスト</日本:名前><ελληνικά/><a\u00b7b/></résumé>',
  'characters beyond the BMP in text': '<a>😀 &#x1F600; \u{10FFFD}</a>',
  'a BOM and a declaration with encoding and standalone': '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>',
  'a declaration with single quotes and spaces': "<?xml version='1.0'   encoding='utf-8' ?>\n\n<a/>",
  'names that are JavaScript object keys':
    '<__proto__ xmlns:constructor="urn:c" __proto__="p" toString="t"><constructor:prototype hasOwnProperty="h"/><valueOf/></__proto__>',
  'the same name at every level': '<a><a><a><a>deep</a></a></a></a>',
  'a namespace URI with references': '<x:a xmlns:x="urn:x&amp;&quot;y"/>',
  'long text': `<a>${'lorem ipsum '.repeat(5000)}</a>`,
  'many attributes': `<a ${Array.from({ length: 200 }, (_, i) => `a${i}="${i}"`).join(' ')}/>`,
  'many distinct names (the name table grows)': `<r>${Array.from({ length: 3000 }, (_, i) => `<n${i} m${i}="v"/>`).join('')}</r>`,
};

describe('differential: hand-made documents', () => {
  it.each(Object.keys(TRICKY))('%s: same tree', (key) => {
    const text = TRICKY[key]!;
    const expected = outcome(reference, text);
    expect(expected.ok).toBe(true);
    expect(outcome(parseXml, text)).toEqual(expected);
  });
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '<',
  '>',
  '/',
  '&',
  ';',
  '"',
  "'",
  '=',
  ':',
  ' ',
  '!',
  '?',
  '[',
  ']',
  '-',
  'x',
  '#',
  '&amp;',
  '&#0;',
  ']]>',
  '<!--',
  '-->',
  '<![CDATA[',
  '<a>',
  '</a>',
  '<b/>',
  'xmlns:p="urn:p"',
  '\r',
  '\n',
];

function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const kind = Math.floor(random() * 4);
  if (kind === 0) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
  if (kind === 1) return text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)]! + text.slice(at);
  if (kind === 2) {
    const from = Math.floor(random() * text.length);
    return text.slice(0, at) + text.slice(from, from + 1 + Math.floor(random() * 20)) + text.slice(at);
  }
  return text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)]! + text.slice(at + 1);
}

/** The reference keeps tabs and line ends in attribute values (and so in namespace names) as written. */
function normalizedAttributes(tree: Snapshot): Snapshot {
  const spaces = (v: string): string => v.replace(/[\t\n]/g, ' ');
  return {
    ...tree,
    ns: spaces(tree.ns),
    attrs: tree.attrs.map(([k, v]) => [k, spaces(v)]),
    children: tree.children.map(normalizedAttributes),
  };
}

/** The document without its processing instructions (the XML declaration included). */
function withoutInstructions(text: string): string {
  return text.replace(/<\?[\s\S]*?\?>/g, '');
}

describe('differential: mutated documents', () => {
  // What the reference accepts and the new parser refuses is the strictness added on purpose
  // (tested one by one below); the other way round would be a bug, as would a different tree.
  const sources: [string, string][] = [
    ...BODIES.filter((_, i) => i % 4 === 0),
    ...Object.entries(TRICKY).filter(([, t]) => t.length < 2000),
  ];

  it.each(sources)('%s: never more lenient than the reference, never a different tree', (name, text) => {
    let seed = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) seed = Math.imul(seed ^ name.charCodeAt(i), 0x01000193);
    const random = prng(seed);
    let accepted = 0;
    for (let i = 0; i < 150; i++) {
      let mutated = mutate(text, random);
      if (random() < 0.3) mutated = mutate(mutated, random);
      const got = outcome(parseXml, mutated);
      if (got.ok) {
        accepted++;
        let expected = outcome(reference, mutated);
        // fast-xml-parser reads quotes in a processing instruction as attributes; both skip them.
        if (!expected.ok) expected = outcome(reference, withoutInstructions(mutated));
        expect(
          expected.ok && { ok: true, tree: normalizedAttributes(expected.tree) },
          `mutation ${i} of ${name}: ${JSON.stringify(mutated.slice(0, 2000))}`,
        ).toEqual(got);
      } else {
        expectReadableMessage(new Error(got.message));
        expect(got.message).not.toContain('<');
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});

function refused(text: string): string {
  const result = outcome(parseXml, text);
  expect(result.ok, `accepted: ${JSON.stringify(text.slice(0, 200))}`).toBe(false);
  const message = result.ok ? '' : result.message;
  expectReadableMessage(new Error(message));
  expect(message).toMatch(/^The server sent an answer that is not valid WebDAV XML \(.+\)\.$/);
  expect(message).not.toContain('<');
  expect(message).not.toMatch(/\. [a-z]/);
  return message;
}

describe('strictness the reference lacked', () => {
  it.each([
    ['text after the root', '<a/>garbage', /text after the root element at line 1/],
    ['text after the root, on a later line', '<a>\n</a>\n\n  x', /text after the root element at line 4/],
    ['a reference after the root', '<a/>&amp;', /text after the root element/],
    ['a CDATA section outside the root', '<![CDATA[x]]><a/>', /CDATA section outside the root element/],
    ['an undefined entity', '<a>&nbsp;</a>', /entity XML does not define/],
    ['an undefined entity in an attribute', '<a b="&e;"/>', /entity XML does not define/],
    ['a raw less-than sign in an attribute', '<a b="1 < 2"/>', /attribute value contains a raw less-than sign/],
    ['a bare ampersand', '<a>AT&T</a>', /does not start a character or entity reference/],
    ['an ampersand without a semicolon', '<a>&amp</a>', /does not start a character or entity reference/],
    ['the NUL character reference', '<a>&#0;</a>', /character XML does not allow/],
    ['a control character reference', '<a>&#x1B;</a>', /character XML does not allow/],
    ['a surrogate character reference', '<a>&#xD800;</a>', /character XML does not allow/],
    ['a non-character reference', '<a>&#xFFFE;</a>', /character XML does not allow/],
    ['a reference beyond Unicode', '<a>&#x110000;</a>', /character XML does not allow/],
    ['a huge reference', '<a>&#99999999999;</a>', /character XML does not allow/],
    ['a reference with an upper-case X', '<a>&#X41;</a>', /not a digit/],
    ['a reference without digits', '<a>&#;</a>', /no digits/],
    ['the XML declaration inside the document', '<a><?xml version="1.0"?></a>', /XML declaration is allowed only at the start/],
    ['a second XML declaration', '<?xml version="1.0"?><?xml version="1.0"?><a/>', /XML declaration is allowed only at the start/],
    ['an XML declaration without a version', '<?xml encoding="utf-8"?><a/>', /XML declaration is not valid/],
    ['a processing instruction named XML', '<a><?XML x?></a>', /reserved name xml/],
    ['the sequence ]]> in text', '<a>x]]>y</a>', /]]>/],
    ['an unbound attribute prefix', '<a q:x="1"/>', /prefix “q” is not declared/],
    ['an empty prefixed namespace declaration', '<a xmlns:p=""><p:b/></a>', /prefix “p” is declared with an empty namespace/],
    ['two colons in a name', '<a:b:c xmlns:a="urn:a"/>', /not a valid qualified name/],
    ['a name starting with a colon', '<:a/>', /not a valid qualified name/],
    ['a name ending with a colon', '<a: xmlns:a="urn:a"/>', /not a valid qualified name/],
    ['the xml prefix rebound', '<a xmlns:xml="urn:x"/>', /xml prefix or namespace/],
    ['the xml namespace bound to another prefix', '<a xmlns:x="http://www.w3.org/XML/1998/namespace"/>', /xml prefix or namespace/],
    ['the xmlns prefix declared', '<a xmlns:xmlns="urn:x"/>', /xmlns prefix or namespace/],
    ['the same attribute through two prefixes', '<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>', /appears twice/],
    ['a namespace declared twice on one tag', '<a xmlns:p="urn:x" xmlns:p="urn:y"/>', /appears twice/],
  ])('refuses %s', (_label, text, pattern) => {
    expect(refused(text)).toMatch(pattern);
  });
});

describe('strictness both have (the new parser: its own messages)', () => {
  it.each([
    ['trailing garbage markup', '<a/><', /more than one root element/],
    ['a cut-off tag', '<a><', /ends inside a tag/],
    ['two roots', '<a/>\n<b/>', /more than one root element at line 2/],
    ['two roots with a comment between', '<a></a><!-- x --><a></a>', /more than one root element/],
    ['an unclosed CDATA section', '<a><![CDATA[abc</a>', /ends inside a CDATA section/],
    ['an unclosed comment', '<a><!-- abc</a>', /ends inside a comment/],
    ['an unclosed processing instruction', '<a><?pi abc</a>', /ends inside a processing instruction/],
    ['an unclosed attribute value', '<a b="abc/>', /ends inside an attribute value/],
    ['an unquoted attribute value', '<a b=c/>', /not quoted/],
    ['an attribute without a value', '<a b/>', /has no value/],
    ['attributes without space between', '<a b="1"c="2"/>', /separated by spaces/],
    ['a duplicate attribute', '<a b="1" b="2"/>', /appears twice/],
    ['a slash inside a tag', '<a / >', /“\/” that does not end it/],
    ['a space after the less-than sign', '< a/>', /does not start with a valid name/],
    ['a name starting with a digit', '<1a/>', /does not start with a valid name/],
    ['an end tag without a start tag', '</a>', /end tag has no start tag/],
    ['an end tag with an attribute', '<a></a b="1">', /something after its name/],
    ['an end tag that only starts like the open one', '<ab></a>', /end tag “a” does not match the start tag “ab”/],
    ['an end tag longer than the open one', '<a></ab>', /end tag “ab” does not match the start tag “a”/],
  ])('refuses %s', (_label, text, pattern) => {
    expect(refused(text)).toMatch(pattern);
    expect(outcome(reference, text).ok).toBe(false);
  });

  it('refuses a mismatched end tag deep inside, naming both tags and the line', () => {
    const text =
      '<D:multistatus xmlns:D="DAV:">\n<D:response>\n<D:propstat>\n<D:prop>\n<D:displayname>x</D:prop>\n</D:propstat>\n</D:response>\n</D:multistatus>';
    expect(refused(text)).toMatch(/the end tag “D:prop” does not match the start tag “D:displayname” at line 5\)\.$/);
  });

  it('refuses a truncated document, naming the innermost open element', () => {
    expect(refused('<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a/</D:href>')).toMatch(/ends before “D:response” is closed/);
  });

  it('refuses a DOCTYPE with the same sentence wherever it is', () => {
    for (const text of [
      '<!DOCTYPE a><a/>',
      '<a><!DOCTYPE a></a>',
      '<a/><!ELEMENT a ANY>',
      '<a><!ATTLIST a b CDATA #IMPLIED></a>',
      '<a><![IGNORE[x]]></a>',
      '<a><!-x--></a>',
    ]) {
      expect(refused(text)).toBe(
        'The server sent an answer that is not valid WebDAV XML (it contains a document type declaration, which Sharedeck refuses).',
      );
    }
  });

  it('keeps messages short and free of the input, with long names cut', () => {
    const long = 'x'.repeat(10_000);
    const message = refused(`<${long}></y${long}>`);
    expect(message.length).toBeLessThan(200);
    expect(message).toContain('…');
    expect(refused(`<a b="${'&'.repeat(10_000)}"/>`).length).toBeLessThan(200);
  });
});

describe('accepted: the edges of the prolog', () => {
  it('a BOM, the declaration, comments and instructions before and after the root', () => {
    const root = parseXml('\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><?pi x?>\n<a>t</a>\n<!-- c --><?pi y?>\n');
    expect(root).toMatchObject({ ns: '', name: 'a', text: 't' });
  });

  it('but not a declaration after a BOM and a space, or after a comment', () => {
    refused('\uFEFF <?xml version="1.0"?><a/>');
    refused('<!-- c --><?xml version="1.0"?><a/>');
  });
});

describe('XML 1.0 normalisations', () => {
  it('line ends: CR LF and a lone CR are LF, in text and CDATA; a CR written as a reference stays', () => {
    const root = parseXml('<a>one\r\ntwo\rthree<![CDATA[\r\nfour\r]]>&#13;&#xD;\r\n<b>x\r</b></a>');
    expect(root.text).toBe('one\ntwo\nthree\nfour\n\r\r\n');
    expect(root.children[0]!.text).toBe('x\n');
  });

  it('attribute values: tabs and line ends are spaces, but not those written as references', () => {
    const root = parseXml('<a b="one\ttwo\r\nthree\nfour\rfive" c="&#9;&#10;&#13;" d="x&amp;\ny"/>');
    expect({ ...root.attrs }).toEqual({ b: 'one two three four five', c: '\t\n\r', d: 'x& y' });
  });

  it('unknown raw characters are left alone (only character references are checked)', () => {
    expect(parseXml('<a>\u0001\uFFFF</a>').text).toBe('\u0001\uFFFF');
  });
});

describe('the shared empty attributes and children', () => {
  it('elements without attributes or children share one frozen object and one frozen array', () => {
    const root = parseXml('<r xmlns:D="DAV:"><D:a/><D:b></D:b><c x="1"/></r>');
    const [a, b, c] = root.children;
    expect(root.attrs).toBe(a!.attrs); // declarations are not attributes
    expect(a!.attrs).toBe(b!.attrs);
    expect(Object.isFrozen(a!.attrs)).toBe(true);
    expect(a!.children).toBe(b!.children);
    expect(a!.children).toBe(c!.children);
    expect(Object.isFrozen(a!.children)).toBe(true);
    expect(c!.attrs).not.toBe(a!.attrs);
    expect(root.children).toHaveLength(3);
  });

  it('equal names and namespaces are the same strings across the document', () => {
    const root = parseXml('<D:r xmlns:D="DAV:"><D:href>1</D:href><D:href>2</D:href></D:r>');
    const [one, two] = root.children;
    expect(one!.name).toBe(two!.name);
    expect(one!.ns).toBe(root.ns);
  });
});
