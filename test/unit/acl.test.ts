// The ACL route's reading and writing, against recorded DAViCal 1.1 and Cyrus 3.6 answers
// (test/fixtures/davical-1.1, cyrus-3.6-acl): the parsed ACL, the grants the model lists, the
// exact bodies of the read-modify-write, and the guard that keeps the owner's own entry.

import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/model';
import { toCollection } from '../../electron/dav/collections';
import { aclRefusal } from '../../electron/dav/acl-write';
import { AclPlan, aclGrantsOf, aclWritable, parseAcl, type OwnerContext } from '../../electron/dav/dialects/acl';
import type { AclState } from '../../electron/dav/dialects/acl-state';
import { PRIVILEGE, expand, parseSupportedPrivileges, privilegesFor, summarise } from '../../electron/dav/dialects/acl-privileges';
import { parseMultistatus, type DavResource } from '../../electron/dav/multistatus';
import { parseXml } from '../../electron/dav/xml';
import { CYRUS_ORIGIN, DAVICAL_ORIGIN, loadCyrusAcl, loadDavical, type Fixture } from '../fixtures/load';

const C = '{urn:ietf:params:xml:ns:caldav}';
const HEAD = '<?xml version="1.0" encoding="utf-8"?>\n';

function only(f: Fixture): DavResource {
  const [r] = parseMultistatus(f.response.body, f.request.url);
  return r!;
}

function stateOf(f: Fixture): AclState {
  const r = only(f);
  return parseAcl(r, r.url)!;
}

const davicalAlice: OwnerContext = { ownerUrl: `${DAVICAL_ORIGIN}/caldav.php/alice/`, selfUrl: `${DAVICAL_ORIGIN}/caldav.php/alice/` };
const cyrusAlice: OwnerContext = {
  ownerUrl: `${CYRUS_ORIGIN}/dav/principals/user/alice/`,
  selfUrl: `${CYRUS_ORIGIN}/dav/principals/user/alice/`,
};
const BOB = `${DAVICAL_ORIGIN}/caldav.php/bob/`;
const CAROL = `${CYRUS_ORIGIN}/dav/principals/user/carol/`;

function account(origin: string, principal: string, capabilities: string[]): Account {
  return {
    id: 'a',
    label: 'alice',
    serverUrl: `${origin}/`,
    username: 'alice',
    principalUrl: `${origin}${principal}`,
    displayName: 'Alice',
    addresses: ['mailto:alice@example.com'],
    calendarHomes: [],
    addressbookHomes: [],
    folders: [],
    approvedOrigins: [],
    capabilities,
    dialects: [],
  };
}
const DAVICAL_ACCOUNT = account(DAVICAL_ORIGIN, '/caldav.php/alice/', ['1', '2', '3', 'access-control', 'calendar-access']);
const CYRUS_ACCOUNT = account(CYRUS_ORIGIN, '/dav/principals/user/alice/', [
  'access-control',
  'resource-sharing',
  'calendarserver-sharing',
]);

