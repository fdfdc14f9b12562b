// Nextcloud 29.0.1, played back from its recorded answers (test/fixtures/nextcloud-29): every
// behaviour of it the engine depends on, through the engine's public functions, asserting the
// exact requests sent and the model made of the answers. Where the engine decides something from
// how Nextcloud behaves, the test says so.

import { describe, expect, it } from 'vitest';
import type { Collection } from '../../shared/model';
import { listCollections, readCollection, toCollection } from '../../electron/dav/collections';
import { DavHttp } from '../../electron/dav/http';
import { errorForStatus } from '../../electron/dav/http-errors';
import { listInvitations } from '../../electron/dav/invitations';
import { parseMultistatus } from '../../electron/dav/multistatus';
import { propfind } from '../../electron/dav/propfind';
import { searchPrincipals } from '../../electron/dav/principals';
import { invite, leave, revoke, setAccess, setPublished } from '../../electron/dav/sharing';
import { NEXTCLOUD_ORIGIN, loadNextcloud } from '../fixtures/load';
import { expectSharedeckError } from '../support/dav-fixtures';
import {
  answeredBy,
  discovered,
  type PlaybackContext,
  nextcloudPlayback,
  traces,
  withAccount,
  playbackPerTest,
  signedIn,
  otherUser,
} from '../support/interop';
import { startPlayback, type Playback, type PlaybackOptions, type PlaybackRequest } from '../support/playback';

const DECL = '<?xml version="1.0" encoding="utf-8"?>\n';
const DAV = '/remote.php/dav';
const CAL = `${DAV}/calendars/alice/personal/`;
const AB = `${DAV}/addressbooks/users/alice/contacts/`;
const COPY = `${DAV}/calendars/bob/personal_shared_by_alice/`;

const played = playbackPerTest();

function alice(traceList: readonly string[], extra: Partial<PlaybackOptions> = {}): Promise<{ p: Playback; ctx: PlaybackContext }> {
  return signedIn(played, nextcloudPlayback(traceList, extra), 'alice', 'alicepw123!');
}

/** bob on the same server: the recording has his calendar home, not his discovery. */
function bob(p: Playback, ctx: PlaybackContext): PlaybackContext {
  const o = p.origin;
  return otherUser(
    p,
    ctx,
    { username: 'bob', password: 'bobpw12345!' },
    {
      principalUrl: `${o}${DAV}/principals/users/bob/`,
      addresses: ['mailto:bob@example.com'],
      calendarHomes: [`${o}${DAV}/calendars/bob/`],
    },
  );
}

const sharees = (c: Collection) => c.sharees.map((s) => [s.address, s.access, s.status, s.name, s.type]);
const posts = (p: Playback) => p.writes().map((w) => [w.path, w.contentType, w.body]);
const ocShare = (...items: string[]) => `${DECL}<OC:share xmlns:OC="http://owncloud.org/ns" xmlns:D="DAV:">${items.join('')}</OC:share>`;
const set = (href: string, access: string, extra = '') => `<OC:set><D:href>${href}</D:href>${extra}<OC:${access}/></OC:set>`;
const remove = (href: string) => `<OC:remove><D:href>${href}</D:href></OC:remove>`;

/** An address nobody on the server has: Nextcloud matches whole addresses only, so it finds nobody, as "bob" does. */
const NOBODY_SEARCHES = [
  {
    when: (r: PlaybackRequest) => r.method === 'REPORT' && r.body.includes('<S:email-address/></D:prop><D:match>nobody@example.org'),
    answer: '024',
    because: 'e-mail matches whole addresses only: nobody has it, as nobody has "bob"',
  },
  {
    when: (r: PlaybackRequest) =>
      r.method === 'REPORT' && r.body.includes('<C:calendar-user-address-set/></D:prop><D:match>nobody@example.org'),
    answer: '021',
    because: 'the address set matches whole addresses only: nobody has it',
  },
];

