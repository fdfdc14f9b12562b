// electron/desktop/security-policy.ts, electron/service/renderer-content.ts and
// electron/desktop/window-state.ts: pure rules the shells apply.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, contentTypeFor } from '../../electron/service/renderer-content';
import {
  APP_START_URL,
  appResponseHeaders,
  downloadName,
  isAppDownload,
  isAppUrl,
  isPermissionAllowed,
  resolveAppFile,
  safeExternalUrl,
} from '../../electron/desktop/security-policy';
import { MIN_SIZE, restoreWindowState } from '../../electron/desktop/window-state';

const ROOT = resolve('/srv/sharedeck/out/renderer');

describe('CONTENT_SECURITY_POLICY', () => {
  it('is the policy of renderer/index.html’s meta tag', async () => {
    const html = await readFile(join(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta?.[1]).toBeDefined();
    const directives = (csp: string) =>
      csp
        .split(';')
        .map((d) => d.trim().replace(/\s+/g, ' '))
        .filter(Boolean)
        .sort();
    expect(directives(CONTENT_SECURITY_POLICY)).toEqual(directives(meta![1]!));
  });

  it('allows no inline or remote code', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|\*/);
  });

  it('goes with every app:// response, with nosniff', () => {
    expect(appResponseHeaders('/x/index.html')).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    });
    expect(contentTypeFor('/x/assets/index-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/icon.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/x/thing.exe')).toBe('application/octet-stream');
  });
});

describe('isAppUrl', () => {
  it('accepts app://sharedeck/ only', () => {
    expect(isAppUrl(APP_START_URL)).toBe(true);
    expect(isAppUrl('app://sharedeck/assets/index.js?x=1#y')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://sharedeck.evil.com/',
      'app://user:pw@sharedeck/',
      'file:///srv/sharedeck/out/renderer/index.html',
      'https://sharedeck/',
      'http://localhost:5173/',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });

  it('accepts the dev server’s origin when one is given', () => {
    expect(isAppUrl('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('file:///etc/passwd', 'file:///etc/')).toBe(false);
  });
});

describe('resolveAppFile', () => {
  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppFile('app://sharedeck/', ROOT)).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile('app://sharedeck/index.html', ROOT)).toBe(join(ROOT, 'index.html'));
    expect(resolveAppFile('app://sharedeck/assets/index-x.js?v=1#a', ROOT)).toBe(join(ROOT, 'assets/index-x.js'));
    expect(resolveAppFile('app://sharedeck/assets/', ROOT)).toBe(join(ROOT, 'assets/index.html'));
    expect(resolveAppFile('app://sharedeck/my%20icon.svg', ROOT)).toBe(join(ROOT, 'my icon.svg'));
  });

  it('never leaves the renderer folder', () => {
    for (const url of [
      'app://sharedeck/../package.json',
      'app://sharedeck/%2e%2e/%2e%2e/package.json',
      'app://sharedeck/assets/%2E%2E%2F%2E%2E%2Fmain%2Fmain.js',
      'app://sharedeck/..%2f..%2fetc/passwd',
      'app://sharedeck/..%5c..%5cwindows',
      'app://sharedeck/index.html%00.png',
      'app://sharedeck/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
      'http://sharedeck/index.html',
    ]) {
      const file = resolveAppFile(url, ROOT);
      if (file !== undefined) expect(file.startsWith(`${ROOT}/`), `${url} → ${file}`).toBe(true);
    }
    expect(resolveAppFile('app://sharedeck/%2e%2e/%2e%2e/package.json', ROOT)).toBe(join(ROOT, 'package.json'));
    expect(resolveAppFile('app://sharedeck/assets/..%2f..%2f..%2fpackage.json', ROOT)).toBeUndefined();
    expect(resolveAppFile('app://sharedeck/..%5c..%5cwindows', ROOT)).toBeUndefined();
    expect(resolveAppFile('app://sharedeck/index.html%00.png', ROOT)).toBeUndefined();
    expect(resolveAppFile('app://other/index.html', ROOT)).toBeUndefined();
  });
});

