// Collections per account, as the server last said, and the writes on them. Every write puts the
// server's re-read state in place; a failed write re-reads too, so the list never shows hope.
// What is cached shows at once; opening a collection re-reads it and puts the answer in place.
// A write also re-reads the other accounts of this app that it touched (their inboxes and lists).

import type { StateCreator } from 'zustand';
import type { SharedeckError } from '../../shared/errors';
import { collectionKey } from '../../shared/urls';
import type { Access, Collection, CollectionList, Dialect, ShareRequest, ShareResult, SkippedEntry } from '../../shared/model';
import { api, toSharedeckError } from '../api';
import { accountsAmong } from './related-accounts';
import type { SentInvitation } from './sent';
import type { Store } from './index';

export interface AccountCollections {
  list: Collection[];
  /** What the server listed that could not be shown (an unusable href, another server). */
  skipped: SkippedEntry[];
  loading: boolean;
  error?: SharedeckError;
  /** When the whole list was last read. */
  loadedAt?: number;
  /** When single collections were last read on their own (opened, written), by collectionKey. */
  readAt?: Record<string, number>;
}

export interface CollectionsSlice {
  collections: Record<string, AccountCollections>;
  selectedUrl: string | undefined;
  filter: string;
  setFilter: (filter: string) => void;
  selectCollection: (url: string | undefined) => void;
  /**
   * Re-reads a collection that was opened (the cached copy shows meanwhile); rejects with the
   * reason when it could not be read. Not while the account's password is needed.
   */
  rereadOpened: (accountId: string, url: string) => Promise<void>;
  refreshCollections: (accountId: string) => Promise<void>;
  /**
   * Re-reads the other accounts of this app that `people` (as the server of `accountId` lists
   * them: sharees, a sharer) belong to, after an action of `accountId` changed what they see.
   */
  rereadAccountsOf: (accountId: string, people: readonly string[]) => void;
  refreshCollection: (accountId: string, url: string) => Promise<void>;
  share: (accountId: string, url: string, request: ShareRequest) => Promise<ShareResult>;
  /** `dialect` 'acl' acts on a direct ACL grant, never on a share of the same person. */
  setAccess: (accountId: string, url: string, address: string, access: Access, dialect?: Dialect) => Promise<ShareResult>;
  revoke: (accountId: string, url: string, addresses: string[], dialect?: Dialect) => Promise<ShareResult>;
  leave: (accountId: string, url: string) => Promise<void>;
  setPublished: (accountId: string, url: string, publish: boolean) => Promise<Collection>;
}

function replace(list: Collection[], updated: Collection, previousUrl: string): Collection[] {
  const key = collectionKey(previousUrl);
  let found = false;
  const out = list.map((c) => {
    if (collectionKey(c.url) !== key) return c;
    found = true;
    return updated;
  });
  return found ? out : [...out, updated];
}

/** When a collection was last read, as part of the list or alone; undefined when never. */
export function readTime(state: AccountCollections | undefined, url: string): number | undefined {
  const alone = state?.readAt?.[collectionKey(url)];
  const list = state?.loadedAt;
  return alone === undefined ? list : list === undefined ? alone : Math.max(alone, list);
}

