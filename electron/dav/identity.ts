// Matching people across the forms servers use for them. Servers rewrite what the client sent
// (Cyrus turns /dav/principals/user/bob/ and mailto:bob@any.domain into mailto:bob@<its domain>),
// so equality of hrefs is not enough to recognise a sharee or the user.

import type { Account, Person, Sharee } from '../../shared/model';

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Normalised forms of one address: the mail address and its local part, the principal id (last path
 * segment) and the principal's path below "principals/" (which tells users/x from groups/x).
 */
export function addressKeys(address: string): { mail?: string; local?: string; principal?: string; principalPath?: string } {
  const a = address.trim();
  if (/^mailto:/i.test(a)) {
    const mail = safeDecode(a.slice(7)).toLowerCase();
    return { mail, local: mail.split('@')[0] ?? mail };
  }
  if (!a.includes(':') && a.includes('@')) {
    const mail = a.toLowerCase();
    return { mail, local: mail.split('@')[0] ?? mail };
  }
  let path = a;
  if (/^https?:\/\//i.test(a)) {
    try {
      path = new URL(a).pathname;
    } catch {
      // keep as is
    }
  }
  if (path.startsWith('principal:')) path = path.slice('principal:'.length);
  if (path.includes('principals/')) {
    const below = path.slice(path.lastIndexOf('principals/') + 'principals/'.length);
    const segments = below
      .split('/')
      .filter(Boolean)
      .map((s) => safeDecode(s).toLowerCase());
    const last = segments[segments.length - 1];
    if (last) return { principal: last, principalPath: segments.join('/') };
  }
  // A bare user id, as people type it ("bob").
  if (/^[\w.+-]+$/.test(a)) return { local: a.toLowerCase() };
  return {};
}

function isBlank(address: string): boolean {
  return /^(?:mailto:)?\s*$/i.test(address.trim());
}

/** Whether a sharee as listed by the server is the person the user named. */
export function sameAddress(requested: string, listed: string): boolean {
  // Nothing is no one: an empty address (or a bare "mailto:") never names a person.
  if (isBlank(requested) || isBlank(listed)) return false;
  if (requested === listed) return true;
  const r = addressKeys(requested);
  const l = addressKeys(listed);
  if (r.mail && l.mail) {
    // Exact mail match; or the server rewrote the domain (Cyrus ignores it).
    return r.mail === l.mail || (r.local !== '' && r.local === l.local);
  }
  // Two principal paths: the whole path below principals/ must agree (users/x is not groups/x).
  if (r.principalPath !== undefined && l.principalPath !== undefined) return r.principalPath === l.principalPath;
  const rid = r.principal ?? r.local;
  const lid = l.principal ?? l.local;
  return rid !== undefined && rid !== '' && rid === lid;
}

export function findSharee(sharees: readonly Sharee[], requested: string): Sharee | undefined {
  const wanted = requested.trim();
  if (isBlank(wanted)) return undefined;
  return (
    sharees.find((s) => s.address === wanted) ??
    sharees.find((s) => sameAddress(wanted, s.address)) ??
    sharees.find((s) => s.name !== undefined && s.name.toLowerCase() === wanted.toLowerCase())
  );
}

function principalPath(url: string): string {
  let path = url;
  if (path.startsWith('principal:')) path = `/${path.slice('principal:'.length)}`;
  else {
    try {
      path = new URL(url, 'http://x').pathname;
    } catch {
      // keep
    }
  }
  return safeDecode(path).replace(/\/+$/, '');
}

/** Whether a person (owner, organizer) is the account's own user. */
export function isSelf(p: Person | undefined, account: Pick<Account, 'principalUrl' | 'addresses'>): boolean {
  if (!p?.address) return false;
  if (/^mailto:/i.test(p.address)) {
    const mail = p.address.toLowerCase();
    return account.addresses.some((a) => a.toLowerCase() === mail);
  }
  const mine = principalPath(account.principalUrl);
  const theirs = principalPath(p.address);
  if (mine === '' || theirs === '') return false;
  // Nextcloud's principal:principals/users/x is a suffix of /remote.php/dav/principals/users/x.
  const suffix = (long: string, short: string) => long === short || (short.startsWith('/principals/') && long.endsWith(short));
  return suffix(mine, theirs) || suffix(theirs, mine);
}

/** Turns what a person typed into an address a server accepts: bare e-mail → mailto:. */
export function normaliseAddress(input: string): string {
  const a = input.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(a) || a.startsWith('/')) return a;
  if (a.includes('@')) return `mailto:${a}`;
  return a;
}
