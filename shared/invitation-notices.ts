// What a person is told about invitations, by every shell: which ones wait for an answer, and the
// plain-text notification for new ones (the desktop app's system notifications, browser mode's
// Web Notifications). Pure: the desktop's inbox watch and the renderer both use it.

import { inert } from './inert-text';
import type { CollectionKind, Invitation } from './model';

/**
 * Whether an invitation waits for an answer: every one that grants access, whatever was answered
 * before (Cyrus keeps a declined person's answer on a new invitation, so a re-invitation arrives
 * marked "declined").
 */
export function waitsForAnswer(invitation: Pick<Invitation, 'state' | 'access'>): boolean {
  return invitation.state === 'pending' || (invitation.state === 'declined' && invitation.access !== 'none');
}

export interface InvitationNotice {
  title: string;
  body: string;
  /** The invitations it is about. */
  invitationIds: string[];
}

const KIND_WORDS: Record<CollectionKind, { noun: string; article: string }> = {
  calendar: { noun: 'calendar', article: 'a' },
  addressbook: { noun: 'address book', article: 'an' },
  folder: { noun: 'folder', article: 'a' },
};

/** Server text for a notification: plain text, its controls and bidi overrides shown as escapes. */
function plain(text: string, max = 200): string {
  return inert(text.trim().slice(0, max));
}

function personName(invitation: Invitation): string {
  const { name, address } = invitation.from;
  if (name?.trim()) return plain(name);
  return plain(address.replace(/^mailto:/i, '')) || 'Someone';
}

/** "Alice Example offers you the calendar “Work” (read and write)." */
export function describeInvitation(invitation: Invitation): { title: string; body: string } {
  const who = personName(invitation);
  const { noun, article } = KIND_WORDS[invitation.kind];
  const access = invitation.access === 'read-write' ? ' (read and write)' : invitation.access === 'read' ? ' (read only)' : '';
  const comment = invitation.comment?.trim() ? `\n“${plain(invitation.comment)}”` : '';
  return {
    title: `${who} shared ${article} ${noun} with you`,
    body: `${who} offers you the ${noun} “${plain(invitation.collectionName)}”${access}.${comment}`,
  };
}

/** The notices for invitations new to a person: one each, or one summary when there are more than `maxSingle`. */
export function noticesFor(fresh: readonly Invitation[], maxSingle = 3): InvitationNotice[] {
  if (fresh.length === 0) return [];
  if (fresh.length <= maxSingle) return fresh.map((i) => ({ ...describeInvitation(i), invitationIds: [i.id] }));
  const names = [...new Set(fresh.map(personName))];
  return [
    {
      title: `${fresh.length} new invitations`,
      body: `${names.slice(0, 3).join(', ')}${fresh.length > 3 ? ' and others' : ''} shared calendars, address books or folders with you.`,
      invitationIds: fresh.map((i) => i.id),
    },
  ];
}
