// Addresses as servers write them (mailto: with any case and percent-escapes, principal URLs with
// or without a trailing slash) and as people type them, in one comparable form. The engine's
// identity rules (electron/dav/identity.ts) go further, matching the principal forms each server
// uses; this is what the UI and the People merge need: the same address, however it is written.

import { principalUrlKey, safeDecode } from './urls';

/** A mail address (mailto: or bare) split, decoded and in lower case; undefined when it names none. */
export function mailParts(address: string): { mail: string; local: string; domain: string } | undefined {
  const a = address.trim();
  const raw = /^mailto:/i.test(a) ? safeDecode(a.slice(7)) : !a.includes(':') && !a.includes('/') ? a : undefined;
  if (raw === undefined) return undefined;
  const at = raw.lastIndexOf('@');
  if (at === -1) return undefined;
  const mail = raw.toLowerCase();
  return { mail, local: mail.slice(0, at), domain: mail.slice(at + 1) };
}

/** The mail address an address names (mailto: or bare), decoded and in lower case; undefined when it names none. */
export function mailOf(address: string): string | undefined {
  return mailParts(address)?.mail;
}

/**
 * The comparable form of an address: `mailto:` and the mail address in lower case, a principal URL
 * by principalUrlKey (origin, decoded path, no trailing slash), anything else trimmed.
 */
export function addressKey(address: string): string {
  const mail = mailOf(address);
  if (mail !== undefined) return `mailto:${mail}`;
  return principalUrlKey(address) ?? address.trim();
}

/** Whether two addresses are the same address, however each is written. */
export function sameAddress(a: string, b: string): boolean {
  return addressKey(a) === addressKey(b);
}