describe('Nextcloud 29: discovery, listing, inbox', () => {
  it('discovers alice under /remote.php/dav/: four principal collections, OC: sharing as the only dialect though calendarserver-sharing is advertised', async () => {
    played.current = await nextcloudPlayback(traces('nextcloud-29', 1, 15));
    const { account } = await discovered(played.current, 'alice', 'alicepw123!');
    const o = played.current.origin;
    expect(account).toMatchObject({
      principalUrl: `${o}${DAV}/principals/users/alice/`,
      displayName: 'Alice',
      addresses: ['mailto:alice@example.com'],
      calendarHomes: [`${o}${DAV}/calendars/alice/`],
      addressbookHomes: [`${o}${DAV}/addressbooks/users/alice/`],
      notificationUrl: `${o}${DAV}/calendars/alice/notifications/`,
      principalCollectionUrl: `${o}${DAV}/principals/users/`,
      principalCollections: ['users', 'groups', 'calendar-resources', 'calendar-rooms'].map((c) => `${o}${DAV}/principals/${c}/`),
      dialects: ['oc'],
    });
    expect(account.capabilities).toEqual(
      expect.arrayContaining(['oc-resource-sharing', 'oc-calendar-publishing', 'calendarserver-sharing']),
    );
    expect(answeredBy(played.current)).toEqual(['001', '009', '010', '006', '007']);
  });

  it('a wrong password is an authentication error with a sentence (127)', async () => {
    played.current = await startPlayback({ load: loadNextcloud, traces: ['127'], timeless: ['127'], challenge: '003' });
    const http = new DavHttp({ baseUrl: `${played.current.origin}/`, credentials: { username: 'alice', password: 'wrong' } });
    const url = `${played.current.origin}${DAV}/principals/users/alice/`;
    const err = await expectSharedeckError(() => propfind(http, url, '0', [['DAV:', 'displayname']], 'your account'), 'auth');
    expect(err.message).toMatch(/^The server did not accept this user name and password\./);
  });

  it('lists calendars and address books: shareable in OC: only, never CS: (Nextcloud answers CS:share with 501); the system and app address books not hers to share (012, 013)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 15));
    const { collections: list, skipped } = await listCollections(ctx);
    expect(skipped).toEqual([]);
    const o = p.origin;
    const owner = { address: `${o}${DAV}/principals/users/alice/`, name: 'Alice' };
    expect(list).toEqual([
      {
        url: `${o}${CAL}`,
        name: 'Personal',
        kind: 'calendar',
        color: '#0082c9',
        access: 'not-shared',
        dialects: ['oc'],
        sharees: [],
        shareesVisible: true,
        canShare: true,
        owner: owner,
        publish: { available: true },
      },
      {
        url: `${o}${AB}`,
        name: 'Contacts',
        kind: 'addressbook',
        access: 'not-shared',
        dialects: ['oc'],
        sharees: [],
        shareesVisible: true,
        canShare: true,
        owner: owner,
      },
      expect.objectContaining({
        name: 'Accounts',
        access: 'read',
        canShare: false,
        sharedBy: { address: `${o}${DAV}/principals/system/system/`, name: 'Accounts' },
      }),
      expect.objectContaining({ name: 'Recently contacted', access: 'not-shared', canShare: false, dialects: [] }),
    ]);
    expect(answeredBy(p)).toEqual(['012', '013']);
  });

  it('ls and show name the owner the same way, though OC:owner-principal is bare text and missing on a Depth:0 read (012 against 014)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 15));
    const [listed] = (await listCollections(ctx)).collections;
    const { collection: shown } = await readCollection(ctx, `${p.origin}${CAL}`);
    expect(shown.owner).toEqual({ address: `${p.origin}${DAV}/principals/users/alice/`, name: 'Alice' });
    expect(shown.owner).toEqual(listed?.owner);
    expect(answeredBy(p)).toEqual(['012', '013', '014']);
  });

  it('shareability comes from what the calendar says: an empty CS:allowed-sharing-modes (the birthday calendar) or no write privilege is not shareable, so no Invite is offered (014, edited)', async () => {
    const modes = '<cs:allowed-sharing-modes><cs:can-be-shared/><cs:can-be-published/></cs:allowed-sharing-modes>';
    const recorded = loadNextcloud('014').response.body;
    expect(recorded).toContain(modes);
    const account = {
      ...(await alice(traces('nextcloud-29', 1, 15))).ctx.account,
      principalUrl: `${NEXTCLOUD_ORIGIN}${DAV}/principals/users/alice/`,
    };
    const model = (body: string) => toCollection(parseMultistatus(body, `${NEXTCLOUD_ORIGIN}${CAL}`)[0]!, account, false)!;
    expect(model(recorded)).toMatchObject({ access: 'not-shared', dialects: ['oc'], canShare: true });
    expect(model(recorded.replace(modes, '<cs:allowed-sharing-modes/>'))).toMatchObject({
      access: 'not-shared',
      dialects: [],
      canShare: false,
    });
    const readOnly = recorded
      .replace(/<d:privilege><d:write\/><\/d:privilege>/, '')
      .replace(/<d:privilege><d:write-content\/><\/d:privilege>/, '');
    expect(model(readOnly)).toMatchObject({ access: 'not-shared', dialects: [], canShare: false });
  });

  it('an advertised CS:notification-URL that answers 404 is an empty inbox: Nextcloud shares instantly (011)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 15));
    expect(await listInvitations(ctx)).toEqual({ invitations: [], skipped: [] });
    expect(answeredBy(p)).toEqual(['011']);
  });
});

