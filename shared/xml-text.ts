// Text that goes into a request body must be characters XML can carry: XML 1.0 has no way to
// write most C0 controls (not even as &#1;), U+FFFE, U+FFFF or a lone surrogate, and a server
// refuses (or worse, half-parses) a body that holds one. Where a person typed such a character it
// is refused there, with a sentence; the XML builder refuses it again as a last guard.

/** Everything outside XML 1.0's Char production (with the u flag, a lone surrogate is one code point). */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/** The first character XML cannot carry, with its place (1-based, in characters), or undefined. */
export function xmlUnsafeCharacter(text: string): { codePoint: string; position: number } | undefined {
  const m = NOT_XML.exec(text);
  if (!m) return undefined;
  const code = m[0].codePointAt(0) ?? 0;
  return { codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`, position: Array.from(text.slice(0, m.index)).length + 1 };
}

/** The text without the characters XML cannot carry: for a server's own text echoed back (a name as a summary). */
export function withoutXmlUnsafe(text: string): string {
  return text.replace(new RegExp(NOT_XML.source, 'gu'), '');
}

/** The sentence for a field that holds one, e.g. "The message contains a character (U+0007, …)". */
export function xmlUnsafeMessage(field: string, text: string): string | undefined {
  const bad = xmlUnsafeCharacter(text);
  if (!bad) return undefined;
  return `${field} contains a character that cannot be sent to the server (${bad.codePoint}, character ${bad.position}). Remove it and try again.`;
}
