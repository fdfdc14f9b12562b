import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { basicAuthorization, chooseChallenge, digestAuthorization, digestState, parseChallenges } from '../../electron/dav/auth';

/** Independent parser for the Authorization header the client builds. */
function authParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^Digest /, '').matchAll(/([\w*]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    out[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return out;
}

describe('parseChallenges', () => {
  it('splits comma-joined challenges and keeps commas inside quoted strings', () => {
    const chs = parseChallenges(
      'Basic realm="Cyrus, the server", charset="UTF-8", Digest realm="a,b", nonce="n=1,2", qop="auth,auth-int", algorithm=MD5',
    );
    expect(chs).toEqual([
      { scheme: 'basic', params: { realm: 'Cyrus, the server', charset: 'UTF-8' } },
      { scheme: 'digest', params: { realm: 'a,b', nonce: 'n=1,2', qop: 'auth,auth-int', algorithm: 'MD5' } },
    ]);
  });

  it('unescapes quoted-pair, lowercases names, tolerates spaces around = and stray commas', () => {
    const chs = parseChallenges(' ,DIGEST Realm = "say \\"hi\\" \\\\ there" ,, stale=TRUE , NONCE="x"');
    expect(chs).toEqual([{ scheme: 'digest', params: { realm: 'say "hi" \\ there', stale: 'TRUE', nonce: 'x' } }]);
  });

  it('reads token68 and bare schemes among others', () => {
    const chs = parseChallenges(
      'Negotiate, NTLM TlRMTVNTUAACAAAADAAMADgAAAAFgomi==, Bearer realm="api", error="invalid_token", Basic realm="x"',
    );
    expect(chs.map((c) => c.scheme)).toEqual(['negotiate', 'ntlm', 'bearer', 'basic']);
    expect(chs[1]!.token68).toBe('TlRMTVNTUAACAAAADAAMADgAAAAFgomi==');
    expect(chs[2]!.params).toEqual({ realm: 'api', error: 'invalid_token' });
  });

  it('returns nothing for empty input and survives garbage', () => {
    expect(parseChallenges(null)).toEqual([]);
    expect(parseChallenges('')).toEqual([]);
    expect(() => parseChallenges('="x", "unterminated')).not.toThrow();
    expect(parseChallenges('Basic realm="unterminated')).toEqual([{ scheme: 'basic', params: { realm: 'unterminated' } }]);
  });
});

describe('digest', () => {
  // RFC 7616 §3.9.1
  const rfc7616 = (algorithm: string) =>
    parseChallenges(
      `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`,
    )[0]!;
  const mufasa = { username: 'Mufasa', password: 'Circle of Life' };

  it.each([
    ['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
    ['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
  ])('matches the RFC 7616 example for %s', (algorithm, response) => {
    const state = digestState(rfc7616(algorithm), 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ')!;
    const p = authParams(digestAuthorization(state, mufasa, 'GET', '/dir/index.html'));
    expect(p).toEqual({
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      uri: '/dir/index.html',
      algorithm,
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      nc: '00000001',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
      qop: 'auth',
      response,
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
    });
  });

  it('matches the RFC 2617 example (no algorithm parameter means MD5)', () => {
    const ch = parseChallenges(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    )[0]!;
    const state = digestState(ch, '0a4f113b')!;
    const header = digestAuthorization(state, { username: 'Mufasa', password: 'Circle Of Life' }, 'GET', '/dir/index.html');
    expect(authParams(header).response).toBe('6629fae49393a05397450978507c4ef1');
    expect(header).not.toContain('algorithm=');
  });

  it('counts nc per nonce and keeps the cnonce', () => {
    const state = digestState(rfc7616('MD5'))!;
    const a = authParams(digestAuthorization(state, mufasa, 'PROPFIND', '/a'));
    const b = authParams(digestAuthorization(state, mufasa, 'PROPFIND', '/a'));
    expect([a.nc, b.nc]).toEqual(['00000001', '00000002']);
    expect(a.cnonce).toMatch(/^[0-9a-f]{32}$/);
    expect(b.cnonce).toBe(a.cnonce);
    expect(b.response).not.toBe(a.response);
  });

  it('computes -sess, auth-int, legacy no-qop and userhash responses', () => {
    const H = (alg: string, s: string) => createHash(alg).update(s).digest('hex');
    const creds = { username: 'bob', password: 'pw' };

    const sess = digestState(parseChallenges('Digest realm="r", nonce="n", qop="auth", algorithm=SHA-256-sess')[0]!, 'c')!;
    const ha1 = H('sha256', `${H('sha256', 'bob:r:pw')}:n:c`);
    expect(authParams(digestAuthorization(sess, creds, 'GET', '/x')).response).toBe(
      H('sha256', `${ha1}:n:00000001:c:auth:${H('sha256', 'GET:/x')}`),
    );

    const int = digestState(parseChallenges('Digest realm="r", nonce="n", qop="auth-int"')[0]!, 'c')!;
    const p = authParams(digestAuthorization(int, creds, 'POST', '/x', 'body'));
    expect(p.qop).toBe('auth-int');
    expect(p.response).toBe(H('md5', `${H('md5', 'bob:r:pw')}:n:00000001:c:auth-int:${H('md5', `POST:/x:${H('md5', 'body')}`)}`));

    const legacy = digestState(parseChallenges('Digest realm="r", nonce="n"')[0]!)!;
    const l = authParams(digestAuthorization(legacy, creds, 'GET', '/x'));
    expect(l.response).toBe(H('md5', `${H('md5', 'bob:r:pw')}:n:${H('md5', 'GET:/x')}`));
    expect(l.nc).toBeUndefined();

    const uh = digestState(parseChallenges('Digest realm="r", nonce="n", qop="auth", userhash=true')[0]!)!;
    const u = authParams(digestAuthorization(uh, creds, 'GET', '/x'));
    expect(u.username).toBe(H('md5', 'bob:r'));
    expect(u.userhash).toBe('true');
  });

  it('sends a non-ASCII user name as username* and escapes quotes', () => {
    const state = digestState(parseChallenges('Digest realm="r", nonce="n", qop="auth"')[0]!)!;
    expect(digestAuthorization(state, { username: 'Jäsøn Doe', password: 'x' }, 'GET', '/')).toContain(
      "username*=UTF-8''J%C3%A4s%C3%B8n%20Doe",
    );
    expect(digestAuthorization(state, { username: 'a"b', password: 'x' }, 'GET', '/')).toContain('username="a\\"b"');
  });

  it('rejects what it cannot compute', () => {
    const one = (v: string) => digestState(parseChallenges(v)[0]!);
    expect(one('Digest realm="r", nonce="n", algorithm=SHA-1')).toBeUndefined();
    expect(one('Digest realm="r", nonce="n", qop="auth-conf"')).toBeUndefined();
    expect(one('Digest realm="r", qop="auth"')).toBeUndefined();
    expect(one('Digest realm="r", nonce="n", algorithm=MD5-sess')).toBeUndefined(); // -sess needs qop
    expect(one('Basic realm="r"')).toBeUndefined();
  });
});

describe('chooseChallenge', () => {
  it('prefers Digest over Basic and the strongest algorithm offered', () => {
    const c = chooseChallenge(
      parseChallenges(
        'Basic realm="r", Digest realm="r", nonce="a", algorithm=MD5, Digest realm="r", nonce="b", algorithm=SHA-256, qop="auth"',
      ),
    );
    expect(c?.scheme).toBe('digest');
    expect(c?.scheme === 'digest' && c.digest.nonce).toBe('b');
  });

  it('falls back to Basic, reports stale, and gives up on unknown schemes', () => {
    expect(chooseChallenge(parseChallenges('Digest realm="r", nonce="n", algorithm=SHA-1, Basic realm="r"'))).toEqual({ scheme: 'basic' });
    const stale = chooseChallenge(parseChallenges('Digest realm="r", nonce="n", stale=true'));
    expect(stale?.scheme === 'digest' && stale.stale).toBe(true);
    expect(chooseChallenge(parseChallenges('Negotiate, Bearer realm="x"'))).toBeUndefined();
  });

  it('builds Basic from UTF-8 bytes', () => {
    expect(basicAuthorization({ username: 'zoë', password: 'p:w' })).toBe(`Basic ${Buffer.from('zoë:p:w').toString('base64')}`);
  });
});
