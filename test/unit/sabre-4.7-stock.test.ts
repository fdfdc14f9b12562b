// A stock sabre/dav 4.7.1 (the reference implementation behind Baikal and Davis), played back from
// its recorded answers (test/fixtures/sabre-4.7-stock): every behaviour of it the engine depends
// on, through the engine's public functions, asserting the exact requests sent and the model made
// of the answers. Where the engine decides something from how sabre behaves, the test says so.

import { describe, expect, it } from 'vitest';
import type { Account, Collection } from '../../shared/model';
import { listCollections, readCollection, toCollection } from '../../electron/dav/collections';
import { DavHttp } from '../../electron/dav/http';
import { listInvitations } from '../../electron/dav/invitations';
import { propfind } from '../../electron/dav/propfind';
import { searchPrincipals } from '../../electron/dav/principals';
import { invite, leave, revoke, setAccess } from '../../electron/dav/sharing';
import { loadSabreStock } from '../fixtures/load';
import { expectReadableMessage, expectSharedeckError, resourcesOf } from '../support/dav-fixtures';
import {
  answeredBy,
  discovered,
  type PlaybackContext,
  sabrePlayback,
  traces,
  withAccount,
  playbackPerTest,
  signedIn,
  otherUser,
} from '../support/interop';
import { startPlayback, type Playback, type PlaybackOptions } from '../support/playback';

const DECL = '<?xml version="1.0" encoding="utf-8"?>\n';
const CAL = '/calendars/alice/default/';
const COPY = '/calendars/bob/d34751c2-8515-426f-9f2c-c823448f2eae/';

const played = playbackPerTest();

/** alice, discovered on a playback of the given traces (discovery and directory always answer). */
function alice(traceList: readonly string[], extra: Partial<PlaybackOptions> = {}): Promise<{ p: Playback; ctx: PlaybackContext }> {
  return signedIn(played, sabrePlayback(traceList, extra), 'alice', 'alice');
}

/** bob on the same server: the recording has his calendar home only (no discovery, no address books). */
function bob(p: Playback, ctx: PlaybackContext): PlaybackContext {
  const o = p.origin;
  return otherUser(
    p,
    ctx,
    { username: 'bob', password: 'bob' },
    { principalUrl: `${o}/principals/bob/`, addresses: ['mailto:bob@example.org'], calendarHomes: [`${o}/calendars/bob/`] },
  );
}

const sharees = (c: Collection) => c.sharees.map((s) => [s.address, s.access, s.status, ...(s.name ? [s.name] : [])]);
const posts = (p: Playback) => p.writes().map((w) => [w.path, w.contentType, w.body]);

function shareResource(...sharees: string[]): string {
  return `${DECL}<D:share-resource xmlns:D="DAV:">${sharees.join('')}</D:share-resource>`;
}
const sharee = (href: string, access: string, extra = '') =>
  `<D:sharee><D:href>${href}</D:href>${extra}<D:share-access><D:${access}/></D:share-access></D:sharee>`;

/** alice's account as discovery makes it at the recorded address, for models built from recorded answers alone. */
function recordedAccount(): Account {
  return {
    id: 'a',
    label: 'alice',
    serverUrl: 'http://127.0.0.1:8411/',
    username: 'alice',
    principalUrl: 'http://127.0.0.1:8411/principals/alice/',
    displayName: 'Alice',
    addresses: ['mailto:alice@example.org'],
    calendarHomes: [],
    addressbookHomes: [],
    folders: [],
    capabilities: ['resource-sharing', 'calendarserver-sharing'],
    dialects: ['dav', 'cs'],
    approvedOrigins: [],
  };
}

