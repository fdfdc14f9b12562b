// Browser mode's desktop notifications, through the Web Notifications API, as the desktop app
// raises its own (the same texts: shared/invitation-notices.ts): one per invitation of any account
// that is new since this window opened, or one summary for many. The permission is asked only
// from a click (askNotices), as browsers require; the desktop app has its own and needs none.

import { useEffect, useState } from 'react';
import { noticesFor, waitsForAnswer } from '../../../shared/invitation-notices';
import { isDesktop } from '../../api';
import { useStore } from '../../store';

export type NoticePermission = 'unsupported' | NotificationPermission;

function permission(): NoticePermission {
  if (isDesktop || typeof Notification === 'undefined') return 'unsupported';
  return Notification.permission;
}

/** Whether this window may raise notifications, and the function that asks (call it from a click). */
export function useNoticePermission(): { permission: NoticePermission; ask: () => void } {
  const [current, setCurrent] = useState(permission);
  const ask = () => {
    if (permission() !== 'default') return;
    void Notification.requestPermission().then(setCurrent, () => {
      setCurrent(permission());
    });
  };
  return { permission: current, ask };
}

/** Raises a notification for each invitation that newly waits for an answer, in any account. */
export function useBrowserNotices(): void {
  useEffect(() => {
    if (permission() === 'unsupported') return;
    /** Per account, the invitations waiting in its last list; absent until its first list came. */
    const seen = new Map<string, Set<string>>();
    return useStore.subscribe((state, previous) => {
      if (state.invitations === previous.invitations) return;
      for (const [accountId, inbox] of Object.entries(state.invitations)) {
        if (inbox === previous.invitations[accountId] || inbox.loading || inbox.error || inbox.loadedAt === undefined) continue;
        const waiting = inbox.list.filter(waitsForAnswer);
        const known = seen.get(accountId);
        seen.set(accountId, new Set(waiting.map((i) => i.id)));
        // The first list of an account is what was there when the window opened: nothing new.
        if (!known || Notification.permission !== 'granted') continue;
        for (const notice of noticesFor(waiting.filter((i) => !known.has(i.id)))) {
          const shown = new Notification(notice.title, { body: notice.body, tag: notice.invitationIds.join(' ') });
          shown.onclick = () => {
            window.focus();
            const { selectAccount, showView } = useStore.getState();
            selectAccount(accountId);
            showView('inbox');
            shown.close();
          };
        }
      }
    });
  }, []);
}