describe('Nextcloud 29: the directory', () => {
  it('finds bob by his whole e-mail address among the users, each e-mail property alone; groups have no address and rooms are no sharees, so they are not asked (027, 022, 020)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 30));
    expect((await searchPrincipals(ctx, 'bob@example.com', ctx.principals)).principals).toEqual([
      {
        url: `${p.origin}${DAV}/principals/users/bob/`,
        name: 'Bob',
        address: 'principal:principals/users/bob',
        addresses: ['mailto:bob@example.com'],
        type: 'individual',
      },
    ]);
    expect(answeredBy(p).sort()).toEqual(['020', '022', '027']);
    expect(p.served.every((s) => s.path === `${DAV}/principals/users/`)).toBe(true);
  });

  it('finds bob by part of his name in the users: the display name (and the e-mail, which never matches part of one) together, the address set alone (017, 019)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 30));
    const users = withAccount(ctx, { principalCollections: [`${p.origin}${DAV}/principals/users/`] });
    const found = (await searchPrincipals(users, 'bo', users.principals)).principals;
    expect(found.map((f) => [f.name, f.address, f.type])).toEqual([['Bob', 'principal:principals/users/bob', 'individual']]);
    expect(answeredBy(p).sort()).toEqual(['017', '019', '027']);
  });

  it('finds the group team by its name alone, and labels it a group: the collection it is in says so (028)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 30));
    const groups = withAccount(ctx, { principalCollections: [`${p.origin}${DAV}/principals/groups/`] });
    expect((await searchPrincipals(groups, 'team', groups.principals)).principals).toEqual([
      {
        url: `${p.origin}${DAV}/principals/groups/team/`,
        name: 'team',
        address: 'principal:principals/groups/team',
        addresses: [],
        type: 'group',
      },
    ]);
    const report = p.served.find((s) => s.path === `${DAV}/principals/groups/`);
    expect(report?.body).toContain('<D:property-search><D:prop><D:displayname/></D:prop><D:match>team</D:match></D:property-search>');
    expect(report?.body).not.toContain('anyof');
    expect(answeredBy(p)).toEqual(['027', '028']);
  });
});

