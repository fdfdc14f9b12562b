// The engine never sends an owner-level access (sabre/dav hands the sharee ownership if it gets
// one): invite() and setAccess() refuse it with 'invalid-input' before any share POST. The
// transport is a recording fake that answers the collection PROPFIND with a recorded sabre
// response; nothing touches the network.

import { describe, expect, it } from 'vitest';
import type { DavHttp, DavRequest, DavResponse } from '../../electron/dav/http';
import { invite, revoke, setAccess } from '../../electron/dav/sharing';
import { expectReadableMessage, expectSharedeckError, loadSabre, sabreAccount } from '../support/dav-fixtures';

const URL_ = 'http://127.0.0.1:8411/calendars/alice/default/';

function answer(status: number, url: string, text: string, headers = new Headers()): Promise<DavResponse> {
  return Promise.resolve({ status, url, headers, text, redirected: false, parse: (read) => read(text, url) });
}

function fakeHttp() {
  const sent: DavRequest[] = [];
  const collection = loadSabre('012').response.body; // alice's calendar, shared with bob
  const http = {
    baseUrl: 'http://127.0.0.1:8411/',
    origin: 'http://127.0.0.1:8411',
    trusts: (url: string) => new URL(url).origin === 'http://127.0.0.1:8411',
    request(req: DavRequest): Promise<DavResponse> {
      sent.push(req);
      if (req.method === 'PROPFIND') {
        return answer(207, req.url, collection, new Headers({ 'content-type': 'application/xml' }));
      }
      return answer(200, req.url, '');
    },
  };
  return { ctx: { http: http as unknown as DavHttp, account: sabreAccount('alice') }, sent };
}

/** Calls a function that may throw synchronously or reject, as one promise. */
const attempt = (fn: () => unknown) => () => Promise.resolve().then(fn);

describe('owner-level access is refused before any share POST', () => {
  it.each(['shared-owner', 'not-shared', 'owner', 'no-access', 'READ', ''])('invite() with access %j', async (access) => {
    const { ctx, sent } = fakeHttp();
    const err = await expectSharedeckError(
      attempt(() => invite(ctx, URL_, [{ address: 'mailto:carol@example.org', access: access as never }])),
      'invalid-input',
    );
    expectReadableMessage(err);
    expect(sent.map((r) => r.method)).not.toContain('POST');
    expect(sent.every((r) => r.method === 'PROPFIND')).toBe(true);
  });

  it('invite() refuses the whole request when one of several sharees asks for ownership', async () => {
    const { ctx, sent } = fakeHttp();
    await expectSharedeckError(
      attempt(() =>
        invite(ctx, URL_, [
          { address: 'mailto:carol@example.org', access: 'read' },
          { address: 'mailto:dave@example.org', access: 'shared-owner' as never },
        ]),
      ),
      'invalid-input',
    );
    expect(sent.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it.each(['shared-owner', 'not-shared', 'none'])('setAccess() with access %j, before even reading the collection', async (access) => {
    const { ctx, sent } = fakeHttp();
    const err = await expectSharedeckError(
      attempt(() => setAccess(ctx, URL_, 'mailto:bob@example.org', access as never)),
      'invalid-input',
    );
    expectReadableMessage(err);
    expect(err.message.length).toBeLessThan(120);
    expect(sent).toEqual([]);
  });

  it('a long bogus access value is not echoed whole', async () => {
    const { ctx } = fakeHttp();
    const err = await expectSharedeckError(
      attempt(() => setAccess(ctx, URL_, 'mailto:bob@example.org', 'x'.repeat(5000) as never)),
      'invalid-input',
    );
    expect(err.message).not.toContain('x'.repeat(41));
  });

  it('an empty invite or revoke list is refused without a request', async () => {
    const { ctx, sent } = fakeHttp();
    await expectSharedeckError(
      attempt(() => invite(ctx, URL_, [])),
      'invalid-input',
    );
    await expectSharedeckError(
      attempt(() => revoke(ctx, URL_, [])),
      'invalid-input',
    );
    expect(sent).toEqual([]);
  });

  it('control: a sharee level goes through, as one D:share-resource POST carrying that level', async () => {
    const { ctx, sent } = fakeHttp();
    const result = await invite(ctx, URL_, [{ address: 'carol@example.org', access: 'read' }]);
    const posts = sent.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers).toEqual({ 'Content-Type': 'application/davsharing+xml; charset=utf-8' });
    expect(posts[0]!.body).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<D:share-resource xmlns:D="DAV:"><D:sharee><D:href>mailto:carol@example.org</D:href><D:share-access><D:read/></D:share-access></D:sharee></D:share-resource>',
    );
    // The fake server did not add carol, and the re-read says so.
    expect(result.unresolved).toEqual(['mailto:carol@example.org']);
    expect(result.collection.sharees.map((s) => s.address)).toEqual(['mailto:bob@example.org']);
  });
});
