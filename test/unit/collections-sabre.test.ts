// toCollection() on sabre/dav 4.7's recorded collections (test/fixtures/sabre-4.7): every
// dialect's view merged into the one model, with each sabre quirk the traces show
// (docs/servers.md).

import { describe, expect, it } from 'vitest';
import {
  collectionModels,
  loadSabre,
  onlyCollection,
  renamePrefixes,
  resourceAt,
  resourcesOf,
  SABRE_ORIGIN,
  sabreAccount,
} from '../support/dav-fixtures';

const S = SABRE_ORIGIN;

describe('sabre/dav 4.7', () => {
  const aliceDefault = `${S}/calendars/alice/default/`;
  // As sabre lists her among the sharees; as the owner of her own calendar she is DAV:owner, the same principal.
  const sabreAlice = { address: `${S}/principals/alice` };
  const aliceOwner = { address: `${S}/principals/alice/` };

  it("014: the owner's calendar; sabre's owner entry in D:invite is the owner, not a sharee", () => {
    const models = collectionModels(resourcesOf(loadSabre('014')), sabreAccount('alice'));
    expect([...models.keys()]).toEqual([aliceDefault]);
    expect(models.get(aliceDefault)).toEqual({
      url: aliceDefault,
      name: "Alice's calendar",
      kind: 'calendar',
      access: 'shared-owner',
      dialects: ['dav', 'cs'],
      sharees: [
        { address: 'mailto:bob@example.org', name: 'Bob B.', access: 'read-write', status: 'accepted' },
        { address: 'mailto:carol@example.org', name: 'Carol C.', access: 'read', status: 'accepted' },
      ],
      shareesVisible: true,
      canShare: true,
      owner: aliceOwner,
    });
  });

  it.each([
    ['009', []],
    ['012', [['mailto:bob@example.org', 'read-write']]],
    ['030', [['mailto:bob@example.org', 'read-write']]],
    [
      '032',
      [
        ['mailto:bob@example.org', 'read-write'],
        ['mailto:carol@example.org', 'read-write'],
      ],
    ],
    ['035', [['mailto:carol@example.org', 'read-write']]],
    ['039', []],
  ])('%s: the owner sees exactly the sharees other than herself', (id, sharees) => {
    const c = onlyCollection(resourcesOf(loadSabre(id)), aliceDefault, sabreAccount('alice'));
    expect(c.sharees.map((s) => [s.address, s.access])).toEqual(sharees);
    expect(c.sharees.every((s) => s.status === 'accepted')).toBe(true);
    // sabre says shared-owner even on a calendar nobody else has: the model says not-shared then.
    expect(c.access).toBe(sharees.length === 0 ? 'not-shared' : 'shared-owner');
    expect(c).toMatchObject({ owner: aliceOwner, canShare: true, dialects: ['dav', 'cs'], shareesVisible: true });
    expect(c.sharedBy).toBeUndefined();
    expect(c.originalUrl).toBeUndefined();
  });

  const bobCopy = `${S}/calendars/bob/201e0b7d-255a-48d2-b5ee-25244df915a4/`;

  it("016: bob's copy; D:owner names bob, the sharer comes from the invite list", () => {
    const resources = resourcesOf(loadSabre('016'));
    expect(resourceAt(resources, bobCopy).props.get('{DAV:}owner')?.children[0]?.text).toBe('/principals/bob/');
    const models = collectionModels(resources, sabreAccount('bob'));
    expect([...models.keys()]).toEqual([bobCopy, `${S}/calendars/bob/default/`]);
    expect(models.get(bobCopy)).toEqual({
      url: bobCopy,
      name: "Alice's calendar",
      kind: 'calendar',
      description: 'Default calendar of Alice Archer',
      access: 'read-write',
      dialects: [],
      sharees: [
        { address: 'mailto:bob@example.org', name: 'Bob B.', access: 'read-write', status: 'accepted' },
        { address: 'mailto:carol@example.org', name: 'Carol C.', access: 'read', status: 'accepted' },
      ],
      shareesVisible: true,
      canShare: false,
      owner: sabreAlice,
      sharedBy: sabreAlice,
    });
    expect(models.get(`${S}/calendars/bob/default/`)).toEqual({
      url: `${S}/calendars/bob/default/`,
      name: "Bob's calendar",
      kind: 'calendar',
      description: 'Default calendar of Bob Baker',
      access: 'not-shared',
      dialects: ['dav', 'cs'],
      sharees: [],
      shareesVisible: true,
      canShare: true,
      owner: { address: `${S}/principals/bob/` },
    });
  });

  it("026: carol's read-only copy", () => {
    const url = `${S}/calendars/carol/7749003f-7dd1-433f-8159-0cda65f14d1a/`;
    const c = onlyCollection(resourcesOf(loadSabre('026')), url, sabreAccount('carol'));
    expect(c).toMatchObject({ access: 'read', canShare: false, dialects: [], owner: sabreAlice, sharedBy: sabreAlice });
    expect(c.sharees.map((s) => s.address)).toEqual(['mailto:bob@example.org', 'mailto:carol@example.org']);
  });

  it('016 with share-access written as text gives the same model', () => {
    const f = loadSabre('016');
    const text = f.response.body.replace('<d:share-access><d:read-write/></d:share-access>', '<d:share-access>read-write</d:share-access>');
    expect(text).not.toBe(f.response.body);
    const account = sabreAccount('bob');
    expect(collectionModels(resourcesOf(f, text), account)).toEqual(collectionModels(resourcesOf(f), account));
    const asRead = f.response.body.replace(
      '<d:share-access><d:read-write/></d:share-access>',
      '<d:share-access> {DAV:}read </d:share-access>',
    );
    expect(collectionModels(resourcesOf(f, asRead), account).get(bobCopy)!.access).toBe('read');
  });

  it('014 with other prefixes gives the same model', () => {
    const f = loadSabre('014');
    const account = sabreAccount('alice');
    const renamed = renamePrefixes(f.response.body, { d: 'cs', cs: 'd', cal: 'card', card: 'cal', s: 'q' });
    expect(collectionModels(resourcesOf(f, renamed), account)).toEqual(collectionModels(resourcesOf(f), account));
  });

  it('045 / 048: address books cannot be shared on sabre', () => {
    const alice = collectionModels(resourcesOf(loadSabre('045')), sabreAccount('alice'));
    expect([...alice.values()]).toEqual([
      {
        url: `${S}/addressbooks/alice/default/`,
        name: "Alice's contacts",
        kind: 'addressbook',
        access: 'not-shared',
        dialects: [],
        sharees: [],
        shareesVisible: true,
        canShare: false,
        owner: { address: `${S}/principals/alice/` },
      },
    ]);
    const bob = collectionModels(resourcesOf(loadSabre('048')), sabreAccount('bob'));
    expect([...bob.values()]).toEqual([
      {
        url: `${S}/addressbooks/bob/default/`,
        name: "Bob's contacts",
        kind: 'addressbook',
        access: 'not-shared',
        dialects: [],
        sharees: [],
        shareesVisible: true,
        canShare: false,
      },
    ]);
  });
});
