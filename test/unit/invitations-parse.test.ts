// Incoming invitations: parsing notification documents in the DAV: form (Cyrus's stored form) and
// the CS: form (Cyrus's translation, Apple), and the reply bodies for accept / decline.

import { describe, expect, it } from 'vitest';
import { NOTIFICATION_DIALECTS, type ParsedInvite } from '../../electron/dav/dialects';
import { csNotifications } from '../../electron/dav/dialects/cs';
import { DAVSHARING_CONTENT_TYPE, davNotifications } from '../../electron/dav/dialects/dav';
import { NS, clark, parseXml } from '../../electron/dav/xml';
import { SharedeckError } from '../../shared/errors';
import { expectReadableMessage, loadCyrus, parsedTree, resourcesOf } from '../support/dav-fixtures';

const DECL = '<?xml version="1.0" encoding="utf-8"?>\n';
const ORIGIN = 'http://127.0.0.1:8580';
const BOB_INVITE = `${ORIGIN}/dav/notifications/user/bob/7c7efcec-f2ed9e2c-478167d1-b8747aa.xml`;
const BOB_HOME = `${ORIGIN}/dav/calendars/user/bob/`;

/** Parses a recorded GET of a notification with the dialect its root element belongs to. */
function parseRecorded(id: string): ParsedInvite | undefined {
  const f = loadCyrus(id);
  const root = parseXml(f.response.body);
  const dialect = root.ns === NS.DAV ? davNotifications : csNotifications;
  return dialect.parseInvite(root, f.request.url);
}

describe('notification types', () => {
  it('each dialect names its invitation type, and both are registered', () => {
    expect(davNotifications.inviteTypes).toEqual(['{DAV:}share-invite-notification']);
    expect(csNotifications.inviteTypes).toEqual(['{http://calendarserver.org/ns/}invite-notification']);
    expect(NOTIFICATION_DIALECTS).toEqual({ dav: davNotifications, cs: csNotifications });
    expect(davNotifications.accept).toMatch(/^application\/davsharing\+xml/);
    expect(csNotifications.accept).toMatch(/xml/);
  });

  it.each([
    ['12', true],
    ['23', true],
    ['40', true],
    ['20', false], // a reply notification for the sharer
  ])('Cyrus %s: the listed types are invitations: %s', (id, isInvite) => {
    const [collection, ...items] = resourcesOf(loadCyrus(id));
    expect(collection!.props.has('{DAV:}notificationtype')).toBe(false);
    expect(items).toHaveLength(1);
    for (const item of items) {
      const dav = item.props.get(clark(NS.DAV, 'notificationtype'))!.children.map((c) => clark(c.ns, c.name));
      const cs = item.props.get(clark(NS.CS, 'notificationtype'))!.children.map((c) => clark(c.ns, c.name));
      expect(dav.some((t) => davNotifications.inviteTypes.includes(t))).toBe(isInvite);
      expect(cs.some((t) => csNotifications.inviteTypes.includes(t))).toBe(isInvite);
    }
  });
});