describe('parsing an ACL', () => {
  it('DAViCal: the owner entry by DAV:owner, every signed-in user for free/busy, its privilege tree and restrictions', () => {
    const state = stateOf(loadDavical('03'));
    expect(state.aces?.map((a) => a.principal)).toEqual([{ kind: 'property', ns: 'DAV:', name: 'owner' }, { kind: 'authenticated' }]);
    expect(state.aces?.[1]?.grant).toEqual([{ ns: 'urn:ietf:params:xml:ns:caldav', name: 'read-free-busy' }]);
    expect(state.grantOnly).toBe(true);
    expect(aclWritable(state)).toBe(true);
    // DAViCal's tree is flat under DAV:all: read does not contain read-free-busy there.
    expect(state.tree?.get(PRIVILEGE.all)?.children).toContain(PRIVILEGE.readFreeBusy);
    expect(expand([PRIVILEGE.read], state.tree).has(PRIVILEGE.readFreeBusy)).toBe(false);
    expect(state.tree?.get(PRIVILEGE.readCurrentUserPrivilegeSet)?.abstract).toBe(false);
  });

  it('Cyrus: DAV:self owns it, the admin privileges are abstract under its own admin privilege', () => {
    const state = stateOf(loadCyrusAcl('02'));
    expect(state.aces?.map((a) => a.principal)).toEqual([{ kind: 'self' }, { kind: 'all' }]);
    expect(state.grantOnly).toBe(false);
    expect(state.tree?.get(PRIVILEGE.writeAcl)?.abstract).toBe(true);
    expect(state.tree?.get(PRIVILEGE.readCurrentUserPrivilegeSet)?.abstract).toBe(true);
    // write-acl comes with Cyrus's admin privilege, which DAV:all contains.
    expect(aclWritable(state)).toBe(true);
  });

  it('a grantee who may not read the ACL: no entries, but the own privileges', () => {
    const state = stateOf(loadDavical('06'));
    expect(state.aces).toBeUndefined();
    expect([...(state.mine ?? [])]).toEqual([PRIVILEGE.read, PRIVILEGE.readCurrentUserPrivilegeSet]);
    expect(aclWritable(state)).toBe(false);
  });

  it('keeps protected and inherited entries apart, and refuses lists it cannot represent', () => {
    const body = `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:"><d:response><d:href>/cal/</d:href><d:propstat><d:prop><d:acl>
      <d:ace><d:principal><d:href>/principals/alice/</d:href></d:principal><d:grant><d:privilege><d:all/></d:privilege></d:grant><d:protected/></d:ace>
      <d:ace><d:principal><d:href>/principals/team/</d:href></d:principal><d:grant><d:privilege><d:read/></d:privilege></d:grant><d:inherited><d:href>/</d:href></d:inherited></d:ace>
      <d:ace><d:principal><d:href>/principals/bob/</d:href></d:principal><d:grant><d:privilege><d:read/></d:privilege><d:privilege><d:write/></d:privilege></d:grant></d:ace>
      </d:acl><d:current-user-privilege-set><d:privilege><d:all/></d:privilege></d:current-user-privilege-set></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`;
    const [r] = parseMultistatus(body, 'https://dav.example.com/cal/');
    const state = parseAcl(r!, r!.url)!;
    const who = { ownerUrl: 'https://dav.example.com/principals/alice/', selfUrl: 'https://dav.example.com/principals/alice/' };
    expect(aclGrantsOf(state, who)).toEqual([
      {
        address: 'https://dav.example.com/principals/team/',
        access: 'read',
        privileges: ['{DAV:}read'],
        fixed: 'inherited',
        inheritedFrom: 'https://dav.example.com/',
      },
      { address: 'https://dav.example.com/principals/bob/', access: 'read-write', privileges: ['{DAV:}read', '{DAV:}write'] },
    ]);
    // Neither the protected owner entry nor the inherited one is repeated in a request.
    expect(AclPlan.plan(state, who, [{ address: 'https://dav.example.com/principals/bob/', privileges: [] }], 'omit').body().body).toBe(
      `${HEAD}<D:acl xmlns:D="DAV:"/>`,
    );
    const inverted = body.replace(
      '<d:principal><d:href>/principals/bob/</d:href></d:principal>',
      '<d:principal><d:href>/principals/bob/</d:href></d:principal><d:invert/>',
    );
    const [ri] = parseMultistatus(inverted, 'https://dav.example.com/cal/');
    const invertedState = parseAcl(ri!, ri!.url)!;
    expect(invertedState.unreadable).toMatch(/DAV:invert/);
    expect(() => AclPlan.plan(invertedState, who, [], 'omit')).toThrow(/rewriting it could lose that entry/);
  });
});

