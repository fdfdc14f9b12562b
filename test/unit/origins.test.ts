// Which origins an account's password may go to (electron/dav/origins.ts): the account's own,
// the ones the person allowed, never from https down to http; and the sentences of each refusal.
import { describe, expect, it } from 'vitest';
import { OriginPolicy, normaliseOrigin } from '../../electron/dav/origins';
import { SharedeckError } from '../../shared/errors';

describe('normaliseOrigin', () => {
  it.each([
    ['https://p42-caldav.icloud.com', 'https://p42-caldav.icloud.com'],
    ['  https://P42-CalDAV.iCloud.com:443/some/path?q#f ', 'https://p42-caldav.icloud.com'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
  ])('%j is the origin %j', (text, origin) => {
    expect(normaliseOrigin(text)).toBe(origin);
  });

  it.each([
    ['p42-caldav.icloud.com', '“p42-caldav.icloud.com” is not a server address. Give it as https://host (with :port if needed).'],
    ['ftp://files.example.com', 'A server to allow must start with https:// or http://.'],
    ['https://me:secret@example.com', 'A server to allow cannot contain a user name or password.'],
  ])('refuses %j: %s', (text, message) => {
    expect(() => normaliseOrigin(text)).toThrow(new SharedeckError('invalid-input', message));
    try {
      normaliseOrigin(text);
    } catch (e) {
      expect((e as SharedeckError).code).toBe('invalid-input');
      expect((e as SharedeckError).message).not.toContain('secret');
    }
  });
});

describe('OriginPolicy', () => {
  const policy = () => new OriginPolicy('https://dav.example.com/dav/', ['https://p42.example.net/', 'http://legacy.example.org']);

  it('allows the account’s origin and the allowed ones, whatever the path', () => {
    const p = policy();
    expect(p.home).toBe('https://dav.example.com');
    expect(p.trusts('https://dav.example.com/anything/else')).toBe(true);
    expect(p.trusts('https://p42.example.net/dav/calendars/')).toBe(true);
    expect(p.trusts('https://dav.example.com:8443/')).toBe(false);
    expect(p.trusts('https://evil.example/')).toBe(false);
    expect(p.trusts('not a url')).toBe(false);
  });

  it('refuses an allowed http origin for an https account: never a step down', () => {
    const refusal = policy().refusal(new URL('http://legacy.example.org/dav/'));
    expect(refusal?.code).toBe('untrusted-origin');
    expect(refusal?.origin).toBeUndefined();
    expect(refusal?.message).toBe(
      'The address is on http://legacy.example.org, an unencrypted connection, while this account’s server dav.example.com uses https, so Sharedeck did not send your password there: it never steps down from https to http.',
    );
  });

  it('names the other host and the account’s host, and carries the origin to allow', () => {
    const refusal = policy().refusal(new URL('https://evil.example:444/x'));
    expect(refusal?.toJSON()).toEqual({
      code: 'untrusted-origin',
      message:
        'The address is on evil.example:444, which is not this account’s server (dav.example.com), so Sharedeck did not send your password there. Allow evil.example:444 for this account only if you trust it.',
      origin: 'https://evil.example:444',
    });
  });

  it('moveHome follows the well-known step to another origin, but not down to http', () => {
    const p = policy();
    p.moveHome('https://caldav.example.com/dav/');
    expect(p.home).toBe('https://caldav.example.com');
    expect(p.trusts('https://dav.example.com/')).toBe(false);
    expect(() => {
      p.moveHome('http://caldav.example.com/');
    }).toThrow(/never steps down from https to http/);
    expect(p.home).toBe('https://caldav.example.com');
    const plain = new OriginPolicy('http://127.0.0.1:8080/');
    plain.moveHome('https://127.0.0.1:8443/');
    expect(plain.home).toBe('https://127.0.0.1:8443');
  });
});