describe('DAV: form (Cyrus)', () => {
  it('13: a new calendar invitation', () => {
    expect(parseRecorded('13')).toEqual({
      from: { address: `${ORIGIN}/dav/principals/user/alice/`, name: 'alice' },
      access: 'read-write',
      state: 'pending',
      collectionName: 'personal',
      kind: 'calendar',
      collectionUrl: `${ORIGIN}/dav/calendars/user/alice/Default/`,
      hostHref: '/dav/calendars/user/alice/Default/',
      comment: 'Team calendar',
      receivedAt: '2026-11-26T10:32:38.000Z',
    });
  });

  it('37: a revoke is "revoked" with no access, not a new invitation, and an empty comment is no comment', () => {
    expect(parseRecorded('37')).toEqual({
      from: { address: `${ORIGIN}/dav/principals/user/alice/`, name: 'alice' },
      access: 'none',
      state: 'revoked',
      collectionName: 'personal',
      kind: 'calendar',
      collectionUrl: `${ORIGIN}/dav/calendars/user/alice/Default/`,
      hostHref: '/dav/calendars/user/alice/Default/',
      receivedAt: '2026-11-26T10:32:39.000Z',
    });
  });

  it('46: an address book invitation', () => {
    expect(parseRecorded('46')).toEqual({
      from: { address: `${ORIGIN}/dav/principals/user/alice/`, name: 'alice' },
      access: 'read-write',
      state: 'pending',
      collectionName: 'personal',
      kind: 'addressbook',
      collectionUrl: `${ORIGIN}/dav/addressbooks/user/alice/Default/`,
      hostHref: '/dav/addressbooks/user/alice/Default/',
      comment: 'Contacts',
      receivedAt: '2026-11-26T10:32:39.000Z',
    });
  });

  it.each([
    ['invite-accepted', 'accepted'],
    ['invite-declined', 'declined'],
    ['invite-noresponse', 'pending'],
    ['invite-invalid', 'pending'],
  ])('an update with <D:%s/> is %s', (status, state) => {
    const body = loadCyrus('13').response.body.replace('<D:invite-noresponse/>', `<D:${status}/>`);
    expect(davNotifications.parseInvite(parseXml(body), BOB_INVITE)?.state).toBe(state);
  });

  it('reads access written as text, a reply-url, and drops a timestamp it cannot read', () => {
    const body = loadCyrus('13')
      .response.body.replace(/<D:share-access>[\s\S]*?<\/D:share-access>/, '<D:share-access>read</D:share-access>')
      .replace('<D:comment>', '<D:reply-url><D:href>/dav/replies/1</D:href></D:reply-url><D:comment>')
      .replace('2026-11-26T10:32:38Z', 'yesterday');
    const invite = davNotifications.parseInvite(parseXml(body), BOB_INVITE)!;
    expect(invite.access).toBe('read');
    expect(invite.state).toBe('pending');
    expect(invite.replyUrl).toBe(`${ORIGIN}/dav/replies/1`);
    expect(invite.receivedAt).toBeUndefined();
  });

  it('reads the same document written with other prefixes', () => {
    const body = loadCyrus('13')
      .response.body.replace(/(<\/?)D:/g, '$1n:')
      .replace('xmlns:D=', 'xmlns:n=')
      .replace(/(<\/?)C:/g, '$1D:')
      .replace('xmlns:C=', 'xmlns:D=');
    expect(body).toContain('<n:notification xmlns:n="DAV:">');
    expect(davNotifications.parseInvite(parseXml(body), BOB_INVITE)).toEqual(parseRecorded('13'));
  });

  it('a minimal invitation (no principal, no props) still parses with safe defaults', () => {
    const root = parseXml(
      '<D:notification xmlns:D="DAV:"><D:share-invite-notification><D:share-access><D:read/></D:share-access></D:share-invite-notification></D:notification>',
    );
    expect(davNotifications.parseInvite(root, BOB_INVITE)).toEqual({ from: { address: '' }, access: 'read', state: 'pending' });
  });

  it('21: a share-reply notification is not an invitation', () => {
    expect(parseRecorded('21')).toBeUndefined();
  });

  it('other roots and other notification types are not invitations', () => {
    expect(davNotifications.parseInvite(parseXml(loadCyrus('14').response.body), BOB_INVITE)).toBeUndefined();
    expect(
      davNotifications.parseInvite(
        parseXml(
          '<D:notification xmlns:D="DAV:"><D:systemstatus type="high"><D:description>x</D:description></D:systemstatus></D:notification>',
        ),
        BOB_INVITE,
      ),
    ).toBeUndefined();
    expect(davNotifications.parseInvite(parseXml('<D:multistatus xmlns:D="DAV:"/>'), BOB_INVITE)).toBeUndefined();
  });
});