export const createCollectionsSlice: StateCreator<Store, [], [], CollectionsSlice> = (set, get) => {
  /**
   * Writes per account, counted: a read that started before a write and answers after it holds
   * the state from before the write, so it is not put in place (the write's own re-read is newer).
   */
  const writes = new Map<string, number>();
  const writeCount = (accountId: string) => writes.get(accountId) ?? 0;

  const put = (accountId: string, updated: Collection, previousUrl: string) => {
    set((s) => {
      const current = s.collections[accountId] ?? { list: [], skipped: [], loading: false };
      const readAt = { ...current.readAt, [collectionKey(previousUrl)]: Date.now(), [collectionKey(updated.url)]: Date.now() };
      return { collections: { ...s.collections, [accountId]: { ...current, list: replace(current.list, updated, previousUrl), readAt } } };
    });
  };

  const remove = (accountId: string, url: string) => {
    set((s) => {
      const current = s.collections[accountId];
      if (!current) return {};
      const key = collectionKey(url);
      return {
        collections: { ...s.collections, [accountId]: { ...current, list: current.list.filter((c) => collectionKey(c.url) !== key) } },
      };
    });
  };

  const loaded = (accountId: string, { collections: list, skipped }: CollectionList) => {
    set((s) => ({ collections: { ...s.collections, [accountId]: { list, skipped, loading: false, loadedAt: Date.now() } } }));
  };

  /** Runs a write; on failure re-reads the collection so the list shows the server's state. */
  const write = async <T>(accountId: string, url: string, run: () => Promise<T>, apply: (result: T) => void): Promise<T> => {
    writes.set(accountId, writeCount(accountId) + 1);
    try {
      const result = await run();
      apply(result);
      return result;
    } catch (e) {
      const error = toSharedeckError(e);
      if (error.code === 'auth') get().markPasswordNeeded(accountId, true);
      else
        await get()
          .refreshCollection(accountId, url)
          .catch(() => undefined);
      throw error;
    }
  };

  /** A sharee write: the collection is put in place, and the accounts of the people it names are re-read. */
  const shareeWrite = async (accountId: string, url: string, people: readonly string[], run: () => Promise<ShareResult>) => {
    const result = await write(accountId, url, run, (r) => {
      put(accountId, r.collection, url);
    });
    get().rereadAccountsOf(accountId, people);
    return result;
  };

  return {
    collections: {},
    selectedUrl: undefined,
    filter: '',

    setFilter(filter) {
      set({ filter });
    },

    selectCollection(url) {
      set({ selectedUrl: url });
    },

    async rereadOpened(accountId, url) {
      if (get().passwordNeeded[accountId]) return;
      await get().refreshCollection(accountId, url);
    },

    async refreshCollections(accountId) {
      set((s) => ({
        collections: { ...s.collections, [accountId]: { list: [], skipped: [], ...s.collections[accountId], loading: true } },
      }));
      const before = writeCount(accountId);
      try {
        const list = await api.listCollections(accountId);
        if (writeCount(accountId) !== before) {
          // A write went on meanwhile: this answer is older than what is shown. Read again.
          set((s) => ({
            collections: { ...s.collections, [accountId]: { list: [], skipped: [], ...s.collections[accountId], loading: false } },
          }));
          await get().refreshCollections(accountId);
          return;
        }
        loaded(accountId, list);
        get().markPasswordNeeded(accountId, false);
      } catch (e) {
        const error = toSharedeckError(e);
        if (error.code === 'auth') get().markPasswordNeeded(accountId, true);
        set((s) => ({
          collections: { ...s.collections, [accountId]: { list: [], skipped: [], ...s.collections[accountId], loading: false, error } },
        }));
      }
    },

    rereadAccountsOf(accountId, people) {
      const { accounts, passwordNeeded } = get();
      const from = accounts.find((a) => a.id === accountId);
      if (!from) return;
      for (const other of accountsAmong(people, accounts, from)) {
        if (passwordNeeded[other.id]) continue;
        void get().refreshInvitations(other.id);
        void get().refreshReplies(other.id);
        if (get().collections[other.id]) void get().refreshCollections(other.id);
      }
    },

    async refreshCollection(accountId, url) {
      const before = writeCount(accountId);
      try {
        const collection = await api.getCollection(accountId, url);
        if (writeCount(accountId) === before) put(accountId, collection, url);
      } catch (e) {
        // Gone from the server (deleted, revoked): take it out of the list.
        if (toSharedeckError(e).code === 'not-found') remove(accountId, url);
        throw e;
      }
    },

    async share(accountId, url, request) {
      const before = get().collections[accountId]?.list.find((c) => collectionKey(c.url) === collectionKey(url));
      const result = await shareeWrite(
        accountId,
        url,
        request.sharees.map((s) => s.address),
        () => api.share(accountId, url, request),
      );
      // What the server took is remembered with its message, and whether it went to someone who
      // had declined: the server shows neither afterwards.
      const refused = new Set(result.unresolved);
      const at = Date.now();
      get().recordSent(
        accountId,
        url,
        request.sharees
          .filter((s) => !refused.has(s.address))
          .map((s) => {
            const was = before?.sharees.find((x) => x.address.toLowerCase() === s.address.toLowerCase());
            const sent: SentInvitation = { at };
            if (request.comment) sent.comment = request.comment;
            if (was?.status === 'declined') sent.again = true;
            return { address: s.address, sent };
          }),
      );
      return result;
    },

    setAccess(accountId, url, address, access, dialect) {
      return shareeWrite(accountId, url, [address], () => api.setAccess(accountId, url, address, access, dialect));
    },

    revoke(accountId, url, addresses, dialect) {
      return shareeWrite(accountId, url, addresses, () => api.revoke(accountId, url, addresses, dialect));
    },

    async leave(accountId, url) {
      const sharedBy = get().collections[accountId]?.list.find((c) => collectionKey(c.url) === collectionKey(url))?.sharedBy?.address;
      await write(
        accountId,
        url,
        () => api.leaveShare(accountId, url),
        (list) => {
          loaded(accountId, list);
          set({ selectedUrl: undefined });
        },
      );
      if (sharedBy) get().rereadAccountsOf(accountId, [sharedBy]);
    },

    setPublished(accountId, url, publish) {
      return write(
        accountId,
        url,
        () => (publish ? api.publish(accountId, url) : api.unpublish(accountId, url)),
        (c) => {
          put(accountId, c, url);
        },
      );
    },
  };
};
