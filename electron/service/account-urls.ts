// Which addresses belong to an account: the origins the person allowed, the folders and
// collections added by URL, and every collection URL a call names. All of them lie on the
// account's own origin or one the person allowed (dav/origins.ts): a URL elsewhere is refused
// before any request, so the account's password never goes there.

import { SharedeckError } from '../../shared/errors';
import type { Account } from '../../shared/model';
import { OriginPolicy, normaliseOrigin } from '../dav/origins';

type AccountOrigins = Pick<Account, 'serverUrl' | 'approvedOrigins'>;

/** The other servers a person allowed, as origins (no duplicates; the schema allows at most 50). */
export function originList(list: readonly string[] | undefined): string[] {
  return [...new Set((list ?? []).map(normaliseOrigin))];
}

/** WebDAV folders named by URL, on the account’s server, each with its trailing slash. */
export function folderUrls(folders: readonly string[], account: AccountOrigins): string[] {
  return folders.map((f) => {
    const url = collectionUrl(account, f);
    return url.endsWith('/') ? url : `${url}/`;
  });
}

/** Calendars, address books and folders added by their URL: each once, on the account's server. */
export function addedUrls(urls: readonly string[], account: AccountOrigins): string[] {
  return [...new Set(urls.map((u) => collectionUrl(account, u)))];
}

/**
 * An address a call names (a collection, a folder), on the account's server or one the person
 * allowed for it: other servers never get this account's credentials.
 */
export function collectionUrl(account: AccountOrigins, input: string): string {
  let url: URL;
  try {
    url = new URL(input, account.serverUrl);
  } catch {
    throw new SharedeckError('invalid-input', 'That is not a valid address of a collection.');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    throw new SharedeckError('invalid-input', `That address is not on this account’s server (${new URL(account.serverUrl).host}).`);
  }
  const refused = new OriginPolicy(account.serverUrl, account.approvedOrigins).refusal(url);
  if (refused) throw refused;
  url.hash = '';
  return url.href;
}