describe('CS: form', () => {
  it("14: Cyrus's translation of the same invitation", () => {
    expect(parseRecorded('14')).toEqual({
      from: { address: `${ORIGIN}/dav/principals/user/alice/`, name: 'alice' },
      access: 'read-write',
      state: 'pending',
      kind: 'calendar',
      hostHref: '/dav/calendars/user/alice/Default/',
      collectionUrl: `${ORIGIN}/dav/calendars/user/alice/Default/`,
      collectionName: 'Default',
      comment: 'Team calendar',
      uid: '7c7efcec-f2ed9e2c-478167d1-b8747aa.xml',
      shareeHref: '/dav/principals/user/bob/',
      receivedAt: '2026-11-26T10:32:38.000Z',
    });
  });

  it('22: a CS:invite-reply notification is not an invitation', () => {
    expect(parseRecorded('22')).toBeUndefined();
    expect(csNotifications.parseInvite(parseXml(loadCyrus('13').response.body), BOB_INVITE)).toBeUndefined();
  });

  const apple = (status: string, sharedType: string, dtstamp: string, access = '<CS:read-write/>') =>
    `<?xml version="1.0" encoding="utf-8"?>
<CS:notification xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <CS:dtstamp>${dtstamp}</CS:dtstamp>
  <CS:invite-notification shared-type="${sharedType}">
    <CS:uid>7D1C6C52-4B0E-4D8B-9B0A-3C2F1E0D9A11</CS:uid>
    <D:href>urn:x-uid:B2C3D4E5-0000-0000-0000-000000000002</D:href>
    <CS:${status}/>
    <CS:access>${access}</CS:access>
    <CS:hosturl>
      <D:href>/addressbooks/__uids__/A1B2C3D4/addressbook/</D:href>
    </CS:hosturl>
    <CS:organizer>
      <D:href>urn:x-uid:A1B2C3D4-0000-0000-0000-000000000001</D:href>
      <CS:common-name>Alice Example</CS:common-name>
    </CS:organizer>
    <CS:summary>Contacts for the team</CS:summary>
  </CS:invite-notification>
</CS:notification>`;
  const APPLE_URL = 'https://apple.example.com/calendars/__uids__/B2C3D4E5/notification/7D1C6C52-4B0E-4D8B-9B0A-3C2F1E0D9A11.xml';

  it('Apple: an address book invitation (shared-type, urn:x-uid organizer, compact timestamp)', () => {
    expect(csNotifications.parseInvite(parseXml(apple('invite-noresponse', 'addressbook', '20260302T091500Z')), APPLE_URL)).toEqual({
      from: { address: 'urn:x-uid:A1B2C3D4-0000-0000-0000-000000000001', name: 'Alice Example' },
      access: 'read-write',
      state: 'pending',
      kind: 'addressbook',
      hostHref: '/addressbooks/__uids__/A1B2C3D4/addressbook/',
      collectionUrl: 'https://apple.example.com/addressbooks/__uids__/A1B2C3D4/addressbook/',
      collectionName: 'addressbook',
      comment: 'Contacts for the team',
      uid: '7D1C6C52-4B0E-4D8B-9B0A-3C2F1E0D9A11',
      shareeHref: 'urn:x-uid:B2C3D4E5-0000-0000-0000-000000000002',
      receivedAt: '2026-03-02T09:15:00.000Z',
    });
  });

  it('Apple: CS:invite-deleted means the owner took the share away', () => {
    const invite = csNotifications.parseInvite(parseXml(apple('invite-deleted', 'addressbook', '20260302T091500Z')), APPLE_URL)!;
    expect(invite.state).toBe('revoked');
    expect(invite.kind).toBe('addressbook');
  });

  it('Cyrus: CS:no-access means revoked too', () => {
    const invite = csNotifications.parseInvite(
      parseXml(apple('invite-noresponse', 'calendar', '20260302T091500Z', '<CS:no-access/>')),
      APPLE_URL,
    )!;
    expect(invite).toMatchObject({ access: 'none', state: 'revoked', kind: 'calendar' });
  });

  it.each([
    ['invite-accepted', 'accepted'],
    ['invite-declined', 'declined'],
    ['invite-noresponse', 'pending'],
  ])('CS:%s is %s', (status, state) => {
    expect(csNotifications.parseInvite(parseXml(apple(status, 'calendar', '20260302T091500Z')), APPLE_URL)?.state).toBe(state);
  });

  it.each([
    ['20260302T091500Z', '2026-03-02T09:15:00.000Z'],
    ['2026-03-02T09:15:00Z', '2026-03-02T09:15:00.000Z'],
    ['2026-03-02T10:15:00+01:00', '2026-03-02T09:15:00.000Z'],
    ['not a time', undefined],
  ])('dtstamp %s → %s', (stamp, iso) => {
    expect(csNotifications.parseInvite(parseXml(apple('invite-noresponse', 'calendar', stamp)), APPLE_URL)?.receivedAt).toBe(iso);
  });

  it('without a shared-type attribute (Cyrus, sabre) the offer is a calendar', () => {
    const body = apple('invite-noresponse', 'calendar', '20260302T091500Z').replace(' shared-type="calendar"', '');
    expect(csNotifications.parseInvite(parseXml(body), APPLE_URL)?.kind).toBe('calendar');
  });
});

