// The shells' inbox poll (pollInboxes in electron/service/engine.ts): one event per account, with
// what the inbox held that had to be left out; an inbox that could not be read is announced as
// such ('invitations-failed', with the error's sentence), never swallowed; accounts without a
// password are left alone.
import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/api';
import { SharedeckError } from '../../shared/errors';
import type { Account, InvitationList } from '../../shared/model';
import { fakeEngine } from '../support/fake-engine';

describe('the inbox poll', () => {
  it('announces each inbox with its skipped entries, and a failure where an inbox could not be read', async () => {
    const fake = fakeEngine();
    const list: InvitationList = {
      invitations: [],
      skipped: [
        {
          what: 'the entry “file:///etc/passwd” in the invitation inbox',
          reason: 'it is a file: address, which Sharedeck does not follow.',
        },
      ],
    };
    fake.answers.listAccounts = () => [{ id: 'a1' }, { id: 'a2' }, { id: 'a3' }] as Account[];
    fake.answers.listInvitations = (id) => {
      if (id === 'a2')
        throw new SharedeckError('untrusted-origin', 'The address is on p42.example.net, not ours.', { origin: 'https://p42.example.net' });
      if (id === 'a3') throw new Error('a bug, not a server answer');
      return list;
    };
    const events: AppEvent[] = [];
    fake.engine.onEvent((e) => events.push(e));
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      await fake.engine.pollInvitations();
    } finally {
      console.error = original;
    }
    // The inboxes are read side by side: in whatever order they answer.
    const byAccount = (e: AppEvent) => ('accountId' in e ? e.accountId : '');
    expect(events.sort((x, y) => byAccount(x).localeCompare(byAccount(y)))).toEqual([
      { type: 'invitations', accountId: 'a1', ...list },
      {
        type: 'invitations-failed',
        accountId: 'a2',
        error: { code: 'untrusted-origin', message: 'The address is on p42.example.net, not ours.', origin: 'https://p42.example.net' },
      },
      {
        type: 'invitations-failed',
        accountId: 'a3',
        error: { code: 'server', message: expect.stringContaining('unexpected problem') as unknown },
      },
    ]);
    expect(logged).toHaveLength(1); // the bug is logged where it happened, without arguments
  });
});