describe('sabre/dav 4.7.1: discovery, listing, inbox', () => {
  it('discovers alice: the well-known redirects to /, Digest only, her addresses, one principal collection, CS:notification-URL', async () => {
    played.current = await sabrePlayback(traces('sabre-4.7-stock', 1, 11));
    const { account } = await discovered(played.current, 'alice', 'alice');
    const o = played.current.origin;
    expect(account).toMatchObject({
      principalUrl: `${o}/principals/alice/`,
      displayName: 'Alice',
      addresses: ['mailto:alice@example.org'],
      calendarHomes: [`${o}/calendars/alice/`],
      addressbookHomes: [`${o}/addressbooks/alice/`],
      notificationUrl: `${o}/calendars/alice/notifications/`,
      notificationDialect: 'cs',
      principalCollectionUrl: `${o}/principals/`,
      principalCollections: [`${o}/principals/`],
      // It advertises access-control too; its calendars' ACL entries are all protected, so the
      // listing never offers that route (below).
      dialects: ['dav', 'cs', 'acl'],
    });
    expect(account.capabilities).toEqual(expect.arrayContaining(['resource-sharing', 'calendarserver-sharing', 'addressbook']));
    // The well-known redirects need no credentials; the first request that does is answered with
    // sabre's Digest challenge (003), and the engine sends Digest from then on, never Basic.
    expect(played.current.served.map((s) => s.answeredBy === 'challenge')).toEqual([false, false, true, false, false, false, false]);
    expect(played.current.served.slice(3).every((s) => s.authorization?.startsWith('Digest username="alice"'))).toBe(true);
    expect(answeredBy(played.current)).toEqual(['001', '002', '007', '008', '005', '006']);
  });

  it('a wrong password is an authentication error with a sentence (126: 401 and a new challenge)', async () => {
    played.current = await startPlayback({ load: loadSabreStock, traces: ['126'], timeless: ['126'], challenge: '003' });
    const http = new DavHttp({ baseUrl: `${played.current.origin}/`, credentials: { username: 'alice', password: 'wrong' } });
    const url = `${played.current.origin}/principals/alice/`;
    const err = await expectSharedeckError(() => propfind(http, url, '0', [['DAV:', 'displayname']], 'your account'), 'auth');
    expect(err.message).toMatch(/^The server did not accept this user name and password\./);
  });

  it('lists the calendar as shareable in DAV: and CS:, though unshared it says shared-owner; the address book as not shareable (010, 011)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 11));
    const { collections, skipped } = await listCollections(ctx);
    expect(skipped).toEqual([]);
    const [calendar, addressbook] = collections;
    expect(calendar).toEqual({
      url: `${p.origin}${CAL}`,
      name: 'Default',
      kind: 'calendar',
      access: 'not-shared',
      dialects: ['dav', 'cs'],
      sharees: [],
      shareesVisible: true,
      canShare: true,
      owner: { address: `${p.origin}/principals/alice/` },
    });
    expect(addressbook).toMatchObject({ name: 'Contacts', kind: 'addressbook', access: 'not-shared', dialects: [], canShare: false });
    expect(answeredBy(p)).toEqual(['010', '011']);
  });

  it('an advertised CS:notification-URL that answers 404 is an empty inbox, not an error: sabre shares instantly (009)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 11));
    expect(await listInvitations(ctx)).toEqual({ invitations: [], skipped: [] });
    expect(answeredBy(p)).toEqual(['009']);
  });
});

