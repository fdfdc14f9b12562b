// Finds an account on a server: RFC 6764 (SRV for bare hosts, then /.well-known/caldav|carddav),
// current-user-principal, the principal's homes, notification collection, names and addresses,
// and the DAV header's capability tokens. tsdav does the well-known and principal steps; the
// principal's properties are read here because tsdav strips their namespaces.

import { resolveSrv, resolveTxt } from 'node:dns/promises';
import { isIP } from 'node:net';
import { fetchPrincipalUrl, serviceDiscovery } from 'tsdav';
import type { Account, DiscoveryStep } from '../../shared/model';
import { SharedeckError, isSharedeckError } from '../../shared/errors';
import { DIALECTS, DIALECT_ORDER, notSuperseded } from './dialects';
import { davTokens, type DavHttp } from './http';
import { P, mailAddressesOf, names, read } from './properties';
import { propfind } from './propfind';

export type DiscoveredAccount = Omit<Account, 'id' | 'label' | 'folders' | 'approvedOrigins'>;

const PRINCIPAL_PROPS = names(
  P.displayname,
  P.calendarHomeSet,
  P.addressbookHomeSet,
  P.davNotificationUrl,
  P.csNotificationUrl,
  P.calendarUserAddressSet,
  P.principalCollectionSet,
  P.csEmailAddressSet,
  P.sabreEmailAddress,
);

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The URLs to try for what a person typed: a URL as is; a bare host via its _caldavs._tcp SRV
 * record (with the TXT path), then https://host/, and plain http only on this machine.
 */
export async function serverCandidates(
  input: string,
  lookup: { srv?: typeof resolveSrv; txt?: typeof resolveTxt } = {},
): Promise<string[]> {
  const typed = input.trim();
  if (typed === '') throw new SharedeckError('invalid-input', 'Enter the address of your CalDAV or CardDAV server.');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(typed)) {
    let url: URL;
    try {
      url = new URL(typed);
    } catch {
      throw new SharedeckError(
        'invalid-input',
        'That is not a valid server address. Use a host name such as dav.example.com or a full URL.',
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new SharedeckError('invalid-input', 'The server address must start with https:// or http://.');
    }
    if (url.username || url.password) {
      throw new SharedeckError('invalid-input', 'Put the user name and password in their own fields, not in the server address.');
    }
    return [url.href];
  }
  if (/\s/.test(typed)) throw new SharedeckError('invalid-input', 'A server address cannot contain spaces.');
  let parsed: URL;
  try {
    parsed = new URL(`https://${typed}`);
  } catch {
    throw new SharedeckError('invalid-input', 'That is not a valid server address. Use a host name such as dav.example.com or a full URL.');
  }
  if (parsed.username || parsed.password) {
    throw new SharedeckError('invalid-input', 'Put the user name and password in their own fields, not in the server address.');
  }
  const out: string[] = [];
  const host = parsed.hostname;
  if (!isIP(host.replace(/^\[|\]$/g, '')) && !isLoopback(host) && parsed.port === '' && parsed.pathname === '/') {
    for (const service of ['_caldavs._tcp', '_carddavs._tcp']) {
      try {
        const records = await (lookup.srv ?? resolveSrv)(`${service}.${host}`);
        const best = records.filter((r) => r.name !== '.').sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
        if (!best) continue;
        let path = '/';
        try {
          const txt = (await (lookup.txt ?? resolveTxt)(`${service}.${host}`)).map((r) => r.join(''));
          const p = txt.find((t) => t.startsWith('path='))?.slice(5);
          if (p?.startsWith('/')) path = p;
        } catch {
          // no TXT record: the root, then well-known
        }
        out.push(`https://${best.name.replace(/\.$/, '')}${best.port === 443 ? '' : `:${best.port}`}${path}`);
        break;
      } catch {
        // no SRV record: fall through to the host itself
      }
    }
  }
  out.push(parsed.href);
  if (isLoopback(host) || isIP(host.replace(/^\[|\]$/g, ''))) out.push(parsed.href.replace(/^https:/, 'http:'));
  return [...new Set(out)];
}

/** Errors that mean "nothing usable answers here": the next candidate URL may do better. */
export function triesNextCandidate(e: unknown): boolean {
  return isSharedeckError(e) && ['connection-refused', 'tls', 'host-not-found', 'not-dav', 'connection-lost'].includes(e.code);
}

/**
 * The client's fetch for tsdav, watched: tsdav swallows the errors of its well-known requests and
 * tries the next one, so a server that never answers would cost one timeout per attempt. The first
 * failure that means "nobody answers" is kept, and every later call fails with it at once.
 */
function watchedFetch(http: DavHttp): { fetch: typeof fetch; failure: () => SharedeckError | undefined; lastStatus: () => number } {
  const inner = http.asFetch();
  let failure: SharedeckError | undefined;
  let status = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (failure) throw failure;
    try {
      const res = await inner(input, init);
      status = res.status;
      return res;
    } catch (e) {
      if (isSharedeckError(e) && e.code !== 'auth' && e.code !== 'invalid-input') failure = e;
      throw e;
    }
  };
  return { fetch, failure: () => failure, lastStatus: () => status };
}

