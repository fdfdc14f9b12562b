// Dialect B, CS: calendarserver sharing (Apple's caldav-sharing.txt). Spoken by Apple
// CalendarServer, sabre/dav's CalDAV SharingPlugin and Cyrus. State: CS:invite,
// CS:allowed-sharing-modes, CS:shared-url; writes: CS:share with CS:set / CS:remove;
// invitations: CS:invite-notification, answered with CS:invite-reply on the calendar home.

import { SharedeckError } from '../../../shared/errors';
import { lastSegment } from '../../../shared/urls';
import { withoutXmlUnsafe } from '../../../shared/xml-text';
import { resolveHref, type DavResource } from '../multistatus';
import { P, names, read, refused } from '../properties';
import { NS, buildXml, child, clark, el, hrefOf, is, textOf } from '../xml';
import { CS_ACCESS_VALUES, TEXT_XML, buildSetRemove, readInviteList } from './cs-shape';
import type { ShareDialect, DialectView, NotificationDialect, ParsedInvite, ParsedReply } from './types';
import { canWrite } from './user-privileges';
import { INVITE_STATUS_VALUES, enumOf, httpHref, person, toAccess, toInviteStatus } from './values';

const D = NS.DAV;
const CS = NS.CS;

export const csDialect: ShareDialect = {
  id: 'cs',
  label: 'calendarserver sharing (CS:)',
  token: 'calendarserver-sharing',
  properties: names(P.csInvite, P.allowedSharingModes, P.sharedUrl, P.publishUrl),
  // Calendars only: sharing an address book is a DAV: or OC: matter.
  kinds: ['calendar'],

  read(resource: DavResource, base: string): DialectView | undefined {
    const invite = read(resource, P.csInvite);
    const modes = read(resource, P.allowedSharingModes);
    const original = read(resource, P.sharedUrl);
    const types = read(resource, P.resourcetype);
    const sharedOwner = child(types, CS, 'shared-owner') !== undefined;
    const shared = child(types, CS, 'shared') !== undefined;
    const hidden = refused(resource, P.csInvite) === 403;
    if (!invite && !modes && !original && !sharedOwner && !shared && !hidden) return undefined;

    const view: DialectView = {};
    if (invite) {
      const { sharees, owner } = readInviteList(invite, CS, base);
      view.sharees = sharees;
      if (owner) view.owner = owner;
    }
    if (hidden) view.shareesHidden = true;
    if (shared) {
      const writable = canWrite(resource);
      if (writable !== undefined) view.access = writable ? 'read-write' : 'read';
    } else if (sharedOwner) {
      // sabre marks every owned calendar shared-owner; only a sharee makes it shared.
      view.access = view.sharees && view.sharees.length === 0 ? 'not-shared' : 'shared-owner';
    }
    if (modes) {
      view.shareable = child(modes, CS, 'can-be-shared') !== undefined;
      view.publishable = child(modes, CS, 'can-be-published') !== undefined;
    }
    if (original) view.originalUrl = original;
    const published = read(resource, P.publishUrl);
    if (published) view.publishUrl = published;
    return view;
  },

  buildShare(changes, context) {
    // Apple rejects a CS:set without CS:summary, so the collection's name stands in for a comment.
    // The name is the server's text, which may hold what XML cannot carry: that is left out.
    return buildSetRemove(CS, changes, context.comment ?? withoutXmlUnsafe(context.collectionName), true);
  },

  // Nextcloud publishes with these too (its OC: dialect has no publishing of its own).
  buildPublish(publish) {
    return { contentType: TEXT_XML, body: buildXml(el(CS, publish ? 'publish-calendar' : 'unpublish-calendar')) };
  },
};