describe('Nextcloud 29: OC:share writes, each checked against the re-read', () => {
  it('invites bob by e-mail through the directory as principal:principals/users/bob, because Nextcloud drops every mailto: with a 200 (022, 031, 032)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    const result = await invite(ctx, `${p.origin}${CAL}`, [{ address: 'bob@example.com', access: 'read-write' }]);
    expect(posts(p)).toEqual([[CAL, 'text/xml; charset=utf-8', ocShare(set('principal:principals/users/bob', 'read-write'))]]);
    expect(answeredBy(p).filter((t) => !['020', '022', '027'].includes(t))).toEqual(['014', '031', '032']);
    expect(result).toMatchObject({ notApplied: [], unresolved: [], sharing: 'instant' });
    expect(sharees(result.collection)).toEqual([['principal:principals/users/bob', 'read-write', 'accepted', 'Bob', 'individual']]);
  });

  it('says clearly when nobody on the server has the address, and sends nothing', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111), { standIns: NOBODY_SEARCHES });
    const err = await expectSharedeckError(
      () => invite(ctx, `${p.origin}${CAL}`, [{ address: 'nobody@example.org', access: 'read' }]),
      'unknown-sharee',
    );
    expect(err.message).toBe(
      'Nobody on this server has the address nobody@example.org. Nextcloud shares only with its own users and groups: search the directory for them.',
    );
    expect(posts(p)).toEqual([]);
  });

  it('of several addresses, shares with those someone has and reports the others, without sending them', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111), { standIns: NOBODY_SEARCHES });
    const result = await invite(ctx, `${p.origin}${CAL}`, [
      { address: 'bob@example.com', access: 'read-write' },
      { address: 'nobody@example.org', access: 'read' },
    ]);
    expect(posts(p)).toEqual([[CAL, 'text/xml; charset=utf-8', ocShare(set('principal:principals/users/bob', 'read-write'))]]);
    expect(result.notApplied).toEqual([{ address: 'mailto:nobody@example.org', problem: 'unknown-address' }]);
  });

  it('sends a principal URL in the principal: form Nextcloud resolves (it ignores the URL and the path: 034, 037) (040, 041)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    await invite(ctx, `${p.origin}${CAL}`, [{ address: 'bob@example.com', access: 'read-write' }]);
    const result = await invite(ctx, `${p.origin}${CAL}`, [{ address: `${p.origin}${DAV}/principals/users/carol/`, access: 'read' }]);
    expect(posts(p)[1]).toEqual([CAL, 'text/xml; charset=utf-8', ocShare(set('principal:principals/users/carol', 'read'))]);
    expect(p.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['031', '040']);
    expect(result.notApplied).toEqual([]);
    expect(sharees(result.collection)).toEqual([
      ['principal:principals/users/bob', 'read-write', 'accepted', 'Bob', 'individual'],
      ['principal:principals/users/carol', 'read', 'accepted', 'Carol', 'individual'],
    ]);
  });

  it('reports a principal Nextcloud ignored with a 200 as not taken (046, 047)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    const result = await invite(ctx, `${p.origin}${CAL}`, [{ address: 'principal:principals/users/nobody', access: 'read' }]);
    expect(p.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['046']);
    expect(result.notApplied).toEqual([{ address: 'principal:principals/users/nobody', problem: 'not-listed' }]);
  });

  it('refuses to share with the owner before sending (Nextcloud would ignore it silently, 049)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    await expectSharedeckError(
      () => invite(ctx, `${p.origin}${CAL}`, [{ address: 'principal:principals/users/alice', access: 'read' }]),
      'invalid-input',
    );
    expect(posts(p)).toEqual([]);
  });

  it('changes bob to read by e-mail (an OC:set without read-write) and revokes him (OC:remove), both found through the directory (052, 053, 055, 056)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    const url = `${p.origin}${CAL}`;
    await invite(ctx, url, [{ address: 'bob@example.com', access: 'read-write' }]);
    await invite(ctx, url, [{ address: 'principal:principals/users/carol', access: 'read' }]);
    const changed = await setAccess(ctx, url, 'bob@example.com', 'read');
    const revoked = await revoke(ctx, url, ['bob@example.com']);
    expect(posts(p).slice(2)).toEqual([
      [CAL, 'text/xml; charset=utf-8', ocShare(set('principal:principals/users/bob', 'read'))],
      [CAL, 'text/xml; charset=utf-8', ocShare(remove('principal:principals/users/bob'))],
    ]);
    expect(p.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['031', '040', '052', '055']);
    expect(changed).toMatchObject({ notApplied: [], applied: [{ address: 'principal:principals/users/bob', access: 'read' }] });
    expect(revoked.notApplied).toEqual([]);
    expect(sharees(revoked.collection)).toEqual([['principal:principals/users/carol', 'read', 'accepted', 'Carol', 'individual']]);
  });

  it('the message goes as OC:summary and Nextcloud does not keep it (nor the names sent): the result says it was dropped (058, 059)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    const url = `${p.origin}${CAL}`;
    const result = await invite(
      ctx,
      url,
      [
        { address: 'principal:principals/users/bob', access: 'read-write', name: 'Bob B.' },
        { address: 'principal:principals/users/carol', access: 'read', name: 'Carol C.' },
      ],
      { comment: 'Planning for Q3' },
    );
    const summary = '<OC:summary>Planning for Q3</OC:summary>';
    expect(posts(p)).toEqual([
      [
        CAL,
        'text/xml; charset=utf-8',
        ocShare(set('principal:principals/users/bob', 'read-write', summary), set('principal:principals/users/carol', 'read', summary)),
      ],
    ]);
    expect(p.writes()[0]?.answeredBy.slice(0, 3)).toBe('058');
    expect(result).toMatchObject({ notApplied: [], sharing: 'instant', message: 'dropped' });
    expect(result.applied.map((s) => s.name)).toEqual(['Bob', 'Carol']);
  });

  it('shares with the group team: one sharee, shown as a group (067, 068)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    const result = await invite(ctx, `${p.origin}${CAL}`, [{ address: 'principal:principals/groups/team', access: 'read' }]);
    expect(p.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['067']);
    expect(result.notApplied).toEqual([]);
    expect(result.applied).toEqual([
      { address: 'principal:principals/groups/team', name: 'team', access: 'read', status: 'accepted', type: 'group' },
    ]);
  });

  it('publishes (202) and unpublishes (200): while published the owner is in her own OC:invite, and is still not a sharee (071, 072, 077, 078)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    const url = `${p.origin}${CAL}`;
    await invite(ctx, url, [{ address: 'principal:principals/groups/team', access: 'read' }]);
    const before = (await readCollection(ctx, url)).collection.sharees.length;
    const on = await setPublished(ctx, url, true);
    expect(on.publish).toEqual({ available: true, url: 'http://127.0.0.1:8420/remote.php/dav/public-calendars/9pXE9i54tWpqaNKM' });
    expect(on.sharees.map((s) => s.address)).not.toContain('principal:principals/users/alice');
    expect(on.sharees).toHaveLength(before);
    const off = await setPublished(ctx, url, false);
    expect(off.publish).toEqual({ available: true });
    expect(posts(p).slice(1)).toEqual([
      [CAL, 'text/xml; charset=utf-8', `${DECL}<CS:publish-calendar xmlns:CS="http://calendarserver.org/ns/"/>`],
      [CAL, 'text/xml; charset=utf-8', `${DECL}<CS:unpublish-calendar xmlns:CS="http://calendarserver.org/ns/"/>`],
    ]);
    expect(p.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['067', '071', '077']);
  });

  it('an address book shares the same way; publishing is not offered for it (Nextcloud: 501) (081, 082, 108)', async () => {
    // Before the first address-book write the recording has the home listing only (013): the
    // Depth:0 read is the address book's own <response> from it. Nextcloud's two answers differ in
    // OC:owner-principal alone, which the model reads the same either way (the ls/show test).
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111), { depth0FromListing: true });
    const result = await invite(ctx, `${p.origin}${AB}`, [{ address: 'bob@example.com', access: 'read-write' }]);
    expect(posts(p)).toEqual([[AB, 'text/xml; charset=utf-8', ocShare(set('principal:principals/users/bob', 'read-write'))]]);
    expect(p.writes()[0]?.answeredBy.slice(0, 3)).toBe('081');
    expect(result).toMatchObject({ notApplied: [], sharing: 'instant' });
    await expectSharedeckError(() => setPublished(ctx, `${p.origin}${AB}`, true), 'unsupported');
    expect(p.writes()).toHaveLength(1);
  });

  it('never sends CS:share or DAV:share-resource, which Nextcloud answers with 501 (129, 130, 131)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    for (const dialect of ['cs', 'dav'] as const) {
      const err = await expectSharedeckError(
        () => invite(ctx, `${p.origin}${CAL}`, [{ address: 'bob@example.com', access: 'read' }], { dialect }),
        'unsupported',
      );
      expect(err.message).toMatch(/; it offers Nextcloud sharing \(OC:\)\.$/);
    }
    expect(posts(p)).toEqual([]);
  });

  it('a missing collection is “not found” (128)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 127, 132));
    await expectSharedeckError(() => readCollection(ctx, `${p.origin}${DAV}/calendars/alice/no-such-calendar/`), 'not-found');
  });
});

