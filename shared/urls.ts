// URL comparisons that both the engine and the UI need.

/** Normalises a collection URL for comparison: host case, percent-encoding and trailing slash. */
export function collectionKey(url: string): string {
  try {
    const u = new URL(url);
    let path = u.pathname;
    try {
      path = decodeURIComponent(path);
    } catch {
      // keep the raw path when it is not valid percent-encoding
    }
    if (!path.endsWith('/')) path += '/';
    return `${u.protocol}//${u.host.toLowerCase()}${path}`;
  } catch {
    return url;
  }
}

export function sameCollection(a: string, b: string): boolean {
  return collectionKey(a) === collectionKey(b);
}