/** CS: timestamps are compact (20261126T103238Z); RFC 3339 also occurs. */
function csTimestamp(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  const d = new Date(m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : text);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export const csNotifications: NotificationDialect = {
  id: 'cs',
  typeProperty: P.csNotificationType,
  inviteTypes: [clark(CS, 'invite-notification')],
  replyTypes: [clark(CS, 'invite-reply')],
  // Cyrus answers a bare application/xml (or text/xml) with 406 and serves the CS: form only for
  // */* or no Accept at all; Apple and sabre answer application/xml. Offer both.
  accept: 'application/xml, text/xml;q=0.9, */*;q=0.5',

  parseInvite(root, base): ParsedInvite | undefined {
    if (!is(root, CS, 'notification')) return undefined;
    const n = child(root, CS, 'invite-notification');
    if (!n) return undefined;
    const organizer = child(n, CS, 'organizer');
    const from = person(hrefOf(organizer), textOf(child(organizer, CS, 'common-name')), base) ?? { address: '' };
    const wireAccess = enumOf(child(n, CS, 'access'), CS, CS_ACCESS_VALUES);
    const access = toAccess(wireAccess) ?? 'none';
    const wireStatus = enumOf(n, CS, INVITE_STATUS_VALUES);
    const status = toInviteStatus(wireStatus);
    const invite: ParsedInvite = {
      from,
      access,
      state:
        access === 'none' || wireStatus === 'invite-deleted'
          ? 'revoked'
          : status === 'accepted'
            ? 'accepted'
            : status === 'declined'
              ? 'declined'
              : 'pending',
    };
    const sharedType = n.attrs['shared-type'];
    invite.kind = sharedType === 'addressbook' ? 'addressbook' : 'calendar';
    const hostHref = hrefOf(child(n, CS, 'hosturl'));
    if (hostHref) {
      invite.hostHref = hostHref;
      const url = resolveHref(hostHref, base);
      if (url) invite.collectionUrl = url;
      const name = lastSegment(hostHref);
      if (name) invite.collectionName = name;
    }
    const comment = textOf(child(n, CS, 'summary'));
    if (comment) invite.comment = comment;
    const uid = textOf(child(n, CS, 'uid'));
    if (uid) invite.uid = uid;
    const sharee = hrefOf(n);
    if (sharee) invite.shareeHref = sharee;
    const at = csTimestamp(textOf(child(root, CS, 'dtstamp')));
    if (at) invite.receivedAt = at;
    return invite;
  },

  // <CS:invite-reply><D:href>the sharee</D:href><CS:invite-accepted/><CS:hosturl><D:href>…</D:href>
  // </CS:hosturl><CS:in-reply-to>…</CS:in-reply-to><CS:summary>…</CS:summary></CS:invite-reply>
  parseReply(root, base): ParsedReply | undefined {
    if (!is(root, CS, 'notification')) return undefined;
    const n = child(root, CS, 'invite-reply');
    const who = hrefOf(n);
    const status = enumOf(n, CS, INVITE_STATUS_VALUES);
    const host = hrefOf(child(n, CS, 'hosturl'));
    const shareeUrl = httpHref(who, base);
    const collectionUrl = httpHref(host, base);
    if (!shareeUrl || !collectionUrl || (status !== 'invite-accepted' && status !== 'invite-declined')) return undefined;
    const reply: ParsedReply = { sharee: shareeUrl, answer: status === 'invite-accepted' ? 'accepted' : 'declined', collectionUrl };
    const comment = textOf(child(n, CS, 'summary'));
    if (comment) reply.comment = comment;
    const at = csTimestamp(textOf(child(root, CS, 'dtstamp')));
    if (at) reply.receivedAt = at;
    return reply;
  },

  buildReply(_notificationUrl, { accept, comment, home, invite }) {
    if (!home) {
      throw new SharedeckError('unsupported', 'This server takes answers to invitations on a calendar home, and this account has none.');
    }
    // The summary names the new calendar (Apple) and is the reply's comment (Cyrus): on a decline
    // only what the person wrote belongs there.
    const summary = comment ?? (accept && invite.collectionName !== undefined ? withoutXmlUnsafe(invite.collectionName) : undefined);
    const body = buildXml(
      el(CS, 'invite-reply', [
        invite.shareeHref !== undefined && el(D, 'href', [invite.shareeHref]),
        el(CS, accept ? 'invite-accepted' : 'invite-declined'),
        invite.hostHref !== undefined && el(CS, 'hosturl', [el(D, 'href', [invite.hostHref])]),
        invite.uid !== undefined && el(CS, 'in-reply-to', [invite.uid]),
        summary !== undefined && el(CS, 'summary', [summary]),
      ]),
    );
    return { url: home, contentType: TEXT_XML, body };
  },
};
