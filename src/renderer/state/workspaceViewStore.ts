import { createStore } from 'zustand/vanilla';

/** Screens besides the queue and the case view; a selected case still shows over any of them. */
/** dashboard, quality, staffing, drivers, compliance, review: the report screens (src/renderer/supervision); sessions: ui/sessions. */
export type WorkspaceView = 'queue' | 'approvals' | 'walk_in' | 'workflow_problems' | 'dashboard' | 'quality' | 'staffing' | 'drivers' | 'compliance' | 'review' | 'sessions';

export interface WorkspaceViewState {
  view: WorkspaceView;
  /** The walk-in complaint being taken at the desk, kept while the agent looks elsewhere. */
  walkInCaseId: string | null;
  show(view: WorkspaceView): void;
  setWalkInCase(caseId: string | null): void;
}

export type WorkspaceViewStore = ReturnType<typeof createWorkspaceViewStore>;

export function createWorkspaceViewStore(initial: WorkspaceView = 'queue') {
  return createStore<WorkspaceViewState>()((set) => ({
    view: initial,
    walkInCaseId: null,
    show: (view) => set({ view }),
    setWalkInCase: (walkInCaseId) => set({ walkInCaseId }),
  }));
}
