// Collections per account, as the server last said, and the writes on them. Every write puts the
// server's re-read state in place; a failed write re-reads too, so the list never shows hope.

import type { StateCreator } from 'zustand';
import type { SharedeckError } from '../../shared/errors';
import { collectionKey } from '../../shared/urls';
import type { Access, Collection, ShareRequest, ShareResult } from '../../shared/model';
import { api, toSharedeckError } from '../api';
import type { Store } from './index';

export interface AccountCollections {
  list: Collection[];
  loading: boolean;
  error?: SharedeckError;
  loadedAt?: number;
}

export interface CollectionsSlice {
  collections: Record<string, AccountCollections>;
  selectedUrl: string | undefined;
  filter: string;
  setFilter: (filter: string) => void;
  selectCollection: (url: string | undefined) => void;
  refreshCollections: (accountId: string) => Promise<void>;
  refreshCollection: (accountId: string, url: string) => Promise<void>;
  share: (accountId: string, url: string, request: ShareRequest) => Promise<ShareResult>;
  setAccess: (accountId: string, url: string, address: string, access: Access) => Promise<ShareResult>;
  revoke: (accountId: string, url: string, addresses: string[]) => Promise<ShareResult>;
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

export const createCollectionsSlice: StateCreator<Store, [], [], CollectionsSlice> = (set, get) => {
  const put = (accountId: string, updated: Collection, previousUrl: string) => {
    set((s) => {
      const current = s.collections[accountId] ?? { list: [], loading: false };
      return { collections: { ...s.collections, [accountId]: { ...current, list: replace(current.list, updated, previousUrl) } } };
    });
  };

  /** Runs a write; on failure re-reads the collection so the list shows the server's state. */
  const write = async <T>(accountId: string, url: string, run: () => Promise<T>, apply: (result: T) => void): Promise<T> => {
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

    async refreshCollections(accountId) {
      set((s) => ({ collections: { ...s.collections, [accountId]: { list: [], ...s.collections[accountId], loading: true } } }));
      try {
        const list = await api.listCollections(accountId);
        set((s) => ({ collections: { ...s.collections, [accountId]: { list, loading: false, loadedAt: Date.now() } } }));
        get().markPasswordNeeded(accountId, false);
      } catch (e) {
        const error = toSharedeckError(e);
        if (error.code === 'auth') get().markPasswordNeeded(accountId, true);
        set((s) => ({ collections: { ...s.collections, [accountId]: { list: [], ...s.collections[accountId], loading: false, error } } }));
      }
    },

    async refreshCollection(accountId, url) {
      try {
        put(accountId, await api.getCollection(accountId, url), url);
      } catch (e) {
        // Gone from the server (deleted, revoked): take it out of the list.
        if (toSharedeckError(e).code === 'not-found') {
          set((s) => {
            const current = s.collections[accountId];
            if (!current) return {};
            const key = collectionKey(url);
            return {
              collections: {
                ...s.collections,
                [accountId]: { ...current, list: current.list.filter((c) => collectionKey(c.url) !== key) },
              },
            };
          });
        }
        throw e;
      }
    },

    share(accountId, url, request) {
      return write(
        accountId,
        url,
        () => api.share(accountId, url, request),
        (r) => {
          put(accountId, r.collection, url);
        },
      );
    },

    setAccess(accountId, url, address, access) {
      return write(
        accountId,
        url,
        () => api.setAccess(accountId, url, address, access),
        (r) => {
          put(accountId, r.collection, url);
        },
      );
    },

    revoke(accountId, url, addresses) {
      return write(
        accountId,
        url,
        () => api.revoke(accountId, url, addresses),
        (r) => {
          put(accountId, r.collection, url);
        },
      );
    },

    async leave(accountId, url) {
      await write(
        accountId,
        url,
        () => api.leaveShare(accountId, url),
        (list) => {
          set((s) => ({
            collections: { ...s.collections, [accountId]: { list, loading: false, loadedAt: Date.now() } },
            selectedUrl: undefined,
          }));
        },
      );
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
