// How the answers to the account's invitations read, and which of them are about a collection.
// Pure, for the inbox, the sharing panel and their tests.

import { personLabel } from '../../../shared/format';
import type { ShareReply } from '../../../shared/model';
import { sameCollection } from '../../../shared/urls';

/** "bob accepted your invitation to “Team”." (without `collection`: "bob accepted your invitation."). */
export function replySentence(reply: ShareReply, collection?: string): string {
  const to = collection === undefined ? '' : ` to “${collection}”`;
  return `${personLabel(reply.from)} ${reply.answer} your invitation${to}.`;
}

/** The answers about one collection of the account (its URL written any way the server writes it). */
export function repliesAbout(replies: readonly ShareReply[], url: string): ShareReply[] {
  return replies.filter((r) => sameCollection(r.collectionUrl, url));
}
