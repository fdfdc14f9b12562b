// Dialect A (DAV: resource sharing): the D:share-resource body for invite / change / revoke, and
// what read() makes of D:share-access + D:invite as sabre 4.7 and Cyrus 3.6 send them.

import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Access } from '../../shared/model';
import { DIALECTS, SHARE_DIALECTS, type ShareChange } from '../../electron/dav/dialects';
import { DAVSHARING_CONTENT_TYPE, davDialect } from '../../electron/dav/dialects/dav';
import { parseMultistatus, type DavResource } from '../../electron/dav/multistatus';
import { NS, child, childrenNamed, parseXml } from '../../electron/dav/xml';
import {
  loadCyrus,
  loadSabre,
  parsedTree,
  parsedUnorderedTree,
  resourceAt,
  resourcesOf,
  tree,
  unorderedTree,
} from '../support/dav-fixtures';

const DECL = '<?xml version="1.0" encoding="utf-8"?>\n';
const CAL = 'http://127.0.0.1:8580/dav/calendars/user/alice/Default/';

describe('davDialect.buildShare', () => {
  it('is the DAV: dialect, advertised by the resource-sharing token', () => {
    expect(davDialect.id).toBe('dav');
    expect(davDialect.token).toBe('resource-sharing');
    expect(DIALECTS.dav).toBe(davDialect);
    expect(davDialect.properties).toEqual([
      [NS.DAV, 'share-access'],
      [NS.DAV, 'invite'],
      [NS.DAV, 'sharer-resource-uri'],
      [NS.DAV, 'share-resource-uri'],
    ]);
  });

  it('invites several people with a display name and a comment', () => {
    const { contentType, body } = davDialect.buildShare(
      [
        { address: 'mailto:bob@example.com', access: 'read-write', name: 'Bob Example' },
        { address: '/dav/principals/user/carol/', access: 'read' },
        { address: 'mailto:dave@example.com', access: 'read', name: 'Dave' },
      ],
      { collectionName: 'personal', comment: 'Team calendar' },
    );
    expect(contentType).toBe('application/davsharing+xml; charset=utf-8');
    expect(contentType).toBe(DAVSHARING_CONTENT_TYPE);
    expect(body).toBe(
      DECL +
        '<D:share-resource xmlns:D="DAV:">' +
        '<D:sharee><D:href>mailto:bob@example.com</D:href><D:prop><D:displayname>Bob Example</D:displayname></D:prop><D:comment>Team calendar</D:comment><D:share-access><D:read-write/></D:share-access></D:sharee>' +
        '<D:sharee><D:href>/dav/principals/user/carol/</D:href><D:comment>Team calendar</D:comment><D:share-access><D:read/></D:share-access></D:sharee>' +
        '<D:sharee><D:href>mailto:dave@example.com</D:href><D:prop><D:displayname>Dave</D:displayname></D:prop><D:comment>Team calendar</D:comment><D:share-access><D:read/></D:share-access></D:sharee>' +
        '</D:share-resource>',
    );
  });

  it('leaves out D:prop and D:comment when there is no name or comment (the collection name is not a comment)', () => {
    const { body } = davDialect.buildShare([{ address: 'mailto:carol@example.com', access: 'read-write' }], { collectionName: 'work' });
    expect(body).toBe(
      DECL +
        '<D:share-resource xmlns:D="DAV:"><D:sharee><D:href>mailto:carol@example.com</D:href><D:share-access><D:read-write/></D:share-access></D:sharee></D:share-resource>',
    );
  });

  it('changes access with the same request and the new level', () => {
    const { contentType, body } = davDialect.buildShare([{ address: 'mailto:bob@example.com', access: 'read' }], {
      collectionName: 'personal',
    });
    expect(contentType).toBe('application/davsharing+xml; charset=utf-8');
    expect(body).toBe(
      DECL +
        '<D:share-resource xmlns:D="DAV:"><D:sharee><D:href>mailto:bob@example.com</D:href><D:share-access><D:read/></D:share-access></D:sharee></D:share-resource>',
    );
  });

  it('revokes with D:no-access, never sending a name or comment for a revoked sharee', () => {
    const { contentType, body } = davDialect.buildShare(
      [
        { address: 'mailto:carol@example.com', access: 'none', name: 'Carol' },
        { address: '/dav/principals/user/dave/', access: 'none' },
      ],
      { collectionName: 'personal', comment: 'bye' },
    );
    expect(contentType).toBe('application/davsharing+xml; charset=utf-8');
    expect(body).toBe(
      DECL +
        '<D:share-resource xmlns:D="DAV:">' +
        '<D:sharee><D:href>mailto:carol@example.com</D:href><D:share-access><D:no-access/></D:share-access></D:sharee>' +
        '<D:sharee><D:href>/dav/principals/user/dave/</D:href><D:share-access><D:no-access/></D:share-access></D:sharee>' +
        '</D:share-resource>',
    );
  });

  it('mixes grants and revokes in one request', () => {
    const { body } = davDialect.buildShare(
      [
        { address: 'mailto:bob@example.com', access: 'read' },
        { address: 'mailto:carol@example.com', access: 'none' },
      ],
      { collectionName: 'personal', comment: 'c' },
    );
    expect(body).toBe(
      DECL +
        '<D:share-resource xmlns:D="DAV:">' +
        '<D:sharee><D:href>mailto:bob@example.com</D:href><D:comment>c</D:comment><D:share-access><D:read/></D:share-access></D:sharee>' +
        '<D:sharee><D:href>mailto:carol@example.com</D:href><D:share-access><D:no-access/></D:share-access></D:sharee>' +
        '</D:share-resource>',
    );
  });

  it('escapes what people type', () => {
    const { body } = davDialect.buildShare([{ address: 'mailto:o&b@example.com', access: 'read', name: 'O<Brien> & "Co"' }], {
      collectionName: 'x',
      comment: '</D:comment><D:share-access><D:shared-owner/></D:share-access>',
    });
    const sharee = child(parseXml(body), NS.DAV, 'sharee')!;
    expect(sharee.children.map((c) => c.name)).toEqual(['href', 'prop', 'comment', 'share-access']);
    expect(child(sharee, NS.DAV, 'href')!.text).toBe('mailto:o&b@example.com');
    expect(child(child(sharee, NS.DAV, 'prop'), NS.DAV, 'displayname')!.text).toBe('O<Brien> & "Co"');
    expect(child(sharee, NS.DAV, 'comment')!.text).toBe('</D:comment><D:share-access><D:shared-owner/></D:share-access>');
    expect(child(sharee, NS.DAV, 'share-access')!.children.map((c) => c.name)).toEqual(['read']);
  });

  describe('matches what the recorded clients sent (same elements; prefixes and order may differ)', () => {
    it('Cyrus 10: invite bob (read-write, comment), carol by principal URL and dave (read)', () => {
      const fixture = parseXml(loadCyrus('10').request.body);
      const [bob, carol, dave] = childrenNamed(fixture, NS.DAV, 'sharee');
      // The recorded client put a comment on bob's entry only; ours puts one comment on every grant,
      // so the comparison is per request.
      const withComment = parseXml(
        davDialect.buildShare([{ address: 'mailto:bob@example.com', access: 'read-write' }], {
          collectionName: 'personal',
          comment: 'Team calendar',
        }).body,
      );
      expect(unorderedTree(withComment.children[0]!)).toEqual(unorderedTree(bob!));
      const plain = parseXml(
        davDialect.buildShare(
          [
            { address: '/dav/principals/user/carol/', access: 'read' },
            { address: 'mailto:dave@example.com', access: 'read' },
          ],
          { collectionName: 'personal' },
        ).body,
      );
      expect(plain.children.map(unorderedTree)).toEqual([carol!, dave!].map(unorderedTree));
    });

    it.each([
      ['Cyrus 30: bob down to read', () => loadCyrus('30'), [{ address: 'mailto:bob@example.com', access: 'read' }]],
      ['Cyrus 50: address book, bob down to read', () => loadCyrus('50'), [{ address: 'mailto:bob@example.com', access: 'read' }]],
      ['Cyrus 56: share work with carol', () => loadCyrus('56'), [{ address: 'mailto:carol@example.com', access: 'read-write' }]],
      [
        'Cyrus 32: revoke carol (mailto) and dave (principal URL)',
        () => loadCyrus('32'),
        [
          { address: 'mailto:carol@example.com', access: 'none' },
          { address: '/dav/principals/user/dave/', access: 'none' },
        ],
      ],
      [
        'Cyrus 52: address book, revoke everyone',
        () => loadCyrus('52'),
        [
          { address: 'mailto:bob@example.com', access: 'none' },
          { address: 'mailto:carol@example.com', access: 'none' },
        ],
      ],
      ['sabre 031: carol up to read-write', () => loadSabre('031'), [{ address: 'mailto:carol@example.org', access: 'read-write' }]],
      ['sabre 034: revoke bob', () => loadSabre('034'), [{ address: 'mailto:bob@example.org', access: 'none' }]],
      ['sabre 143: share trip with bob', () => loadSabre('143'), [{ address: 'mailto:bob@example.org', access: 'read' }]],
    ] as [string, () => ReturnType<typeof loadCyrus>, ShareChange[]][])('%s', (_label, load, changes) => {
      const fixture = load();
      const ours = davDialect.buildShare(changes, { collectionName: 'ignored' });
      expect(ours.contentType.split(';')[0]).toBe(fixture.request.headers.get('content-type')!.split(';')[0]);
      expect(parsedTree(ours.body)).toEqual(parsedTree(fixture.request.body));
    });

    it('sabre 011: bob read-write with display name and comment, in the same order as sabre documents it', () => {
      const fixture = loadSabre('011');
      const ours = davDialect.buildShare([{ address: 'mailto:bob@example.org', access: 'read-write', name: 'Bob B.' }], {
        collectionName: "Alice's calendar",
        comment: 'Please help me plan',
      });
      expect(ours.contentType).toBe(fixture.request.headers.get('content-type'));
      expect(parsedTree(ours.body)).toEqual(parsedTree(fixture.request.body));
    });

    it('Cyrus 43: address-book invite, compared per sharee', () => {
      const [bob, carol] = childrenNamed(parseXml(loadCyrus('43').request.body), NS.DAV, 'sharee');
      const first = parseXml(
        davDialect.buildShare([{ address: 'mailto:bob@example.com', access: 'read-write' }], {
          collectionName: 'personal',
          comment: 'Contacts',
        }).body,
      );
      const second = parseXml(
        davDialect.buildShare([{ address: 'mailto:carol@example.com', access: 'read' }], { collectionName: 'personal' }).body,
      );
      expect(unorderedTree(first.children[0]!)).toEqual(unorderedTree(bob!));
      expect(unorderedTree(second.children[0]!)).toEqual(unorderedTree(carol!));
      expect(parsedUnorderedTree(loadCyrus('43').request.body).children).toHaveLength(2);
    });
  });

  it('never produces an owner-level access', () => {
    // The type allows only a sharee's levels and 'none'.
    expectTypeOf<ShareChange['access']>().toEqualTypeOf<Access | 'none'>();
    expectTypeOf<Access>().toEqualTypeOf<'read' | 'read-write'>();
    const levels: ShareChange['access'][] = ['read', 'read-write', 'none'];
    for (const dialect of Object.values(SHARE_DIALECTS)) {
      for (const access of levels) {
        const { body } = dialect.buildShare([{ address: 'mailto:x@example.com', access, name: 'X' }], {
          collectionName: 'c',
          comment: 'm',
        });
        expect(body).not.toMatch(/shared-owner|not-shared|owner/);
      }
    }
  });
});

