// electron/dav/xml.ts: namespace-aware parsing (elements keyed by namespace URI + local name, never
// by prefix), refusal of hostile input with a readable 'malformed' error, and the request builder.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SharedeckError } from '../../shared/errors';
import {
  NS,
  buildXml,
  child,
  childrenNamed,
  clark,
  el,
  escapeText,
  hrefOf,
  is,
  keyOf,
  parseXml,
  textOf,
  type XmlElement,
} from '../../electron/dav/xml';
import { FIXTURES_DIR } from '../fixtures/load';
import { expectReadableMessage, loadCyrus, loadSabre, tree } from '../support/dav-fixtures';

/** Parses and expects a 'malformed' SharedeckError with a short sentence that does not echo `text`. */
function expectMalformed(text: string, options?: Parameters<typeof parseXml>[1]): SharedeckError {
  let caught: unknown;
  try {
    parseXml(text, options);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SharedeckError);
  const err = caught as SharedeckError;
  expect(err.code).toBe('malformed');
  expectReadableMessage(err);
  expect(err.message.startsWith('The server sent an answer that is not valid WebDAV XML')).toBe(true);
  // A broken sentence (". at line 1") reads badly; so does a fragment of the input.
  expect(err.message).not.toMatch(/\. [a-z]/);
  expect(err.message).not.toContain('<');
  return err;
}

const D = NS.DAV;
const CS = NS.CS;

