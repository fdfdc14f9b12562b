// The ACL route: RFC 3744 access control lists, read from DAV:acl (with the current user's
// privileges, the server's privilege tree and its ACL restrictions) and written with the ACL
// method as a read-modify-write of the whole list. The only route on servers that advertise
// `access-control` without any sharing (DAViCal); on Cyrus it also shows what was granted besides
// the shares.
//
// What servers do differently (see docs/protocol.md, "Access control lists"): RFC 3744 servers
// replace the whole ACL on each request (so a body without the owner's entry locks the owner out),
// DAViCal updates the entries it is sent one by one (leaving someone out keeps them; an entry with
// an empty <D:grant/> takes their access away). The body this file builds works on both: every
// entry the user may change is sent back as it was, except the ones being changed. Whether the
// change took is then checked on a re-read (../acl-write.ts, which also says why Cyrus's lists are
// changed another way).

import type { AclGrant, EveryoneKind } from '../../../shared/model';
import { SharedeckError } from '../../../shared/errors';
import { resolveHref, type DavResource } from '../multistatus';
import { P, names, read, refused } from '../properties';
import { isCyrus } from '../server-marks';
import { NS, buildXml, child, childrenNamed, clark, el, textOf, type XmlElement, type XmlNode } from '../xml';
import { PRIVILEGE, expand, holds, parseSupportedPrivileges, summarise } from './acl-privileges';
import type { Ace, AcePrincipal, AclState, Privilege } from './acl-state';
import type { DialectAdapter, DialectView, RequestBody } from './types';
import { userPrivileges } from './user-privileges';
import { principalUrlKey } from '../../../shared/urls';

const D = NS.DAV;
export const ACL_CONTENT_TYPE = 'application/xml; charset=utf-8';

const EVERYONE: readonly EveryoneKind[] = ['all', 'authenticated', 'unauthenticated'];

/** `DAV:all`, `DAV:authenticated`, `DAV:unauthenticated`: how the model names grants to everyone. */
export function everyoneAddress(kind: EveryoneKind): string {
  return `DAV:${kind}`;
}

export function everyoneKind(address: string): EveryoneKind | undefined {
  const m = /^(?:\{DAV:\}|DAV:)(all|authenticated|unauthenticated)$/i.exec(address.trim());
  return m ? (m[1]!.toLowerCase() as EveryoneKind) : undefined;
}

function privileges(el: XmlElement | undefined): Privilege[] {
  return childrenNamed(el, D, 'privilege').flatMap((p) => p.children.map((c) => ({ ns: c.ns, name: c.name })));
}

function principalOf(ace: XmlElement, base: string): AcePrincipal | string {
  const p = child(ace, D, 'principal');
  const only = p?.children.length === 1 ? p.children[0] : undefined;
  if (!only || only.ns !== D) return 'an entry names no principal, or one Sharedeck does not know';
  if (only.name === 'href') {
    const url = resolveHref(only.text.trim(), base);
    return url === undefined ? 'an entry names a principal that is not a URL' : { kind: 'href', url };
  }
  if ((EVERYONE as readonly string[]).includes(only.name)) return { kind: only.name as EveryoneKind };
  if (only.name === 'self') return { kind: 'self' };
  if (only.name === 'property') {
    const named = only.children[0];
    return named ? { kind: 'property', ns: named.ns, name: named.name } : 'an entry names an empty principal property';
  }
  return `an entry names the principal ${only.name}, which Sharedeck does not know`;
}

