// Who may talk to browser mode. Any web page the user visits can reach 127.0.0.1, so every request
// is checked: the Host header must name this server (against DNS rebinding), an Origin, when sent,
// must be this server's, and every API request must carry the per-launch token, which reaches the
// page only in the URL fragment this process prints.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_HEADER = 'x-sharedeck-token';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export class RequestChecks {
  /** The per-launch token: 32 random bytes, base64url. */
  readonly token = randomBytes(32).toString('base64url');
  private readonly tokenDigest = digest(this.token);
  private hosts: ReadonlySet<string> = new Set();
  private origins: ReadonlySet<string> = new Set();

  /** Once the server listens: the names it answers to, under either spelling of this machine. */
  listening(port: number): void {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  }

  hostAllowed(host: string | undefined): boolean {
    return host !== undefined && this.hosts.has(host.toLowerCase());
  }

  /** No Origin (a same-origin GET, a tool) is fine; one that is sent must be ours. */
  originAllowed(origin: string | undefined): boolean {
    return origin === undefined || this.origins.has(origin);
  }

  tokenMatches(given: string | string[] | undefined): boolean {
    if (typeof given !== 'string') return false;
    // Equal-length digests, compared in constant time: neither the token nor its length leaks.
    return timingSafeEqual(digest(given), this.tokenDigest);
  }
}