describe('the grants a collection lists', () => {
  it('DAViCal after a grant: bob read, every signed-in user free/busy; the owner is not a grant', () => {
    const c = toCollection(only(loadDavical('05')), DAVICAL_ACCOUNT, true)!;
    expect(c.aclGrants).toEqual([
      { address: BOB, access: 'read', privileges: ['{DAV:}read', '{DAV:}read-current-user-privilege-set'] },
      { address: 'DAV:authenticated', everyone: 'authenticated', access: 'free-busy', privileges: [`${C}read-free-busy`] },
    ]);
    expect(c.access).toBe('shared-owner');
    expect(c.dialects).toEqual(['acl']);
    expect(c.canShare).toBe(true);
  });

  it('DAViCal keeps a revoked grantee as an entry with an empty grant: not a grant', () => {
    const c = toCollection(only(loadDavical('13')), DAVICAL_ACCOUNT, true)!;
    expect(stateOf(loadDavical('13')).aces?.some((a) => a.principal.kind === 'href' && a.grant.length === 0)).toBe(true);
    expect(c.aclGrants?.map((g) => g.address)).toEqual(['DAV:authenticated']);
    expect(c.access).toBe('not-shared');
  });

  it('DAViCal: a privilege it does not know is accepted and grants nothing', () => {
    const c = toCollection(only(loadDavical('19')), DAVICAL_ACCOUNT, true)!;
    expect(c.aclGrants?.map((g) => g.address)).toEqual(['DAV:authenticated']);
  });

  it("DAViCal: the grantee's own view: read, from the owner, nothing to share", () => {
    const bob = { ...DAVICAL_ACCOUNT, principalUrl: BOB };
    const c = toCollection(only(loadDavical('06')), bob, true)!;
    expect(c).toMatchObject({
      access: 'read',
      dialects: [],
      canShare: false,
      sharedBy: { address: `${DAVICAL_ORIGIN}/caldav.php/alice/` },
    });
    expect(c.aclGrants).toBeUndefined();
  });

  it("Cyrus: the entry its share wrote belongs to bob's share; carol's raw grant and everyone's free/busy are ACL grants", () => {
    const list = parseMultistatus(loadCyrusAcl('06').response.body, loadCyrusAcl('06').request.url);
    const cal = list.find((r) => r.url.endsWith('/Acl/'))!;
    const c = toCollection(cal, CYRUS_ACCOUNT, false)!;
    expect(c.sharees).toEqual([{ address: 'mailto:bob@example.com', access: 'read', status: 'pending' }]);
    expect(c.aclGrants).toEqual([
      { address: 'DAV:all', everyone: 'all', access: 'free-busy', privileges: [`${C}read-free-busy`] },
      { address: CAROL, access: 'read', privileges: ['{DAV:}read'] },
    ]);
    // Cyrus's ACL method is not offered as a route (acl-write.ts says why).
    expect(c.dialects).toEqual(['dav', 'cs']);
  });

  it('Cyrus stores every signed-in user as DAV:all plus a denial to DAV:unauthenticated: listed as what it means', () => {
    const state = stateOf(loadCyrusAcl('10'));
    expect(state.aces?.filter((a) => a.principal.kind === 'all' || a.principal.kind === 'unauthenticated')).toEqual([
      { principal: { kind: 'all' }, grant: [{ ns: 'DAV:', name: 'read' }], deny: [], protected: false },
      { principal: { kind: 'unauthenticated' }, grant: [], deny: [{ ns: 'DAV:', name: 'read' }], protected: false },
    ]);
    const c = toCollection(only(loadCyrusAcl('10')), CYRUS_ACCOUNT, true)!;
    expect(c.aclGrants).toEqual([
      { address: CAROL, access: 'read', privileges: ['{DAV:}read'] },
      { address: 'DAV:authenticated', everyone: 'authenticated', access: 'read', privileges: ['{DAV:}read'] },
    ]);
  });

  it('a grant denied again is what is left of it', () => {
    const state: AclState = {
      grantOnly: false,
      imapBacked: false,
      aces: [
        { principal: { kind: 'self' }, grant: [{ ns: 'DAV:', name: 'all' }], deny: [], protected: false },
        { principal: { kind: 'href', url: CAROL }, grant: [], deny: [{ ns: 'DAV:', name: 'write' }], protected: false },
        {
          principal: { kind: 'href', url: CAROL },
          grant: [
            { ns: 'DAV:', name: 'read' },
            { ns: 'DAV:', name: 'write' },
          ],
          deny: [],
          protected: false,
        },
        { principal: { kind: 'unauthenticated' }, grant: [{ ns: 'DAV:', name: 'read' }], deny: [], protected: false },
      ],
    };
    expect(aclGrantsOf(state, cyrusAlice)).toEqual([
      { address: CAROL, access: 'read', privileges: ['{DAV:}read'] },
      { address: 'DAV:unauthenticated', everyone: 'unauthenticated', access: 'read', privileges: ['{DAV:}read'] },
    ]);
  });
});

