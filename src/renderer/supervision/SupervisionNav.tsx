import { hasPermission } from '../../shared/policy/rolesConfig';
import { useScreenPopStore } from '../screenpop/screenPopContext';
import { useServices, useSession } from '../ui/context';
import { useWorkspaceView, useWorkspaceViews } from '../ui/workflow/WorkflowProvider';
import type { WorkspaceView } from '../state/workspaceViewStore';
import { focusMainHeading } from '../ui/focus';

export const SUPERVISION_VIEWS = ['dashboard', 'quality', 'staffing', 'drivers'] as const satisfies readonly WorkspaceView[];
export type SupervisionView = (typeof SUPERVISION_VIEWS)[number];

const LABEL: Record<SupervisionView, string> = { dashboard: 'Dashboard', quality: 'Quality', staffing: 'Staffing', drivers: 'Contact drivers' };

/** Which report screens a role sees: all of them with view_reports (the same rule the service applies), QA alone with score_qa. */
export function supervisionViewsFor(role: Parameters<typeof hasPermission>[0] | undefined): SupervisionView[] {
  if (!role) return [];
  if (hasPermission(role, 'view_reports')) return role === 'qa_reviewer' ? ['quality', 'dashboard'] : [...SUPERVISION_VIEWS];
  return hasPermission(role, 'score_qa') ? ['quality'] : [];
}

/** The report screens' tabs; absent for roles that may not see reports (a Tier 1 agent). */
export function SupervisionNav() {
  const { ui } = useServices();
  const views = useWorkspaceViews();
  const view = useWorkspaceView((state) => state.view);
  const role = useSession((state) => state.agent?.role);
  const popStore = useScreenPopStore();
  const allowed = supervisionViewsFor(role);
  if (allowed.length === 0) return null;
  const go = (target: SupervisionView) => {
    popStore.getState().close();
    ui.getState().backToQueue();
    views.getState().show(target);
    requestAnimationFrame(() => focusMainHeading());
  };
  return (
    <nav className="workspace-nav supervision-nav" aria-label="Reports">
      {allowed.map((target) => (
        <button key={target} type="button" className={view === target ? 'nav-current' : undefined} aria-current={view === target ? 'page' : undefined} onClick={() => go(target)}>
          {LABEL[target]}
        </button>
      ))}
    </nav>
  );
}
