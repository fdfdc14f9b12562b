// What the desktop window may load, run and open. Pure functions (no 'electron' import), so the
// rules are unit-tested and main.ts / ipc.ts only apply them.
//
// The renderer is served from a custom `app://sharedeck/` scheme (registered as standard and
// secure in main.ts) instead of file://: the page gets a real origin of its own, it cannot read
// other files on disk through relative URLs, and its responses carry our headers (CSP, nosniff).

import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeFor } from '../service/renderer-content';

export const APP_SCHEME = 'app';
export const APP_HOST = 'sharedeck';
/** Where the window starts. */
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for a URL of our app: app://sharedeck/..., or (development only) the Vite dev server's origin. */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && !parsed.username && !parsed.password) return true;
  if (devServerUrl) {
    try {
      const dev = new URL(devServerUrl);
      return (dev.protocol === 'http:' || dev.protocol === 'https:') && parsed.origin === dev.origin;
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * The file under `root` that an app:// URL names, or undefined when the URL is not ours or would
 * leave `root` (`..`, encoded separators, NUL bytes). `/` means `/index.html`.
 */
export function resolveAppFile(url: string, root: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const file = normalize(join(root, path));
  const rel = relative(root, file);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return file;
}

/** Headers of every response the app:// handler sends. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(file),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

/**
 * The one web permission the app's own page gets: writing text to the clipboard
 * (navigator.clipboard.writeText, e.g. "Copy link" of a published calendar), which Chromium only
 * allows during a user gesture. Everything else (clipboard reads, camera, notifications, ...) and
 * every other page or subframe is refused.
 */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  isMainFrame: boolean,
  isTrusted: (url: string) => boolean,
): boolean {
  return permission === 'clipboard-sanitized-write' && isMainFrame && requestingUrl !== undefined && isTrusted(requestingUrl);
}

/**
 * The http(s) URL to hand to the system browser, or undefined: only http and https, no user name
 * or password in it, and of a sane length. Everything else (file:, javascript:, smb:, custom
 * schemes that start other programs) is refused.
 */
export function safeExternalUrl(url: string): string | undefined {
  if (typeof url !== 'string' || url.length > 2048) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.username || parsed.password || !parsed.hostname) return undefined;
  return parsed.href;
}

/**
 * Whether a download the page started may go ahead: only a file the app made itself (the People
 * view's export, a blob: URL of the app's own origin), never a link or a redirect to a file
 * elsewhere. Electron then shows the system's save dialog.
 */
export function isAppDownload(url: string, isTrusted: (url: string) => boolean): boolean {
  if (typeof url !== 'string' || url.length > 2048 || !url.startsWith('blob:')) return false;
  return isTrusted(url.slice('blob:'.length));
}

/**
 * The name the save dialog offers: the page's suggestion as a plain file name (no folders, no
 * control or bidi characters, which could disguise its extension), else a default.
 */
export function downloadName(suggested: string): string {
  const name = (typeof suggested === 'string' ? suggested : '')
    // eslint-disable-next-line no-control-regex -- control characters are what must not reach a file name
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069/\\:*?"<>|]/g, '')
    .trim();
  return name === '' || name.startsWith('.') || name.length > 120 ? 'sharedeck-export' : name;
}