describe('davDialect.read', () => {
  const sabre014 = () => resourcesOf(loadSabre('014'));

  it('sabre owner view: the owner entry is the owner, not a sharee; status and names come along', () => {
    const r = resourceAt(sabre014(), 'http://127.0.0.1:8411/calendars/alice/default/');
    expect(davDialect.read(r, r.url)).toEqual({
      access: 'shared-owner',
      shareable: true,
      owner: { address: 'http://127.0.0.1:8411/principals/alice' },
      sharees: [
        { address: 'mailto:bob@example.org', name: 'Bob B.', access: 'read-write', status: 'accepted' },
        { address: 'mailto:carol@example.org', name: 'Carol C.', access: 'read', status: 'accepted' },
      ],
    });
  });

  it('sabre: an owned calendar with only the owner listed is not shared, whatever share-access says', () => {
    const r = resourceAt(resourcesOf(loadSabre('039')), 'http://127.0.0.1:8411/calendars/alice/default/');
    expect(davDialect.read(r, r.url)).toEqual({
      access: 'not-shared',
      shareable: true,
      owner: { address: 'http://127.0.0.1:8411/principals/alice' },
      sharees: [],
    });
  });

  it('sabre sharee view: share-access is the sharee level, the owner comes from the invite list', () => {
    const r = resourceAt(resourcesOf(loadSabre('026')), 'http://127.0.0.1:8411/calendars/carol/7749003f-7dd1-433f-8159-0cda65f14d1a/');
    const view = davDialect.read(r, r.url)!;
    expect(view.access).toBe('read');
    expect(view.owner).toEqual({ address: 'http://127.0.0.1:8411/principals/alice' });
    expect(view.sharees?.map((s) => s.address)).toEqual(['mailto:bob@example.org', 'mailto:carol@example.org']);
    // sabre's share-resource-uri is an opaque id, not the owner's collection.
    expect(view.originalUrl).toBeUndefined();
  });

  it('Cyrus owner view: sharees in server order, with their invite status', () => {
    const r = resourceAt(resourcesOf(loadCyrus('11')), CAL);
    expect(davDialect.read(r, r.url)).toEqual({
      access: 'shared-owner',
      shareable: true,
      sharees: [
        { address: 'mailto:bob@example.com', access: 'read-write', status: 'pending' },
        { address: 'mailto:dave@example.com', access: 'read', status: 'pending' },
        { address: 'mailto:carol@example.com', access: 'read', status: 'pending' },
      ],
    });
  });

  it('Cyrus statuses: accepted and declined', () => {
    const r = resourceAt(resourcesOf(loadCyrus('29')), CAL);
    expect(davDialect.read(r, r.url)!.sharees!.map((s) => [s.address, s.status])).toEqual([
      ['mailto:bob@example.com', 'accepted'],
      ['mailto:dave@example.com', 'declined'],
      ['mailto:carol@example.com', 'accepted'],
    ]);
  });

  it('Cyrus sharee copy: D:sharer-resource-uri is the original', () => {
    const r = resourceAt(resourcesOf(loadCyrus('17')), 'http://127.0.0.1:8580/dav/calendars/user/bob/alice.Default/');
    expect(davDialect.read(r, r.url)).toEqual({
      access: 'read-write',
      shareable: true,
      sharees: [{ address: 'mailto:bob@example.com', access: 'read-write', status: 'accepted' }],
      originalUrl: 'http://127.0.0.1:8580/dav/calendars/user/alice/Default/',
    });
  });

  it('nothing to say about a collection without DAV: sharing properties', () => {
    const r = resourceAt(resourcesOf(loadSabre('045')), 'http://127.0.0.1:8411/addressbooks/alice/default/');
    expect(davDialect.read(r, r.url)).toBeUndefined();
  });

  it('a 403 on D:invite means the list is hidden, not empty', () => {
    const r: DavResource = {
      url: 'http://h/c/',
      props: new Map([['{DAV:}share-access', parseXml('<D:share-access xmlns:D="DAV:"><D:read/></D:share-access>')]]),
      failed: new Map([['{DAV:}invite', 403]]),
    };
    expect(davDialect.read(r, r.url)).toEqual({ access: 'read', shareable: true, shareesHidden: true });
    // A 404 is "not supported here", not hidden.
    const absent: DavResource = { url: 'http://h/c/', props: new Map(), failed: new Map([['{DAV:}invite', 404]]) };
    expect(davDialect.read(absent, absent.url)).toBeUndefined();
  });

  function readInline(props: string): ReturnType<typeof davDialect.read> {
    const body = `<D:multistatus xmlns:D="DAV:"><D:response><D:href>/c/</D:href><D:propstat><D:prop>${props}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>`;
    const [r] = parseMultistatus(body, 'http://h/c/');
    return davDialect.read(r!, r!.url);
  }

  it.each([
    ['read-write', 'read-write'],
    ['  read  ', 'read'],
    ['{DAV:}read-write', 'read-write'],
    ['D:shared-owner', 'shared-owner'],
    ['NOT-SHARED', 'not-shared'],
  ])('reads share-access written as text (%j)', (text, access) => {
    expect(readInline(`<D:share-access>${text}</D:share-access>`)?.access).toBe(access);
  });

  it('ignores an unknown share-access value and a revoked (no-access) level', () => {
    expect(readInline('<D:share-access>owner-ish</D:share-access>')).toEqual({ shareable: true });
    expect(readInline('<D:share-access><D:no-access/></D:share-access>')).toEqual({ shareable: true });
    expect(readInline('<D:share-access><X:read xmlns:X="urn:x"/></D:share-access>')).toEqual({ shareable: true });
  });

  it('reads sharee entries in any child order and any form, skipping unusable ones', () => {
    const view = readInline(
      '<D:invite>' +
        '<D:sharee><D:invite-invalid/><D:share-access>read</D:share-access><D:href> mailto:nobody@example.net </D:href></D:sharee>' +
        '<D:sharee><D:comment>hi</D:comment><D:share-access><D:read-write/></D:share-access><D:href>mailto:b@x</D:href><D:prop><D:displayname>B</D:displayname></D:prop><D:invite-declined/></D:sharee>' +
        '<D:sharee><D:share-access><D:read/></D:share-access></D:sharee>' +
        '<D:sharee><D:href>mailto:noaccess@x</D:href><D:share-access><D:no-access/></D:share-access></D:sharee>' +
        '<D:sharee><D:href>mailto:nostatus@x</D:href><D:share-access><D:read/></D:share-access></D:sharee>' +
        '<D:sharee><D:href>/principals/o</D:href><D:prop><D:displayname>Owner</D:displayname></D:prop><D:share-access><D:shared-owner/></D:share-access></D:sharee>' +
        '</D:invite>',
    );
    expect(view).toEqual({
      owner: { address: 'http://h/principals/o', name: 'Owner' },
      sharees: [
        { address: 'mailto:nobody@example.net', access: 'read', status: 'invalid' },
        { address: 'mailto:b@x', name: 'B', comment: 'hi', access: 'read-write', status: 'declined' },
        { address: 'mailto:nostatus@x', access: 'read', status: 'pending' },
      ],
    });
  });

  it('resolves a relative D:sharer-resource-uri against the resource', () => {
    expect(
      readInline('<D:share-access><D:read/></D:share-access><D:sharer-resource-uri><D:href>../alice/c/</D:href></D:sharer-resource-uri>')
        ?.originalUrl,
    ).toBe('http://h/alice/c/');
  });

  it('the same sabre response with other prefixes reads the same', () => {
    const f = loadSabre('014');
    const renamed = f.response.body
      .replace(/(<\/?)d:/g, '$1dav0:')
      .replace(/xmlns:d=/g, 'xmlns:dav0=')
      .replace(/(<\/?)cs:/g, '$1D:')
      .replace(/xmlns:cs=/g, 'xmlns:D=');
    expect(renamed).not.toBe(f.response.body);
    const a = resourceAt(parseMultistatus(f.response.body, f.request.url), 'http://127.0.0.1:8411/calendars/alice/default/');
    const b = resourceAt(parseMultistatus(renamed, f.request.url), 'http://127.0.0.1:8411/calendars/alice/default/');
    expect(davDialect.read(b, b.url)).toEqual(davDialect.read(a, a.url));
    expect(tree(b.props.get('{DAV:}invite')!)).toEqual(tree(a.props.get('{DAV:}invite')!));
  });
});
