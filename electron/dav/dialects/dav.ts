// Dialect A, DAV: resource sharing (draft-pot-webdav-resource-sharing-04 + webdav-notifications).
// Spoken by sabre/dav 4 and Cyrus. State: D:share-access + D:invite; writes: D:share-resource;
// invitations: D:share-invite-notification, answered with D:invite-reply on the notification.

import type { Sharee } from '../../../shared/model';
import { principalTypeOf } from '../identity';
import { resolveHref, type DavResource } from '../multistatus';
import { P, names, read, refused } from '../properties';
import { NS, buildXml, child, childrenNamed, clark, el, hrefOf, is, textOf, type XmlElement } from '../xml';
import type { ShareDialect, DialectView, NotificationDialect, ParsedInvite, ParsedReply } from './types';
import { INVITE_STATUS_VALUES, SHARE_ACCESS_VALUES, enumOf, httpHref, person, toAccess, toInviteStatus, toShareAccess } from './values';
import { kindOfResourceType } from './kinds';

const D = NS.DAV;
export const DAVSHARING_CONTENT_TYPE = 'application/davsharing+xml; charset=utf-8';

function readSharees(invite: XmlElement, base: string): { sharees: Sharee[]; owner?: DialectView['owner'] } {
  const sharees: Sharee[] = [];
  let owner: DialectView['owner'];
  for (const s of childrenNamed(invite, D, 'sharee')) {
    const href = hrefOf(s);
    if (!href) continue;
    const name = textOf(child(child(s, D, 'prop'), D, 'displayname'));
    const wireAccess = enumOf(child(s, D, 'share-access'), D, SHARE_ACCESS_VALUES);
    if (wireAccess === 'shared-owner') {
      // sabre lists the owner among the sharees.
      owner = person(href, name, base);
      continue;
    }
    const access = toAccess(wireAccess);
    if (!access) continue;
    const sharee: Sharee = { address: href, access, status: toInviteStatus(enumOf(s, D, INVITE_STATUS_VALUES)) };
    const type = principalTypeOf(href);
    if (type) sharee.type = type;
    if (name) sharee.name = name;
    const comment = textOf(child(s, D, 'comment'));
    if (comment) sharee.comment = comment;
    sharees.push(sharee);
  }
  return owner ? { sharees, owner } : { sharees };
}

export const davDialect: ShareDialect = {
  id: 'dav',
  label: 'WebDAV resource sharing (DAV:)',
  token: 'resource-sharing',
  properties: names(P.shareAccess, P.davInvite, P.sharerResourceUri, P.shareResourceUri),

  read(resource: DavResource, base: string): DialectView | undefined {
    const shareAccess = read(resource, P.shareAccess);
    const invite = read(resource, P.davInvite);
    const hidden = refused(resource, P.davInvite) === 403;
    if (!shareAccess && !invite && !hidden) return undefined;
    const view: DialectView = {};
    const access = toShareAccess(enumOf(shareAccess, D, SHARE_ACCESS_VALUES));
    if (shareAccess) view.shareable = true;
    if (invite) {
      const { sharees, owner } = readSharees(invite, base);
      view.sharees = sharees;
      if (owner) view.owner = owner;
    }
    if (hidden) view.shareesHidden = true;
    // sabre reports shared-owner on every calendar its owner has, shared or not.
    if (access === 'shared-owner' && view.sharees?.length === 0) view.access = 'not-shared';
    else if (access) view.access = access;
    const originalUrl = read(resource, P.sharerResourceUri);
    if (originalUrl) view.originalUrl = originalUrl;
    return view;
  },

  buildShare(changes, context) {
    const body = buildXml(
      el(
        D,
        'share-resource',
        changes.map((c) =>
          el(D, 'sharee', [
            el(D, 'href', [c.address]),
            c.name !== undefined && c.access !== 'none' && el(D, 'prop', [el(D, 'displayname', [c.name])]),
            context.comment !== undefined && c.access !== 'none' && el(D, 'comment', [context.comment]),
            el(D, 'share-access', [el(D, c.access === 'none' ? 'no-access' : c.access)]),
          ]),
        ),
      ),
    );
    return { contentType: DAVSHARING_CONTENT_TYPE, body };
  },
};