/** Parses DAV:acl, DAV:current-user-privilege-set, DAV:supported-privilege-set and DAV:acl-restrictions. */
export function parseAcl(resource: DavResource, base: string): AclState | undefined {
  const acl = read(resource, P.acl);
  const mine = userPrivileges(resource);
  if (!acl && !mine && refused(resource, P.acl) === undefined) return undefined;
  const state: AclState = {
    grantOnly: child(read(resource, P.aclRestrictions), D, 'grant-only') !== undefined,
    imapBacked: isCyrus(resource),
  };
  const tree = parseSupportedPrivileges(read(resource, P.supportedPrivilegeSet));
  if (tree) state.tree = tree;
  if (mine) state.mine = mine;
  if (acl) {
    const aces: Ace[] = [];
    for (const ace of childrenNamed(acl, D, 'ace')) {
      if (child(ace, D, 'invert')) {
        state.unreadable ??= 'an entry applies to everyone but a principal (DAV:invert)';
        continue;
      }
      const principal = principalOf(ace, base);
      if (typeof principal === 'string') {
        state.unreadable ??= principal;
        continue;
      }
      const entry: Ace = {
        principal,
        grant: privileges(child(ace, D, 'grant')),
        deny: privileges(child(ace, D, 'deny')),
        protected: child(ace, D, 'protected') !== undefined,
      };
      const inherited = textOf(child(child(ace, D, 'inherited'), D, 'href'));
      if (inherited !== undefined) entry.inheritedFrom = resolveHref(inherited, base) ?? inherited;
      aces.push(entry);
    }
    state.aces = aces;
  }
  return state;
}

/** Who the owner is, for telling the owner's own entries from grants to others. */
export interface OwnerContext {
  /** DAV:owner of the collection. */
  ownerUrl?: string;
  /** The signed-in user's principal (who is writing). */
  selfUrl: string;
}

/** Whether two principal URLs name the same principal (origin and path, trailing slash aside). */
export function samePrincipalUrl(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const x = principalUrlKey(a);
  const y = principalUrlKey(b);
  return x !== undefined && y !== undefined ? x === y : a === b;
}

/** The owner's own entry: DAV:self, the DAV:owner property, or the owner's (or the writer's own) principal. */
export function isOwnerAce(ace: Ace, who: OwnerContext): boolean {
  const p = ace.principal;
  if (p.kind === 'self') return true;
  if (p.kind === 'property') return p.ns === D && p.name === 'owner';
  if (p.kind === 'href') return samePrincipalUrl(p.url, who.ownerUrl) || samePrincipalUrl(p.url, who.selfUrl);
  return false;
}

/** The model's address for an entry's principal (undefined for DAV:self and property principals). */
function principalAddress(p: AcePrincipal): string | undefined {
  if (p.kind === 'href') return p.url;
  if (p.kind === 'self' || p.kind === 'property') return undefined;
  return everyoneAddress(p.kind);
}

/** Whether an entry is about the principal the model names `address`. */
function aceIsFor(ace: Ace, address: string): boolean {
  const p = ace.principal;
  const kind = everyoneKind(address);
  if (kind) return p.kind === kind;
  return p.kind === 'href' && samePrincipalUrl(p.url, address);
}

const keyOfPrivilege = (p: Privilege): string => clark(p.ns, p.name);

/**
 * Cyrus stores a grant to every signed-in user (DAV:authenticated) as a grant to DAV:all plus a
 * denial of those same privileges to DAV:unauthenticated (IMAP's "anyone" and "-anonymous"); it
 * may list DAV:all twice (each IMAP right it maps on its own). The privileges of DAV:all that the
 * denial names are the signed-in users' grant; the rest stay everyone's.
 */
function storedAuthenticated(state: AclState, who: OwnerContext): { all: Ace[]; anonymous: Ace[]; signedIn: Set<string> } | undefined {
  const aces = (state.aces ?? []).filter((a) => !isOwnerAce(a, who) && !a.protected && a.inheritedFrom === undefined);
  const all = aces.filter((a) => a.principal.kind === 'all');
  const anonymous = aces.filter((a) => a.principal.kind === 'unauthenticated');
  if (all.length === 0 || anonymous.length === 0 || all.some((a) => a.deny.length > 0) || anonymous.some((a) => a.grant.length > 0))
    return undefined;
  const denied = new Set(anonymous.flatMap((a) => a.deny.map(keyOfPrivilege)));
  const signedIn = new Set(all.flatMap((a) => a.grant.map(keyOfPrivilege)).filter((p) => denied.has(p)));
  return signedIn.size > 0 ? { all, anonymous, signedIn } : undefined;
}

