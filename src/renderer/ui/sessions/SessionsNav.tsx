import { sessionOversightReach } from '../../../shared/policy/sessionOversight';
import { useScreenPopStore } from '../../screenpop/screenPopContext';
import { useServices, useSession } from '../context';
import { focusMainHeading } from '../focus';
import { useWorkspaceView, useWorkspaceViews } from '../workflow/WorkflowProvider';

/** Whether the signed-in person may see the Sessions screen (the service's rule: `end_sessions`). */
export function useMayOverseeSessions(): boolean {
  const agent = useSession((state) => state.agent);
  return agent !== null && sessionOversightReach(agent) !== 'none';
}

/** The Sessions tab, for supervisors and administrators only. */
export function SessionsNav() {
  const { ui } = useServices();
  const views = useWorkspaceViews();
  const view = useWorkspaceView((state) => state.view);
  const popStore = useScreenPopStore();
  if (!useMayOverseeSessions()) return null;
  const go = () => {
    popStore.getState().close();
    ui.getState().backToQueue();
    views.getState().show('sessions');
    requestAnimationFrame(() => focusMainHeading());
  };
  return (
    <nav className="workspace-nav sessions-nav" aria-label="People">
      <button type="button" className={view === 'sessions' ? 'nav-current' : undefined} aria-current={view === 'sessions' ? 'page' : undefined} onClick={go}>
        Sessions
      </button>
    </nav>
  );
}
