// Which servers an account's password may go to: the origin its DAV root was discovered on, and
// the origins the person allowed for this account (some services hand out other hosts, e.g.
// iCloud's pNN-caldav.icloud.com). Every URL a server names — hrefs, Location headers, redirects —
// is checked here before anything is sent to it; https never steps down to http, allowed or not.

import { SharedeckError } from '../../shared/errors';

/** `https://host:port` of a URL or origin someone typed; throws invalid-input when it is not one. */
export function normaliseOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new SharedeckError(
      'invalid-input',
      `“${text.slice(0, 100)}” is not a server address. Give it as https://host (with :port if needed).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SharedeckError('invalid-input', 'A server to allow must start with https:// or http://.');
  }
  if (url.username || url.password) {
    throw new SharedeckError('invalid-input', 'A server to allow cannot contain a user name or password.');
  }
  return url.origin;
}

/** How to name another server beside the account's: host[:port], or the whole origin where the two differ only in scheme. */
export function labels(url: URL, home: URL): { other: string; own: string } {
  return url.host === home.host ? { other: url.origin, own: home.origin } : { other: url.host, own: home.host };
}

/** The sentence for a URL on an origin the account does not trust. */
export function untrustedOriginError(url: URL, home: URL): SharedeckError {
  const { other, own } = labels(url, home);
  if (home.protocol === 'https:' && url.protocol === 'http:') {
    return new SharedeckError(
      'untrusted-origin',
      `The address is on ${url.origin}, an unencrypted connection, while this account’s server ${own} uses https, so Sharedeck did not send your password there: it never steps down from https to http.`,
    );
  }
  return new SharedeckError(
    'untrusted-origin',
    `The address is on ${other}, which is not this account’s server (${own}), so Sharedeck did not send your password there. Allow ${other} for this account only if you trust it.`,
    { origin: url.origin },
  );
}

export class OriginPolicy {
  private homeUrl: URL;
  private readonly approved: ReadonlySet<string>;

  /** `home`: any URL on the account's own origin. `approved`: origins the person allowed. */
  constructor(home: string, approved: readonly string[] = []) {
    this.homeUrl = new URL(new URL(home).origin);
    this.approved = new Set(approved.map(normaliseOrigin));
  }

  get home(): string {
    return this.homeUrl.origin;
  }

  /** RFC 6764: the well-known address of the server the person named may move the account elsewhere. */
  moveHome(url: string): void {
    const target = new URL(url);
    if (this.homeUrl.protocol === 'https:' && target.protocol !== 'https:') throw untrustedOriginError(target, this.homeUrl);
    this.homeUrl = new URL(target.origin);
  }

  /** Why credentials may not go to `url`, or undefined when they may. */
  refusal(url: URL): SharedeckError | undefined {
    if (url.origin === this.homeUrl.origin) return undefined;
    const downgrade = this.homeUrl.protocol === 'https:' && url.protocol === 'http:';
    if (!downgrade && this.approved.has(url.origin)) return undefined;
    return untrustedOriginError(url, this.homeUrl);
  }

  trusts(url: string): boolean {
    try {
      return this.refusal(new URL(url)) === undefined;
    } catch {
      return false;
    }
  }
}