describe('sabre/dav 4.7.1: the directory hides other users’ properties', () => {
  it('finds bob by part of his name: display name and e-mail together, calendar-user-address-set alone, because sabre answers any search with a CUA term with nobody (012, 019 against 013, 014)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 24));
    const found = (await searchPrincipals(ctx, 'bo', ctx.principals)).principals;
    // Every property of the hit is 403: the name comes from the href, and the principal path is
    // the address (the sharing engine sends it as sabre resolves it).
    expect(found).toEqual([{ url: `${p.origin}/principals/bob/`, name: 'bob', address: '/principals/bob/', addresses: [] }]);
    const result =
      '<D:prop><D:displayname/><C:calendar-user-address-set/><C:calendar-user-type/><S:email-address/><CS:email-address-set/></D:prop>';
    const bodies = p.served.filter((s) => s.method === 'REPORT').map((s) => s.body);
    expect(bodies).toEqual([`${DECL}<D:principal-search-property-set xmlns:D="DAV:"/>`, expect.any(String), expect.any(String)]);
    expect(bodies.slice(1).sort()).toEqual(
      [
        `${DECL}<D:principal-property-search xmlns:D="DAV:" xmlns:S="http://sabredav.org/ns" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CS="http://calendarserver.org/ns/" test="anyof"><D:property-search><D:prop><D:displayname/></D:prop><D:match>bo</D:match></D:property-search><D:property-search><D:prop><S:email-address/></D:prop><D:match>bo</D:match></D:property-search>${result}</D:principal-property-search>`,
        `${DECL}<D:principal-property-search xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:S="http://sabredav.org/ns" xmlns:CS="http://calendarserver.org/ns/"><D:property-search><D:prop><C:calendar-user-address-set/></D:prop><D:match>bo</D:match></D:property-search>${result}</D:principal-property-search>`,
      ].sort(),
    );
    expect(answeredBy(p).sort()).toEqual(['013', '015', '023']);
  });

  it('finds bob by his whole e-mail address in each e-mail property alone, keeps the hit whose addresses it hides, and invites it by that address, which sabre resolves exactly (018, 016)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 24));
    expect((await searchPrincipals(ctx, 'bob@example.org', ctx.principals)).principals).toEqual([
      { url: `${p.origin}/principals/bob/`, name: 'bob', address: 'mailto:bob@example.org', addresses: [] },
    ]);
    expect(answeredBy(p).sort()).toEqual(['016', '018', '023']);
  });
});

