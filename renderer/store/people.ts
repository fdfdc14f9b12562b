// People per account, as each server last said (SharingApi.listPeople), and the actions on a
// person across every account they reach: revoke everywhere, change access everywhere, give
// access to several collections. An action runs on each account at once, shows each collection's
// outcome as it settles (the 'people-progress' events), and puts the server's re-read people in
// place; an account whose call failed is read again, so nothing hoped-for is ever shown.

import type { StateCreator } from 'zustand';
import type { SharedeckError } from '../../shared/errors';
import type { Access, CollectionOutcome, PeopleActionResult, PersonAccess, SkippedEntry } from '../../shared/model';
import { api, toSharedeckError } from '../api';
import { actionTitle, partsOf, type PeopleActionKind } from '../features/people/action-plan';
import { personKey, personName } from '../features/people/person-rows';
import type { Store } from './index';

export interface AccountPeople {
  list: PersonAccess[];
  skipped: SkippedEntry[];
  loading: boolean;
  error?: SharedeckError;
  loadedAt?: number;
}

/** An action on a person: while it runs, and what it did. */
export interface PeopleActionState {
  kind: PeopleActionKind;
  title: string;
  personKey: string;
  personName: string;
  running: boolean;
  /** Per account: collections settled of those the action touches there (from the progress events). */
  progress: Record<string, { done: number; total: number }>;
  /** One per collection, as each settled; at the end, the engine's own list. */
  outcomes: CollectionOutcome[];
  /** Accounts whose call failed as a whole (not reached, password needed, ...). */
  failures: { accountId: string; error: SharedeckError }[];
  /** Accounts where the addresses named nobody any more (someone else changed it meanwhile). */
  notFound: string[];
}

export interface GrantTarget {
  accountId: string;
  address: string;
  urls: string[];
}

export interface PeopleSlice {
  people: Record<string, AccountPeople>;
  peopleFilter: string;
  selectedPerson: string | undefined;
  /** The latest action per person (by personKey). */
  peopleActions: Record<string, PeopleActionState>;
  setPeopleFilter: (filter: string) => void;
  selectPerson: (key: string | undefined) => void;
  /** Reads the people of these accounts (all configured accounts by default) again. */
  refreshPeople: (accountIds?: string[]) => Promise<void>;
  revokeEverywhere: (person: PersonAccess) => Promise<void>;
  setAccessEverywhere: (person: PersonAccess, access: Access) => Promise<void>;
  grantAccess: (person: PersonAccess, targets: GrantTarget[], access: Access, comment?: string) => Promise<void>;
  dismissPeopleAction: (key: string) => void;
}

let actionCounter = 0;