describe('privileges', () => {
  it('summarises what a grant amounts to', () => {
    expect(summarise([PRIVILEGE.all], undefined)).toBe('manage');
    expect(summarise([PRIVILEGE.writeAcl], undefined)).toBe('manage');
    expect(summarise([PRIVILEGE.read, PRIVILEGE.write], undefined)).toBe('read-write');
    expect(summarise([PRIVILEGE.read, PRIVILEGE.writeContent], undefined)).toBe('read-write');
    // Cyrus's read-only share: read plus the right to set one's own colour.
    expect(summarise([PRIVILEGE.read, PRIVILEGE.writeProperties], undefined)).toBe('read');
    expect(summarise([PRIVILEGE.readFreeBusy], undefined)).toBe('free-busy');
    expect(summarise([PRIVILEGE.writeContent], undefined)).toBe('other');
    expect(summarise(['{urn:example:x}frobnicate'], undefined)).toBe('other');
    expect(summarise([PRIVILEGE.readCurrentUserPrivilegeSet], undefined)).toBeUndefined();
    expect(summarise([], undefined)).toBeUndefined();
  });

  it('grants only what the resource supports: an abstract privilege is left out or replaced by what it contains', () => {
    const davical = stateOf(loadDavical('03')).tree;
    const cyrus = stateOf(loadCyrusAcl('02')).tree;
    expect(privilegesFor('read', davical)).toEqual({ privileges: [PRIVILEGE.read, PRIVILEGE.readCurrentUserPrivilegeSet], missing: [] });
    expect(privilegesFor('read-write', davical)).toEqual({
      privileges: [PRIVILEGE.read, PRIVILEGE.write, PRIVILEGE.readCurrentUserPrivilegeSet],
      missing: [],
    });
    // On Cyrus read-current-user-privilege-set is abstract, inside read.
    expect(privilegesFor('read', cyrus)).toEqual({ privileges: [PRIVILEGE.read], missing: [] });
    expect(privilegesFor('read-write', undefined)).toEqual({ privileges: [PRIVILEGE.read, PRIVILEGE.write], missing: [] });
    const tree = parseSupportedPrivileges(
      parseXml(`<d:supported-privilege-set xmlns:d="DAV:"><d:supported-privilege><d:privilege><d:all/></d:privilege><d:abstract/>
        <d:supported-privilege><d:privilege><d:read/></d:privilege></d:supported-privilege>
        <d:supported-privilege><d:privilege><d:write/></d:privilege><d:abstract/>
          <d:supported-privilege><d:privilege><d:write-content/></d:privilege></d:supported-privilege>
          <d:supported-privilege><d:privilege><d:bind/></d:privilege></d:supported-privilege>
        </d:supported-privilege></d:supported-privilege></d:supported-privilege-set>`),
    );
    expect(privilegesFor('read-write', tree)).toEqual({
      privileges: [PRIVILEGE.read, PRIVILEGE.writeContent, PRIVILEGE.bind],
      missing: [],
    });
    const readOnly = parseSupportedPrivileges(
      parseXml(
        '<d:supported-privilege-set xmlns:d="DAV:"><d:supported-privilege><d:privilege><d:read/></d:privilege></d:supported-privilege></d:supported-privilege-set>',
      ),
    );
    expect(privilegesFor('read-write', readOnly)).toEqual({ privileges: [PRIVILEGE.read], missing: [PRIVILEGE.write] });
  });
});