/**
 * The grants to others than the owner that no share accounts for: `ofShare` says which principals
 * are listed sharees (a server that writes an entry per sharee, Cyrus, has them in the ACL too;
 * those entries belong to the share). Cyrus stores a grant
 * to DAV:authenticated as one to DAV:all plus a denial to DAV:unauthenticated; that pair is
 * listed as what it means, a grant to every signed-in user.
 */
export function aclGrantsOf(
  state: AclState,
  who: OwnerContext,
  ofShare: (principalUrl: string) => boolean = () => false,
): AclGrant[] | undefined {
  if (!state.aces) return undefined;
  const byPrincipal = new Map<string, { address: string; everyone?: EveryoneKind; grant: Set<string>; deny: Set<string>; ace: Ace }>();
  for (const ace of state.aces) {
    if (isOwnerAce(ace, who)) continue;
    const address = principalAddress(ace.principal);
    if (address === undefined) continue;
    if (ace.principal.kind === 'href' && ofShare(address)) continue;
    const entry = byPrincipal.get(address) ?? { address, grant: new Set<string>(), deny: new Set<string>(), ace };
    const everyone = everyoneKind(address);
    if (everyone) entry.everyone = everyone;
    for (const p of ace.grant) entry.grant.add(keyOfPrivilege(p));
    for (const p of ace.deny) entry.deny.add(keyOfPrivilege(p));
    byPrincipal.set(address, entry);
  }
  const stored = storedAuthenticated(state, who);
  if (stored) {
    const all = byPrincipal.get(everyoneAddress('all'))!;
    byPrincipal.delete(everyoneAddress('unauthenticated'));
    for (const p of stored.signedIn) all.grant.delete(p);
    if (all.grant.size === 0) byPrincipal.delete(all.address);
    const signedIn = byPrincipal.get(everyoneAddress('authenticated'));
    if (signedIn) for (const p of stored.signedIn) signedIn.grant.add(p);
    else
      byPrincipal.set(everyoneAddress('authenticated'), {
        ...all,
        address: everyoneAddress('authenticated'),
        everyone: 'authenticated',
        grant: new Set(stored.signedIn),
        deny: new Set(),
      });
  }
  // A person's free/busy-only entry where everyone may see free/busy anyway is no access of their
  // own (Cyrus leaves exactly that behind when a share or a direct grant is taken away).
  const everyone = expand(
    [everyoneAddress('all'), everyoneAddress('authenticated')].flatMap((a) => {
      const e = byPrincipal.get(a);
      return e ? [...e.grant].filter((p) => !e.deny.has(p)) : [];
    }),
    state.tree,
  );
  const grants: AclGrant[] = [];
  for (const e of byPrincipal.values()) {
    const denied = expand(e.deny, state.tree);
    const granted = [...e.grant].filter((p) => !denied.has(p));
    const access = summarise(granted, state.tree);
    if (!access) continue;
    if (!e.everyone && access === 'free-busy' && granted.every((p) => everyone.has(p))) continue;
    const grant: AclGrant = { address: e.address, access, privileges: granted };
    if (e.everyone) grant.everyone = e.everyone;
    if (e.ace.protected) grant.fixed = 'protected';
    else if (e.ace.inheritedFrom !== undefined) {
      grant.fixed = 'inherited';
      grant.inheritedFrom = e.ace.inheritedFrom;
    }
    grants.push(grant);
  }
  return grants;
}

/** The grant an address holds (shares' entries included), as the model reads it. */
export function grantFor(state: AclState, who: OwnerContext, address: string): AclGrant | undefined {
  const kind = everyoneKind(address);
  return aclGrantsOf(state, who)?.find((g) =>
    kind ? g.everyone === kind : g.everyone === undefined && samePrincipalUrl(g.address, address),
  );
}

/** Whether the current user may change the ACL (DAV:write-acl, also through DAV:all and the like). */
export function aclWritable(state: AclState): boolean {
  return state.mine !== undefined && holds(state.mine, PRIVILEGE.writeAcl, state.tree);
}

/** One change: give `address` exactly these privileges, or take everything away (empty list). */
export interface AceChange {
  /** A principal URL, or an everyone address (DAV:all, ...). */
  address: string;
  privileges: string[];
}