describe('sabre/dav 4.7.1: DAV:share-resource writes, each checked against the re-read', () => {
  it('invites bob by mailto: (application/davsharing+xml): 200, instantly accepted, and the result says the sharing is instant (025, 026)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    const result = await invite(ctx, `${p.origin}${CAL}`, [{ address: 'bob@example.org', access: 'read-write' }]);
    expect(posts(p)).toEqual([
      [CAL, 'application/davsharing+xml; charset=utf-8', shareResource(sharee('mailto:bob@example.org', 'read-write'))],
    ]);
    expect(answeredBy(p)).toEqual(['010 (listing)', '025', '026']);
    expect(result).toMatchObject({ notApplied: [], unresolved: [], sharing: 'instant' });
    expect(result.applied).toEqual([{ address: 'mailto:bob@example.org', access: 'read-write', status: 'accepted' }]);
    expect(result.collection).toMatchObject({
      access: 'shared-owner',
      canShare: true,
      owner: { address: `${p.origin}/principals/alice/` },
    });
    // The owner, whom sabre lists among the sharees, is not one.
    expect(sharees(result.collection)).toEqual([['mailto:bob@example.org', 'read-write', 'accepted']]);
  });

  it('invites a principal URL as principals/carol, because sabre resolves only mailto: and the relative form; it lists her back as /principals/carol (034, 035)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    const result = await invite(ctx, `${p.origin}${CAL}`, [{ address: `${p.origin}/principals/carol/`, access: 'read' }]);
    expect(posts(p)).toEqual([[CAL, 'application/davsharing+xml; charset=utf-8', shareResource(sharee('principals/carol', 'read'))]]);
    expect(answeredBy(p)).toEqual(['010 (listing)', '034', '035']);
    expect(result.notApplied).toEqual([]);
    expect(result.applied).toEqual([{ address: '/principals/carol', access: 'read', status: 'accepted' }]);
    // The recording sent the URL and the path as they are first (028, 031): sabre stored both as invalid.
    expect(sharees(result.collection)).toEqual([
      ['/principals/carol/', 'read', 'invalid'],
      ['http://127.0.0.1:8411/principals/carol/', 'read', 'invalid'],
      ['mailto:bob@example.org', 'read-write', 'accepted'],
      ['/principals/carol', 'read', 'accepted'],
    ]);
  });

  it('an absolute principal path is sent relative too (a path typed from the directory)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    await invite(ctx, `${p.origin}${CAL}`, [{ address: '/principals/carol/', access: 'read' }]);
    expect(posts(p)[0]?.[2]).toBe(shareResource(sharee('principals/carol', 'read')));
  });

  it('reports an address sabre keeps as invalid (invite-invalid), though it answered 200 (037, 038)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    const result = await invite(ctx, `${p.origin}${CAL}`, [{ address: 'nobody@example.org', access: 'read' }]);
    expect(answeredBy(p)).toEqual(['010 (listing)', '037', '038']);
    expect(result.notApplied).toEqual([{ address: 'mailto:nobody@example.org', problem: 'invalid' }]);
    expect(result.unresolved).toEqual(['mailto:nobody@example.org']);
    expect(result.applied).toEqual([]);
    expect(result.sharing).toBeUndefined();
  });

  it('refuses to share with the owner herself before sending anything: sabre would answer 500 (040)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    const err = await expectSharedeckError(
      () => invite(ctx, `${p.origin}${CAL}`, [{ address: 'alice@example.org', access: 'read-write' }]),
      'invalid-input',
    );
    expect(err.message).toBe('alice@example.org is you, and you own “Default”: you cannot share it with yourself.');
    expect(posts(p)).toEqual([]);
  });

  it('reads sabre’s 500 for a second row of the same person (the owner under an address the account does not list) as that, not as “try again later” (040)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    const err = await expectSharedeckError(
      () => invite(withAccount(ctx, { addresses: [] }), `${p.origin}${CAL}`, [{ address: 'alice@example.org', access: 'read-write' }]),
      'invalid-input',
    );
    expect(answeredBy(p)).toEqual(['010 (listing)', '040']);
    expect(err.message).toMatch(/already has “Default”, its owner \(you cannot share with yourself\)/);
    expect(err.message).not.toMatch(/try again/i);
    expectReadableMessage(err, 400);
  });

  it('changes bob’s access by re-sending his href with the new level, and checks the level took (043, 044)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    await invite(ctx, `${p.origin}${CAL}`, [{ address: 'bob@example.org', access: 'read-write' }]);
    const result = await setAccess(ctx, `${p.origin}${CAL}`, 'mailto:bob@example.org', 'read');
    expect(posts(p)[1]).toEqual([
      CAL,
      'application/davsharing+xml; charset=utf-8',
      shareResource(sharee('mailto:bob@example.org', 'read')),
    ]);
    expect(answeredBy(p)).toEqual(['010 (listing)', '025', '026', '026', '043', '044']);
    expect(result.notApplied).toEqual([]);
    expect(result.applied).toEqual([{ address: 'mailto:bob@example.org', access: 'read', status: 'accepted' }]);
  });

  it('revokes bob with D:no-access (046, 047)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    await invite(ctx, `${p.origin}${CAL}`, [{ address: 'bob@example.org', access: 'read-write' }]);
    const result = await revoke(ctx, `${p.origin}${CAL}`, ['bob@example.org']);
    expect(posts(p)[1]?.[2]).toBe(shareResource(sharee('mailto:bob@example.org', 'no-access')));
    expect(answeredBy(p).slice(-2)).toEqual(['046', '047']);
    expect(result.notApplied).toEqual([]);
    expect(result.applied).toEqual([{ address: 'mailto:bob@example.org', access: 'read-write', status: 'accepted' }]);
    expect(result.collection.sharees.map((s) => s.address)).not.toContain('mailto:bob@example.org');
  });

  it('sabre: revokes carol with the href as sent, principals/carol, because it lists principals/x back as /principals/x and a revoke with that form changes nothing (052, 053)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    await invite(ctx, `${p.origin}${CAL}`, [{ address: `${p.origin}/principals/carol/`, access: 'read' }]);
    // As `show` lists her.
    const result = await revoke(ctx, `${p.origin}${CAL}`, ['/principals/carol']);
    expect(posts(p)[1]?.[2]).toBe(shareResource(sharee('principals/carol', 'no-access')));
    expect(answeredBy(p).slice(-2)).toEqual(['052', '053']);
    expect(result.notApplied).toEqual([]);
    expect(result.collection.sharees.map((s) => [s.address, s.status])).toEqual([
      ['/principals/carol/', 'invalid'],
      ['http://127.0.0.1:8411/principals/carol/', 'invalid'],
      ['mailto:nobody@example.org', 'invalid'],
    ]);
  });

  it('revoking carol by her user name takes the entry sabre accepted, not the invalid ones of the same person', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    await invite(ctx, `${p.origin}${CAL}`, [{ address: `${p.origin}/principals/carol/`, access: 'read' }]);
    await revoke(ctx, `${p.origin}${CAL}`, ['carol']);
    expect(posts(p)[1]?.[2]).toBe(shareResource(sharee('principals/carol', 'no-access')));
  });

  it('after every write it checks the re-read: a revoke sabre answered 200 but did not apply is reported as still listed (049, 050)', async () => {
    // The recorded answers with D:share-resource-uri taken out, so the engine does not know it is
    // sabre and sends the listed form, as a naive client would.
    const noShareUri = (body: string) => body.replace(/<d:share-resource-uri>.*?<\/d:share-resource-uri>/g, '');
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60), { edits: { '035': noShareUri } });
    await invite(ctx, `${p.origin}${CAL}`, [{ address: `${p.origin}/principals/carol/`, access: 'read' }]);
    const result = await revoke(ctx, `${p.origin}${CAL}`, ['/principals/carol']);
    expect(posts(p)[1]?.[2]).toBe(shareResource(sharee('/principals/carol', 'no-access')));
    expect(answeredBy(p).slice(-2)).toEqual(['049', '050']);
    expect(result.notApplied).toEqual([{ address: '/principals/carol', problem: 'still-listed', access: 'read' }]);
    expect(result.unresolved).toEqual(['/principals/carol']);
  });

  it('two Bobs at different domains: inviting bob@partner.test sends his own address, never the listed bob@example.org, and revoking one leaves the other (044, 046, 047, edited)', async () => {
    // The recorded lists with a second Bob, at another domain, read-write beside bob@example.org.
    const bob =
      '<d:sharee><d:href>mailto:bob@example.org</d:href><d:prop/><d:share-access><d:read/></d:share-access><d:invite-accepted/></d:sharee>';
    const partner =
      '<d:sharee><d:href>mailto:bob@partner.test</d:href><d:prop/><d:share-access><d:read-write/></d:share-access><d:invite-accepted/></d:sharee>';
    const withPartner = (body: string) => body.replace('</d:invite>', `${partner}</d:invite>`);
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60), {
      edits: { '044': withPartner, '047': withPartner },
      // sabre answers every share POST 200 with an empty body: the answer to this unrecorded one.
      standIns: [
        {
          when: (r) => r.method === 'POST' && r.body.includes('<D:href>mailto:bob@partner.test</D:href>'),
          answer: '043',
          because: 'sabre answers every share POST alike',
        },
      ],
    });
    const url = `${p.origin}${CAL}`;
    await invite(ctx, url, [{ address: 'bob@example.org', access: 'read-write' }]);
    await setAccess(ctx, url, 'bob@example.org', 'read');
    const { collection } = await readCollection(ctx, url);
    expect(collection.sharees.filter((s) => s.address.startsWith('mailto:bob@'))).toEqual([
      { address: 'mailto:bob@example.org', access: 'read', status: 'accepted' },
      { address: 'mailto:bob@partner.test', access: 'read-write', status: 'accepted' },
    ]);
    expect(loadSabreStock('044').response.body).toContain(bob);

    // Changing the partner Bob names him, not the Bob at the server's own domain.
    await setAccess(ctx, url, 'bob@partner.test', 'read');
    expect(posts(p).at(-1)?.[2]).toBe(shareResource(sharee('mailto:bob@partner.test', 'read')));

    const revoked = await revoke(ctx, url, ['bob@example.org']);
    expect(posts(p).at(-1)?.[2]).toBe(shareResource(sharee('mailto:bob@example.org', 'no-access')));
    expect(p.writes().at(-1)?.answeredBy.slice(0, 3)).toBe('046');
    expect(revoked.notApplied).toEqual([]);
    expect(revoked.collection.sharees.map((s) => s.address)).toContain('mailto:bob@partner.test');
    expect(revoked.collection.sharees.map((s) => s.address)).not.toContain('mailto:bob@example.org');

    // A bare "bob" names neither: sabre keeps addresses as sent, so the engine does not guess.
    const err = await expectSharedeckError(() => revoke(ctx, url, ['bob']), 'unknown-sharee');
    expect(err.message).toMatch(/^bob is not among the people “Default” is shared with\. Did you mean bob@partner\.test\?/);
  });

  it('sends the display names picked from the directory (sabre stores them) and says the message was dropped: sabre shares instantly and does not keep it (055, 056)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    const result = await invite(
      ctx,
      `${p.origin}${CAL}`,
      [
        { address: 'bob@example.org', access: 'read-write', name: 'Bob B.' },
        { address: 'dave@example.org', access: 'read', name: 'Dave D.' },
      ],
      { comment: 'Planning for Q3' },
    );
    const extra = (name: string) => `<D:prop><D:displayname>${name}</D:displayname></D:prop><D:comment>Planning for Q3</D:comment>`;
    expect(posts(p)).toEqual([
      [
        CAL,
        'application/davsharing+xml; charset=utf-8',
        shareResource(
          sharee('mailto:bob@example.org', 'read-write', extra('Bob B.')),
          sharee('mailto:dave@example.org', 'read', extra('Dave D.')),
        ),
      ],
    ]);
    expect(answeredBy(p)).toEqual(['010 (listing)', '055', '056']);
    expect(result).toMatchObject({ notApplied: [], sharing: 'instant', message: 'dropped' });
    expect(result.applied.map((s) => s.name)).toEqual(['Bob B.', 'Dave D.']);
  });

  it('an address book cannot be shared (sabre answers 403): the engine says so before sending, also with --dialect cs, without an empty list of dialects (058)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 1, 60));
    const url = `${p.origin}/addressbooks/alice/default/`;
    const plain = await expectSharedeckError(() => invite(ctx, url, [{ address: 'bob@example.org', access: 'read' }]), 'no-sharing');
    expect(plain.message).toBe('The server does not let “Contacts” be shared.');
    const forced = await expectSharedeckError(
      () => invite(ctx, url, [{ address: 'bob@example.org', access: 'read' }], { dialect: 'cs' }),
      'no-sharing',
    );
    expect(forced.message).toBe('The server does not let “Contacts” be shared, in calendarserver sharing (CS:) or any other way.');
    expect(forced.message).not.toContain('offers .');
    expect(posts(p)).toEqual([]);
  });
});

