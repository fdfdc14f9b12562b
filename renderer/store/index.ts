// One zustand store made of slices; components pick what they need with selectors.

import { create } from 'zustand';
import { createAccountsSlice, type AccountsSlice } from './accounts';
import { createCollectionsSlice, type CollectionsSlice } from './collections';
import { createInvitationsSlice, type InvitationsSlice } from './invitations';
import { createNamesSlice, type NamesSlice } from './names';
import { createPeopleSlice, type PeopleSlice } from './people';
import { createSentSlice, type SentSlice } from './sent';
import { createUiSlice, type UiSlice } from './ui';

export type Store = AccountsSlice & CollectionsSlice & InvitationsSlice & NamesSlice & PeopleSlice & SentSlice & UiSlice;

export const useStore = create<Store>()((...a) => ({
  ...createAccountsSlice(...a),
  ...createCollectionsSlice(...a),
  ...createInvitationsSlice(...a),
  ...createNamesSlice(...a),
  ...createPeopleSlice(...a),
  ...createSentSlice(...a),
  ...createUiSlice(...a),
}));
