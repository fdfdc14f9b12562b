// What the window shows: the collections of the selected account, or its inbox.

import type { StateCreator } from 'zustand';
import type { Store } from './index';

export type View = 'collections' | 'inbox';

export interface UiSlice {
  view: View;
  showView: (view: View) => void;
  addingAccount: boolean;
  setAddingAccount: (open: boolean) => void;
}

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set) => ({
  view: 'collections',
  showView(view) {
    set({ view });
  },
  addingAccount: false,
  setAddingAccount(open) {
    set({ addingAccount: open });
  },
});