describe('the read-modify-write bodies (exact)', () => {
  const OWNER_DAVICAL =
    '<D:ace><D:principal><D:property><D:owner/></D:property></D:principal><D:grant><D:privilege><D:all/></D:privilege><D:privilege><D:read/></D:privilege><D:privilege><D:unlock/></D:privilege><D:privilege><D:read-acl/></D:privilege><D:privilege><D:read-current-user-privilege-set/></D:privilege><D:privilege><D:write-acl/></D:privilege><D:privilege><C:read-free-busy/></D:privilege><D:privilege><D:write/></D:privilege><D:privilege><D:write-properties/></D:privilege><D:privilege><D:write-content/></D:privilege><D:privilege><D:bind/></D:privilege><D:privilege><D:unbind/></D:privilege></D:grant></D:ace>';
  const AUTHENTICATED =
    '<D:ace><D:principal><D:authenticated/></D:principal><D:grant><D:privilege><C:read-free-busy/></D:privilege></D:grant></D:ace>';
  const DAVICAL_HEAD = `${HEAD}<D:acl xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">`;

  it('DAViCal: every entry back as it was, bob added read (and may see his own privileges)', () => {
    const state = stateOf(loadDavical('03'));
    const { contentType, body } = AclPlan.plan(
      state,
      davicalAlice,
      [{ address: BOB, privileges: privilegesFor('read', state.tree).privileges }],
      'omit',
    ).body();
    expect(contentType).toBe('application/xml; charset=utf-8');
    expect(body).toBe(
      `${DAVICAL_HEAD}${OWNER_DAVICAL}${AUTHENTICATED}<D:ace><D:principal><D:href>/caldav.php/bob/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege><D:privilege><D:read-current-user-privilege-set/></D:privilege></D:grant></D:ace></D:acl>`,
    );
  });

  it('DAViCal: a change of access replaces bob’s entry where it was; a revoke leaves it out, or empties it', () => {
    const state = stateOf(loadDavical('05'));
    const rw = privilegesFor('read-write', state.tree).privileges;
    expect(AclPlan.plan(state, davicalAlice, [{ address: BOB, privileges: rw }], 'omit').body().body).toBe(
      `${DAVICAL_HEAD}${OWNER_DAVICAL}<D:ace><D:principal><D:href>/caldav.php/bob/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege><D:privilege><D:write/></D:privilege><D:privilege><D:read-current-user-privilege-set/></D:privilege></D:grant></D:ace>${AUTHENTICATED}</D:acl>`,
    );
    expect(AclPlan.plan(state, davicalAlice, [{ address: BOB, privileges: [] }], 'omit').body().body).toBe(
      `${DAVICAL_HEAD}${OWNER_DAVICAL}${AUTHENTICATED}</D:acl>`,
    );
    expect(AclPlan.plan(state, davicalAlice, [{ address: BOB, privileges: [] }], 'empty-grant').body().body).toBe(
      `${DAVICAL_HEAD}${OWNER_DAVICAL}<D:ace><D:principal><D:href>/caldav.php/bob/</D:href></D:principal><D:grant/></D:ace>${AUTHENTICATED}</D:acl>`,
    );
  });

  it("Cyrus: the owner's DAV:self, everyone's free/busy and bob's share entry stay; carol is added", () => {
    const state = stateOf(loadCyrusAcl('04'));
    expect(
      AclPlan.plan(state, cyrusAlice, [{ address: CAROL, privileges: privilegesFor('read', state.tree).privileges }], 'omit').body().body,
    ).toBe(
      `${HEAD}<D:acl xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">` +
        '<D:ace><D:principal><D:self/></D:principal><D:grant><D:privilege><D:all/></D:privilege></D:grant></D:ace>' +
        '<D:ace><D:principal><D:all/></D:principal><D:grant><D:privilege><C:read-free-busy/></D:privilege></D:grant></D:ace>' +
        '<D:ace><D:principal><D:href>/dav/principals/user/bob/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege><D:privilege><D:write-properties/></D:privilege></D:grant></D:ace>' +
        '<D:ace><D:principal><D:href>/dav/principals/user/carol/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace>' +
        '</D:acl>',
    );
  });

  it('Cyrus: revoking every signed-in user removes both halves it stored; other entries stay', () => {
    const state = stateOf(loadCyrusAcl('10'));
    expect(AclPlan.plan(state, cyrusAlice, [{ address: 'DAV:authenticated', privileges: [] }], 'omit').body().body).toBe(
      `${HEAD}<D:acl xmlns:D="DAV:">` +
        '<D:ace><D:principal><D:self/></D:principal><D:grant><D:privilege><D:all/></D:privilege></D:grant></D:ace>' +
        '<D:ace><D:principal><D:href>/dav/principals/user/bob/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege><D:privilege><D:write-properties/></D:privilege></D:grant></D:ace>' +
        '<D:ace><D:principal><D:href>/dav/principals/user/carol/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace>' +
        '</D:acl>',
    );
    // Granting every signed-in user read-write: one DAV:authenticated entry in place of the pair.
    expect(
      AclPlan.plan(state, cyrusAlice, [{ address: 'DAV:authenticated', privileges: [PRIVILEGE.read, PRIVILEGE.write] }], 'omit').body()
        .body,
    ).toContain(
      '<D:ace><D:principal><D:href>/dav/principals/user/carol/</D:href></D:principal><D:grant><D:privilege><D:read/></D:privilege></D:grant></D:ace>' +
        '<D:ace><D:principal><D:authenticated/></D:principal><D:grant><D:privilege><D:read/></D:privilege><D:privilege><D:write/></D:privilege></D:grant></D:ace></D:acl>',
    );
  });
});

