// Recognising the same person across the address forms servers use, strictly enough that one person
// is never taken for another. Two addresses are one person when they are the same address (mail
// addresses compared whole, ignoring case), or name the same principal (its URL, its path, sabre's
// relative principals/x, Nextcloud's principal:principals/users/x). The one looser rule, matching
// by the part before the @, applies only where the server demonstrably rewrites addresses: Cyrus
// lists every sharee as mailto:<user id>@<its own domain> whatever was sent, so on Cyrus bob,
// /dav/principals/user/bob/ and bob@anywhere are mailto:bob@<its domain>. Everywhere else
// bob@partner.test and bob@example.org are two people. Display names never identify anyone.

import type { Account, Person, Principal, PrincipalType, Sharee } from '../../shared/model';
import { lastSegment } from '../../shared/urls';
import { mailParts } from '../../shared/addresses';
import { safeDecode } from '../../shared/urls';

/** What a server has shown about how it writes the addresses of sharees. */
export interface AddressRules {
  /** The server's own mail domains (lower case): the domains of the account's own addresses. */
  ownDomains: readonly string[];
  /** The server lists every sharee as mailto:<user id>@<own domain>, whatever was sent (Cyrus). */
  rewritesToOwnDomain: boolean;
}

/** Exact address or same principal only: the rules for any server not known to rewrite. */
export const STRICT_RULES: AddressRules = { ownDomains: [], rewritesToOwnDomain: false };

/** The rules for an account's server; `rewritesToOwnDomain` comes from what the server showed. */
export function addressRules(account: Pick<Account, 'addresses'>, rewritesToOwnDomain: boolean): AddressRules {
  const ownDomains = [...new Set(account.addresses.map((a) => mailParts(a)?.domain).filter((d): d is string => !!d))];
  return { ownDomains, rewritesToOwnDomain: rewritesToOwnDomain && ownDomains.length > 0 };
}

/**
 * Normalised forms of one address: the mail address and its local part, the principal id (last
 * path segment) and the principal's path below "principals/" (which tells users/x from groups/x),
 * or, for a bare user id as people type it ("bob"), that id as `local`.
 */
export function addressKeys(address: string): { mail?: string; local?: string; principal?: string; principalPath?: string } {
  const a = address.trim();
  const mail = mailParts(a);
  if (mail) return { mail: mail.mail, local: mail.local };
  const path = principalPathOf(a);
  if (path !== undefined) {
    const segments = path.split('/');
    return { principal: segments[segments.length - 1], principalPath: path };
  }
  if (/^[\w.+-]+$/.test(a)) return { local: a.toLowerCase() };
  return {};
}

/** The path below "principals/", decoded, lower case, without slashes at the ends; undefined when there is none. */
function principalPathOf(address: string): string | undefined {
  let path = address.trim();
  if (/^https?:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      return undefined;
    }
  } else if (path.startsWith('principal:')) path = path.slice('principal:'.length);
  else if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return undefined; // mailto:, urn:, ... are no paths
  const at = path.startsWith('principals/') ? 0 : path.indexOf('/principals/') + 1;
  if (at === 0 && !path.startsWith('principals/')) return undefined;
  const below = path
    .slice(at + 'principals/'.length)
    .split('/')
    .filter(Boolean)
    .map((s) => safeDecode(s).toLowerCase());
  return below.length > 0 ? below.join('/') : undefined;
}

/** The path of a principal URL or absolute path on `origin` that lies below "/principals/"; else undefined. */
export function principalPathOn(address: string, origin: string): string | undefined {
  let path: string;
  if (address.startsWith('/')) path = address;
  else if (/^https?:\/\//i.test(address)) {
    let url: URL;
    try {
      url = new URL(address);
    } catch {
      return undefined;
    }
    // A principal of another server is someone else, whatever its path says.
    if (url.origin !== origin) return undefined;
    path = url.pathname;
  } else return undefined;
  const at = path.indexOf('/principals/');
  if (at === -1 || path.length <= at + '/principals/'.length) return undefined;
  return path;
}

function isBlank(address: string): boolean {
  return /^(?:mailto:)?\s*$/i.test(address.trim());
}