describe('isPermissionAllowed', () => {
  const trusted = (url: string) => isAppUrl(url);
  it('grants clipboard writes to the app’s main frame only', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://sharedeck/index.html', true, trusted)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://sharedeck/index.html', false, trusted)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', true, trusted)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, true, trusted)).toBe(false);
  });

  it('grants nothing else', () => {
    for (const p of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(p, 'app://sharedeck/index.html', true, trusted), p).toBe(false);
    }
  });
});

describe('safeExternalUrl', () => {
  it('lets http(s) links through', () => {
    expect(safeExternalUrl('https://example.com/path?q=1')).toBe('https://example.com/path?q=1');
    expect(safeExternalUrl('http://example.com')).toBe('http://example.com/');
  });

  it('refuses every other scheme, credentials in URLs, and junk', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://attacker/share',
      'ms-msdt:/id',
      'app://sharedeck/index.html',
      'mailto:bob@example.com',
      'https://user:pw@example.com/',
      `https://example.com/${'a'.repeat(3000)}`,
      'not a url',
    ]) {
      expect(safeExternalUrl(url), url).toBeUndefined();
    }
  });
});

describe('isAppDownload and downloadName', () => {
  const trusted = (url: string) => isAppUrl(url);

  it('lets the app’s own blob: files be saved, and nothing else', () => {
    expect(isAppDownload('blob:app://sharedeck/1b4e28ba-2fa1-11d2-883f-0016d3cca427', trusted)).toBe(true);
    for (const url of [
      'https://evil.example/report.csv',
      'blob:https://evil.example/1b4e28ba',
      'blob:app://other/1b4e28ba',
      'app://sharedeck/index.html',
      'data:text/csv,a,b',
      'file:///etc/passwd',
      `blob:app://sharedeck/${'x'.repeat(3000)}`,
    ]) {
      expect(isAppDownload(url, trusted), url).toBe(false);
    }
  });

  it('offers a plain file name: no folders, no control characters', () => {
    expect(downloadName('sharedeck-people-2026-12-02.csv')).toBe('sharedeck-people-2026-12-02.csv');
    expect(downloadName('../../.bashrc')).toBe('sharedeck-export');
    // A right-to-left override would show "report\u202evsc.exe" as "reportexe.csv".
    expect(downloadName('a/b\\c\u0007\u202eexe.csv')).toBe('abcexe.csv');
    expect(downloadName('')).toBe('sharedeck-export');
    expect(downloadName('x'.repeat(200))).toBe('sharedeck-export');
  });
});

describe('restoreWindowState', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  const second = { x: 1920, y: 0, width: 1280, height: 1024 };

  it('gives the defaults for nothing saved or junk', () => {
    expect(restoreWindowState(undefined, [display])).toEqual({ width: 1100, height: 720, maximized: false });
    expect(restoreWindowState({ width: 'big', x: null }, [display])).toEqual({ width: 1100, height: 720, maximized: false });
  });

  it('keeps a position that is on a display', () => {
    expect(restoreWindowState({ x: 100, y: 50, width: 1000, height: 700, maximized: true }, [display, second])).toEqual({
      x: 100,
      y: 50,
      width: 1000,
      height: 700,
      maximized: true,
    });
    expect(restoreWindowState({ x: 2000, y: 10, width: 1000, height: 700 }, [display, second])).toMatchObject({ x: 2000, y: 10 });
  });

  it('drops a position on a display that is gone, and pulls a half-visible window in', () => {
    expect(restoreWindowState({ x: 2000, y: 10, width: 1000, height: 700 }, [display])).not.toHaveProperty('x');
    expect(restoreWindowState({ x: -5000, y: -5000, width: 1000, height: 700 }, [display])).not.toHaveProperty('x');
    expect(restoreWindowState({ x: 1500, y: 900, width: 1000, height: 700 }, [display])).toMatchObject({ x: 920, y: 380 });
  });

  it('keeps the size between the minimum and the largest display', () => {
    expect(restoreWindowState({ width: 300, height: 200 }, [display])).toMatchObject({ width: MIN_SIZE.width, height: MIN_SIZE.height });
    expect(restoreWindowState({ width: 5000, height: 4000 }, [display, second])).toMatchObject({ width: 1920, height: 1080 });
    expect(restoreWindowState({ width: 5000, height: 4000 }, [])).toMatchObject({ width: 5000, height: 4000 });
  });
});
