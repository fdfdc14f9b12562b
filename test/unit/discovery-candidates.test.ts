// serverCandidates(): what a person typed → the URLs discovery tries, in order. DNS is always the
// fake passed in; a lookup that should not happen fails the test.

import type { SrvRecord } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { serverCandidates } from '../../electron/dav/discovery';
import { expectReadableMessage, expectSharedeckError } from '../support/dav-fixtures';

type Lookup = NonNullable<Parameters<typeof serverCandidates>[1]>;

function notFound(name: string): Error {
  return Object.assign(new Error(`queryX ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
}

/** A fake DNS: SRV and TXT answers by name; everything else is "not found". Records what was asked. */
function fakeDns(srv: Record<string, SrvRecord[]> = {}, txt: Record<string, string[][]> = {}) {
  const asked: string[] = [];
  const lookup: Lookup = {
    srv: (name: string) => {
      asked.push(`SRV ${name}`);
      const r = srv[name];
      return r ? Promise.resolve(r) : Promise.reject(notFound(name));
    },
    txt: (name: string) => {
      asked.push(`TXT ${name}`);
      const r = txt[name];
      return r ? Promise.resolve(r) : Promise.reject(Object.assign(new Error(`queryTxt ENODATA ${name}`), { code: 'ENODATA' }));
    },
  };
  return { lookup, asked };
}

const srv = (name: string, port: number, priority = 0, weight = 0): SrvRecord => ({ name, port, priority, weight });

describe('serverCandidates', () => {
  it.each([
    'https://dav.example.com/dav/',
    'http://localhost:8080/',
    'HTTPS://Dav.Example.com/remote.php/dav',
    'https://dav.example.com:8443/caldav/?x=1',
  ])('a URL with a scheme is used as the one candidate, without DNS: %s', async (url) => {
    const dns = fakeDns();
    expect(await serverCandidates(url, dns.lookup)).toEqual([new URL(url).href]);
    expect(dns.asked).toEqual([]);
  });

  it('normalises the scheme and host of a URL', async () => {
    expect(await serverCandidates('HTTPS://Dav.Example.com/remote.php/dav', fakeDns().lookup)).toEqual([
      'https://dav.example.com/remote.php/dav',
    ]);
  });

  it.each(['ftp://dav.example.com/', 'file:///etc/passwd', 'https://alice:secret@dav.example.com/'])(
    'refuses %s with invalid-input, without echoing it',
    async (url) => {
      const error = await serverCandidates(url, fakeDns().lookup).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid-input' });
      expect((error as Error).message).not.toContain('secret');
    },
  );

  it('trims what was typed', async () => {
    const dns = fakeDns();
    expect(await serverCandidates('  https://dav.example.com/  ', dns.lookup)).toEqual(['https://dav.example.com/']);
  });

  it('a bare host with SRV and TXT records: the SRV target with the TXT path, then the host itself', async () => {
    const dns = fakeDns(
      {
        '_caldavs._tcp.example.com': [
          srv('backup.example.com', 8443, 20, 100),
          srv('dav.example.com.', 8443, 10, 1),
          srv('dav2.example.com', 443, 10, 5),
        ],
      },
      { '_caldavs._tcp.example.com': [['path=/dav/'], ['other=1']] },
    );
    expect(await serverCandidates('example.com', dns.lookup)).toEqual(['https://dav2.example.com/dav/', 'https://example.com/']);
    expect(dns.asked).toEqual(['SRV _caldavs._tcp.example.com', 'TXT _caldavs._tcp.example.com']);
  });

  it('a TXT path split over strings is joined; a non-default SRV port is kept', async () => {
    const dns = fakeDns(
      { '_caldavs._tcp.example.net': [srv('cal.example.net', 8443)] },
      { '_caldavs._tcp.example.net': [['path=/remote', '.php/dav/']] },
    );
    expect(await serverCandidates('example.net', dns.lookup)).toEqual([
      'https://cal.example.net:8443/remote.php/dav/',
      'https://example.net/',
    ]);
  });

  it('SRV without TXT (or with a relative path): the SRV target at its root', async () => {
    const none = fakeDns({ '_caldavs._tcp.example.com': [srv('dav.example.com', 443)] });
    expect(await serverCandidates('example.com', none.lookup)).toEqual(['https://dav.example.com/', 'https://example.com/']);
    const relative = fakeDns(
      { '_caldavs._tcp.example.com': [srv('dav.example.com', 443)] },
      { '_caldavs._tcp.example.com': [['path=dav']] },
    );
    expect(await serverCandidates('example.com', relative.lookup)).toEqual(['https://dav.example.com/', 'https://example.com/']);
  });

  it('falls back to the CardDAV SRV record', async () => {
    const dns = fakeDns({ '_carddavs._tcp.example.org': [srv('card.example.org', 443)] });
    expect(await serverCandidates('example.org', dns.lookup)).toEqual(['https://card.example.org/', 'https://example.org/']);
    expect(dns.asked).toEqual(['SRV _caldavs._tcp.example.org', 'SRV _carddavs._tcp.example.org', 'TXT _carddavs._tcp.example.org']);
  });

  it('a bare host without SRV records: https on the host only', async () => {
    const dns = fakeDns();
    expect(await serverCandidates('dav.example.com', dns.lookup)).toEqual(['https://dav.example.com/']);
    expect(dns.asked).toEqual(['SRV _caldavs._tcp.dav.example.com', 'SRV _carddavs._tcp.dav.example.com']);
  });

  it('an SRV record of "." means "no service here"', async () => {
    const dns = fakeDns({ '_caldavs._tcp.example.com': [srv('.', 0)] });
    expect(await serverCandidates('example.com', dns.lookup)).toEqual(['https://example.com/']);
  });

  it('a host with a port or a path is taken as typed (no SRV)', async () => {
    const dns = fakeDns({ '_caldavs._tcp.example.com': [srv('dav.example.com', 443)] });
    expect(await serverCandidates('example.com:8443', dns.lookup)).toEqual(['https://example.com:8443/']);
    expect(await serverCandidates('example.com/remote.php/dav/', dns.lookup)).toEqual(['https://example.com/remote.php/dav/']);
    expect(dns.asked).toEqual([]);
  });

  it.each([
    ['localhost:8080', ['https://localhost:8080/', 'http://localhost:8080/']],
    ['localhost', ['https://localhost/', 'http://localhost/']],
    ['127.0.0.1:8580', ['https://127.0.0.1:8580/', 'http://127.0.0.1:8580/']],
    ['127.0.0.1:8580/dav/', ['https://127.0.0.1:8580/dav/', 'http://127.0.0.1:8580/dav/']],
    ['[::1]:8443', ['https://[::1]:8443/', 'http://[::1]:8443/']],
    ['192.168.1.5', ['https://192.168.1.5/', 'http://192.168.1.5/']],
    ['[2001:db8::1]', ['https://[2001:db8::1]/', 'http://[2001:db8::1]/']],
  ])('loopback or an IP address (%s) also gets plain http, after https, without DNS', async (typed, expected) => {
    const dns = fakeDns();
    expect(await serverCandidates(typed, dns.lookup)).toEqual(expected);
    expect(dns.asked).toEqual([]);
  });

  it('a host name never gets plain http', async () => {
    const dns = fakeDns();
    const urls = await serverCandidates('dav.example.com', dns.lookup);
    expect(urls.every((u) => u.startsWith('https://'))).toBe(true);
  });

  it.each(['alice:secret@dav.example.com', 'alice@dav.example.com', 'alice:secret@127.0.0.1:8580'])(
    'refuses a user name in the address (%s)',
    async (typed) => {
      const dns = fakeDns();
      const err = await expectSharedeckError(() => serverCandidates(typed, dns.lookup), 'invalid-input');
      expectReadableMessage(err);
      expect(err.message).not.toContain('secret');
      expect(dns.asked).toEqual([]);
    },
  );

  it.each(['dav example.com', 'dav.example.com /dav', 'dav.example.com\t/x', 'a\nb'])('refuses spaces (%j)', async (typed) => {
    const err = await expectSharedeckError(() => serverCandidates(typed, fakeDns().lookup), 'invalid-input');
    expect(err.message).toMatch(/spaces/);
  });

  it.each(['', '   '])('refuses an empty address (%j)', async (typed) => {
    const err = await expectSharedeckError(() => serverCandidates(typed, fakeDns().lookup), 'invalid-input');
    expectReadableMessage(err);
  });

  it('refuses what is not a host at all', async () => {
    const err = await expectSharedeckError(() => serverCandidates('[not-an-ip', fakeDns().lookup), 'invalid-input');
    expectReadableMessage(err);
  });
});