/**
 * The DAV root: the address as given when it has a path, else where the well-known address
 * points. RFC 6764 lets that be another origin, which then becomes the account's (never from
 * https down to http); any other origin a server names later needs the person's approval.
 */
async function contextUrl(http: DavHttp, base: string): Promise<string> {
  const url = new URL(base);
  if (url.pathname !== '/' && url.pathname !== '') return base; // the person gave the path: start there
  const watched = watchedFetch(http);
  const { fetch } = watched;
  for (const accountType of ['caldav', 'carddav'] as const) {
    const found = await serviceDiscovery({ account: { serverUrl: base, accountType }, fetch });
    const failure = watched.failure();
    if (failure) throw failure;
    if (found && new URL(found).href !== url.href) {
      const target = new URL(found);
      if (url.protocol === 'https:' && target.protocol !== 'https:') {
        throw new SharedeckError('tls', `The server at ${url.host} pointed Sharedeck to an unencrypted address, which it refuses to use.`);
      }
      if (target.protocol !== 'https:' && target.protocol !== 'http:') return base;
      if (target.origin !== url.origin) http.moveTo(target.href);
      return target.href;
    }
  }
  return base;
}

async function principalUrl(http: DavHttp, context: string, base: string): Promise<string> {
  const watched = watchedFetch(http);
  let serverError = 0;
  // The address as given is a second place to look, while the account still lives on its origin.
  const roots = context === base || !http.trusts(base) ? [context] : [context, base];
  for (const rootUrl of roots) {
    try {
      const found = await fetchPrincipalUrl({ account: { serverUrl: base, rootUrl, accountType: 'caldav' }, fetch: watched.fetch });
      http.checkDeadline(rootUrl, true); // tsdav parsed the answer
      return found;
    } catch (e) {
      // Our own errors (wrong password, timeout, ...) are final; tsdav's plain ones mean "no principal here".
      if (isSharedeckError(e)) throw e;
      http.checkDeadline(rootUrl, true);
      if (watched.lastStatus() >= 500) serverError = watched.lastStatus();
    }
  }
  if (serverError) {
    throw new SharedeckError(
      'server',
      `The server at ${new URL(context).host} ran into an error (HTTP ${serverError}) while Sharedeck looked for your account. Try again later.`,
      {
        status: serverError,
      },
    );
  }
  throw new SharedeckError(
    'not-dav',
    `The server at ${new URL(context).host} answered, but did not name a WebDAV account for this user. Check the address; your provider’s help pages usually give the CalDAV or CardDAV URL.`,
  );
}

/** Discovers the account behind one base URL with the given client (which holds the credentials). */
export async function discoverAt(http: DavHttp, base: string, onStep?: (step: DiscoveryStep) => void): Promise<DiscoveredAccount> {
  onStep?.('service-discovery');
  const context = await contextUrl(http, base);
  onStep?.('principal');
  const principal = await principalUrl(http, context, base);

  onStep?.('homes');
  const { resources } = await propfind(http, principal, '0', PRINCIPAL_PROPS, 'your account’s details');
  const me = resources[0];
  if (!me) throw new SharedeckError('not-dav', 'The server did not describe this account.');
  const calendarHomes = read(me, P.calendarHomeSet) ?? [];
  const addressbookHomes = read(me, P.addressbookHomeSet) ?? [];
  if (calendarHomes.length === 0 && addressbookHomes.length === 0) {
    throw new SharedeckError('not-dav', `The server at ${new URL(me.url).host} has no calendars or address books for this account.`);
  }
  const davNotifications = read(me, P.davNotificationUrl);
  const csNotifications = read(me, P.csNotificationUrl);

  onStep?.('capabilities');
  // Cyrus announces calendarserver-sharing only on calendar URLs: ask each home.
  const optionsOf = async (url: string): Promise<string[]> => {
    const res = await http.request({ method: 'OPTIONS', url });
    return res.status >= 200 && res.status < 300 ? davTokens(res.headers) : [];
  };
  const capabilities = [...new Set((await Promise.all([...calendarHomes, ...addressbookHomes].map(optionsOf))).flat())];
  // What a dialect supersedes is not offered beside it (Nextcloud's CS:, dialects/oc.ts).
  const offered = notSuperseded(DIALECT_ORDER.filter((d) => capabilities.includes(DIALECTS[d].token)));

  const account: DiscoveredAccount = {
    // Where the well-known address moved the account to another server, that server is its own.
    serverUrl: new URL(context).origin === new URL(base).origin ? base : context,
    username: '',
    principalUrl: me.url,
    displayName: read(me, P.displayname) ?? '',
    addresses: mailAddressesOf(me),
    calendarHomes,
    addressbookHomes,
    capabilities,
    dialects: offered,
  };
  const notificationUrl = davNotifications ?? csNotifications;
  if (notificationUrl) {
    account.notificationUrl = notificationUrl;
    account.notificationDialect = davNotifications ? 'dav' : 'cs';
  }
  const collections = read(me, P.principalCollectionSet) ?? [];
  if (collections[0]) {
    account.principalCollectionUrl = collections[0];
    account.principalCollections = collections;
  }
  onStep?.('done');
  return account;
}
