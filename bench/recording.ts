// Where the benchmark's recordings live: the renderer's account and its shape (record-account.ts
// writes it, renderer-data.ts scales it), and a listing for the XML benchmark (record-listing.ts).

import { fileURLToPath } from 'node:url';
import type { Account, Collection } from '../shared/model';

export interface RecordedAccount {
  recordedAt: string;
  /** The server the recording was made on; the URLs in it are this server's. */
  server: string;
  account: Account;
  /** SharingService.listCollections of the account, as it came. */
  collections: Collection[];
}

export const RECORDING_PATH = fileURLToPath(new URL('data/recorded-account.json', import.meta.url));

/** A calendar home's listing as the live Cyrus sent it (record-listing.ts writes it). */
export const LISTING_PATH = fileURLToPath(new URL('data/cyrus-listing.xml', import.meta.url));
