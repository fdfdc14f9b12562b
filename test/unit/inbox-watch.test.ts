// electron/service/inbox-watch.ts: polling schedule, one notice per new invitation waiting for an answer, the badge.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../shared/api';
import type { Account, Invitation } from '../../shared/model';
import { InboxWatch, type InboxNotice } from '../../electron/service/inbox-watch';
import { describeInvitation } from '../../shared/invitation-notices';

function invitation(id: string, overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: `https://dav.example.com/dav/notifications/user/alice/${id}.xml`,
    collectionName: `Calendar ${id}`,
    kind: 'calendar',
    from: { address: 'mailto:bob@example.com', name: 'Bob Builder' },
    access: 'read-write',
    state: 'pending',
    dialect: 'dav',
    ...overrides,
  };
}

/** A stand-in for SharingService: each poll announces `inboxes`. */
function fakeService() {
  const listeners = new Set<(e: AppEvent) => void>();
  const state = {
    inboxes: new Map<string, Invitation[]>(),
    accounts: ['acc-1'],
    polls: 0,
    /** Resolves the running poll when set. */
    gate: undefined as Promise<void> | undefined,
  };
  const service = {
    onEvent: vi.fn((l: (e: AppEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    }),
    listAccounts: vi.fn(() => Promise.resolve(state.accounts.map((id) => ({ id }) as Account))),
    pollInvitations: vi.fn(async () => {
      state.polls++;
      if (state.gate) await state.gate;
      for (const [accountId, invitations] of state.inboxes) {
        if (state.accounts.includes(accountId)) for (const l of listeners) l({ type: 'invitations', accountId, invitations, skipped: [] });
      }
    }),
  };
  return { service, state, listeners };
}

let fx: ReturnType<typeof fakeService>;
let notices: InboxNotice[];
let badges: number[];
let watch: InboxWatch;
let now: number;

beforeEach(() => {
  vi.useFakeTimers();
  now = 1_000_000;
  fx = fakeService();
  notices = [];
  badges = [];
  watch = new InboxWatch({
    service: fx.service,
    notify: (n) => notices.push(n),
    setBadge: (n) => badges.push(n),
    now: () => now,
  });
});

afterEach(() => {
  watch.stop();
  vi.useRealTimers();
});

describe('InboxWatch: notices and badge', () => {
  it('announces each pending invitation once and counts them on the badge', async () => {
    fx.state.inboxes.set('acc-1', [
      invitation('a'),
      invitation('b', { from: { address: 'mailto:carol@example.com' } }),
      invitation('c', { state: 'accepted' }),
    ]);
    await watch.poll();
    expect(notices.map((n) => n.invitationIds)).toEqual([[invitation('a').id], [invitation('b').id]]);
    expect(notices[0]).toMatchObject({ title: 'Bob Builder shared a calendar with you', accountId: 'acc-1' });
    expect(notices[1]!.title).toBe('carol@example.com shared a calendar with you');
    expect(badges).toEqual([2]);

    await watch.poll();
    expect(notices).toHaveLength(2);
    expect(badges).toEqual([2]);
  });

  it('announces only what is new, and lowers the badge when invitations are answered', async () => {
    fx.state.inboxes.set('acc-1', [invitation('a')]);
    await watch.poll();
    fx.state.inboxes.set('acc-1', [invitation('a'), invitation('d', { kind: 'addressbook', access: 'read', collectionName: 'Team' })]);
    await watch.poll();
    expect(notices).toHaveLength(2);
    expect(notices[1]!.title).toBe('Bob Builder shared an address book with you');
    expect(notices[1]!.body).toBe('Bob Builder offers you the address book “Team” (read only).');
    expect(badges).toEqual([1, 2]);

    fx.state.inboxes.set('acc-1', [invitation('d', { state: 'accepted' })]);
    await watch.poll();
    expect(badges).toEqual([1, 2, 0]);
    expect(notices).toHaveLength(2);
  });

  it('a re-invitation after a decline (Cyrus keeps it marked declined) is announced and counted; an update is not', async () => {
    fx.state.inboxes.set('acc-1', [
      invitation('again', { state: 'declined', access: 'read' }),
      invitation('update', { state: 'declined', access: 'none' }),
    ]);
    await watch.poll();
    expect(notices.map((n) => n.invitationIds)).toEqual([[invitation('again').id]]);
    expect(badges).toEqual([1]);
  });

  it('announces an invitation again if it comes back after being answered', async () => {
    fx.state.inboxes.set('acc-1', [invitation('a')]);
    await watch.poll();
    fx.state.inboxes.set('acc-1', []);
    await watch.poll();
    fx.state.inboxes.set('acc-1', [invitation('a')]);
    await watch.poll();
    expect(notices).toHaveLength(2);
  });

  it('adds up all accounts, and forgets an account that was removed', async () => {
    fx.state.accounts = ['acc-1', 'acc-2'];
    fx.state.inboxes.set('acc-1', [invitation('a')]);
    fx.state.inboxes.set('acc-2', [invitation('x'), invitation('y')]);
    await watch.poll();
    expect(badges).toEqual([1, 3]);
    expect(watch.pendingCount).toBe(3);

    fx.state.accounts = ['acc-1'];
    await watch.poll();
    expect(badges.at(-1)).toBe(1);
  });

  it('gives one summary notice when many invitations arrive at once', async () => {
    fx.state.inboxes.set(
      'acc-1',
      ['1', '2', '3', '4', '5'].map((id) => invitation(id)),
    );
    await watch.poll();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: '5 new invitations', accountId: 'acc-1' });
    expect(notices[0]!.invitationIds).toHaveLength(5);
    expect(notices[0]!.body).toContain('Bob Builder');
  });

  it('keeps going when a notice or the badge fails', async () => {
    const failing = new InboxWatch({
      service: fx.service,
      notify: () => {
        throw new Error('no notification daemon');
      },
      setBadge: () => {
        throw new Error('no badge here');
      },
    });
    fx.state.inboxes.set('acc-1', [invitation('a')]);
    await expect(failing.poll()).resolves.toBeUndefined();
    expect(failing.pendingCount).toBe(1);
  });
});