describe("the owner's own entry", () => {
  const davical = () => stateOf(loadDavical('05'));
  const cyrus = () => stateOf(loadCyrusAcl('04'));

  it('can never be the subject of a change (by its principal URL, on either server)', () => {
    expect(() => AclPlan.plan(davical(), davicalAlice, [{ address: davicalAlice.selfUrl, privileges: [] }], 'omit')).toThrow(
      /owner’s own access/,
    );
    expect(() =>
      AclPlan.plan(cyrus(), cyrusAlice, [{ address: `${CYRUS_ORIGIN}/dav/principals/user/alice`, privileges: [PRIVILEGE.read] }], 'omit'),
    ).toThrow(/owner’s own access/);
  });

  it('a list in which the owner entry cannot be seen is never rewritten', () => {
    const state = cyrus();
    const withoutOwner: AclState = { ...state, aces: state.aces!.filter((a) => a.principal.kind !== 'self') };
    expect(() => AclPlan.plan(withoutOwner, cyrusAlice, [{ address: CAROL, privileges: [PRIVILEGE.read] }], 'omit')).toThrow(
      /could lock the owner out/,
    );
  });

  it('a denial is not sent back to a server that takes only grants', () => {
    const state = davical();
    const withDeny: AclState = {
      ...state,
      aces: [...state.aces!, { principal: { kind: 'href', url: BOB }, grant: [], deny: [{ ns: 'DAV:', name: 'write' }], protected: false }],
    };
    expect(() =>
      AclPlan.plan(withDeny, davicalAlice, [{ address: `${DAVICAL_ORIGIN}/caldav.php/carol/`, privileges: [PRIVILEGE.read] }], 'omit'),
    ).toThrow(/holds a denial, which the server says it does not accept/);
    expect(() => AclPlan.plan({ ...withDeny, grantOnly: false }, davicalAlice, [], 'omit')).not.toThrow();
  });

  it('no body without the plan’s checks: a plan made past the type checker throws', () => {
    const Unchecked = AclPlan as unknown as new (...args: unknown[]) => AclPlan;
    expect(() => new Unchecked(Symbol('planned by AclPlan.plan'), [], cyrusAlice, [])).toThrow(/planned from the list the server holds/);
  });

  it('every body planned from a recorded list keeps the owner entry exactly', () => {
    for (const [state, who, owner] of [
      [
        davical(),
        davicalAlice,
        '<D:ace><D:principal><D:property><D:owner/></D:property></D:principal><D:grant><D:privilege><D:all/></D:privilege>',
      ],
      [cyrus(), cyrusAlice, '<D:ace><D:principal><D:self/></D:principal><D:grant><D:privilege><D:all/></D:privilege></D:grant></D:ace>'],
    ] as const) {
      for (const privileges of [[], [PRIVILEGE.read], [PRIVILEGE.read, PRIVILEGE.write]]) {
        for (const form of ['omit', 'empty-grant'] as const) {
          const body = AclPlan.plan(
            state,
            who,
            [
              { address: 'DAV:authenticated', privileges },
              { address: CAROL, privileges },
            ],
            form,
          ).body().body;
          expect(body).toContain(owner);
        }
      }
    }
  });
});