/** How a taken-away entry is written: left out (RFC 3744), or kept with an empty grant (servers that update per entry). */
export type RevokeForm = 'omit' | 'empty-grant';

function privilegeNode(clarkName: string): XmlNode {
  const m = /^\{([^}]*)\}(.+)$/.exec(clarkName);
  return el(D, 'privilege', [m ? el(m[1]!, m[2]!) : el(D, clarkName)]);
}

function principalNode(p: AcePrincipal, home: string): XmlNode {
  switch (p.kind) {
    case 'href': {
      // The server's own path form for its own principals: Cyrus and DAViCal both take it, and keep it so.
      const url = new URL(p.url);
      return el(D, 'principal', [el(D, 'href', [url.origin === new URL(home).origin ? url.pathname : url.href])]);
    }
    case 'property':
      return el(D, 'principal', [el(D, 'property', [el(p.ns, p.name)])]);
    default:
      return el(D, 'principal', [el(D, p.kind)]);
  }
}

function aceNode(principal: AcePrincipal, grant: readonly string[], deny: readonly string[], home: string): XmlNode {
  return el(D, 'ace', [
    principalNode(principal, home),
    deny.length > 0 && el(D, 'deny', deny.map(privilegeNode)),
    (grant.length > 0 || deny.length === 0) && el(D, 'grant', grant.map(privilegeNode)),
  ]);
}

function principalFor(address: string): AcePrincipal {
  const kind = everyoneKind(address);
  return kind ? { kind } : { kind: 'href', url: address };
}

/** Only AclPlan.plan holds it: a plan made any other way (even past the type checker) throws. */
const PLANNED = Symbol('planned by AclPlan.plan');

/**
 * An ACL request body planned from the list the server holds. The only way to an ACL body: the
 * constructor is private (and checks a token only `plan` has), and `plan` refuses, before anything
 * is built, every change that would touch the owner's own entries and every list in which the
 * owner's entry cannot be seen. `body()` checks the result once more. So a body that drops or
 * weakens the owner's entry cannot be made, on any path.
 */
export class AclPlan {
  private constructor(
    token: typeof PLANNED,
    private readonly before: readonly Ace[],
    private readonly who: OwnerContext,
    private readonly entries: readonly { principal: AcePrincipal; grant: readonly string[]; deny: readonly string[] }[],
  ) {
    if (token !== PLANNED)
      throw new SharedeckError('invalid-input', 'An access list change must be planned from the list the server holds.');
  }

