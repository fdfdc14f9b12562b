// The inbox per account: invitations and share updates, as the server last listed them, and the
// answers sharees gave to the account's own invitations (the owner's news). Answering re-reads the
// inbox and the account's list, and the sharer's account where it is configured here too (they see
// the answer at once).

import type { StateCreator } from 'zustand';
import { SharedeckError, type ErrorInfo } from '../../shared/errors';
import type { AcceptResult, Invitation, InvitationList, ReplyList, ShareReply, SkippedEntry } from '../../shared/model';
import { api, toSharedeckError } from '../api';
import type { Store } from './index';

export interface AccountInvitations {
  list: Invitation[];
  /** What the inbox held that could not be shown (an unusable href, a notification that does not parse). */
  skipped: SkippedEntry[];
  loading: boolean;
  error?: SharedeckError;
  /** When the inbox was last read. */
  loadedAt?: number;
}

/** The answers filed for the owner: who accepted or declined which of the account's collections. */
export interface AccountReplies {
  list: ShareReply[];
  skipped: SkippedEntry[];
  error?: SharedeckError;
  loadedAt?: number;
}

export interface InvitationsSlice {
  invitations: Record<string, AccountInvitations>;
  replies: Record<string, AccountReplies>;
  refreshReplies: (accountId: string) => Promise<void>;
  /** Deletes an answer from the server once read. */
  dismissReply: (accountId: string, id: string) => Promise<void>;
  refreshInvitations: (accountId: string) => Promise<void>;
  /** Puts a list the shell announced (polling) in place. */
  receiveInvitations: (accountId: string, list: InvitationList) => void;
  /** The shell's poll of this inbox failed: shown where the inbox is, the list kept as it was. */
  invitationsFailed: (accountId: string, error: ErrorInfo) => void;
  accept: (accountId: string, id: string, comment?: string) => Promise<AcceptResult>;
  decline: (accountId: string, id: string, comment?: string) => Promise<void>;
  dismiss: (accountId: string, id: string) => Promise<void>;
}

export const createInvitationsSlice: StateCreator<Store, [], [], InvitationsSlice> = (set, get) => {
  const receive = (accountId: string, { invitations: list, skipped }: InvitationList) => {
    set((s) => ({ invitations: { ...s.invitations, [accountId]: { list, skipped, loading: false, loadedAt: Date.now() } } }));
  };

  const failed = (accountId: string, error: SharedeckError) => {
    if (error.code === 'auth') get().markPasswordNeeded(accountId, true);
    set((s) => ({
      invitations: { ...s.invitations, [accountId]: { list: [], skipped: [], ...s.invitations[accountId], loading: false, error } },
    }));
  };

  /** A failed answer re-reads the inbox, so what is shown is what the server holds. */
  const answer = async <T>(accountId: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      const error = toSharedeckError(e);
      if (error.code === 'auth') get().markPasswordNeeded(accountId, true);
      else await get().refreshInvitations(accountId);
      // An accept whose new place is on another server went through all the same.
      if (error.code === 'untrusted-origin') await get().refreshCollections(accountId);
      throw error;
    }
  };

  /** The sharer's account, when it is configured here: its collection's sharees changed. */
  const rereadSharer = (accountId: string, invitationId: string, before: readonly Invitation[]) => {
    const sharer = before.find((i) => i.id === invitationId)?.from.address;
    if (sharer) get().rereadAccountsOf(accountId, [sharer]);
  };

  const listed = (accountId: string) => get().invitations[accountId]?.list ?? [];

  const receiveReplies = (accountId: string, { replies: list, skipped }: ReplyList) => {
    set((s) => ({ replies: { ...s.replies, [accountId]: { list, skipped, loadedAt: Date.now() } } }));
  };

  return {
    invitations: {},
    replies: {},

    async refreshReplies(accountId) {
      const account = get().accounts.find((a) => a.id === accountId);
      // Servers without an inbox share at once and file no answers.
      if (!account?.notificationUrl || get().passwordNeeded[accountId]) return;
      try {
        receiveReplies(accountId, await api.listReplies(accountId));
      } catch (e) {
        const error = toSharedeckError(e);
        if (error.code === 'auth') get().markPasswordNeeded(accountId, true);
        set((s) => ({ replies: { ...s.replies, [accountId]: { list: [], skipped: [], ...s.replies[accountId], error } } }));
      }
    },

    async dismissReply(accountId, id) {
      try {
        receiveReplies(accountId, await api.dismissReply(accountId, id));
      } catch (e) {
        // What the server holds now, whatever the failure was.
        await get().refreshReplies(accountId);
        throw toSharedeckError(e);
      }
    },

    async refreshInvitations(accountId) {
      set((s) => ({
        invitations: { ...s.invitations, [accountId]: { list: [], skipped: [], ...s.invitations[accountId], loading: true } },
      }));
      try {
        receive(accountId, await api.listInvitations(accountId));
      } catch (e) {
        failed(accountId, toSharedeckError(e));
      }
    },

    receiveInvitations: receive,

    invitationsFailed(accountId, info) {
      failed(accountId, SharedeckError.from(info));
    },

    async accept(accountId, id, comment) {
      const before = listed(accountId);
      const result = await answer(accountId, () => api.acceptInvitation(accountId, id, comment ? { comment } : {}));
      // The share is now a collection of the account, and the invitation is answered.
      await Promise.all([get().refreshInvitations(accountId), get().refreshCollections(accountId)]);
      rereadSharer(accountId, id, before);
      return result;
    },

    async decline(accountId, id, comment) {
      const before = listed(accountId);
      receive(accountId, await answer(accountId, () => api.declineInvitation(accountId, id, comment ? { comment } : {})));
      rereadSharer(accountId, id, before);
    },

    async dismiss(accountId, id) {
      receive(accountId, await answer(accountId, () => api.dismissInvitation(accountId, id)));
    },
  };
};