describe('Nextcloud 29: the sharee’s side', () => {
  // The server was reset to its fresh state before 112 (the recording says so), the state 014 shows.
  const SHAREE_SIDE = ['014', ...traces('nextcloud-29', 112, 126)];

  it('bob’s copy: shared by Alice (DAV:owner is the owner here), read-write from his privileges, the list hidden (an empty OC:invite), not his to share (112, 114)', async () => {
    const { p, ctx } = await alice(SHAREE_SIDE);
    await invite(ctx, `${p.origin}${CAL}`, [
      { address: 'bob@example.com', access: 'read-write' },
      { address: 'principal:principals/users/carol', access: 'read' },
    ]);
    expect(p.writes()[0]?.answeredBy.slice(0, 3)).toBe('112');
    const [copy] = (await listCollections(bob(p, ctx))).collections.filter((c) => c.url === `${p.origin}${COPY}`);
    expect(copy).toEqual({
      url: `${p.origin}${COPY}`,
      name: 'Personal (Alice)',
      kind: 'calendar',
      color: '#0082c9',
      access: 'read-write',
      dialects: [],
      sharees: [],
      shareesVisible: false,
      canShare: false,
      owner: { address: `${p.origin}${DAV}/principals/users/alice/`, name: 'Alice' },
      sharedBy: { address: `${p.origin}${DAV}/principals/users/alice/`, name: 'Alice' },
      publish: { available: false },
    });
  });

  it('read-only after alice’s change (118): the copy says read and cannot be shared (its CS:allowed-sharing-modes is empty, 119)', async () => {
    const { p, ctx } = await alice(SHAREE_SIDE);
    await invite(ctx, `${p.origin}${CAL}`, [
      { address: 'bob@example.com', access: 'read-write' },
      { address: 'principal:principals/users/carol', access: 'read' },
    ]);
    p.advanceTo('118');
    const asBob = bob(p, ctx);
    const { collection } = await readCollection(asBob, `${p.origin}${COPY}`);
    expect(collection).toMatchObject({ access: 'read', canShare: false, dialects: [], shareesVisible: false });
    // Nor published, nor shared on: refused before sending (Nextcloud would answer 404, 121).
    await expectSharedeckError(() => setPublished(asBob, `${p.origin}${COPY}`, true), 'forbidden');
    await expectSharedeckError(
      () => invite(asBob, `${p.origin}${COPY}`, [{ address: 'principal:principals/users/dave', access: 'read' }]),
      'forbidden',
    );
    expect(p.writes().filter((w) => w.path === COPY)).toEqual([]);
  });

  it('a 404 to a write of a read-only sharee names the likely cause, not “deleted or renamed” (120, 121)', () => {
    for (const id of ['120', '121']) {
      const { response, request } = loadNextcloud(id);
      const err = errorForStatus({ status: response.status, text: response.body, url: request.url }, 'the change to “Personal (Alice)”', {
        write: true,
        readOnly: true,
      });
      expect(err.code).toBe('not-found');
      expect(err.message).toBe(
        'The server answered “not found” to the change to “Personal (Alice)”: your access there is read-only, and some servers (Nextcloud) answer a change they do not allow that way.',
      );
      expect(err.message).not.toMatch(/deleted or renamed/);
    }
  });

  it('bob leaves his read-only copy (DELETE, 204): it leaves his home and alice’s list (123, 124, 125)', async () => {
    const { p, ctx } = await alice(SHAREE_SIDE);
    await invite(ctx, `${p.origin}${CAL}`, [
      { address: 'bob@example.com', access: 'read-write' },
      { address: 'principal:principals/users/carol', access: 'read' },
    ]);
    p.advanceTo('118');
    const asBob = bob(p, ctx);
    await leave(asBob, `${p.origin}${COPY}`);
    expect(p.writes().at(-1)).toMatchObject({ method: 'DELETE', path: COPY });
    expect((await listCollections(asBob)).collections.map((c) => c.url)).not.toContain(`${p.origin}${COPY}`);
    const { collection } = await readCollection(ctx, `${p.origin}${CAL}`);
    expect(collection.sharees.map((s) => s.address)).toEqual(['principal:principals/users/carol']);
    expect(answeredBy(p).slice(-3)).toEqual(['123', '124', '125']);
  });

  it('a group share reaches bob, a member, as a read-only copy that cannot be shared (070)', async () => {
    const { p, ctx } = await alice(traces('nextcloud-29', 1, 111));
    await invite(ctx, `${p.origin}${CAL}`, [{ address: 'principal:principals/groups/team', access: 'read' }]);
    const [copy] = (await listCollections(bob(p, ctx))).collections.filter((c) => c.url === `${p.origin}${COPY}`);
    expect(copy).toMatchObject({ access: 'read', canShare: false, shareesVisible: false, sharedBy: { name: 'Alice' } });
  });
});
