// What the window shows: the collections of the selected account, its inbox, or the People view
// (everyone who can reach a collection of any account); and where the keyboard focus goes after an
// action took away what had it (a left share, a removed account).

import type { StateCreator } from 'zustand';
import type { Store } from './index';

export type View = 'collections' | 'inbox' | 'people';

/** Places that take the focus when asked: the collection list, the selected account in the sidebar, the inbox. */
export type FocusTarget = 'collections' | 'accounts' | 'inbox';

export interface UiSlice {
  view: View;
  showView: (view: View) => void;
  addingAccount: boolean;
  setAddingAccount: (open: boolean) => void;
  /** The latest request for a place to take the focus (a new `seq` each time). */
  focusRequest: { target: FocusTarget; seq: number } | undefined;
  requestFocus: (target: FocusTarget) => void;
}

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set, get) => ({
  view: 'collections',
  showView(view) {
    set({ view });
  },
  addingAccount: false,
  setAddingAccount(open) {
    set({ addingAccount: open });
  },
  focusRequest: undefined,
  requestFocus(target) {
    set({ focusRequest: { target, seq: (get().focusRequest?.seq ?? 0) + 1 } });
  },
});
