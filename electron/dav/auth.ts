// HTTP authentication helpers for the DAV engine: WWW-Authenticate parsing, Basic and Digest
// (RFC 7616, which supersedes RFC 2617). Pure functions plus one small mutable Digest state per
// origin; nothing here logs or throws anything that could carry a credential.

import { createHash, randomBytes } from 'node:crypto';

export interface Credentials {
  username: string;
  password: string;
}

export interface Challenge {
  /** Lowercased scheme name, e.g. 'digest'. */
  scheme: string;
  /** Parameters with lowercased names; quoted-string values are unquoted. */
  params: Record<string, string>;
  token68?: string;
}

/**
 * Parses a WWW-Authenticate value (RFC 7235 §4.1). Several header lines arrive comma-joined from
 * Headers.get, so a comma may separate parameters or whole challenges, and quoted strings may
 * contain commas themselves: a word followed by '=' is a parameter, any other word starts a new
 * challenge.
 */
export function parseChallenges(value: string | null | undefined): Challenge[] {
  const out: Challenge[] = [];
  if (!value) return out;
  const s = value;
  let i = 0;
  const skipSpace = (): void => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  };
  const word = (): string => {
    const start = i;
    while (i < s.length && !/[\s,="]/.test(s[i]!)) i++;
    return s.slice(start, i);
  };
  const quoted = (): string => {
    let v = '';
    for (i++; i < s.length && s[i] !== '"'; i++) {
      if (s[i] === '\\' && i + 1 < s.length) i++;
      v += s.charAt(i);
    }
    i++; // closing quote
    return v;
  };

  let current: Challenge | undefined;
  while (i < s.length) {
    skipSpace();
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (i >= s.length) break;
    const w = word();
    if (!w) {
      // Stray '=' or quoted string out of place: skip it.
      if (s[i] === '"') quoted();
      else i++;
      continue;
    }
    const afterWord = i;
    skipSpace();
    if (s[i] !== '=' || !current) {
      current = { scheme: w.toLowerCase(), params: {} };
      out.push(current);
      i = afterWord;
      continue;
    }
    // token68 (e.g. "Negotiate abc==") ends in '=' padding directly followed by a comma or the end.
    let j = i;
    while (s[j] === '=') j++;
    const rest = s.slice(j).trimStart();
    if (
      afterWord === i &&
      Object.keys(current.params).length === 0 &&
      current.token68 === undefined &&
      (rest === '' || rest.startsWith(','))
    ) {
      current.token68 = w + s.slice(i, j);
      i = j;
      continue;
    }
    i++; // '='
    skipSpace();
    const v = s[i] === '"' ? quoted() : word();
    const name = w.toLowerCase();
    if (!(name in current.params)) current.params[name] = v;
  }
  return out;
}

const HASHES: Record<string, string> = {
  md5: 'md5',
  'sha-256': 'sha256',
  'sha-512-256': 'sha512-256',
};
// Higher is stronger; among equals the server's order wins (RFC 7616 §3.7).
const STRENGTH: Record<string, number> = { md5: 1, 'sha-256': 2, 'sha-512-256': 3 };

export interface DigestState {
  realm: string;
  nonce: string;
  opaque?: string;
  /** As the server spelled it, echoed back verbatim. */
  algorithm?: string;
  hash: string; // node:crypto name
  sess: boolean;
  qop?: 'auth' | 'auth-int';
  userhash: boolean;
  /** Requests sent with this nonce so far. */
  nc: number;
  /**
   * One client nonce per server nonce: for the -sess algorithms RFC 7616 computes HA1 once with
   * the first cnonce, and servers disagree on whether they cache it, so keeping it fixed (while nc
   * grows) satisfies both readings.
   */
  cnonce: string;
}

/** Digest state for a challenge, or undefined when its algorithm or qop is one we cannot do. */
export function digestState(ch: Challenge, cnonce = randomBytes(16).toString('hex')): DigestState | undefined {
  const p = ch.params;
  if (ch.scheme !== 'digest' || p.nonce === undefined) return undefined;
  const alg = (p.algorithm ?? 'MD5').toLowerCase();
  const sess = alg.endsWith('-sess');
  const hash = HASHES[sess ? alg.slice(0, -5) : alg];
  if (!hash) return undefined;
  let qop: DigestState['qop'];
  if (p.qop !== undefined) {
    const offered = p.qop.split(',').map((q) => q.trim().toLowerCase());
    qop = offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : undefined;
    if (!qop) return undefined;
  } else if (sess) {
    return undefined; // -sess needs a cnonce, which RFC 2069-style (no qop) exchanges cannot carry
  }
  const state: DigestState = {
    realm: p.realm ?? '',
    nonce: p.nonce,
    hash,
    sess,
    userhash: p.userhash?.toLowerCase() === 'true',
    nc: 0,
    cnonce,
  };
  if (p.algorithm !== undefined) state.algorithm = p.algorithm;
  if (qop) state.qop = qop;
  if (p.opaque !== undefined) state.opaque = p.opaque;
  return state;
}

export type AuthChoice = { scheme: 'basic' } | { scheme: 'digest'; digest: DigestState; stale: boolean };

/** Picks what to answer a 401 with: the strongest Digest challenge we support, else Basic. */
export function chooseChallenge(challenges: Challenge[]): AuthChoice | undefined {
  let best: { ch: Challenge; state: DigestState; strength: number } | undefined;
  for (const ch of challenges) {
    const state = digestState(ch);
    if (!state) continue;
    const strength = STRENGTH[(ch.params.algorithm ?? 'md5').toLowerCase().replace(/-sess$/, '')] ?? 0;
    if (!best || strength > best.strength) best = { ch, state, strength };
  }
  if (best) return { scheme: 'digest', digest: best.state, stale: best.ch.params.stale?.toLowerCase() === 'true' };
  if (challenges.some((c) => c.scheme === 'basic')) return { scheme: 'basic' };
  return undefined;
}

export function basicAuthorization(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}

const h = (alg: string, data: string | Uint8Array): string => createHash(alg).update(data).digest('hex');
const quote = (v: string): string => `"${v.replace(/["\\]/g, '\\$&')}"`;

/**
 * The Authorization value for one request; increments state.nc. `uri` is the request target
 * (path and query). `body` matters only for qop=auth-int.
 */
export function digestAuthorization(state: DigestState, c: Credentials, method: string, uri: string, body?: string | Uint8Array): string {
  state.nc++;
  const H = (data: string | Uint8Array): string => h(state.hash, data);
  const nc = state.nc.toString(16).padStart(8, '0');
  let ha1 = H(`${c.username}:${state.realm}:${c.password}`);
  if (state.sess) ha1 = H(`${ha1}:${state.nonce}:${state.cnonce}`);
  const ha2 = H(state.qop === 'auth-int' ? `${method}:${uri}:${H(body ?? '')}` : `${method}:${uri}`);
  const response = state.qop ? H(`${ha1}:${state.nonce}:${nc}:${state.cnonce}:${state.qop}:${ha2}`) : H(`${ha1}:${state.nonce}:${ha2}`);

  const parts: string[] = [];
  if (state.userhash) parts.push(`username=${quote(H(`${c.username}:${state.realm}`))}`);
  else if (/^[\x20-\x7e]*$/.test(c.username)) parts.push(`username=${quote(c.username)}`);
  else parts.push(`username*=UTF-8''${encodeRfc5987(c.username)}`); // RFC 7616 §3.4.4
  parts.push(`realm=${quote(state.realm)}`, `uri=${quote(uri)}`);
  if (state.algorithm !== undefined) parts.push(`algorithm=${state.algorithm}`);
  parts.push(`nonce=${quote(state.nonce)}`);
  if (state.qop) parts.push(`nc=${nc}`, `cnonce=${quote(state.cnonce)}`, `qop=${state.qop}`);
  parts.push(`response=${quote(response)}`);
  if (state.opaque !== undefined) parts.push(`opaque=${quote(state.opaque)}`);
  if (state.userhash) parts.push('userhash=true');
  return `Digest ${parts.join(', ')}`;
}

function encodeRfc5987(v: string): string {
  return encodeURIComponent(v).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}