describe('sabre/dav 4.7.1: the same writes with CS:share give the same lists', () => {
  const csShare = (...items: string[]) =>
    `${DECL}<CS:share xmlns:CS="http://calendarserver.org/ns/" xmlns:D="DAV:">${items.join('')}</CS:share>`;
  const set = (href: string, access: string, extra = '<CS:summary>Default</CS:summary>') =>
    `<CS:set><D:href>${href}</D:href>${extra}<CS:${access}/></CS:set>`;

  it('invites, changes and revokes with CS:set / CS:remove as text/xml (062, 071, 080, 083, 089)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 61, 97));
    const url = `${p.origin}${CAL}`;
    await invite(ctx, url, [{ address: 'bob@example.org', access: 'read-write' }], { dialect: 'cs' });
    await invite(ctx, url, [{ address: `${p.origin}/principals/carol/`, access: 'read' }], { dialect: 'cs' });
    const changed = await setAccess(ctx, url, 'bob@example.org', 'read', { dialect: 'cs' });
    const revoked = await revoke(ctx, url, ['bob@example.org'], { dialect: 'cs' });
    const carolGone = await revoke(ctx, url, ['/principals/carol'], { dialect: 'cs' });
    expect(posts(p)).toEqual([
      [CAL, 'text/xml; charset=utf-8', csShare(set('mailto:bob@example.org', 'read-write'))],
      [CAL, 'text/xml; charset=utf-8', csShare(set('principals/carol', 'read'))],
      [CAL, 'text/xml; charset=utf-8', csShare(set('mailto:bob@example.org', 'read'))],
      [CAL, 'text/xml; charset=utf-8', csShare('<CS:remove><D:href>mailto:bob@example.org</D:href></CS:remove>')],
      [CAL, 'text/xml; charset=utf-8', csShare('<CS:remove><D:href>principals/carol</D:href></CS:remove>')],
    ]);
    expect(p.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['062', '071', '080', '083', '089']);
    for (const r of [changed, revoked, carolGone]) expect(r.notApplied).toEqual([]);
    expect(sharees(carolGone.collection)).toEqual([
      ['/principals/carol/', 'read', 'invalid'],
      ['http://127.0.0.1:8411/principals/carol/', 'read', 'invalid'],
      ['mailto:nobody@example.org', 'read', 'invalid'],
    ]);
  });

  it('sends the directory name as CS:common-name and the comment as CS:summary; the list has the names, not the comment (092, 093)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 61, 97));
    const result = await invite(
      ctx,
      `${p.origin}${CAL}`,
      [
        { address: 'bob@example.org', access: 'read-write', name: 'Bob B.' },
        { address: 'dave@example.org', access: 'read', name: 'Dave D.' },
      ],
      { comment: 'Planning for Q3', dialect: 'cs' },
    );
    const extra = (name: string) => `<CS:common-name>${name}</CS:common-name><CS:summary>Planning for Q3</CS:summary>`;
    expect(posts(p)[0]?.[2]).toBe(
      csShare(set('mailto:bob@example.org', 'read-write', extra('Bob B.')), set('mailto:dave@example.org', 'read', extra('Dave D.'))),
    );
    expect(answeredBy(p)).toEqual(['061 (listing)', '092', '093']);
    expect(result).toMatchObject({ notApplied: [], sharing: 'instant', message: 'dropped' });
  });

  it('the DAV: and the CS: runs end in the same model (056 against 093)', () => {
    const account = recordedAccount();
    const [dav] = resourcesOf(loadSabreStock('056'));
    const [cs] = resourcesOf(loadSabreStock('093'));
    expect(toCollection(cs!, account, true)).toEqual(toCollection(dav!, account, true));
  });
});

