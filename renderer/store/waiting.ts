// Which invitations wait for an answer (shared/invitation-notices.ts says which), as the sidebar,
// the title and the inbox count them.

import { waitsForAnswer } from '../../shared/invitation-notices';
import type { Invitation } from '../../shared/model';

/** The invitations of a list that can be accepted or declined. */
export function answerable(list: readonly Invitation[]): Invitation[] {
  return list.filter(waitsForAnswer);
}

/** Invitations waiting for an answer, over every account. */
export function totalPending(all: Readonly<Record<string, { list: readonly Invitation[] } | undefined>>): number {
  let n = 0;
  for (const state of Object.values(all)) n += state ? answerable(state.list).length : 0;
  return n;
}
