import { hasPermission } from '../../shared/policy/rolesConfig';
import { useScreenPopStore } from '../screenpop/screenPopContext';
import { useServices, useSession } from '../ui/context';
import { useWorkspaceView, useWorkspaceViews } from '../ui/workflow/WorkflowProvider';
import type { WorkspaceView } from '../state/workspaceViewStore';
import { focusMainHeading } from '../ui/focus';

export const SUPERVISION_VIEWS = ['dashboard', 'quality', 'staffing', 'drivers', 'compliance', 'review'] as const satisfies readonly WorkspaceView[];
export type SupervisionView = (typeof SUPERVISION_VIEWS)[number];

const LABEL: Record<SupervisionView, string> = { dashboard: 'Dashboard', quality: 'Quality', staffing: 'Staffing', drivers: 'Contact drivers', compliance: 'Compliance', review: 'Review queue' };

/**
 * Which report screens a role sees, its own view first: a compliance officer the regulatory
 * clocks and complaints (Compliance), a QA reviewer their queue (Review queue), a supervisor the
 * floor. The routes behind them ask the same permissions (view_reports; score_qa for the queue).
 */
export function supervisionViewsFor(role: Parameters<typeof hasPermission>[0] | undefined): SupervisionView[] {
  if (!role) return [];
  const reports = hasPermission(role, 'view_reports');
  const scores = hasPermission(role, 'score_qa');
  if (role === 'compliance' && reports) return ['compliance', 'dashboard', 'quality', 'drivers'];
  if (role === 'qa_reviewer') return [...(scores ? (['review'] as const) : []), 'quality', ...(reports ? (['dashboard'] as const) : [])];
  if (reports) return ['dashboard', 'quality', 'staffing', 'drivers'];
  return scores ? ['review', 'quality'] : [];
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