  static plan(state: AclState, who: OwnerContext, changes: readonly AceChange[], revokeForm: RevokeForm): AclPlan {
    const aces = state.aces;
    if (!aces)
      throw new SharedeckError('forbidden', 'The server does not show this account the access list, so Sharedeck cannot change it.');
    if (state.unreadable !== undefined) {
      throw new SharedeckError(
        'unsupported',
        `Sharedeck does not change this access list, because ${state.unreadable}: rewriting it could lose that entry.`,
      );
    }
    if (!aces.some((a) => isOwnerAce(a, who))) {
      throw new SharedeckError(
        'unsupported',
        'Sharedeck cannot see the entry that gives the owner access in this access list, so it does not change the list: doing so could lock the owner out.',
      );
    }
    for (const c of changes) {
      if (isOwnerAce({ principal: principalFor(c.address), grant: [], deny: [], protected: false }, who)) {
        throw new SharedeckError('invalid-input', 'The owner’s own access cannot be changed or taken away.');
      }
    }
    const entries: { principal: AcePrincipal; grant: readonly string[]; deny: readonly string[] }[] = [];
    const placed = new Set<AceChange>();
    const changeFor = (ace: Ace) => changes.find((c) => aceIsFor(ace, c.address));
    // Cyrus's stored form of "every signed-in user" (all + deny unauthenticated) goes with a change of DAV:authenticated.
    const authenticated = changes.find((c) => everyoneKind(c.address) === 'authenticated');
    const stored = authenticated ? storedAuthenticated(state, who) : undefined;
    for (const ace of aces) {
      // Protected and inherited entries stay where they are; a request must not repeat them.
      if (ace.protected || ace.inheritedFrom !== undefined) continue;
      let change = changeFor(ace);
      if (!change && stored && authenticated) {
        if (stored.anonymous.includes(ace)) change = authenticated;
        else if (stored.all.includes(ace)) {
          // What DAV:all keeps is everyone's; the signed-in users' part goes with the change.
          const rest = ace.grant.map(keyOfPrivilege).filter((p) => !stored.signedIn.has(p));
          if (rest.length === ace.grant.length) change = undefined;
          else {
            if (rest.length > 0) entries.push({ principal: ace.principal, grant: rest, deny: [] });
            change = authenticated;
          }
        }
      }
      if (!change) {
        if (ace.grant.length > 0 || ace.deny.length > 0)
          entries.push({ principal: ace.principal, grant: ace.grant.map(keyOfPrivilege), deny: ace.deny.map(keyOfPrivilege) });
        continue;
      }
      if (placed.has(change)) continue;
      placed.add(change);
      // The changed entry takes the place of the first one it replaces (deny entries stay before grants).
      const principal = principalFor(change.address);
      if (change.privileges.length > 0 || revokeForm === 'empty-grant') entries.push({ principal, grant: change.privileges, deny: [] });
    }
    for (const change of changes) {
      if (placed.has(change) || change.privileges.length === 0) continue;
      entries.push({ principal: principalFor(change.address), grant: change.privileges, deny: [] });
    }
    if (state.grantOnly && entries.some((e) => e.deny.length > 0)) {
      throw new SharedeckError(
        'unsupported',
        'This access list holds a denial, which the server says it does not accept, so Sharedeck does not rewrite the list. Remove that entry with the server’s own tools first.',
      );
    }
    const plan = new AclPlan(PLANNED, aces, who, entries);
    plan.assertKeepsOwner();
    return plan;
  }

  /** The list read has an owner entry, and every unprotected one goes back with all it granted. */
  private assertKeepsOwner(): void {
    if (!this.before.some((a) => isOwnerAce(a, this.who))) {
      throw new SharedeckError('invalid-input', 'An access list without the owner’s entry is never sent: it could lock the owner out.');
    }
    for (const ace of this.before) {
      if (!isOwnerAce(ace, this.who) || ace.protected || ace.inheritedFrom !== undefined) continue;
      const grant = ace.grant.map(keyOfPrivilege);
      const kept = this.entries.some(
        (e) =>
          principalKey(e.principal) === principalKey(ace.principal) &&
          grant.every((p) => e.grant.includes(p)) &&
          e.deny.length <= ace.deny.length,
      );
      if (!kept)
        throw new SharedeckError(
          'invalid-input',
          'This change would remove or weaken the owner’s own access, so Sharedeck does not send it.',
        );
    }
  }

  /** The ACL request. */
  body(): RequestBody {
    this.assertKeepsOwner();
    return {
      contentType: ACL_CONTENT_TYPE,
      body: buildXml(
        el(
          D,
          'acl',
          this.entries.map((e) => aceNode(e.principal, e.grant, e.deny, this.who.selfUrl)),
        ),
      ),
    };
  }
}

function principalKey(p: AcePrincipal): string {
  switch (p.kind) {
    case 'href':
      return `href ${p.url}`;
    case 'property':
      return `property ${clark(p.ns, p.name)}`;
    default:
      return p.kind;
  }
}

export const aclDialect: DialectAdapter = {
  id: 'acl',
  label: 'access control lists (ACL)',
  token: 'access-control',
  // current-user-privilege-set is among every listing's base properties already.
  properties: names(P.acl, P.aclRestrictions, P.inheritedAclSet),

  read(resource: DavResource, base: string): DialectView | undefined {
    const acl = parseAcl(resource, base);
    if (!acl) return undefined;
    const view: DialectView = { acl };
    if (acl.mine)
      view.shareeAccess =
        holds(acl.mine, PRIVILEGE.write, acl.tree) || holds(acl.mine, PRIVILEGE.writeContent, acl.tree) ? 'read-write' : 'read';
    return view;
  },
};