describe('DAV: replies', () => {
  const invite = () => davNotifications.parseInvite(parseXml(loadCyrus('13').response.body), BOB_INVITE)!;

  it('accept: invite-accepted, the home to create the share in, and the comment; POSTed to the notification', () => {
    expect(davNotifications.buildReply(BOB_INVITE, { accept: true, comment: 'Thanks!', home: BOB_HOME, invite: invite() })).toEqual({
      url: BOB_INVITE,
      contentType: 'application/davsharing+xml; charset=utf-8',
      body:
        DECL +
        '<D:invite-reply xmlns:D="DAV:"><D:invite-accepted/><D:create-in><D:href>/dav/calendars/user/bob/</D:href></D:create-in><D:comment>Thanks!</D:comment></D:invite-reply>',
    });
  });

  it('accept matches Cyrus 16 apart from create-in (which Cyrus ignores)', () => {
    const ours = parsedTree(
      davNotifications.buildReply(BOB_INVITE, { accept: true, comment: 'Thanks!', home: BOB_HOME, invite: invite() }).body,
    );
    const recorded = parsedTree(loadCyrus('16').request.body);
    expect({ ...ours, children: ours.children.filter((c) => c.name !== 'create-in') }).toEqual(recorded);
    expect(loadCyrus('16').request.url).toBe(BOB_INVITE);
    expect(loadCyrus('16').request.headers.get('content-type')).toBe(DAVSHARING_CONTENT_TYPE);
  });

  it('decline: invite-declined and the comment only; matches Cyrus 28', () => {
    const daveInvite = `${ORIGIN}/dav/notifications/user/dave/7c7efcec-f2ed9e2c-478167d1-7c6adcd3.xml`;
    const reply = davNotifications.buildReply(daveInvite, {
      accept: false,
      comment: 'No thanks',
      home: `${ORIGIN}/dav/calendars/user/dave/`,
      invite: invite(),
    });
    expect(reply).toEqual({
      url: daveInvite,
      contentType: 'application/davsharing+xml; charset=utf-8',
      body: DECL + '<D:invite-reply xmlns:D="DAV:"><D:invite-declined/><D:comment>No thanks</D:comment></D:invite-reply>',
    });
    expect(parsedTree(reply.body)).toEqual(parsedTree(loadCyrus('28').request.body));
    expect(loadCyrus('28').request.url).toBe(daveInvite);
  });

  it('without a comment or home: the bare answer (47 accepted an address book like this)', () => {
    expect(davNotifications.buildReply(BOB_INVITE, { accept: false, invite: invite() }).body).toBe(
      DECL + '<D:invite-reply xmlns:D="DAV:"><D:invite-declined/></D:invite-reply>',
    );
    const accept = davNotifications.buildReply(BOB_INVITE, { accept: true, invite: invite() }).body;
    expect(accept).toBe(DECL + '<D:invite-reply xmlns:D="DAV:"><D:invite-accepted/></D:invite-reply>');
    expect(parsedTree(accept)).toEqual(parsedTree(loadCyrus('47').request.body));
  });

  it('goes to the reply-url when the server names one', () => {
    const reply = davNotifications.buildReply(BOB_INVITE, {
      accept: true,
      home: BOB_HOME,
      invite: { ...invite(), replyUrl: `${ORIGIN}/dav/replies/1` },
    });
    expect(reply.url).toBe(`${ORIGIN}/dav/replies/1`);
  });
});

