// Watches the inboxes of all accounts for the desktop app: polls on window focus and every few
// minutes (the engine's pollInvitations announces each account's invitations as an AppEvent),
// raises one notification per invitation that is new since this run started watching (the texts
// are shared/invitation-notices.ts, which browser mode uses too), and keeps the app badge at the
// number of invitations waiting for an answer. No 'electron' import: main.ts passes the
// notify and setBadge callbacks, so this runs (and is tested) under plain Node.

import type { AppEvent, SharingApi } from '../../shared/api';
import { noticesFor, waitsForAnswer } from '../../shared/invitation-notices';
import type { Invitation } from '../../shared/model';

export interface InboxNotice {
  title: string;
  body: string;
  accountId: string;
  /** The invitations it is about. */
  invitationIds: string[];
}

export interface InboxWatchOptions {
  service: Pick<SharingApi, 'onEvent' | 'listAccounts'> & { pollInvitations(): Promise<void> };
  notify: (notice: InboxNotice) => void;
  setBadge: (count: number) => void;
  /** Time between background polls; 5 minutes. */
  intervalMs?: number;
  /** A focus within this time of the last poll does not poll again; 30 seconds. */
  minGapMs?: number;
  /** More new invitations than this in one account give one summary notice instead of one each. */
  maxSingleNotices?: number;
  now?: () => number;
}

export class InboxWatch {
  /** Pending invitation ids already announced (or seen), per account. */
  private readonly announced = new Map<string, Set<string>>();
  private readonly pending = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private lastPoll = Number.NEGATIVE_INFINITY;
  private lastBadge = -1;
  private readonly intervalMs: number;
  private readonly minGapMs: number;
  private readonly maxSingle: number;
  private readonly now: () => number;

  constructor(private readonly options: InboxWatchOptions) {
    this.intervalMs = options.intervalMs ?? 5 * 60_000;
    this.minGapMs = options.minGapMs ?? 30_000;
    this.maxSingle = options.maxSingleNotices ?? 3;
    this.now = options.now ?? Date.now;
  }

  /** Subscribes to the service's events, polls now, then every intervalMs. */
  start(): void {
    if (this.timer !== undefined) return;
    this.subscribe();
    this.timer = setInterval(() => {
      void this.poll();
    }, this.intervalMs);
    void this.poll();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The window gained focus: poll, unless a poll ran moments ago. */
  focused(): Promise<void> {
    if (this.now() - this.lastPoll < this.minGapMs) return this.running ?? Promise.resolve();
    return this.poll();
  }

  /**
   * Polls every account's inbox. Calls while a poll runs are folded into one more poll after it,
   * so an answer the user just gave is reflected without piling up requests.
   */
  poll(): Promise<void> {
    this.subscribe();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.lastPoll = this.now();
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.options.service.pollInvitations();
          await this.forgetRemovedAccounts();
        } while (this.again);
      } catch {
        // pollInvitations never raises; listAccounts failing only delays the pruning
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** Total pending invitations over all accounts. */
  get pendingCount(): number {
    let total = 0;
    for (const n of this.pending.values()) total += n;
    return total;
  }

  private subscribe(): void {
    this.unsubscribe ??= this.options.service.onEvent((event) => {
      this.handle(event);
    });
  }

  private handle(event: AppEvent): void {
    if (event.type !== 'invitations') return;
    const { accountId } = event;
    // Re-invitations after a decline wait for an answer too.
    const pending = event.invitations.filter(waitsForAnswer);
    const seen = this.announced.get(accountId) ?? new Set<string>();
    const fresh = pending.filter((i) => !seen.has(i.id));
    // Remember exactly the ids pending now: an answered invitation drops out, and one that the
    // sharer sends again later is announced again.
    this.announced.set(accountId, new Set(pending.map((i) => i.id)));
    this.pending.set(accountId, pending.length);
    this.announce(accountId, fresh);
    this.updateBadge();
  }

  private announce(accountId: string, fresh: Invitation[]): void {
    for (const notice of noticesFor(fresh, this.maxSingle)) {
      try {
        this.options.notify({ ...notice, accountId });
      } catch {
        // a failed notification must not stop the badge or the next ones
      }
    }
  }

  private async forgetRemovedAccounts(): Promise<void> {
    const ids = new Set((await this.options.service.listAccounts()).map((a) => a.id));
    let changed = false;
    for (const id of [...this.pending.keys()]) {
      if (!ids.has(id)) {
        this.pending.delete(id);
        this.announced.delete(id);
        changed = true;
      }
    }
    if (changed) this.updateBadge();
  }

  private updateBadge(): void {
    const count = this.pendingCount;
    if (count === this.lastBadge) return;
    this.lastBadge = count;
    try {
      this.options.setBadge(count);
    } catch {
      // badges are not supported everywhere
    }
  }
}
