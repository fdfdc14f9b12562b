// URL comparisons that both the engine and the UI need.

/** Normalises a collection URL for comparison: host case, percent-encoding and trailing slash. */
export function collectionKey(url: string): string {
  try {
    const u = new URL(url);
    let path = safeDecode(u.pathname);
    if (!path.endsWith('/')) path += '/';
    return `${u.protocol}//${u.host.toLowerCase()}${path}`;
  } catch {
    return url;
  }
}

export function sameCollection(a: string, b: string): boolean {
  return collectionKey(a) === collectionKey(b);
}

/**
 * A principal URL in one comparable form: its origin and decoded path, without the trailing slash
 * (servers list the same principal with and without it); undefined for what is no http(s) URL.
 */
export function principalUrlKey(url: string): string | undefined {
  const text = url.trim();
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    const u = new URL(text);
    return `${u.origin}${safeDecode(u.pathname).replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * The last segment of a URL's or a path's path, decoded (safeDecode); undefined when the path has
 * none. What a collection is called when it has no name, what a principal's id is.
 */
export function lastSegment(urlOrPath: string): string | undefined {
  let path = urlOrPath;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      // not a URL after all: read it as a path
    }
  }
  const segments = path
    .replace(/[?#].*$/s, '')
    .split('/')
    .filter(Boolean);
  const last = segments[segments.length - 1];
  return last === undefined ? undefined : safeDecode(last);
}

/**
 * Percent-decoding that never throws: each escape sequence that spells valid UTF-8 is decoded,
 * every other one (a lone %E0, a truncated sequence) stays as written. The one decoder for
 * names and paths a server sends: `decodeURIComponent` throws on what any server may send.
 */
export function safeDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, decodeRun);
}

function decodeRun(run: string): string {
  const count = run.length / 3;
  const byte = (i: number): number => parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16);
  let out = '';
  for (let i = 0; i < count;) {
    const b = byte(i);
    // The length of a UTF-8 sequence by its lead byte; 0 for a byte that cannot start one.
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length > 0 && i + length <= count) {
      try {
        out += decodeURIComponent(run.slice(i * 3, (i + length) * 3));
        i += length;
        continue;
      } catch {
        // not UTF-8 (a bad continuation byte, an overlong form, a surrogate): keep this byte's escape
      }
    }
    out += run.slice(i * 3, i * 3 + 3);
    i++;
  }
  return out;
}

/** The path of a URL for people to read: each segment decoded (safeDecode), a decoded "/" kept as %2F. */
export function displayPath(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return url;
  }
  return path
    .split('/')
    .map((segment) => safeDecode(segment).replaceAll('/', '%2F'))
    .join('/');
}
