// The design rule, as a test: listing costs one Depth:1 PROPFIND per home set, whatever the number
// of collections. Measured in-process with SharingService.requestCount against the live server.
import { afterAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { MemoryAccountStore } from '../../electron/service/account-store';
import { createSharingService } from '../../electron/service/sharing-service';
import { newCalendar, removeCreatedCollections } from './cli-helpers';
import { FetchRecorder, headerOf } from '../support/fetch-recorder';
import { testServer } from '../support/test-servers';

afterAll(removeCreatedCollections);

describe('ls request count', () => {
  it('is the same with N and N+3 calendars: one Depth:1 PROPFIND per home set', async () => {
    // What went on the wire, seen by the fetch the engine uses.
    const recorder = new FetchRecorder();
    const service = createSharingService({
      accounts: new MemoryAccountStore(),
      secrets: new MemorySecretStore(),
      http: { fetch: recorder.fetch },
    });
    const { url, users } = testServer();
    const account = await service.addAccount({ serverUrl: url, username: 'frank', password: users.frank.password });
    const homes = [...account.calendarHomes, ...account.addressbookHomes];
    expect(homes.map((h) => new URL(h).pathname)).toEqual(['/dav/calendars/user/frank/', '/dav/addressbooks/user/frank/']);

    const listOnce = async () => {
      const before = service.requestCount(account.id);
      const from = recorder.sent.length;
      const list = (await service.listCollections(account.id)).collections;
      return { list, count: service.requestCount(account.id) - before, sent: recorder.since(from) };
    };

    const small = await listOnce();
    for (let i = 0; i < 3; i++) await newCalendar('frank', 'Bench');
    const large = await listOnce();

    expect(large.list.filter((c) => c.kind === 'calendar')).toHaveLength(small.list.filter((c) => c.kind === 'calendar').length + 3);
    expect(large.count).toBe(small.count);
    expect(large.count).toBe(homes.length);
    expect(large.sent).toHaveLength(homes.length);
    expect(large.sent.map((r) => `${r.method} ${r.url} Depth:${headerOf(r, 'depth') ?? '-'}`).sort()).toEqual(
      homes.map((h) => `PROPFIND ${h} Depth:1`).sort(),
    );
  });
});
