// The sharing scenario on address books, which Cyrus shares only in the DAV: dialect; and what
// the CS: forms do with them.
import { afterAll, describe, expect, it } from 'vitest';
import type { AcceptResult } from '../../shared/model';
import {
  copyUrlOf,
  expectError,
  invitationFor,
  ls,
  newAddressBook,
  principalOf,
  putItem,
  removeCreatedCollections,
  sharedeck,
  sharedeckJson,
  sharedeckOk,
  shareeSummary,
  show,
} from './cli-helpers';
import { sharingScenario } from './sharing-scenario';

sharingScenario({ kind: 'addressbook', dialect: 'dav', replyDialect: 'dav' });

describe('address books and the CS: dialect', () => {
  afterAll(removeCreatedCollections);

  it('refuses to share an address book with --dialect cs, saying which dialect works', async () => {
    const book = await newAddressBook('alice', 'Contacts');
    const run = await sharedeck('alice', 'invite', book.name, 'bob@example.com', '--dialect', 'cs');
    expectError(run, 3, /does not accept calendarserver sharing \(CS:\) for “.*”; it offers WebDAV resource sharing \(DAV:\)\./);
    expect((await show(book)).sharees).toEqual([]);
  });

  it('accepts an address-book invitation with a CS: reply: Cyrus puts the copy in the address-book home', async () => {
    const book = await newAddressBook('alice', 'CS reply');
    await sharedeckOk('alice', 'invite', book.name, 'erin@example.com', '--read-write', '--dialect', 'dav');
    const invitation = await invitationFor('erin', book);
    expect(invitation).toMatchObject({ kind: 'addressbook', access: 'read-write', state: 'pending' });

    const accepted = await sharedeckJson<AcceptResult>('erin', 'accept', book.name, '--dialect', 'cs');
    // The CS: reply goes to the calendar home, yet the copy lands among erin's address books.
    expect(accepted.url).toBe(copyUrlOf(book, 'erin'));
    expect(accepted.collection).toMatchObject({ kind: 'addressbook', access: 'read-write' });
    expect(accepted.collection?.sharedBy?.address).toBe(principalOf('alice'));
    expect((await ls('erin')).find((c) => c.url === copyUrlOf(book, 'erin'))?.kind).toBe('addressbook');
    expect(shareeSummary(await show(book))).toEqual({ 'erin@example.com': 'read-write/accepted' });
    expect(await putItem('erin', copyUrlOf(book, 'erin'))).toBe(201);
  });

  it('declines an address-book invitation with a CS: reply', async () => {
    const book = await newAddressBook('alice', 'CS decline');
    await sharedeckOk('alice', 'invite', book.name, 'frank@example.com', '--dialect', 'dav');
    await sharedeckOk('frank', 'decline', book.name, '--dialect', 'cs');
    expect(shareeSummary(await show(book))).toEqual({ 'frank@example.com': 'read/declined' });
    expect((await ls('frank')).map((c) => c.url)).not.toContain(copyUrlOf(book, 'frank'));
  });
});
