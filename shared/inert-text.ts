// Text a server sent, made safe to show where markup cannot protect it. A terminal obeys control
// characters (ESC sequences clear the screen, forge lines, set the window title, make links; BEL,
// BS, CR move and erase) and every display obeys bidi controls (U+202E turns "exe.txt" into
// "txt.exe"); a name on a server may carry any of them.

/**
 * Control characters that act on a display: C0 (tab and line ends included: a name must not forge
 * a line), DEL, C1, the bidi embeddings, overrides, isolates and marks, and the line and paragraph
 * separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is what this is for
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * The text with every control character shown as a visible escape: `\x1b`, `\n`, `\u202e`. Letters
 * of every script, emoji and ordinary punctuation are untouched; a backslash is not escaped, so
 * inert(inert(s)) === inert(s). Applied to JSON text it keeps the JSON exact: JSON has no raw C0
 * control inside a string, and `\u007f`, `\u202e`, ... are the same JSON strings as the characters.
 */
export function inert(text: string): string {
  return text.replace(ACTIVE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/**
 * For plain text that holds no markup but goes next to other text (a tooltip, an accessible name, a
 * notification): the server's text with its controls shown as escapes, inside one first-strong
 * isolate (U+2068 … U+2069), so its direction cannot reorder what surrounds it.
 */
export function isolate(text: string): string {
  return `\u2068${inert(text)}\u2069`;
}