describe('CS: replies', () => {
  const invite = () => csNotifications.parseInvite(parseXml(loadCyrus('14').response.body), BOB_INVITE)!;

  it('accept: echoes the sharee href, hosturl and uid of the CS: form; POSTed to the calendar home', () => {
    expect(csNotifications.buildReply(BOB_INVITE, { accept: true, comment: 'ok', home: BOB_HOME, invite: invite() })).toEqual({
      url: BOB_HOME,
      contentType: 'text/xml; charset=utf-8',
      body:
        DECL +
        '<CS:invite-reply xmlns:CS="http://calendarserver.org/ns/" xmlns:D="DAV:">' +
        '<D:href>/dav/principals/user/bob/</D:href><CS:invite-accepted/>' +
        '<CS:hosturl><D:href>/dav/calendars/user/alice/Default/</D:href></CS:hosturl>' +
        '<CS:in-reply-to>7c7efcec-f2ed9e2c-478167d1-b8747aa.xml</CS:in-reply-to><CS:summary>ok</CS:summary>' +
        '</CS:invite-reply>',
    });
  });

  it("has the shape of Cyrus 24's accept (carol's uid and the href that client sent substituted)", () => {
    const recorded = loadCyrus('24');
    const carol = { ...invite(), uid: '7c7efcec-f2ed9e2c-478167d1-a890916.xml', shareeHref: 'mailto:alice@example.com' };
    const ours = csNotifications.buildReply(`${ORIGIN}/dav/notifications/user/carol/${carol.uid}`, {
      accept: true,
      comment: 'ok',
      home: recorded.request.url,
      invite: carol,
    });
    expect(ours.url).toBe(recorded.request.url);
    expect(ours.contentType).toBe(recorded.request.headers.get('content-type'));
    expect(parsedTree(ours.body)).toEqual(parsedTree(recorded.request.body));
  });

  it('accept without a comment names the new calendar after the offered one', () => {
    const { body } = csNotifications.buildReply(BOB_INVITE, { accept: true, home: BOB_HOME, invite: invite() });
    expect(body).toContain('<CS:summary>Default</CS:summary>');
  });

  it('decline: CS:invite-declined, and no summary unless the person wrote one', () => {
    expect(csNotifications.buildReply(BOB_INVITE, { accept: false, home: BOB_HOME, invite: invite() }).body).toBe(
      DECL +
        '<CS:invite-reply xmlns:CS="http://calendarserver.org/ns/" xmlns:D="DAV:">' +
        '<D:href>/dav/principals/user/bob/</D:href><CS:invite-declined/>' +
        '<CS:hosturl><D:href>/dav/calendars/user/alice/Default/</D:href></CS:hosturl>' +
        '<CS:in-reply-to>7c7efcec-f2ed9e2c-478167d1-b8747aa.xml</CS:in-reply-to>' +
        '</CS:invite-reply>',
    );
    expect(
      csNotifications.buildReply(BOB_INVITE, { accept: false, comment: 'No thanks', home: BOB_HOME, invite: invite() }).body,
    ).toContain('<CS:summary>No thanks</CS:summary></CS:invite-reply>');
  });

  it('refuses to build a reply without a calendar home, with a typed error', () => {
    let caught: unknown;
    try {
      csNotifications.buildReply(BOB_INVITE, { accept: true, invite: invite() });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SharedeckError);
    expect((caught as SharedeckError).code).toBe('unsupported');
    expectReadableMessage(caught as SharedeckError);
  });
});

