// The People join on the recorded servers no test runs live: who a share's address is, asked of
// the directory once per person in the form each server answers (docs/protocol.md, "People").
// Nextcloud lists its sharees as principal:principals/users/NAME and finds a principal's id only
// in the display name; stock sabre/dav finds nobody by calendar-user-address-set and hides what
// it finds. Every request must be one the recording has (or a stand-in that says why it is the
// same answer).

import { describe, expect, it } from 'vitest';
import { listPeople, newPeopleDirectory, revokeEverywhere, type PeopleContext } from '../../electron/dav/people';
import { mergePeople } from '../../shared/people';
import type { PersonAccess } from '../../shared/model';
import { answeredBy, discovered, nextcloudPlayback, sabrePlayback, withAccount, playbackPerTest } from '../support/interop';
import type { Playback, PlaybackRequest } from '../support/playback';

const played = playbackPerTest();

const searches = (p: Playback) =>
  p.served.filter((s) => s.method === 'REPORT').map((s) => s.body.replace(/^<\?xml[^>]*>\s*/, '').replace(/ xmlns:\w+="[^"]*"/g, ''));

/** alice's calendars only: the recording lists her address book home before any share alone. */
async function aliceCalendars(p: Playback, password: string): Promise<PeopleContext> {
  const ctx = await discovered(p, 'alice', password);
  p.served.length = 0;
  return { ...withAccount(ctx, { addressbookHomes: [] }), directory: newPeopleDirectory() };
}

describe('People on Nextcloud 29: a principal: sharee joined to its mail address through the display name', () => {
  // Nextcloud matches calendar-user-address-set whole addresses only: "bob" in it finds nobody
  // (019, 023's address-set term), so the recorded display-name-or-address search for "bob" is the
  // display-name search for "bob".
  const DISPLAYNAME_BOB = {
    when: (r: PlaybackRequest) =>
      r.method === 'REPORT' && r.body.includes('<D:displayname/></D:prop><D:match>bob</D:match>') && !r.body.includes('anyof'),
    answer: '023',
    because: 'its address-set term "bob" matches nobody on Nextcloud: the answer is the display name’s',
  };

  it('bob, shared by principal:principals/users/bob, is bob@example.com, by name; one search for him (032, 033, 027, 023)', async () => {
    played.current = await nextcloudPlayback(['032', '033'], { standIns: [DISPLAYNAME_BOB] });
    const ctx = await aliceCalendars(played.current, 'alicepw123!');
    const o = played.current.origin;

    const { people, skipped } = await listPeople(ctx);

    expect(skipped).toEqual([]);
    const bob = people.find((p) => p.addresses.includes(`principal:principals/users/bob`));
    expect(bob).toMatchObject({
      address: 'mailto:bob@example.com',
      name: 'Bob',
      type: 'individual',
      addresses: ['mailto:bob@example.com', `${o}/remote.php/dav/principals/users/bob/`, 'principal:principals/users/bob'],
    });
    expect(bob?.grants.map((g) => [g.collectionName, g.via, g.access, g.status])).toEqual([
      ['Personal', 'share', 'read-write', 'accepted'],
    ]);
    // What the directory can search, once; then bob's id in the display name alone.
    expect(searches(played.current)).toEqual([
      '<D:principal-search-property-set/>',
      '<D:principal-property-search><D:property-search><D:prop><D:displayname/></D:prop><D:match>bob</D:match></D:property-search><D:prop><D:displayname/><C:calendar-user-address-set/><C:calendar-user-type/><S:email-address/><CS:email-address-set/></D:prop></D:principal-property-search>',
    ]);
    expect(answeredBy(played.current).filter((a) => a === '027' || a === '023')).toEqual(['027', '023']);

    // The same Bob on a server that lists him by mail is one person across the two accounts.
    const elsewhere: PersonAccess = {
      address: 'mailto:bob@example.com',
      type: 'individual',
      addresses: ['mailto:bob@example.com'],
      grants: [{ ...bob!.grants[0]!, accountId: 'other', collectionUrl: 'https://dav.example/cal/work/', collectionName: 'Work' }],
    };
    const merged = mergePeople([people, [elsewhere]]);
    expect(merged.filter((p) => p.addresses.includes('mailto:bob@example.com')).map((p) => p.grants.length)).toEqual([2]);
  });

  it('revoke everywhere by his mail address finds him and takes the share away (032, 033, 055-057, carol taken out)', async () => {
    // The recording shared with carol between 031 and 055 (writes this flow does not send); its
    // answers after the revoke list her, as this server would not: taken out.
    const carol =
      '<oc:user><d:href>principal:principals/users/carol</d:href><oc:common-name>Carol</oc:common-name><oc:invite-accepted/><oc:access><oc:read/></oc:access></oc:user>';
    const withoutCarol = (body: string) => body.replace(carol, '');
    played.current = await nextcloudPlayback(['032', '033', '055', '056', '057'], {
      standIns: [DISPLAYNAME_BOB],
      edits: { '056': withoutCarol, '057': withoutCarol },
    });
    const ctx = await aliceCalendars(played.current, 'alicepw123!');

    const result = await revokeEverywhere(ctx, ['bob@example.com']);

    expect(result.notFound).toEqual([]);
    expect(result.outcomes.map((o) => [o.collectionName, o.result, o.change])).toEqual([['Personal', 'done', 'revoked share']]);
    expect(played.current.writes().map((w) => w.body)).toEqual([
      '<?xml version="1.0" encoding="utf-8"?>\n<OC:share xmlns:OC="http://owncloud.org/ns" xmlns:D="DAV:"><OC:remove><D:href>principal:principals/users/bob</D:href></OC:remove></OC:share>',
    ]);
    expect(result.people.some((p) => p.addresses.includes('mailto:bob@example.com'))).toBe(false);
  });
});

describe('People on stock sabre/dav 4.7.1: the e-mail property searched, hidden hits never taken for anyone', () => {
  it('bob, shared by mailto:, is looked up by his whole address in s:email-address, the search sabre answers; its hit hides his addresses, so nothing joins him (026, 027, 023, 018)', async () => {
    played.current = await sabrePlayback(['026', '027']);
    const ctx = await aliceCalendars(played.current, 'alice');

    const { people, skipped } = await listPeople(ctx);

    expect(skipped).toEqual([]);
    expect(searches(played.current)).toEqual([
      '<D:principal-search-property-set/>',
      '<D:principal-property-search><D:property-search><D:prop><S:email-address/></D:prop><D:match>bob@example.org</D:match></D:property-search><D:prop><D:displayname/><C:calendar-user-address-set/><C:calendar-user-type/><S:email-address/><CS:email-address-set/></D:prop></D:principal-property-search>',
    ]);
    expect(answeredBy(played.current).filter((a) => a === '023' || a === '018')).toEqual(['023', '018']);
    // The hit (/principals/bob/, every property 403) matched a substring: nothing proves it is the
    // person with exactly that address, so the share stays as it is listed, with no name guessed.
    const bob = people.find((p) => p.addresses.includes('mailto:bob@example.org'));
    expect(bob).toEqual({
      address: 'mailto:bob@example.org',
      type: 'unknown',
      addresses: ['mailto:bob@example.org'],
      grants: [expect.objectContaining({ collectionName: 'Default', via: 'share', access: 'read-write', status: 'accepted' })],
    });
    // A second listing in the session asks nothing again.
    played.current.served.length = 0;
    await listPeople(ctx);
    expect(searches(played.current)).toEqual([]);
  });
});