describe('parseXml: namespaces', () => {
  // One multistatus fragment written five ways; prefixes differ, (namespace, name) pairs do not.
  const variants: Record<string, string> = {
    upper: `<D:multistatus xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/"><D:response><D:href>/a/</D:href><D:propstat><D:prop><CS:invite><CS:user><D:href>mailto:b@x</D:href></CS:user></CS:invite></D:prop></D:propstat></D:response></D:multistatus>`,
    lower: `<d:multistatus xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:response><d:href>/a/</d:href><d:propstat><d:prop><cs:invite><cs:user><d:href>mailto:b@x</d:href></cs:user></cs:invite></d:prop></d:propstat></d:response></d:multistatus>`,
    defaultNs: `<multistatus xmlns="DAV:"><response><href>/a/</href><propstat><prop><invite xmlns="http://calendarserver.org/ns/"><user><href xmlns="DAV:">mailto:b@x</href></user></invite></prop></propstat></response></multistatus>`,
    odd: `<ns0_x:multistatus xmlns:ns0_x="DAV:"><ns0_x:response><ns0_x:href>/a/</ns0_x:href><ns0_x:propstat><ns0_x:prop><Z9-a.b:invite xmlns:Z9-a.b="http://calendarserver.org/ns/"><Z9-a.b:user><ns0_x:href>mailto:b@x</ns0_x:href></Z9-a.b:user></Z9-a.b:invite></ns0_x:prop></ns0_x:propstat></ns0_x:response></ns0_x:multistatus>`,
    // The CS prefix bound to DAV: and the D prefix to CS: — swapped names must not matter.
    swapped: `<CS:multistatus xmlns:CS="DAV:" xmlns:D="http://calendarserver.org/ns/"><CS:response><CS:href>/a/</CS:href><CS:propstat><CS:prop><D:invite><D:user><CS:href>mailto:b@x</CS:href></D:user></D:invite></CS:prop></CS:propstat></CS:response></CS:multistatus>`,
    // Declarations repeated on every element, whitespace between them.
    everywhere: `<?xml version="1.0" encoding="utf-8"?>\n<a:multistatus xmlns:a="DAV:">\n  <b:response xmlns:b="DAV:">\n    <c:href xmlns:c="DAV:">/a/</c:href>\n    <d:propstat xmlns:d="DAV:"><e:prop xmlns:e="DAV:"><f:invite xmlns:f="http://calendarserver.org/ns/"><g:user xmlns:g="http://calendarserver.org/ns/"><h:href xmlns:h="DAV:">mailto:b@x</h:href></g:user></f:invite></e:prop></d:propstat>\n  </b:response>\n</a:multistatus>\n`,
  };

  const expected = {
    ns: D,
    name: 'multistatus',
    text: '',
    attrs: {},
    children: [
      {
        ns: D,
        name: 'response',
        text: '',
        attrs: {},
        children: [
          { ns: D, name: 'href', text: '/a/', attrs: {}, children: [] },
          {
            ns: D,
            name: 'propstat',
            text: '',
            attrs: {},
            children: [
              {
                ns: D,
                name: 'prop',
                text: '',
                attrs: {},
                children: [
                  {
                    ns: CS,
                    name: 'invite',
                    text: '',
                    attrs: {},
                    children: [
                      {
                        ns: CS,
                        name: 'user',
                        text: '',
                        attrs: {},
                        children: [{ ns: D, name: 'href', text: 'mailto:b@x', attrs: {}, children: [] }],
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };

  it.each(Object.keys(variants))('%s prefixes give the same tree', (key) => {
    expect(tree(parseXml(variants[key]!))).toEqual(expected);
  });

  it('lookups by (namespace, name) find the same elements in every variant', () => {
    for (const text of Object.values(variants)) {
      const root = parseXml(text);
      expect(is(root, D, 'multistatus')).toBe(true);
      expect(is(root, CS, 'multistatus')).toBe(false);
      const response = child(root, D, 'response');
      expect(hrefOf(response)).toBe('/a/');
      const invite = child(child(child(response, D, 'propstat'), D, 'prop'), CS, 'invite');
      expect(invite && keyOf(invite)).toBe('{http://calendarserver.org/ns/}invite');
      expect(hrefOf(child(invite, CS, 'user'))).toBe('mailto:b@x');
      expect(child(invite, D, 'user')).toBeUndefined();
    }
  });

  it('a nested xmlns redefinition applies to that subtree only', () => {
    const root = parseXml(
      '<x:a xmlns:x="urn:one" xmlns="urn:default"><x:b xmlns:x="urn:two"><x:c/><d/></x:b><x:e/><f xmlns=""/><g/></x:a>',
    );
    expect(root.ns).toBe('urn:one');
    const [b, e, f, g] = root.children;
    expect(b).toMatchObject({ ns: 'urn:two', name: 'b' });
    expect(b!.children.map((c) => [c.ns, c.name])).toEqual([
      ['urn:two', 'c'],
      ['urn:default', 'd'],
    ]);
    expect(e).toMatchObject({ ns: 'urn:one', name: 'e' });
    expect(f).toMatchObject({ ns: '', name: 'f' }); // xmlns="" undeclares the default namespace
    expect(g).toMatchObject({ ns: 'urn:default', name: 'g' });
  });

  it('the xml prefix is predeclared; unprefixed elements without a default are in no namespace', () => {
    const root = parseXml('<a xml:lang="en"><xml:b/></a>');
    expect(root).toMatchObject({ ns: '', name: 'a' });
    expect(root.attrs['xml:lang']).toBe('en');
    expect(root.children[0]).toMatchObject({ ns: 'http://www.w3.org/XML/1998/namespace', name: 'b' });
  });

  it('xmlns declarations are not attributes; other attributes keep their written names and values', () => {
    const root = parseXml('<C:comp xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:q="urn:q" name="VEVENT" q:x="1 &amp; 2" empty=""/>');
    expect(root.ns).toBe(NS.CALDAV);
    expect({ ...root.attrs }).toEqual({ name: 'VEVENT', 'q:x': '1 & 2', empty: '' });
    expect(Object.getPrototypeOf(root.attrs)).toBeNull();
  });

  it('element order is kept as written, so callers never depend on it being anything else', () => {
    const a = parseXml(
      '<D:sharee xmlns:D="DAV:"><D:href>h</D:href><D:invite-accepted/><D:share-access><D:read/></D:share-access></D:sharee>',
    );
    const b = parseXml(
      '<D:sharee xmlns:D="DAV:"><D:share-access><D:read/></D:share-access><D:invite-accepted/><D:href>h</D:href></D:sharee>',
    );
    expect(a.children.map((c) => c.name)).toEqual(['href', 'invite-accepted', 'share-access']);
    expect(b.children.map((c) => c.name)).toEqual(['share-access', 'invite-accepted', 'href']);
    for (const root of [a, b]) {
      expect(hrefOf(root)).toBe('h');
      expect(child(root, D, 'invite-accepted')).toBeDefined();
      expect(child(child(root, D, 'share-access'), D, 'read')).toBeDefined();
    }
  });

  it('childrenNamed returns every match in order and nothing for an absent parent', () => {
    const root = parseXml('<D:r xmlns:D="DAV:" xmlns:X="urn:x"><D:h>1</D:h><X:h>no</X:h><D:h>2</D:h></D:r>');
    expect(childrenNamed(root, D, 'h').map((c) => c.text)).toEqual(['1', '2']);
    expect(childrenNamed(undefined, D, 'h')).toEqual([]);
    expect(child(undefined, D, 'h')).toBeUndefined();
    expect(clark(D, 'h')).toBe('{DAV:}h');
  });
});

describe('parseXml: text', () => {
  it('decodes the predefined entities and numeric character references', () => {
    const root = parseXml('<a>&amp; &lt; &gt; &quot; &apos; &#65;&#x42;&#x1F600; &#233;</a>');
    expect(root.text).toBe('& < > " \' AB😀 é');
  });

  it('does not decode twice: &amp;lt; is the text "&lt;"', () => {
    expect(parseXml('<a>&amp;lt;&amp;amp;</a>').text).toBe('&lt;&amp;');
  });

  it('keeps CDATA verbatim (no entity decoding inside) and joins it with the surrounding text', () => {
    const root = parseXml('<D:displayname xmlns:D="DAV:">x <![CDATA[<b>&amp; "q"]]> y</D:displayname>');
    expect(root.text).toBe('x <b>&amp; "q" y');
    expect(parseXml('<a><![CDATA[#calendars]]></a>').text).toBe('#calendars');
  });

  it('keeps whitespace; textOf trims and maps empty to undefined', () => {
    const root = parseXml('<a>\n  <b>  v  </b>\n  <c>   </c><d/>\n</a>');
    expect(root.children[0]!.text).toBe('  v  ');
    expect(textOf(root.children[0])).toBe('v');
    expect(textOf(root.children[1])).toBeUndefined();
    expect(textOf(root.children[2])).toBeUndefined();
    expect(textOf(undefined)).toBeUndefined();
  });

  it('text of an element is its own text, not that of its descendants', () => {
    const root = parseXml('<a>one<b>two</b>three</a>');
    expect(root.text).toBe('onethree');
    expect(root.children[0]!.text).toBe('two');
  });

  it('ignores the XML declaration, processing instructions, comments and a BOM', () => {
    const root = parseXml('\uFEFF<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><?pi data?><a>t<!-- inner --></a>');
    expect(root).toMatchObject({ ns: '', name: 'a', text: 't' });
  });
});

describe('parseXml: hostile and broken input', () => {
  it('refuses entity expansion (billion laughs)', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
      ']>',
      '<lolz>&lol9;</lolz>',
    ].join('\n');
    const err = expectMalformed(lol);
    expect(err.message).toMatch(/document type declaration/);
    expect(err.message).not.toContain('lol');
  });

  it('refuses an external entity (XXE) and never reads the file', () => {
    const err = expectMalformed('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>');
    expect(err.message).not.toContain('passwd');
    expect(err.message).not.toContain('root:');
  });

  it('refuses a DOCTYPE after a comment, after the declaration, or in lower case', () => {
    expectMalformed('<!-- innocent --><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>');
    expectMalformed('<?xml version="1.0"?>\n<!DOCTYPE D:multistatus SYSTEM "http://attacker.example/dtd"><D:multistatus xmlns:D="DAV:"/>');
    expectMalformed('<!doctype x><x/>');
    expectMalformed('<x/><!ENTITY e "x">');
  });

  it('allows the characters "<!DOCTYPE" inside CDATA and comments, where they are only text', () => {
    expect(parseXml('<a><![CDATA[<!DOCTYPE x [<!ENTITY e "x">]>]]></a>').text).toBe('<!DOCTYPE x [<!ENTITY e "x">]>');
    expect(parseXml('<!-- <!DOCTYPE x> --><a/>').name).toBe('a');
  });

  it('refuses unknown named entities instead of resolving them (there is no DTD to define them)', () => {
    for (const text of ['<a>&nbsp;&e;&copy;</a>', '<a>&nbsp;</a>', '<a>&e;</a>', '<a b="&copy;"/>']) {
      const err = expectMalformed(text);
      expect(err.message).toMatch(/entity/);
      expect(err.message).not.toContain('\u00a0');
      expect(err.message).not.toContain('©');
    }
  });

  it('refuses an unbound prefix, on an element or deep inside, without echoing a long prefix', () => {
    expect(expectMalformed('<D:multistatus/>').message).toMatch(/prefix “D” is not declared/);
    expectMalformed('<D:multistatus xmlns:D="DAV:"><D:response><X:href>/a</X:href></D:response></D:multistatus>');
    const long = 'p'.repeat(5000);
    const err = expectMalformed(`<${long}:a/>`);
    expect(err.message).not.toContain(long.slice(0, 41));
  });

  it('refuses a prefix declared only on a sibling', () => {
    expectMalformed('<a><b xmlns:X="urn:x"/><X:c/></a>');
  });

  it('refuses mismatched tags', () => {
    const err = expectMalformed('<D:a xmlns:D="DAV:"><D:b></D:a></D:b>');
    expect(err.message).toMatch(/at line 1\)\.$/);
  });

  it('refuses two root elements', () => {
    expectMalformed('<a/><b/>');
    expectMalformed('<D:multistatus xmlns:D="DAV:"/>\n<D:multistatus xmlns:D="DAV:"/>');
  });

  it.each([
    ['empty', ''],
    ['blank', ' \r\n\t '],
    ['only a BOM', '\uFEFF'],
    ['only a declaration', '<?xml version="1.0"?>'],
    ['only a comment', '<!-- nothing -->'],
    ['plain text', 'Internal Server Error'],
  ])('refuses a body that is %s', (_label, text) => {
    expectMalformed(text);
  });

  it('refuses 10,000 levels of nesting without overflowing the stack', () => {
    const deep = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);
    expectMalformed(deep);
    const deepNs = '<D:a xmlns:D="DAV:">' + '<D:a>'.repeat(10_000) + '</D:a>'.repeat(10_000) + '</D:a>';
    expectMalformed(deepNs);
  });

  it('accepts exactly the default depth of 64 and refuses 65', () => {
    const nest = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    let depth = 0;
    for (let e: XmlElement | undefined = parseXml(nest(64)); e; e = e.children[0]) depth++;
    expect(depth).toBe(64);
    expect(expectMalformed(nest(65)).message).toMatch(/nested more than 64 deep/);
  });

  it('honours a smaller maxDepth', () => {
    expect(parseXml('<a><a><a/></a></a>', { maxDepth: 3 }).children).toHaveLength(1);
    expect(expectMalformed('<a><a><a><a/></a></a></a>', { maxDepth: 3 }).message).toMatch(/nested more than 3 deep/);
  });

  it.each([
    ['an unclosed root', '<D:multistatus xmlns:D="DAV:">'],
    ['a cut-off element', '<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a/</D:href>'],
    ['a cut-off tag', '<D:multistatus xmlns:D="DAV:"><D:respo'],
    ['a cut-off attribute', '<D:multistatus xmlns:D="DAV'],
    ['an unterminated CDATA', '<a><![CDATA[abc</a>'],
    ['an unterminated comment', '<a><!-- abc</a>'],
  ])('refuses a truncated document: %s', (_label, text) => {
    expectMalformed(text);
  });

  it('refuses stray markup characters and broken attributes', () => {
    expectMalformed('<a>1 < 2</a>');
    expectMalformed('<a>fish & chips</a>');
    expectMalformed('<a b=c/>');
    expectMalformed('<a b="1" b="2"/>');
  });

  it('does not echo a huge input in the message', () => {
    const name = 'n'.repeat(100_000);
    const err = expectMalformed(`<a><${name}></a>`);
    expect(err.message.length).toBeLessThan(200);
    expectMalformed(`<a><b x="${'y'.repeat(100_000)}"></a>`);
  });
});

/** The sentence of the 'malformed' error for `detail`. */
const sentence = (detail: string): string => `The server sent an answer that is not valid WebDAV XML (${detail}).`;

describe('parseXml: every refusal, with its sentence', () => {
  // Each guarantee once, with the exact sentence a person reads. The line is where the problem is
  // (namespace problems are found after the text has been read, and name the prefix instead).
  it.each([
    // The body and the prolog
    ['an empty body', '', 'the body is empty'],
    ['a blank body', ' \r\n\t ', 'the body is empty'],
    ['only a declaration', '<?xml version="1.0"?>', 'there is no root element'],
    ['only a comment', '<!-- nothing -->', 'there is no root element'],
    ['plain text', 'Internal Server Error', 'there is text before the root element at line 1'],
    ['text after the root', '<a/>garbage', 'there is text after the root element at line 1'],
    ['text after the root, on a later line', '<a>\n</a>\n\n  x', 'there is text after the root element at line 4'],
    ['a reference after the root', '<a/>&amp;', 'there is text after the root element at line 1'],
    ['a CDATA section outside the root', '<![CDATA[x]]><a/>', 'there is a CDATA section outside the root element at line 1'],
    ['two roots', '<a/>\n<b/>', 'there is more than one root element at line 2'],
    ['two roots with a comment between', '<a></a><!-- x --><a></a>', 'there is more than one root element at line 1'],
    [
      'the XML declaration inside the document',
      '<a><?xml version="1.0"?></a>',
      'the XML declaration is allowed only at the start of the document at line 1',
    ],
    [
      'a second XML declaration',
      '<?xml version="1.0"?><?xml version="1.0"?><a/>',
      'the XML declaration is allowed only at the start of the document at line 1',
    ],
    [
      'a declaration after a comment',
      '<!-- c --><?xml version="1.0"?><a/>',
      'the XML declaration is allowed only at the start of the document at line 1',
    ],
    [
      'a declaration after a BOM and a space',
      '\uFEFF <?xml version="1.0"?><a/>',
      'the XML declaration is allowed only at the start of the document at line 1',
    ],
    ['an XML declaration without a version', '<?xml encoding="utf-8"?><a/>', 'the XML declaration is not valid at line 1'],
    ['a processing instruction named XML', '<a><?XML x?></a>', 'a processing instruction uses the reserved name xml at line 1'],
    ['a processing instruction without a name', '<a><? x?></a>', 'a processing instruction has no valid name at line 1'],
    ['a processing instruction with an invalid name', '<?xm!l version="1.0"?><a/>', 'a processing instruction has no valid name at line 1'],
    ['a quoted “?>” in a processing instruction', '<a><?pi "?>"?></a>', 'a processing instruction has “?>” inside quotes at line 1'],
    // Declarations and entities
    ['a DOCTYPE', '<!DOCTYPE a><a/>', 'it contains a document type declaration, which Sharedeck refuses'],
    ['a DOCTYPE inside the root', '<a><!DOCTYPE a></a>', 'it contains a document type declaration, which Sharedeck refuses'],
    ['an element declaration', '<a/><!ELEMENT a ANY>', 'it contains a document type declaration, which Sharedeck refuses'],
    ['a conditional section', '<a><![IGNORE[x]]></a>', 'it contains a document type declaration, which Sharedeck refuses'],
    ['a broken comment', '<a><!-x--></a>', 'it contains a document type declaration, which Sharedeck refuses'],
    ['an undefined entity', '<a>&nbsp;</a>', 'it refers to an entity XML does not define (there is no DTD) at line 1'],
    ['an undefined entity in an attribute', '<a b="&e;"/>', 'it refers to an entity XML does not define (there is no DTD) at line 1'],
    ['a bare ampersand', '<a>AT&T</a>', 'an “&” does not start a character or entity reference at line 1'],
    ['an ampersand with a space after it', '<a>fish & chips</a>', 'an “&” does not start a character or entity reference at line 1'],
    ['an ampersand without a semicolon', '<a>&amp</a>', 'an “&” does not start a character or entity reference at line 1'],
    ['a bare ampersand in an attribute', '<a b="x & y"/>', 'an “&” does not start a character or entity reference at line 1'],
    ['the NUL character reference', '<a>&#0;</a>', 'a character reference names a character XML does not allow at line 1'],
    ['a control character reference', '<a>&#x1B;</a>', 'a character reference names a character XML does not allow at line 1'],
    ['a surrogate character reference', '<a>&#xD800;</a>', 'a character reference names a character XML does not allow at line 1'],
    ['a non-character reference', '<a>&#xFFFE;</a>', 'a character reference names a character XML does not allow at line 1'],
    ['a reference beyond Unicode', '<a>&#x110000;</a>', 'a character reference names a character XML does not allow at line 1'],
    ['a huge reference', '<a>&#99999999999;</a>', 'a character reference names a character XML does not allow at line 1'],
    ['a reference with an upper-case X', '<a>&#X41;</a>', 'a character reference has a character that is not a digit at line 1'],
    ['a reference without digits', '<a>&#;</a>', 'a character reference has no digits at line 1'],
    ['the sequence ]]> in text', '<a>x]]>y</a>', 'the text contains the sequence ]]> (allowed only to end a CDATA section) at line 1'],
    // Tags and attributes
    ['a raw less-than sign in text', '<a>1 < 2</a>', 'a tag contains a raw less-than sign at line 1'],
    ['a raw less-than sign in an attribute', '<a b="1 < 2"/>', 'an attribute value contains a raw less-than sign at line 1'],
    ['a space after the less-than sign', '< a/>', 'a tag does not start with a valid name at line 1'],
    ['a name starting with a digit', '<1a/>', 'a tag name is not a valid XML name at line 1'],
    ['a control character in a name', '<a\u0001/>', 'a tag name is not a valid XML name at line 1'],
    ['an unquoted attribute value', '<a b=c/>', 'an attribute value is not quoted at line 1'],
    ['an attribute without a value', '<a b/>', 'an attribute has no value at line 1'],
    ['a slash inside a tag', '<a / >', 'an attribute has no value at line 1'],
    ['attributes without space between', '<a b="1"c="2"/>', 'attributes are not separated by spaces at line 1'],
    ['an invalid attribute name', '<a 1b="1"/>', 'an attribute name is not a valid XML name at line 1'],
    ['an equals sign without a name', '<a ="1"/>', 'an attribute has no name at line 1'],
    ['equals signs alone', '<a ===/>', 'an attribute has no name at line 1'],
    ['a doubled equals sign', '<a b=="1"/>', 'an attribute has no name at line 1'],
    ['a value without a name after another', '<a b="1" ="2"/>', 'an attribute has no name at line 1'],
    ['a duplicate attribute', '<a b="1" b="2"/>', 'an attribute appears twice in a tag at line 1'],
    ['a namespace declared twice on one tag', '<a xmlns:p="urn:x" xmlns:p="urn:y"/>', 'an attribute appears twice in a tag at line 1'],
    [
      'the same attribute through two prefixes',
      '<a xmlns:p="urn:x" xmlns:q="urn:x" p:b="1" q:b="2"/>',
      'an attribute appears twice in a tag',
    ],
    ['an end tag without a start tag', '</a>', 'an end tag has no start tag at line 1'],
    ['an end tag with an attribute', '<a></a b="1">', 'an end tag has something after its name at line 1'],
    ['an end tag that only starts like the open one', '<ab></a>', 'the end tag “a” does not match the start tag “ab” at line 1'],
    ['an end tag longer than the open one', '<a></ab>', 'the end tag “ab” does not match the start tag “a” at line 1'],
    [
      'a mismatched end tag deep inside',
      '<D:multistatus xmlns:D="DAV:">\n<D:response>\n<D:propstat>\n<D:prop>\n<D:displayname>x</D:prop>\n</D:propstat>\n</D:response>\n</D:multistatus>',
      'the end tag “D:prop” does not match the start tag “D:displayname” at line 5',
    ],
    // Truncation
    ['an unclosed root', '<D:multistatus xmlns:D="DAV:">', 'the document ends before “D:multistatus” is closed at line 1'],
    [
      'a cut-off element',
      '<D:multistatus xmlns:D="DAV:"><D:response><D:href>/a/</D:href>',
      'the document ends before “D:response” is closed at line 1',
    ],
    ['a cut-off tag', '<D:multistatus xmlns:D="DAV:"><D:respo', 'the document ends inside a tag at line 1'],
    ['a cut-off end tag', '<a></a', 'the document ends inside a tag at line 1'],
    ['a cut-off attribute', '<D:multistatus xmlns:D="DAV', 'the document ends inside an attribute value at line 1'],
    ['an unterminated CDATA section', '<a><![CDATA[abc</a>', 'the document ends inside a CDATA section at line 1'],
    ['an unterminated comment', '<a><!-- abc</a>', 'the document ends inside a comment at line 1'],
    ['an unterminated processing instruction', '<a><?pi abc</a>', 'the document ends inside a processing instruction at line 1'],
    // Namespaces
    ['an unbound element prefix', '<D:multistatus/>', 'the prefix “D” is not declared'],
    [
      'an unbound prefix deep inside',
      '<D:multistatus xmlns:D="DAV:"><D:response><X:href>/a</X:href></D:response></D:multistatus>',
      'the prefix “X” is not declared',
    ],
    ['a prefix declared only on a sibling', '<a><b xmlns:X="urn:x"/><X:c/></a>', 'the prefix “X” is not declared'],
    ['an unbound attribute prefix', '<a q:x="1"/>', 'the prefix “q” is not declared'],
    ['an empty prefixed namespace declaration', '<a xmlns:p=""><p:b/></a>', 'the prefix “p” is declared with an empty namespace'],
    ['two colons in a name', '<a:b:c xmlns:a="urn:a"/>', 'the name “a:b:c” is not a valid qualified name'],
    ['a name starting with a colon', '<:a/>', 'the name “:a” is not a valid qualified name'],
    ['a name ending with a colon', '<a: xmlns:a="urn:a"/>', 'the name “a:” is not a valid qualified name'],
    ['a declaration of no prefix', '<a xmlns:="urn:a"/>', 'the name “xmlns:” is not a valid qualified name'],
    ['the xml prefix rebound', '<a xmlns:xml="urn:x"/>', 'a tag binds the xml prefix or namespace to something else'],
    [
      'the xml namespace bound to another prefix',
      '<a xmlns:x="http://www.w3.org/XML/1998/namespace"/>',
      'a tag binds the xml prefix or namespace to something else',
    ],
    ['the xmlns prefix declared', '<a xmlns:xmlns="urn:x"/>', 'a tag declares the reserved xmlns prefix or namespace'],
    [
      'the xmlns namespace declared',
      '<a xmlns:x="http://www.w3.org/2000/xmlns/"/>',
      'a tag declares the reserved xmlns prefix or namespace',
    ],
  ])('refuses %s', (_label, text, detail) => {
    expect(expectMalformed(text).message).toBe(sentence(detail));
  });

  it('cuts long names in a message', () => {
    const long = 'x'.repeat(10_000);
    const message = expectMalformed(`<${long}></y${long}>`).message;
    expect(message).toBe(sentence(`the end tag “y${'x'.repeat(39)}…” does not match the start tag “${'x'.repeat(40)}…” at line 1`));
    expect(expectMalformed(`<p${long}:a/>`).message).toBe(sentence(`the prefix “p${'x'.repeat(39)}…” is not declared`));
    expect(expectMalformed(`<a b="${'&'.repeat(10_000)}"/>`).message.length).toBeLessThan(200);
  });
});

describe('parseXml: what one tag may carry', () => {
  const attributes = (n: number, prefix = ''): string => Array.from({ length: n }, (_, i) => ` ${prefix}a${i}="${i}"`).join('');
  const declarations = (n: number): string => Array.from({ length: n }, (_, i) => ` xmlns:p${i}="urn:${i}"`).join('');

  it('accepts 1,000 attributes and 1,000 namespace declarations on one tag', () => {
    const root = parseXml(`<p0:r${declarations(1000)}${attributes(1000, 'p1:')}><p999:c${attributes(1000)}/></p0:r>`);
    expect(root.ns).toBe('urn:0');
    expect(Object.keys(root.attrs)).toHaveLength(1000);
    expect(root.attrs['p1:a999']).toBe('999');
    expect(root.children[0]).toMatchObject({ ns: 'urn:999', name: 'c' });
    expect(Object.keys(root.children[0]!.attrs)).toHaveLength(1000);
  });

  it('refuses the 1,001st attribute, on the line of its tag', () => {
    expect(expectMalformed(`<r>\n<e${attributes(1001)}/></r>`).message).toBe(sentence('a tag has more than 1,000 attributes at line 2'));
    expect(expectMalformed(`<r xmlns:p="urn:p"${attributes(1001, 'p:')}/>`).message).toBe(
      sentence('a tag has more than 1,000 attributes at line 1'),
    );
  });

  it('refuses the 1,001st namespace declaration (xmlns counts, xmlnsx is an attribute)', () => {
    expect(expectMalformed(`<r${declarations(1000)} xmlns="urn:d"/>`).message).toBe(
      sentence('a tag declares more than 1,000 namespaces at line 1'),
    );
    expect(parseXml(`<r${declarations(1000)} xmlnsx="1"/>`).attrs.xmlnsx).toBe('1');
  });

  it('counts per tag: many tags at the bound are fine', () => {
    const root = parseXml(`<r>${`<e${declarations(1000)}${attributes(1000)}/>`.repeat(20)}</r>`);
    expect(root.children).toHaveLength(20);
  });
});

describe('parseXml: what one document may carry', () => {
  it('accepts 1,000,000 elements and refuses the next one, before building anything', { timeout: 60_000 }, () => {
    const root = parseXml(`<r>${'<a/>'.repeat(999_999)}</r>`);
    expect(root.children).toHaveLength(999_999);
    expect(expectMalformed(`<r>${'<a/>'.repeat(1_000_000)}</r>`).message).toBe(
      sentence('it has more than 1,000,000 elements, more than Sharedeck reads in one answer'),
    );
  });
});

describe('parseXml: what it accepts', () => {
  it('every XML body of the recorded traces, requests and responses', () => {
    const bodies = [
      ...readdirSync(join(FIXTURES_DIR, 'cyrus-3.6'))
        .filter((f) => f.endsWith('.txt') && f !== 'README.txt')
        .map((f) => loadCyrus(f.slice(0, -4))),
      ...readdirSync(join(FIXTURES_DIR, 'sabre-4.7'))
        .filter((f) => f.endsWith('.req'))
        .map((f) => loadSabre(f.slice(0, -4))),
    ].flatMap((f) => [f.request.body, f.response.body].filter((b) => b.trimStart().startsWith('<')));
    expect(bodies.length).toBeGreaterThanOrEqual(60);
    for (const body of bodies) expect(parseXml(body).name).not.toBe('');
  });

  it('the XML declaration with encoding and standalone, single quotes, a BOM, comments and instructions around the root', () => {
    expect(parseXml('\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>').name).toBe('a');
    expect(parseXml("<?xml version='1.0'   encoding='utf-8' ?>\n\n<a/>").name).toBe('a');
    const root = parseXml(
      '<?xml version="1.0"?><!-- before --><?pi before?>\n<a>x<?target data > with gt?>y<!---->z</a><!-- after --><?pi after?>\n',
    );
    expect(root.text).toBe('xyz');
  });

  it('names beyond ASCII, with digits, dots, hyphens and underscores', () => {
    const root = parseXml(
      '<résumé xmlns:日本="urn:jp" xmlns:x_1.y-2="urn:x"><日本:名前 属性="値">テキスト</日本:名前><x_1.y-2:e.f-g_1/><_/></résumé>',
    );
    expect(root.children.map((c) => [c.ns, c.name, c.text])).toEqual([
      ['urn:jp', '名前', 'テキスト'],
      ['urn:x', 'e.f-g_1', ''],
      ['', '_', ''],
    ]);
    expect(root.children[0]!.attrs['属性']).toBe('値');
  });

  it('line ends: CR LF and a lone CR are LF in text and CDATA; a CR written as a reference stays', () => {
    const root = parseXml('<a>one\r\ntwo\rthree<![CDATA[\r\nfour\r]]>&#13;&#xD;\r\n<b>x\r</b></a>');
    expect(root.text).toBe('one\ntwo\nthree\nfour\n\r\r\n');
    expect(root.children[0]!.text).toBe('x\n');
  });

  it('attribute values with references, either quote, spaces around =, and > inside', () => {
    const root = parseXml('<a v="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;" sq=\'a "q" b\' dq="it\'s" two = "2" gt="a>b"/>');
    expect({ ...root.attrs }).toEqual({ v: '<>&"\'AB😀', sq: 'a "q" b', dq: "it's", two: '2', gt: 'a>b' });
  });

  it('attribute values: tabs and line ends are spaces, but not those written as references', () => {
    const root = parseXml('<a xmlns:x="urn:a\tb" b="one\ttwo\r\nthree\nfour\rfive" c="&#9;&#10;&#13;" d="x&amp;\ny"><x:e/></a>');
    expect({ ...root.attrs }).toEqual({ b: 'one two three four five', c: '\t\n\r', d: 'x& y' });
    expect(root.children[0]!.ns).toBe('urn:a b');
  });

  it('raw characters are left alone (only character references are checked)', () => {
    expect(parseXml('<a>\u0001\uFFFF</a>').text).toBe('\u0001\uFFFF');
  });

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
  'p:',
  '\r',
  '<?x ?>',
];

describe('parseXml: mutated documents', () => {
  it('either parse or end in the malformed sentence, never another error', () => {
    const sources = [loadCyrus('11').response.body, loadCyrus('12').response.body, loadSabre('010').response.body];
    const random = prng(0x5eed);
    let accepted = 0;
    let refused = 0;
    for (const source of sources) {
      for (let i = 0; i < 300; i++) {
        let text = source;
        for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
          const at = Math.floor(random() * text.length);
          const piece = PIECES[Math.floor(random() * PIECES.length)]!;
          text =
            random() < 0.5 ? text.slice(0, at) + piece + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
        }
        try {
          parseXml(text);
          accepted++;
        } catch (e) {
          expect(e, JSON.stringify(text.slice(0, 300))).toBeInstanceOf(SharedeckError);
          expect((e as SharedeckError).code).toBe('malformed');
          expect((e as Error).message).toMatch(/^The server sent an answer that is not valid WebDAV XML \([^<]+\)\.$/);
          refused++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});

describe('parseXml: names that are also JavaScript object keys', () => {
  const names = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

  it('parses elements with those names, in and out of a namespace', () => {
    const body = names.map((n) => `<${n}>${n}-text</${n}><D:${n}/>`).join('');
    const root = parseXml(
      `<__proto__ xmlns:D="DAV:">${body}<constructor><prototype><toString polluted="yes"/></prototype></constructor></__proto__>`,
    );
    expect(root.name).toBe('__proto__');
    expect(root.children.map((c) => `${c.ns}|${c.name}|${c.text}`)).toEqual([
      ...names.flatMap((n) => [`|${n}|${n}-text`, `DAV:|${n}|`]),
      '|constructor|',
    ]);
    expect(root.children.at(-1)!.children[0]!.children[0]!.attrs.polluted).toBe('yes');
  });

  it('parses attributes and prefixes with those names into plain own properties', () => {
    const root = parseXml(
      '<a __proto__="p" constructor="c" prototype="t" toString="s" polluted="x" xmlns:__proto__="urn:proto" xmlns:constructor="urn:ctor"><__proto__:b/><constructor:c/></a>',
    );
    expect(Object.keys(root.attrs).sort()).toEqual(['__proto__', 'constructor', 'polluted', 'prototype', 'toString']);
    expect(Object.getOwnPropertyDescriptor(root.attrs, '__proto__')?.value).toBe('p');
    expect(Object.getOwnPropertyDescriptor(root.attrs, 'toString')?.value).toBe('s');
    expect(root.children.map((c) => [c.ns, c.name])).toEqual([
      ['urn:proto', 'b'],
      ['urn:ctor', 'c'],
    ]);
  });

  it('leaves Object.prototype untouched', () => {
    parseXml('<__proto__><polluted>yes</polluted><constructor><prototype><polluted>yes</polluted></prototype></constructor></__proto__>');
    parseXml('<a __proto__="x" polluted="yes"><b constructor="y"/></a>');
    const plain = {} as Record<string, unknown>;
    expect(plain.polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(typeof plain.toString).toBe('function');
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect({}.constructor).toBe(Object);
  });
});

describe('parseXml: size', () => {
  it('parses a 20 MB well-formed multistatus', { timeout: 120_000 }, () => {
    const response =
      '<D:response><D:href>/dav/calendars/user/alice/c/</D:href><D:propstat><D:prop><D:displayname>A &amp; B</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>';
    const count = Math.ceil(20_000_000 / response.length);
    const text = `<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">${response.repeat(count)}</D:multistatus>`;
    expect(text.length).toBeGreaterThanOrEqual(20_000_000);
    const root = parseXml(text);
    expect(root.children).toHaveLength(count);
    const last = root.children[count - 1]!;
    expect(hrefOf(last)).toBe('/dav/calendars/user/alice/c/');
    expect(textOf(child(child(child(last, D, 'propstat'), D, 'prop'), D, 'displayname'))).toBe('A & B');
  });

  it('parses a text node of 20 MB', { timeout: 120_000 }, () => {
    const big = 'x'.repeat(20_000_000);
    const root = parseXml(`<D:comment xmlns:D="DAV:">${big}</D:comment>`);
    expect(root.text.length).toBe(20_000_000);
    expect(root.text === big).toBe(true);
  });
});

describe('buildXml', () => {
  it('writes the declaration, the root with its namespace and self-closing empty elements', () => {
    expect(buildXml(el(D, 'propfind', [el(D, 'prop', [el(D, 'displayname')])]))).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<D:propfind xmlns:D="DAV:"><D:prop><D:displayname/></D:prop></D:propfind>',
    );
  });

  it('escapes & < > in text, and " as well in attributes', () => {
    expect(buildXml(el(D, 'comment', ['Tom & Jerry <3 >_< "quoted" \'single\'']))).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<D:comment xmlns:D="DAV:">Tom &amp; Jerry &lt;3 &gt;_&lt; "quoted" \'single\'</D:comment>',
    );
    expect(buildXml(el(NS.CALDAV, 'comp', [], { name: 'a"b & <c>' }))).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<C:comp xmlns:C="urn:ietf:params:xml:ns:caldav" name="a&quot;b &amp; &lt;c&gt;"/>',
    );
    expect(escapeText('&amp;')).toBe('&amp;amp;');
  });

  it('what it escapes parses back to the original text', () => {
    const nasty = '& &amp; < > " \' ]]> <!DOCTYPE x> é 😀';
    const root = parseXml(buildXml(el(D, 'comment', [nasty], { title: nasty })));
    expect(root.text).toBe(nasty);
    expect(root.attrs.title).toBe(nasty);
  });

  it('declares every namespace once on the root, in order of first use (depth first)', () => {
    const doc = buildXml(
      el(CS, 'share', [
        el(CS, 'set', [el(D, 'href', ['mailto:a@b']), el(NS.CALDAV, 'x'), el(NS.OC, 'y')]),
        el(NS.CARDDAV, 'z'),
        el(D, 'w'),
      ]),
    );
    expect(doc).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<CS:share xmlns:CS="http://calendarserver.org/ns/" xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:OC="http://owncloud.org/ns" xmlns:CR="urn:ietf:params:xml:ns:carddav">' +
        '<CS:set><D:href>mailto:a@b</D:href><C:x/><OC:y/></CS:set><CR:z/><D:w/></CS:share>',
    );
  });

  it('uses the conventional prefixes for known namespaces', () => {
    const doc = buildXml(el(D, 'r', [el(NS.NC, 'a'), el(NS.APPLE, 'b')]));
    expect(doc).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<D:r xmlns:D="DAV:" xmlns:NC="http://nextcloud.com/ns" xmlns:A="http://apple.com/ns/ical/"><NC:a/><A:b/></D:r>',
    );
  });

  it('gives unknown namespaces generated prefixes that never collide', () => {
    const doc = buildXml(el('urn:one', 'a', [el(D, 'b'), el('urn:two', 'c', [el('urn:one', 'd')]), el('urn:x&"y', 'e')]));
    expect(doc).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        '<x0:a xmlns:x0="urn:one" xmlns:D="DAV:" xmlns:x2="urn:two" xmlns:x3="urn:x&amp;&quot;y"><D:b/><x2:c><x0:d/></x2:c><x3:e/></x0:a>',
    );
    const root = parseXml(doc);
    expect(root.ns).toBe('urn:one');
    expect(root.children.map((c) => c.ns)).toEqual([D, 'urn:two', 'urn:x&"y']);
    expect(root.children[1]!.children[0]!.ns).toBe('urn:one');
  });

  it('el() drops false, undefined and null children, keeps empty strings and attributes', () => {
    expect(el(D, 'a', [false, undefined, null, 'x', el(D, 'b')])).toEqual({
      ns: D,
      name: 'a',
      children: ['x', { ns: D, name: 'b', children: [] }],
    });
    expect(el(D, 'a', [], { k: 'v' })).toEqual({ ns: D, name: 'a', attrs: { k: 'v' }, children: [] });
    // An element whose only child is an empty string is written open/close, not self-closed.
    expect(buildXml(el(D, 'comment', ['']))).toBe('<?xml version="1.0" encoding="utf-8"?>\n<D:comment xmlns:D="DAV:"></D:comment>');
  });

  it('round-trips: building then parsing gives the same (namespace, name, text) tree', () => {
    const node = el(D, 'share-resource', [
      el(D, 'sharee', [
        el(D, 'href', ['mailto:bob@example.com']),
        el(D, 'prop', [el(D, 'displayname', ['Bob'])]),
        el(D, 'share-access', [el(D, 'read')]),
      ]),
    ]);
    expect(tree(parseXml(buildXml(node)))).toEqual({
      ns: D,
      name: 'share-resource',
      text: '',
      attrs: {},
      children: [
        {
          ns: D,
          name: 'sharee',
          text: '',
          attrs: {},
          children: [
            { ns: D, name: 'href', text: 'mailto:bob@example.com', attrs: {}, children: [] },
            { ns: D, name: 'prop', text: '', attrs: {}, children: [{ ns: D, name: 'displayname', text: 'Bob', attrs: {}, children: [] }] },
            { ns: D, name: 'share-access', text: '', attrs: {}, children: [{ ns: D, name: 'read', text: '', attrs: {}, children: [] }] },
          ],
        },
      ],
    });
  });
});
