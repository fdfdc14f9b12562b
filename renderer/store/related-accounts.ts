// Which other accounts of this app an action touched: alice shares with bob, and bob's account is
// configured here too, so bob's inbox and list are re-read at once instead of on the next poll.
// People are matched as servers list them: a mailto: address among the account's own addresses,
// or the account's principal (URL, path, or Nextcloud's principal:principals/...).

import type { Account } from '../../shared/model';
import { safeDecode } from '../../shared/urls';

function comparablePath(path: string): string {
  return safeDecode(path).replace(/\/+$/, '');
}

/** Whether `address`, as a server of `base` lists a person, names the user of `account`. */
export function namesAccount(address: string, account: Pick<Account, 'addresses' | 'principalUrl'>, base: string): boolean {
  const a = address.trim();
  if (a === '') return false;
  if (/^mailto:/i.test(a)) return account.addresses.some((own) => own.toLowerCase() === a.toLowerCase());
  let principal: URL;
  try {
    principal = new URL(account.principalUrl);
  } catch {
    return false;
  }
  const mine = comparablePath(principal.pathname);
  if (a.startsWith('principal:')) {
    const theirs = `/${comparablePath(a.slice('principal:'.length))}`;
    return mine === theirs || mine.endsWith(theirs);
  }
  try {
    const url = new URL(a, base);
    return url.origin === principal.origin && comparablePath(url.pathname) === mine;
  } catch {
    return false;
  }
}

/** The configured accounts, other than `from`, whose users are among `people` (as `from`'s server lists them). */
export function accountsAmong(people: readonly string[], accounts: readonly Account[], from: Account): Account[] {
  return accounts.filter((a) => a.id !== from.id && people.some((p) => namesAccount(p, a, from.serverUrl)));
}
