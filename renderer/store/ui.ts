// What the window shows: the collections of the selected account, its inbox, or the People view
// (everyone who can reach a collection of any account).

import type { StateCreator } from 'zustand';
import type { Store } from './index';

export type View = 'collections' | 'inbox' | 'people';

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
