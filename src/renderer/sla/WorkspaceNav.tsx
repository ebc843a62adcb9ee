import { useEffect } from 'react';
import { useServices, useSession } from '../ui/context';
import { useWorkspaceView } from '../ui/workflow/WorkflowProvider';
import { useSlaRuntime, useSlaView } from './slaContext';
import type { WorkspaceView } from './slaViewStore';
import { useScreenPopStore } from '../screenpop/screenPopContext';
import { focusMainHeading } from '../ui/focus';

/** Alt+Shift+Q: My queue; Alt+Shift+S: Team SLA board (supervisors). Chosen to clash with no browser or Electron default. */
const SHORTCUTS: Record<string, WorkspaceView> = { KeyQ: 'queue', KeyS: 'team-sla' };

/** Switches the workspace between My queue and (for supervisors) the Team SLA board. */
export function WorkspaceNav() {
  const { view } = useSlaRuntime();
  const { ui } = useServices();
  // The workflow tabs (Approvals, walk-in…) share the workspace: while one of them shows, neither of these is current.
  const workflowScreen = useWorkspaceView((state) => state.view !== 'queue');
  const current = useSlaView((state) => (workflowScreen ? null : state.view));
  const isSupervisor = useSession((state) => state.agent?.role === 'supervisor');
  const popStore = useScreenPopStore();

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
      const target = SHORTCUTS[event.code];
      if (!target || (target === 'team-sla' && !isSupervisor)) return;
      event.preventDefault();
      // The pop (if one is open) is closed, not left over the screen the agent asked for; it stays in Recent contacts.
      popStore.getState().close();
      ui.getState().backToQueue();
      view.getState().show(target);
      // Once the screen is there: on its heading, unless it put focus in itself (the row of the case just left).
      requestAnimationFrame(() => {
        if (!document.activeElement?.closest('main')) focusMainHeading();
      });
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [isSupervisor, ui, view, popStore]);

  const go = (target: WorkspaceView) => {
    popStore.getState().close();
    if (ui.getState().selectedCaseId) ui.getState().backToQueue();
    view.getState().show(target);
  };

  return (
    <nav className="workspace-nav" aria-label="Workspace">
      <button type="button" aria-current={current === 'queue' ? 'page' : undefined} aria-keyshortcuts="Alt+Shift+Q" onClick={() => go('queue')}>
        My queue <kbd aria-hidden="true">Alt+Shift+Q</kbd>
      </button>
      {isSupervisor && (
        <button type="button" aria-current={current === 'team-sla' ? 'page' : undefined} aria-keyshortcuts="Alt+Shift+S" onClick={() => go('team-sla')}>
          Team SLA board <kbd aria-hidden="true">Alt+Shift+S</kbd>
        </button>
      )}
    </nav>
  );
}
