// The ownCloud / Nextcloud dialect: CS:share moved into http://owncloud.org/ns, sharees addressed
// as principal:principals/..., state in OC:invite and OC:owner-principal. The documents here are
// small hand-written ones; nextcloud-29.test.ts reads the recorded answers of a real Nextcloud.

import { describe, expect, it } from 'vitest';
import { DIALECTS, DIALECT_ORDER } from '../../electron/dav/dialects';
import { ocDialect } from '../../electron/dav/dialects/oc';
import { parseMultistatus } from '../../electron/dav/multistatus';
import { NS } from '../../electron/dav/xml';
import { parsedTree } from '../support/dav-fixtures';

const DECL = '<?xml version="1.0" encoding="utf-8"?>\n';

describe('ocDialect.buildShare', () => {
  it('is the OC: dialect, advertised by oc-resource-sharing, and preferred first', () => {
    expect(ocDialect.id).toBe('oc');
    expect(ocDialect.token).toBe('oc-resource-sharing');
    expect(DIALECTS.oc).toBe(ocDialect);
    expect(DIALECT_ORDER).toEqual(['oc', 'dav', 'cs', 'acl']);
    expect(ocDialect.properties).toEqual([
      [NS.OC, 'invite'],
      [NS.OC, 'owner-principal'],
      [NS.NC, 'owner-displayname'],
    ]);
  });

  it('invites with the principal: hrefs it is given, the comment as OC:summary and no common name', () => {
    const { contentType, body } = ocDialect.buildShare(
      [
        { address: 'principal:principals/users/bob', access: 'read-write', name: 'Bob' },
        { address: 'principal:principals/groups/staff', access: 'read' },
      ],
      { collectionName: 'Team', comment: 'Team' },
    );
    expect(contentType).toBe('text/xml; charset=utf-8');
    expect(body).toBe(
      DECL +
        '<OC:share xmlns:OC="http://owncloud.org/ns" xmlns:D="DAV:">' +
        '<OC:set><D:href>principal:principals/users/bob</D:href><OC:summary>Team</OC:summary><OC:read-write/></OC:set>' +
        '<OC:set><D:href>principal:principals/groups/staff</D:href><OC:summary>Team</OC:summary><OC:read/></OC:set>' +
        '</OC:share>',
    );
  });

  it('sends no summary without a comment (Nextcloud does not need one)', () => {
    const { body } = ocDialect.buildShare([{ address: 'principal:principals/users/bob', access: 'read' }], {
      collectionName: 'Team',
    });
    expect(body).toBe(
      DECL +
        '<OC:share xmlns:OC="http://owncloud.org/ns" xmlns:D="DAV:"><OC:set><D:href>principal:principals/users/bob</D:href><OC:read/></OC:set></OC:share>',
    );
  });

  it('revokes with OC:remove', () => {
    const { contentType, body } = ocDialect.buildShare([{ address: 'principal:principals/users/dave', access: 'none', name: 'Dave' }], {
      collectionName: 'Team',
      comment: 'x',
    });
    expect(contentType).toBe('text/xml; charset=utf-8');
    expect(body).toBe(
      DECL +
        '<OC:share xmlns:OC="http://owncloud.org/ns" xmlns:D="DAV:"><OC:remove><D:href>principal:principals/users/dave</D:href></OC:remove></OC:share>',
    );
  });

  it('is the documented OC:share example, element for element', () => {
    const ours = ocDialect.buildShare(
      [
        { address: 'principal:principals/users/bob', access: 'read-write' },
        { address: 'principal:principals/users/dave', access: 'none' },
      ],
      { collectionName: 'ignored', comment: 'Team' },
    );
    const example =
      '<?xml version="1.0" encoding="utf-8"?><OC:share xmlns:D="DAV:" xmlns:OC="http://owncloud.org/ns"><OC:set><D:href>principal:principals/users/bob</D:href><OC:summary>Team</OC:summary><OC:read-write/></OC:set><OC:remove><D:href>principal:principals/users/dave</D:href></OC:remove></OC:share>';
    expect(parsedTree(ours.body)).toEqual(parsedTree(example));
  });
});