describe('answers filed for the owner', () => {
  const ALICE_REPLY = `${ORIGIN}/dav/notifications/user/alice/7c7efcec-6217b097-478167d1-b8747aa.xml`;

  it('each dialect names its reply type', () => {
    expect(davNotifications.replyTypes).toEqual(['{DAV:}share-reply-notification']);
    expect(csNotifications.replyTypes).toEqual(['{http://calendarserver.org/ns/}invite-reply']);
  });

  it('21: bob accepted alice’s calendar, with a comment (DAV: form)', () => {
    const f = loadCyrus('21');
    expect(davNotifications.parseReply(parseXml(f.response.body), f.request.url)).toEqual({
      sharee: `${ORIGIN}/dav/principals/user/bob/`,
      answer: 'accepted',
      collectionUrl: `${ORIGIN}/dav/calendars/user/alice/Default/`,
      comment: 'Thanks!',
      receivedAt: '2026-11-26T10:32:38.000Z',
    });
    // An invitation is no answer.
    expect(davNotifications.parseReply(parseXml(loadCyrus('13').response.body), BOB_INVITE)).toBeUndefined();
  });

  it('22: the same answer in Cyrus’s CS: translation', () => {
    const f = loadCyrus('22');
    expect(csNotifications.parseReply(parseXml(f.response.body), f.request.url)).toEqual({
      sharee: `${ORIGIN}/dav/principals/user/bob/`,
      answer: 'accepted',
      collectionUrl: `${ORIGIN}/dav/calendars/user/alice/Default/`,
      comment: 'Thanks!',
      receivedAt: '2026-11-26T10:32:38.000Z',
    });
    expect(csNotifications.parseReply(parseXml(loadCyrus('14').response.body), BOB_INVITE)).toBeUndefined();
  });

  it('a decline, and answers that name no one, no collection or no answer are none', () => {
    const reply = (inner: string) =>
      parseXml(`<D:notification xmlns:D="DAV:"><D:share-reply-notification>${inner}</D:share-reply-notification></D:notification>`);
    const sharee = (status: string) => `<D:sharee><D:href>/dav/principals/user/carol/</D:href><D:${status}/></D:sharee>`;
    const collection = '<D:href>/dav/calendars/user/alice/Work/</D:href>';
    expect(davNotifications.parseReply(reply(sharee('invite-declined') + collection), ALICE_REPLY)).toEqual({
      sharee: `${ORIGIN}/dav/principals/user/carol/`,
      answer: 'declined',
      collectionUrl: `${ORIGIN}/dav/calendars/user/alice/Work/`,
    });
    expect(davNotifications.parseReply(reply(sharee('invite-noresponse') + collection), ALICE_REPLY)).toBeUndefined();
    expect(davNotifications.parseReply(reply(sharee('invite-accepted')), ALICE_REPLY)).toBeUndefined();
    expect(davNotifications.parseReply(reply(`<D:sharee><D:invite-accepted/></D:sharee>${collection}`), ALICE_REPLY)).toBeUndefined();
    // An href another scheme names is no principal to show.
    expect(
      davNotifications.parseReply(
        reply(`<D:sharee><D:href>file:///etc/passwd</D:href><D:invite-accepted/></D:sharee>${collection}`),
        ALICE_REPLY,
      ),
    ).toBeUndefined();
  });
});
