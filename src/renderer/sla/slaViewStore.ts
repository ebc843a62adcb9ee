import { createStore } from 'zustand/vanilla';

export type WorkspaceView = 'queue' | 'team-sla';

export interface SlaViewState {
  /** Which list the workspace shows when no case is open. */
  view: WorkspaceView;
  show(view: WorkspaceView): void;
}

export type SlaViewStore = ReturnType<typeof createSlaViewStore>;

export function createSlaViewStore() {
  return createStore<SlaViewState>()((set) => ({
    view: 'queue',
    show: (view) => set({ view }),
  }));
}