describe('the OC: href of a principal (hrefFor)', () => {
  it.each([
    ['principal:principals/users/bob', 'principal:principals/users/bob'],
    ['/remote.php/dav/principals/users/bob/', 'principal:principals/users/bob'],
    ['https://cloud.example.com/remote.php/dav/principals/circles/abc//', 'principal:principals/circles/abc'],
    // A principal of another server is someone else: sent as it is, which Nextcloud ignores.
    [
      'https://elsewhere.example.org/remote.php/dav/principals/users/bob/',
      'https://elsewhere.example.org/remote.php/dav/principals/users/bob/',
    ],
    ['mailto:bob@example.com', 'mailto:bob@example.com'],
    ['bob', 'bob'],
  ])('%s → %s', (input, output) => {
    expect(ocDialect.hrefFor?.(input, 'https://cloud.example.com')).toBe(output);
  });

  it('is the rule of the one dialect that supersedes others and names sharees by principal only', () => {
    expect(ocDialect.supersedes).toEqual(['dav', 'cs', 'acl']);
    expect(ocDialect.principalsOnly).toBe(true);
  });
});

const NC = 'https://cloud.example.com';

function ncResource(props: string, href = '/remote.php/dav/calendars/alice/personal/') {
  const body =
    '<d:multistatus xmlns:d="DAV:" xmlns:s="http://sabredav.org/ns" xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.com/ns">' +
    `<d:response><d:href>${href}</d:href><d:propstat><d:prop>${props}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>`;
  const [r] = parseMultistatus(body, `${NC}${href}`);
  return r!;
}

describe('ocDialect.read', () => {
  it('owner view: OC:invite sharees (always accepted), OC:owner-principal as owner', () => {
    const r = ncResource(
      '<oc:invite>' +
        '<oc:user><d:href>principal:principals/users/bob</d:href><oc:common-name>Bob</oc:common-name><oc:invite-accepted/><oc:access><oc:read-write/></oc:access><oc:summary>Team</oc:summary></oc:user>' +
        '<oc:user><d:href>principal:principals/groups/staff</d:href><oc:common-name>staff</oc:common-name><oc:invite-accepted/><oc:access><oc:read/></oc:access></oc:user>' +
        '</oc:invite>' +
        '<oc:owner-principal>principals/users/alice</oc:owner-principal><nc:owner-displayname>Alice</nc:owner-displayname>' +
        '<d:current-user-privilege-set><d:privilege><d:all/></d:privilege></d:current-user-privilege-set>',
    );
    expect(ocDialect.read(r, r.url)).toEqual({
      shareable: true,
      sharees: [
        {
          address: 'principal:principals/users/bob',
          name: 'Bob',
          comment: 'Team',
          access: 'read-write',
          status: 'accepted',
          type: 'individual',
        },
        { address: 'principal:principals/groups/staff', name: 'staff', access: 'read', status: 'accepted', type: 'group' },
      ],
      owner: { address: 'principals/users/alice', name: 'Alice' },
      shareeAccess: 'read-write',
    });
  });

  it('OC:owner-principal wins over an OC:organizer', () => {
    const r = ncResource(
      '<oc:invite><oc:organizer><d:href>principal:principals/users/org</d:href><oc:common-name>Org</oc:common-name></oc:organizer></oc:invite><oc:owner-principal>principals/users/alice</oc:owner-principal>',
    );
    expect(ocDialect.read(r, r.url)?.owner).toEqual({ address: 'principals/users/alice' });
    const organizerOnly = ncResource(
      '<oc:invite><oc:organizer><d:href>principal:principals/users/org</d:href><oc:common-name>Org</oc:common-name></oc:organizer></oc:invite>',
    );
    expect(ocDialect.read(organizerOnly, organizerOnly.url)?.owner).toEqual({ address: 'principal:principals/users/org', name: 'Org' });
  });

  it("sharee copy: no list of its own, the owner, and the level from the user's privileges", () => {
    const r = ncResource(
      '<oc:owner-principal>principals/users/alice</oc:owner-principal><nc:owner-displayname>Alice</nc:owner-displayname>' +
        '<d:current-user-privilege-set><d:privilege><d:read/></d:privilege></d:current-user-privilege-set>',
      '/remote.php/dav/calendars/bob/personal_shared_by_alice/',
    );
    expect(ocDialect.read(r, r.url)).toEqual({
      shareable: false,
      owner: { address: 'principals/users/alice', name: 'Alice' },
      shareeAccess: 'read',
    });
  });

  it('nothing to say without OC: properties', () => {
    const r = ncResource('<d:displayname>x</d:displayname><cs:invite/>');
    expect(ocDialect.read(r, r.url)).toBeUndefined();
  });
});