describe('sabre/dav 4.7.1: the sharee’s side', () => {
  // The server was reset to its fresh state before 098 (the recording says so), the state 010 shows.
  const SHAREE_SIDE = ['010', ...traces('sabre-4.7-stock', 98, 112)];

  it('bob’s copy at once in his home: shared by alice (from the invite list, not DAV:owner, which names bob), the whole list visible, not his to share (100)', async () => {
    const { p, ctx } = await alice(SHAREE_SIDE);
    await invite(ctx, `${p.origin}${CAL}`, [
      { address: 'bob@example.org', access: 'read-write' },
      { address: 'carol@example.org', access: 'read' },
    ]);
    const list = (await listCollections(bob(p, ctx))).collections;
    const copy = list.find((c) => c.url === `${p.origin}${COPY}`);
    expect(copy).toMatchObject({
      name: 'Default',
      access: 'read-write',
      canShare: false,
      dialects: [],
      shareesVisible: true,
      sharedBy: { address: `${p.origin}/principals/alice` },
    });
    expect(sharees(copy!)).toEqual([
      ['mailto:bob@example.org', 'read-write', 'accepted'],
      ['mailto:carol@example.org', 'read', 'accepted'],
    ]);
    expect(list.find((c) => c.url === `${p.origin}/calendars/bob/default/`)).toMatchObject({ access: 'not-shared', canShare: true });
  });

  it('after alice changes him to read (103) his copy says read (104), and he cannot re-share it: refused before sending (sabre: 403 for 102, 106, 107)', async () => {
    const { p, ctx } = await alice(SHAREE_SIDE);
    await invite(ctx, `${p.origin}${CAL}`, [
      { address: 'bob@example.org', access: 'read-write' },
      { address: 'carol@example.org', access: 'read' },
    ]);
    // alice changes bob to read from another client: the recording has no re-read of hers after it.
    p.advanceTo('103');
    const asBob = bob(p, ctx);
    const { collection } = await readCollection(asBob, `${p.origin}${COPY}`);
    expect(collection).toMatchObject({ access: 'read', canShare: false });
    const err = await expectSharedeckError(
      () => invite(asBob, `${p.origin}${COPY}`, [{ address: 'dave@example.org', access: 'read' }]),
      'forbidden',
    );
    expect(err.message).toBe('“Default” was shared with you by alice; only its owner can change who it is shared with.');
    expect(p.writes().filter((w) => w.path === COPY)).toEqual([]);
  });

  it('bob leaves: DELETE of his copy (204), which leaves his home; alice’s list no longer has him (109, 110, 111)', async () => {
    const { p, ctx } = await alice(SHAREE_SIDE);
    await invite(ctx, `${p.origin}${CAL}`, [
      { address: 'bob@example.org', access: 'read-write' },
      { address: 'carol@example.org', access: 'read' },
    ]);
    p.advanceTo('103');
    const asBob = bob(p, ctx);
    await leave(asBob, `${p.origin}${COPY}`);
    expect(p.writes().at(-1)).toMatchObject({ method: 'DELETE', path: COPY, answeredBy: '109-e-bob-delete-copy-leave' });
    expect((await listCollections(asBob)).collections.map((c) => c.url)).toEqual([`${p.origin}/calendars/bob/default/`]);
    const { collection } = await readCollection(ctx, `${p.origin}${CAL}`);
    expect(sharees(collection)).toEqual([['mailto:carol@example.org', 'read', 'accepted']]);
    expect(answeredBy(p).slice(-3)).toEqual(['109', '110', '111']);
  });
});