function originOf(address: string): string | undefined {
  if (!/^https?:\/\//i.test(address.trim())) return undefined;
  try {
    return new URL(address.trim()).origin;
  } catch {
    return undefined;
  }
}

/**
 * Whether two addresses name the same person under the server's rules: the same address, the same
 * principal, or (only where the server rewrites addresses) a user id and that id's mail address at
 * the server's own domain.
 */
export function sameAddress(a: string, b: string, rules: AddressRules = STRICT_RULES): boolean {
  // Nothing is no one: an empty address (or a bare "mailto:") never names a person.
  if (isBlank(a) || isBlank(b)) return false;
  if (a.trim() === b.trim()) return true;
  const ka = addressKeys(a);
  const kb = addressKeys(b);
  if (ka.mail !== undefined && kb.mail !== undefined) {
    if (ka.mail === kb.mail) return true;
    // Cyrus drops a foreign domain and lists the user at its own.
    return rewrittenTo(ka.local, kb, rules) || rewrittenTo(kb.local, ka, rules);
  }
  if (ka.principalPath !== undefined && kb.principalPath !== undefined) {
    // The whole path below principals/ must agree (users/x is not groups/x), on the same server.
    const oa = originOf(a);
    const ob = originOf(b);
    return ka.principalPath === kb.principalPath && (oa === undefined || ob === undefined || oa === ob);
  }
  const idA = ka.principal ?? (ka.mail === undefined ? ka.local : undefined);
  const idB = kb.principal ?? (kb.mail === undefined ? kb.local : undefined);
  if (ka.mail === undefined && kb.mail === undefined) {
    // A bare user id and a principal (or another bare id): the same id.
    return idA !== undefined && idA !== '' && idA === idB;
  }
  // A user id or principal against a mail address: only the rewrite rule connects them.
  return ka.mail !== undefined ? rewrittenTo(idB, ka, rules) : rewrittenTo(idA, kb, rules);
}

/** Whether a server that rewrites addresses lists user `id` as the mail address `listed`. */
function rewrittenTo(id: string | undefined, listed: ReturnType<typeof addressKeys>, rules: AddressRules): boolean {
  if (!rules.rewritesToOwnDomain || id === undefined || id === '' || listed.mail === undefined) return false;
  const domain = listed.mail.slice(listed.mail.lastIndexOf('@') + 1);
  return rules.ownDomains.includes(domain) && listed.local === id;
}

/** Every listed sharee that is the person `requested` names: the exact href first, then the others. */
export function matchingSharees(sharees: readonly Sharee[], requested: string, rules: AddressRules = STRICT_RULES): Sharee[] {
  const wanted = requested.trim();
  if (isBlank(wanted)) return [];
  const exact = sharees.filter((s) => s.address === wanted);
  return [...exact, ...sharees.filter((s) => s.address !== wanted && sameAddress(wanted, s.address, rules))];
}

/**
 * The one listed sharee `requested` names: the exact href, else the only match, else the only one
 * the server accepted (sabre keeps an invalid entry beside a valid one for each href form it was
 * sent). Undefined when nobody matches or the match is ambiguous (users/staff and groups/staff for
 * "staff"): a write must never guess.
 */
export function findSharee(sharees: readonly Sharee[], requested: string, rules: AddressRules = STRICT_RULES): Sharee | undefined {
  const found = matchingSharees(sharees, requested, rules);
  const [first] = found;
  if (!first) return undefined;
  if (first.address === requested.trim() || found.length === 1) return first;
  const valid = found.filter((s) => s.status !== 'invalid');
  return valid.length === 1 ? valid[0] : undefined;
}

/** Sharees a person may have meant by `typed` (same local part or display name), to suggest, never to act on. */
export function similarSharees(sharees: readonly Sharee[], typed: string): Sharee[] {
  const t = typed.trim().toLowerCase();
  if (t === '') return [];
  const local = addressKeys(t).local ?? addressKeys(t).principal ?? t;
  return sharees.filter((s) => {
    const k = addressKeys(s.address);
    return s.name?.toLowerCase() === t || (local !== '' && (k.local === local || k.principal === local));
  });
}

function comparablePath(url: string): string {
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

/** Whether a person (owner, organizer, sharee) is the account's own user. */
export function isSelf(p: Person | undefined, account: Pick<Account, 'principalUrl' | 'addresses'>): boolean {
  if (!p?.address) return false;
  if (/^mailto:/i.test(p.address)) {
    const mail = p.address.toLowerCase();
    return account.addresses.some((a) => a.toLowerCase() === mail);
  }
  const mine = comparablePath(account.principalUrl);
  const theirs = comparablePath(p.address);
  if (mine === '' || theirs === '') return false;
  // Nextcloud's principal:principals/users/x (and its bare principals/users/x) is a suffix of
  // /remote.php/dav/principals/users/x.
  const suffix = (long: string, short: string) => long === short || (short.startsWith('/principals/') && long.endsWith(short));
  return suffix(mine, theirs) || suffix(theirs, mine);
}

/**
 * The kind of principal an href's path says: the collection it lives in ("principals/users/x",
 * "principals/groups/x", Nextcloud's calendar-resources and calendar-rooms). Undefined when the
 * path does not say (a mail address, sabre's principals/x).
 */
export function principalTypeOf(address: string): PrincipalType | undefined {
  const path = principalPathOf(address);
  const collection = path?.includes('/') ? path.slice(0, path.indexOf('/')) : undefined;
  return collection === undefined ? undefined : COLLECTION_TYPES[collection];
}

/** Principal collections named for their kind, as Nextcloud (users, groups, ...) and Cyrus (user) name them. */
const COLLECTION_TYPES: Readonly<Record<string, PrincipalType>> = {
  users: 'individual',
  user: 'individual',
  groups: 'group',
  group: 'group',
  'calendar-resources': 'resource',
  resources: 'resource',
  'calendar-rooms': 'room',
  rooms: 'room',
  locations: 'room',
};

/** The kind of the principals a principal collection URL holds, from its name; undefined when it does not say. */
export function collectionPrincipalType(collectionUrl: string): PrincipalType | undefined {
  const segments = comparablePath(collectionUrl).split('/').filter(Boolean);
  const last = segments[segments.length - 1]?.toLowerCase();
  return last === undefined ? undefined : COLLECTION_TYPES[last];
}

/** Turns what a person typed into an address a server accepts: bare e-mail → mailto:. */
export function normaliseAddress(input: string): string {
  const a = input.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(a) || a.startsWith('/')) return a;
  if (a.includes('@')) return `mailto:${a}`;
  return a;
}

/** Whether a directory principal is the one a person named by `name`: its id (the last segment of its URL) or its display name, in any case. */
export function principalNamed(p: Pick<Principal, 'name' | 'url'>, name: string): boolean {
  const wanted = name.trim().toLowerCase();
  return p.name.toLowerCase() === wanted || lastSegment(p.url)?.toLowerCase() === wanted;
}