/** RFC 3339 timestamps pass through; anything else is dropped rather than shown wrong. */
function rfc3339(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export const davNotifications: NotificationDialect = {
  id: 'dav',
  typeProperty: P.davNotificationType,
  inviteTypes: [clark(D, 'share-invite-notification')],
  replyTypes: [clark(D, 'share-reply-notification')],
  // Cyrus returns the DAV: form only when davsharing+xml comes first, with parameters; alone it
  // answers 406, and any other Accept gets the CS: form.
  accept: 'application/davsharing+xml; q=1, application/davnotification+xml',

  parseInvite(root, base): ParsedInvite | undefined {
    if (!is(root, D, 'notification')) return undefined;
    const n = child(root, D, 'share-invite-notification');
    if (!n) return undefined;
    const principal = child(n, D, 'principal');
    const from = person(hrefOf(principal), textOf(child(child(principal, D, 'prop'), D, 'displayname')), base) ?? {
      address: '',
    };
    const wireAccess = enumOf(child(n, D, 'share-access'), D, SHARE_ACCESS_VALUES);
    const access = toAccess(wireAccess) ?? 'none';
    const status = toInviteStatus(enumOf(n, D, INVITE_STATUS_VALUES));
    const props = child(n, D, 'prop');
    const invite: ParsedInvite = {
      from,
      access,
      state: access === 'none' ? 'revoked' : status === 'accepted' ? 'accepted' : status === 'declined' ? 'declined' : 'pending',
    };
    const name = textOf(child(props, D, 'displayname'));
    if (name) invite.collectionName = name;
    const kind = kindOfResourceType(child(props, D, 'resourcetype'));
    if (kind) invite.kind = kind;
    const hostHref = hrefOf(child(n, D, 'sharer-resource-uri'));
    const url = hostHref === undefined ? undefined : resolveHref(hostHref, base);
    if (url) invite.collectionUrl = url;
    if (hostHref) invite.hostHref = hostHref;
    const comment = textOf(child(n, D, 'comment'));
    if (comment) invite.comment = comment;
    const at = rfc3339(textOf(child(root, D, 'dtstamp')));
    if (at) invite.receivedAt = at;
    const replyHref = hrefOf(child(n, D, 'reply-url'));
    const replyUrl = replyHref === undefined ? undefined : resolveHref(replyHref, base);
    if (replyUrl) invite.replyUrl = replyUrl;
    return invite;
  },

  // <D:share-reply-notification><D:sharee><D:href>…</D:href><D:invite-accepted/></D:sharee>
  // <D:href>the owner's collection</D:href><D:comment>…</D:comment></D:share-reply-notification>
  parseReply(root, base): ParsedReply | undefined {
    if (!is(root, D, 'notification')) return undefined;
    const n = child(root, D, 'share-reply-notification');
    const sharee = child(n, D, 'sharee');
    const who = hrefOf(sharee);
    const status = enumOf(sharee, D, INVITE_STATUS_VALUES);
    const collection = hrefOf(n);
    const shareeUrl = httpHref(who, base);
    const collectionUrl = httpHref(collection, base);
    if (!shareeUrl || !collectionUrl || (status !== 'invite-accepted' && status !== 'invite-declined')) return undefined;
    const reply: ParsedReply = { sharee: shareeUrl, answer: status === 'invite-accepted' ? 'accepted' : 'declined', collectionUrl };
    const comment = textOf(child(n, D, 'comment'));
    if (comment) reply.comment = comment;
    const at = rfc3339(textOf(child(root, D, 'dtstamp')));
    if (at) reply.receivedAt = at;
    return reply;
  },

  buildReply(notificationUrl, { accept, comment, home, invite }) {
    const body = buildXml(
      el(D, 'invite-reply', [
        el(D, accept ? 'invite-accepted' : 'invite-declined'),
        accept && home !== undefined && el(D, 'create-in', [el(D, 'href', [new URL(home).pathname])]),
        comment !== undefined && el(D, 'comment', [comment]),
      ]),
    );
    return { url: invite.replyUrl ?? notificationUrl, contentType: DAVSHARING_CONTENT_TYPE, body };
  },
};
