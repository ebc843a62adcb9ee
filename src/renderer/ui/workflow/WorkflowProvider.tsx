import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Agent } from '../../../shared/domain/agent';
import { createWorkspaceViewStore, type WorkspaceViewState, type WorkspaceViewStore } from '../../state/workspaceViewStore';
import { loadWorkflowSetup, type WorkflowSetupLoad } from '../../workflow/workflowSetup';
import { useServices, useSession } from '../context';

interface WorkflowContextValue {
  /** null while loading */
  load: WorkflowSetupLoad | null;
  views: WorkspaceViewStore;
  reload(): void;
}

const WorkflowContext = createContext<WorkflowContextValue | null>(null);

/**
 * Loads the workflow configuration once per signed-in agent and holds which workspace screen is
 * shown. Branch staff start on the walk-in desk: that is what they are there for.
 */
export function WorkflowProvider({ children }: { children: ReactNode }) {
  const { bridge } = useServices();
  const agent = useSession((state) => state.agent);
  const [load, setLoad] = useState<WorkflowSetupLoad | null>(null);
  const [attempt, setAttempt] = useState(0);
  const views = useMemo(() => createWorkspaceViewStore(initialView(agent)), [agent]);

  useEffect(() => {
    let live = true;
    loadWorkflowSetup(bridge).then(
      (loaded) => live && setLoad(loaded),
      (error: unknown) => live && setLoad({ ok: false, error: { code: 'host_unreachable', message: error instanceof Error ? error.message : String(error) } }),
    );
    return () => {
      live = false;
    };
  }, [bridge, attempt]);

  const value = useMemo<WorkflowContextValue>(() => ({ load, views, reload: () => setAttempt((n) => n + 1) }), [load, views]);
  return <WorkflowContext.Provider value={value}>{children}</WorkflowContext.Provider>;
}

function initialView(agent: Agent | null): WorkspaceViewState['view'] {
  return agent?.role === 'branch_staff' ? 'walk_in' : 'queue';
}

function useWorkflowContext(): WorkflowContextValue {
  const value = useContext(WorkflowContext);
  if (!value) throw new Error('workflow screens need a WorkflowProvider (see ConsoleApp)');
  return value;
}

export function useWorkflowSetup(): { load: WorkflowSetupLoad | null; reload(): void } {
  const { load, reload } = useWorkflowContext();
  return { load, reload };
}

export function useWorkspaceView<T>(selector: (state: WorkspaceViewState) => T): T {
  return useStore(useWorkflowContext().views, selector);
}

export function useWorkspaceViews(): WorkspaceViewStore {
  return useWorkflowContext().views;
}
