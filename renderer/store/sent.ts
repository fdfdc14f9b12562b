// What this app sent to each sharee: when, and with which message. The server does not say
// either: Cyrus keeps a declined person's answer on a new invitation (the owner would see
// "declined" after inviting them again), and it re-sends an invitation without its message when
// the access of someone who has not answered is changed. Kept per account, collection and sharee
// in this window's local storage, bounded, so a reload keeps it.

import type { StateCreator } from 'zustand';
import type { Collection, Sharee } from '../../shared/model';
import { collectionKey } from '../../shared/urls';
import type { Store } from './index';

export interface SentInvitation {
  /** When it was sent (ms since the epoch). */
  at: number;
  comment?: string;
  /** Sent to someone the server listed as declined: a re-invitation. */
  again?: boolean;
}

type Journal = Record<string, SentInvitation>;

export interface SentSlice {
  /** By account id, then by `sentKey(collection, address)`. */
  sent: Record<string, Journal>;
  recordSent: (accountId: string, collectionUrl: string, entries: readonly { address: string; sent: SentInvitation }[]) => void;
  /** Forgets what was sent from an account (it was removed from this app). */
  forgetSent: (accountId: string) => void;
}

const STORAGE_KEY = 'sharedeck.sent';
/** Entries kept per account: the most recent ones. */
const MAX_PER_ACCOUNT = 500;
const MAX_COMMENT = 2000;

export function sentKey(collectionUrl: string, address: string): string {
  return `${collectionKey(collectionUrl)} ${address.trim().toLowerCase()}`;
}

/** What was sent to a sharee of a collection, if this app sent anything. */
export function sentTo(
  sent: Record<string, Journal>,
  accountId: string,
  collectionUrl: string,
  address: string,
): SentInvitation | undefined {
  return sent[accountId]?.[sentKey(collectionUrl, address)];
}

/** Declined on the server, but invited again from here since: waiting for a new answer. */
export function invitedAgain(s: Pick<Sharee, 'status'>, sent: SentInvitation | undefined): boolean {
  return s.status === 'declined' && sent?.again === true;
}

/** How many who declined a collection this app has invited again since: they wait for an answer. */
export function reinvitedCount(sent: Record<string, Journal>, accountId: string, c: Pick<Collection, 'url' | 'sharees'>): number {
  return c.sharees.filter((s) => invitedAgain(s, sentTo(sent, accountId, c.url, s.address))).length;
}

function isEntry(v: unknown): v is SentInvitation {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.at === 'number' &&
    Number.isFinite(e.at) &&
    (e.comment === undefined || (typeof e.comment === 'string' && e.comment.length <= MAX_COMMENT)) &&
    (e.again === undefined || typeof e.again === 'boolean')
  );
}

/** The journal as stored; whatever does not fit the shape is left out, never trusted. */
function load(): Record<string, Journal> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return {};
    const out: Record<string, Journal> = {};
    for (const [account, journal] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof journal !== 'object' || journal === null) continue;
      out[account] = Object.fromEntries(Object.entries(journal as Record<string, unknown>).filter(([, e]) => isEntry(e))) as Journal;
    }
    return out;
  } catch {
    return {};
  }
}

function save(sent: Record<string, Journal>): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(sent));
  } catch {
    // full or unavailable: the journal lives on in memory for this window
  }
}

function bounded(journal: Journal): Journal {
  const entries = Object.entries(journal);
  if (entries.length <= MAX_PER_ACCOUNT) return journal;
  return Object.fromEntries(entries.sort((a, b) => b[1].at - a[1].at).slice(0, MAX_PER_ACCOUNT));
}

export const createSentSlice: StateCreator<Store, [], [], SentSlice> = (set, get) => ({
  sent: typeof localStorage === 'undefined' ? {} : load(),

  recordSent(accountId, collectionUrl, entries) {
    if (entries.length === 0) return;
    const journal = { ...get().sent[accountId] };
    for (const { address, sent } of entries) journal[sentKey(collectionUrl, address)] = sent;
    const next = { ...get().sent, [accountId]: bounded(journal) };
    set({ sent: next });
    save(next);
  },

  forgetSent(accountId) {
    const next = Object.fromEntries(Object.entries(get().sent).filter(([id]) => id !== accountId));
    set({ sent: next });
    save(next);
  },
});