export const createPeopleSlice: StateCreator<Store, [], [], PeopleSlice> = (set, get) => {
  const putAccount = (accountId: string, update: (current: AccountPeople) => AccountPeople) => {
    set((s) => ({ people: { ...s.people, [accountId]: update(s.people[accountId] ?? { list: [], skipped: [], loading: false }) } }));
  };

  const updateAction = (key: string, update: (a: PeopleActionState) => PeopleActionState) => {
    set((s) => {
      const current = s.peopleActions[key];
      return current ? { peopleActions: { ...s.peopleActions, [key]: update(current) } } : {};
    });
  };

  async function refreshOne(accountId: string): Promise<void> {
    putAccount(accountId, (c) => ({ ...c, loading: true }));
    try {
      const { people, skipped } = await api.listPeople(accountId);
      set((s) => ({ people: { ...s.people, [accountId]: { list: people, skipped, loading: false, loadedAt: Date.now() } } }));
    } catch (e) {
      const error = toSharedeckError(e);
      if (error.code === 'auth') get().markPasswordNeeded(accountId, true);
      putAccount(accountId, (c) => ({ ...c, loading: false, error }));
    }
  }

  /**
   * Runs one bulk call per account, in parallel (each account has its own engine thread), with
   * the outcomes shown as they come; then puts each account's re-read people in place.
   */
  async function run(
    person: PersonAccess,
    kind: PeopleActionKind,
    title: string,
    calls: { accountId: string; call: (progressId: string) => Promise<PeopleActionResult> }[],
  ): Promise<void> {
    const key = personKey(person);
    const progressId = `people-${Date.now().toString(36)}-${++actionCounter}`;
    set((s) => ({
      peopleActions: {
        ...s.peopleActions,
        [key]: {
          kind,
          title,
          personKey: key,
          personName: personName(person),
          running: true,
          progress: {},
          outcomes: [],
          failures: [],
          notFound: [],
        },
      },
    }));
    // An account's answer replaces what its events said; an event that comes after it is stale.
    const answered = new Set<string>();
    const unsubscribe = api.onEvent((event) => {
      if (event.type !== 'people-progress' || event.progressId !== `${progressId}-${event.accountId}`) return;
      if (answered.has(event.accountId)) return;
      updateAction(key, (a) => ({
        ...a,
        progress: { ...a.progress, [event.accountId]: { done: event.done, total: event.total } },
        outcomes: [...a.outcomes, event.outcome],
      }));
    });
    const touched = new Set<string>();
    try {
      await Promise.all(
        calls.map(async ({ accountId, call }) => {
          touched.add(accountId);
          try {
            const result = await call(`${progressId}-${accountId}`);
            answered.add(accountId);
            set((s) => ({
              people: { ...s.people, [accountId]: { list: result.people, skipped: result.skipped, loading: false, loadedAt: Date.now() } },
            }));
            updateAction(key, (a) => ({
              ...a,
              // The engine's own list replaces what the events said, in its order.
              outcomes: [...a.outcomes.filter((o) => o.accountId !== accountId), ...result.outcomes],
              progress: { ...a.progress, [accountId]: { done: result.outcomes.length, total: result.outcomes.length } },
              notFound: result.notFound.length > 0 ? [...a.notFound, accountId] : a.notFound,
            }));
          } catch (e) {
            answered.add(accountId);
            const error = toSharedeckError(e);
            if (error.code === 'auth') get().markPasswordNeeded(accountId, true);
            updateAction(key, (a) => ({ ...a, failures: [...a.failures, { accountId, error }] }));
            // What the server holds now, whatever part of the action it took.
            await refreshOne(accountId);
          }
        }),
      );
    } finally {
      unsubscribe();
      updateAction(key, (a) => ({ ...a, running: false }));
    }
    // The collection lists of these accounts changed too: read the ones on screen or cached again.
    for (const accountId of touched) {
      if (get().collections[accountId]) void get().refreshCollections(accountId);
    }
  }

  return {
    people: {},
    peopleFilter: '',
    selectedPerson: undefined,
    peopleActions: {},

    setPeopleFilter(filter) {
      set({ peopleFilter: filter });
    },

    selectPerson(key) {
      set({ selectedPerson: key });
    },

    async refreshPeople(accountIds) {
      const state = get();
      const ids = (accountIds ?? state.accounts.map((a) => a.id)).filter((id) => !state.passwordNeeded[id]);
      await Promise.all(ids.map(refreshOne));
    },

    revokeEverywhere(person) {
      const parts = partsOf(person, get().accounts);
      return run(
        person,
        'revoke',
        actionTitle('revoke'),
        parts.map((part) => ({
          accountId: part.accountId,
          call: (progressId) => api.revokeEverywhere(part.accountId, part.addresses, { progressId }),
        })),
      );
    },

    setAccessEverywhere(person, access) {
      const parts = partsOf(person, get().accounts).filter((part) => part.grants.some((g) => g.access !== access));
      return run(
        person,
        'access',
        actionTitle('access', access),
        parts.map((part) => ({
          accountId: part.accountId,
          call: (progressId) => api.setAccessEverywhere(part.accountId, part.addresses, access, { progressId }),
        })),
      );
    },

    grantAccess(person, targets, access, comment) {
      const count = targets.reduce((n, t) => n + t.urls.length, 0);
      return run(
        person,
        'grant',
        actionTitle('grant', access, count),
        targets
          .filter((t) => t.urls.length > 0)
          .map((t) => ({
            accountId: t.accountId,
            call: (progressId) =>
              api.grantAccess(t.accountId, t.address, t.urls, access, comment ? { progressId, comment } : { progressId }),
          })),
      );
    },

    dismissPeopleAction(key) {
      set((s) => ({ peopleActions: Object.fromEntries(Object.entries(s.peopleActions).filter(([k]) => k !== key)) }));
    },
  };
};