describe('InboxWatch: schedule', () => {
  it('polls at start and then every 5 minutes, until stopped', async () => {
    watch.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(fx.state.polls).toBe(1);
    await vi.advanceTimersByTimeAsync(5 * 60_000 - 1);
    expect(fx.state.polls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fx.state.polls).toBe(2);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fx.state.polls).toBe(4);
    watch.stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(fx.state.polls).toBe(4);
    expect(fx.listeners.size).toBe(0);
  });

  it('polls on focus, but not again within 30 seconds of the last poll', async () => {
    watch.start();
    await vi.advanceTimersByTimeAsync(0);
    now += 10_000;
    await watch.focused();
    expect(fx.state.polls).toBe(1);
    now += 25_000;
    await watch.focused();
    expect(fx.state.polls).toBe(2);
  });

  it('folds calls made during a poll into one more poll', async () => {
    let open!: () => void;
    fx.state.gate = new Promise<void>((r) => (open = r));
    const first = watch.poll();
    void watch.poll();
    void watch.poll();
    expect(fx.state.polls).toBe(1);
    fx.state.gate = undefined;
    open();
    await first;
    expect(fx.state.polls).toBe(2);
  });
});

describe('describeInvitation', () => {
  it('says who offers what, with the access and the comment', () => {
    expect(describeInvitation(invitation('a', { comment: '  For the trip  ' }))).toEqual({
      title: 'Bob Builder shared a calendar with you',
      body: 'Bob Builder offers you the calendar “Calendar a” (read and write).\n“For the trip”',
    });
    expect(describeInvitation(invitation('f', { kind: 'folder', access: 'none', from: { address: '' } })).body).toBe(
      'Someone offers you the folder “Calendar f”.',
    );
  });

  it('is plain text: controls and bidi overrides from the server are shown as escapes', () => {
    const hostile = invitation('h', {
      collectionName: 'Pay\u202efdp.exe\u001b[2J',
      comment: 'line\nforged\u0007',
      from: { address: 'mailto:x@y', name: 'Eve\u2066\u200f' },
    });
    expect(describeInvitation(hostile)).toEqual({
      title: 'Eve\\u2066\\u200f shared a calendar with you',
      body: 'Eve\\u2066\\u200f offers you the calendar “Pay\\u202efdp.exe\\x1b[2J” (read and write).\n“line\\nforged\\x07”',
    });
  });
});
