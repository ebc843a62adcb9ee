import { createStore } from 'zustand/vanilla';

export interface UiState {
  selectedCaseId: string | null;
  /** The case last closed, so the queue can put keyboard focus back on its row. */
  returnFocusToCaseId: string | null;
  /** Unsent note text per case: leaving a case (Escape, Back) never throws away what was typed. */
  noteDrafts: Record<string, string>;
  openCase(caseId: string): void;
  backToQueue(): void;
  setNoteDraft(caseId: string, text: string): void;
  reset(): void;
}

export type UiStore = ReturnType<typeof createUiStore>;

export function createUiStore() {
  return createStore<UiState>()((set, get) => ({
    selectedCaseId: null,
    returnFocusToCaseId: null,
    noteDrafts: {},
    openCase: (caseId) => set({ selectedCaseId: caseId, returnFocusToCaseId: null }),
    backToQueue: () => set({ selectedCaseId: null, returnFocusToCaseId: get().selectedCaseId }),
    setNoteDraft: (caseId, text) => {
      const { [caseId]: _previous, ...others } = get().noteDrafts;
      set({ noteDrafts: text === '' ? others : { ...others, [caseId]: text } });
    },
    reset: () => set({ selectedCaseId: null, returnFocusToCaseId: null, noteDrafts: {} }),
  }));
}
