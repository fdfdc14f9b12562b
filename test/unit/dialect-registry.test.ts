// The registry of routes (electron/dav/dialects/index.ts): which route another supersedes, which
// share dialect names an account's sharees, which dialect publishes, on recorded collections.

import { describe, expect, it } from 'vitest';
import { DIALECTS, notSuperseded, preferredShareDialect, publisherOf, viewsOf } from '../../electron/dav/dialects';
import { loadNextcloud, loadSabre } from '../fixtures/load';
import { resourceAt, resourcesOf } from '../support/dav-fixtures';

describe('the registry of routes', () => {
  it('leaves out what a present dialect supersedes: beside OC:, neither DAV:, CS: nor ACL; else all stay, in order', () => {
    expect(notSuperseded(['oc', 'dav', 'cs', 'acl'])).toEqual(['oc']);
    expect(notSuperseded(['dav', 'cs', 'acl'])).toEqual(['dav', 'cs', 'acl']);
    expect(notSuperseded(['acl'])).toEqual(['acl']);
    expect(notSuperseded([])).toEqual([]);
  });

  it('the share dialect an account prefers is its first share dialect; an ACL-only account has none', () => {
    expect(preferredShareDialect(['oc'])?.id).toBe('oc');
    expect(preferredShareDialect(['dav', 'cs', 'acl'])?.id).toBe('dav');
    expect(preferredShareDialect(['acl'])).toBeUndefined();
  });

  it('every route has the token that advertises it and the properties it reads', () => {
    expect(Object.values(DIALECTS).map((d) => [d.id, d.token])).toEqual([
      ['dav', 'resource-sharing'],
      ['cs', 'calendarserver-sharing'],
      ['oc', 'oc-resource-sharing'],
      ['acl', 'access-control'],
    ]);
    for (const d of Object.values(DIALECTS)) expect(d.properties.length).toBeGreaterThan(0);
  });

  it('the dialect that publishes a recorded Nextcloud calendar is CS:, with the view that says so; sabre’s calendars have none to offer', () => {
    const nextcloud = resourcesOf(loadNextcloud('012')).find((r) => r.url.endsWith('/personal/'))!;
    const publisher = publisherOf(viewsOf(nextcloud));
    expect(publisher?.dialect.id).toBe('cs');
    expect(publisher?.view.publishable).toBe(true);
    const sabre = resourceAt(resourcesOf(loadSabre('016')), 'http://127.0.0.1:8411/calendars/bob/default/');
    expect(publisherOf(viewsOf(sabre))?.view.publishable ?? false).toBe(false);
  });
});