describe('sabre/dav 4.7.1: a shared folder (an ISharedNode of the recorded server)', () => {
  it('lists /files/alice/Projects/ as shareable in DAV: only, invites, changes and revokes bob, and bob sees the owner’s list (113-124)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 113, 125));
    const withFiles = withAccount(ctx, { calendarHomes: [], addressbookHomes: [], folders: [`${p.origin}/files/alice/`] });
    const url = `${p.origin}/files/alice/Projects/`;
    const [folder] = (await listCollections(withFiles)).collections.filter((c) => c.url === url);
    expect(folder).toMatchObject({ kind: 'folder', access: 'not-shared', dialects: ['dav'], canShare: true });
    const shared = await invite(withFiles, url, [{ address: 'bob@example.org', access: 'read' }]);
    expect(shared).toMatchObject({ notApplied: [], sharing: 'instant', collection: { access: 'shared-owner' } });
    const changed = await setAccess(withFiles, url, 'bob@example.org', 'read-write');
    expect(changed.applied).toEqual([{ address: 'mailto:bob@example.org', access: 'read-write', status: 'accepted' }]);
    const revoked = await revoke(withFiles, url, ['bob@example.org']);
    expect(revoked).toMatchObject({ notApplied: [], collection: { access: 'not-shared', sharees: [] } });
    expect(p.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['114', '119', '123']);
  });

  it('bob’s mount names alice as owner in DAV:owner and has her list (116)', () => {
    const account = {
      ...recordedAccount(),
      username: 'bob',
      principalUrl: 'http://127.0.0.1:8411/principals/bob/',
      addresses: ['mailto:bob@example.org'],
    };
    const mount = resourcesOf(loadSabreStock('116')).find((r) => r.url.endsWith('/files/bob/Projects/'))!;
    expect(toCollection(mount, account, true)).toMatchObject({
      kind: 'folder',
      access: 'read',
      canShare: false,
      sharedBy: { address: 'http://127.0.0.1:8411/principals/alice/' },
      sharees: [{ address: 'mailto:bob@example.org', access: 'read', status: 'accepted' }],
    });
  });
});

describe('sabre/dav 4.7.1: errors', () => {
  it('a missing collection is “not found” with a sentence (127)', async () => {
    const { p, ctx } = await alice(traces('sabre-4.7-stock', 126, 130));
    const err = await expectSharedeckError(() => readCollection(ctx, `${p.origin}/calendars/alice/no-such-calendar/`), 'not-found');
    expect(err.message).toBe('The collection was not found on the server. It may have been deleted or renamed; refresh the list.');
  });
});
