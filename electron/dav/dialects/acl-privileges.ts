// RFC 3744 privileges: the server's DAV:supported-privilege-set (which privileges contain which,
// which are abstract and so cannot be granted on their own), what a set of granted privileges
// amounts to, and how that reads as an access level. Privileges are Clark names ({DAV:}read).

import type { Access, GrantAccess } from '../../../shared/model';
import { NS, child, childrenNamed, clark, keyOf, type XmlElement } from '../xml';

const D = NS.DAV;

export const PRIVILEGE = {
  all: clark(D, 'all'),
  read: clark(D, 'read'),
  write: clark(D, 'write'),
  writeContent: clark(D, 'write-content'),
  writeProperties: clark(D, 'write-properties'),
  bind: clark(D, 'bind'),
  unbind: clark(D, 'unbind'),
  unlock: clark(D, 'unlock'),
  readAcl: clark(D, 'read-acl'),
  writeAcl: clark(D, 'write-acl'),
  readCurrentUserPrivilegeSet: clark(D, 'read-current-user-privilege-set'),
  readFreeBusy: clark(NS.CALDAV, 'read-free-busy'),
} as const;

export interface SupportedPrivilege {
  abstract: boolean;
  /** Privileges this one aggregates (directly). */
  children: readonly string[];
}

/** The server's privilege tree, by Clark name. */
export type PrivilegeTree = ReadonlyMap<string, SupportedPrivilege>;

/**
 * RFC 3744's own aggregation (section 3.12), with CalDAV's read-free-busy inside read (RFC 4791
 * section 6.1.1): what a grant means where the server does not send its tree.
 */
const STANDARD_TREE: PrivilegeTree = new Map<string, SupportedPrivilege>([
  [
    PRIVILEGE.all,
    {
      abstract: false,
      children: [
        PRIVILEGE.read,
        PRIVILEGE.write,
        PRIVILEGE.unlock,
        PRIVILEGE.readAcl,
        PRIVILEGE.readCurrentUserPrivilegeSet,
        PRIVILEGE.writeAcl,
      ],
    },
  ],
  [PRIVILEGE.read, { abstract: false, children: [PRIVILEGE.readFreeBusy] }],
  [PRIVILEGE.write, { abstract: false, children: [PRIVILEGE.writeContent, PRIVILEGE.writeProperties, PRIVILEGE.bind, PRIVILEGE.unbind] }],
]);

/** Parses DAV:supported-privilege-set; undefined when absent or empty. */
export function parseSupportedPrivileges(set: XmlElement | undefined): PrivilegeTree | undefined {
  if (!set) return undefined;
  const tree = new Map<string, SupportedPrivilege>();
  const visit = (sp: XmlElement): string | undefined => {
    const name = child(sp, D, 'privilege')?.children[0];
    if (!name) return undefined;
    const key = keyOf(name);
    const children = childrenNamed(sp, D, 'supported-privilege')
      .map(visit)
      .filter((c): c is string => c !== undefined);
    // A privilege listed twice (servers repeat subtrees) keeps what every listing says it contains.
    const known = tree.get(key);
    tree.set(key, {
      abstract: child(sp, D, 'abstract') !== undefined,
      children: known ? [...new Set([...known.children, ...children])] : children,
    });
    return key;
  };
  for (const sp of childrenNamed(set, D, 'supported-privilege')) visit(sp);
  return tree.size > 0 ? tree : undefined;
}

/** Every privilege that the given ones contain, themselves included. */
export function expand(privileges: Iterable<string>, tree: PrivilegeTree | undefined): Set<string> {
  const out = new Set<string>();
  const pending = [...privileges];
  for (let p = pending.pop(); p !== undefined; p = pending.pop()) {
    if (out.has(p)) continue;
    out.add(p);
    for (const c of (tree ?? STANDARD_TREE).get(p)?.children ?? []) pending.push(c);
    // DAV:all is everything, whatever a server's tree forgets to list under it.
    if (p === PRIVILEGE.all) for (const c of STANDARD_TREE.get(p)?.children ?? []) pending.push(c);
  }
  return out;
}

/** What a set of granted privileges amounts to; undefined when it grants nothing. */
export function summarise(privileges: Iterable<string>, tree: PrivilegeTree | undefined): GrantAccess | undefined {
  const all = expand(privileges, tree);
  if (all.size === 0) return undefined;
  if (all.has(PRIVILEGE.all) || all.has(PRIVILEGE.writeAcl)) return 'manage';
  const read = all.has(PRIVILEGE.read);
  if (read && (all.has(PRIVILEGE.write) || all.has(PRIVILEGE.writeContent))) return 'read-write';
  if (read) return 'read';
  // Reading one's own privileges, or only lock housekeeping, is no access to the content.
  const rest = [...all].filter((p) => p !== PRIVILEGE.readCurrentUserPrivilegeSet && p !== PRIVILEGE.unlock);
  if (rest.length === 0) return undefined;
  return rest.every((p) => p === PRIVILEGE.readFreeBusy) ? 'free-busy' : 'other';
}

/** Whether the held privileges contain `wanted` (through the tree). */
export function holds(held: Iterable<string>, wanted: string, tree: PrivilegeTree | undefined): boolean {
  return expand(held, tree).has(wanted);
}

/** The privileges to grant for an access level: the first ones are required, the rest are extras. */
const WANTED: Record<Access, { required: string[]; extra: string[] }> = {
  // read-current-user-privilege-set lets the grantee's own client see what they may do; DAViCal
  // answers 403 for it to a grantee who has only read.
  read: { required: [PRIVILEGE.read], extra: [PRIVILEGE.readCurrentUserPrivilegeSet] },
  'read-write': { required: [PRIVILEGE.read, PRIVILEGE.write], extra: [PRIVILEGE.readCurrentUserPrivilegeSet] },
};

/**
 * The grantable privileges for an access level on a resource with this tree: an abstract one is
 * replaced by the grantable privileges it contains, an extra the resource lacks is left out, and
 * a required one it lacks is returned in `missing`.
 */
export function privilegesFor(access: Access, tree: PrivilegeTree | undefined): { privileges: string[]; missing: string[] } {
  const { required, extra } = WANTED[access];
  if (!tree) return { privileges: [...required], missing: [] };
  const grantable = (p: string, depth = 0): string[] => {
    const node = tree.get(p);
    if (!node || depth > 16) return [];
    if (!node.abstract) return [p];
    return node.children.flatMap((c) => grantable(c, depth + 1));
  };
  const privileges: string[] = [];
  const missing: string[] = [];
  for (const p of required) {
    const got = grantable(p);
    if (got.length === 0) missing.push(p);
    privileges.push(...got);
  }
  const covered = expand(privileges, tree);
  for (const p of extra) if (!covered.has(p)) privileges.push(...grantable(p));
  return { privileges: [...new Set(privileges)], missing };
}
