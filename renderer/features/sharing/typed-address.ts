// What a person typed in the invite field, as an address to invite, or the reason it is not one,
// checked before anything is sent: `not-an-email`, `bob@@example.com` and `x y@example.com` each
// get a sentence, and so does the account's own address (inviting yourself makes a server such as
// Cyrus file an invitation to you that, accepted, marks every sharee of the collection accepted).

import { sameAddress } from '../../../shared/addresses';
import type { Account, Collection } from '../../../shared/model';
import { namesAccount } from '../../store/related-accounts';

export interface TypedAddress {
  address: string;
  label: string;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
const PRINCIPAL = /^(https?:\/\/|\/|principal:)\S+$/i;

/** The address typed (e-mail, mailto:, or a principal URL or path), or undefined when it is none. */
export function typedAddress(text: string): TypedAddress | undefined {
  const t = text.trim().replace(/^<|>$/g, '');
  if (EMAIL.test(t)) return { address: `mailto:${t}`, label: t };
  if (/^mailto:/i.test(t) && EMAIL.test(t.slice(7))) return { address: t, label: t.slice(7) };
  if (PRINCIPAL.test(t)) return { address: t, label: t };
  return undefined;
}

/** Why `text` cannot be invited as it is typed; undefined when it is an address (or empty). */
export function addressProblem(text: string): string | undefined {
  const t = text.trim();
  if (t === '' || typedAddress(t)) return undefined;
  const bare = t.replace(/^mailto:/i, '');
  if (/\s/.test(bare)) return `“${t}” has a space in it; an e-mail address has none.`;
  const ats = bare.split('@').length - 1;
  if (ats > 1) return `“${t}” has ${ats === 2 ? 'two' : 'several'} @ signs; an e-mail address has one.`;
  if (ats === 1 && (bare.startsWith('@') || bare.endsWith('@')))
    return `“${t}” is missing the part ${bare.startsWith('@') ? 'before' : 'after'} the @.`;
  if (ats === 1) return `“${t}” has no domain such as example.com after the @.`;
  return `“${t}” is not an e-mail address. Pick someone the directory found, or type an address such as bob@example.com.`;
}

/**
 * Why an address cannot be invited to this collection (it is the account's own, or listed already
 * and not declined); undefined when it can. Someone who declined may be invited again.
 */
export function inviteeProblem(address: string, label: string, account: Account, collection: Collection): string | undefined {
  if (namesAccount(address, account, account.serverUrl)) {
    return `${label} is you: you own “${collection.name}”, so there is nobody to invite. Sharedeck sent nothing.`;
  }
  if (collection.sharees.some((s) => s.status !== 'declined' && sameAddress(s.address, address))) {
    return `${label} is already on the list below; change their access there.`;
  }
  return undefined;
}
