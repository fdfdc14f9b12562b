// Which invitations wait for an answer: every one that grants access, whatever was answered
// before (Cyrus keeps a declined person's answer on a new invitation, so a re-invitation arrives
// marked "declined"). What the sidebar, the title and the inbox count.

import type { Invitation } from '../../shared/model';

/** The invitations of a list that can be accepted or declined. */
export function answerable(list: readonly Invitation[]): Invitation[] {
  return list.filter((i) => i.state === 'pending' || (i.state === 'declined' && i.access !== 'none'));
}

/** Invitations waiting for an answer, over every account. */
export function totalPending(all: Readonly<Record<string, { list: readonly Invitation[] } | undefined>>): number {
  let n = 0;
  for (const state of Object.values(all)) n += state ? answerable(state.list).length : 0;
  return n;
}