describe('refusals', () => {
  const collection = toCollection(only(loadDavical('05')), DAVICAL_ACCOUNT, true)!;
  const refusal = (f: Fixture, address = BOB) =>
    aclRefusal({ status: f.response.status, text: f.response.body, url: f.request.url }, collection, [{ address, access: 'read' }]);

  it('turns the preconditions of RFC 3744 into sentences a person can act on', () => {
    expect(refusal(loadDavical('15'), 'DAV:all').toJSON()).toEqual({
      code: 'forbidden',
      message: "The server does not allow giving everyone access to “Alice's calendar”.",
      status: 403,
    });
    expect(refusal(loadDavical('16'), `${DAVICAL_ORIGIN}/caldav.php/nobody/`).message).toBe(
      "The server does not know nobody as a user or group, so it did not change who has access to “Alice's calendar”.",
    );
    expect(refusal(loadDavical('16')).code).toBe('unknown-sharee');
    expect(refusal(loadDavical('17')).message).toMatch(/holds an entry of a form the server does not accept/);
    expect(refusal(loadDavical('20')).message).toBe(
      "The change conflicts with an entry of “Alice's calendar”’s access list that the server protects; it changed nothing.",
    );
    expect(refusal(loadDavical('22')).toJSON()).toMatchObject({
      code: 'unsupported',
      message: "The server does not support that access on “Alice's calendar”; it changed nothing.",
    });
    expect(refusal(loadCyrusAcl('07')).code).toBe('unsupported');
    expect(refusal(loadCyrusAcl('08')).code).toBe('unknown-sharee');
  });

  it('a server that refuses the ACL method', () => {
    for (const status of [405, 501]) {
      const e = aclRefusal({ status, text: '<html><title>Method Not Allowed</title></html>', url: collection.url }, collection, []);
      expect(e.toJSON()).toEqual({
        code: 'unsupported',
        message: "The server does not let access lists be changed (the ACL method) on “Alice's calendar”.",
        status,
      });
    }
    const plain403 = aclRefusal({ status: 403, text: 'Forbidden', url: collection.url }, collection, []);
    expect(plain403.message).toBe("The server does not allow this account to change who has access to “Alice's calendar”.");
  });
});
