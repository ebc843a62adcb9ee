import { useEffect, type ReactNode } from 'react';
import { decidingRoles } from '../../../shared/remediation/approvers';
import { useSlaRuntime } from '../../sla/slaContext';
import { ApprovalsScreen } from '../approvals/ApprovalsScreen';
import { useServices, useSession } from '../context';
import { WalkInScreen } from '../walkin/WalkInScreen';
import { WorkflowProblems } from './WorkflowProblems';
import { SessionsScreen } from '../sessions/SessionsScreen';
import { useMayOverseeSessions } from '../sessions/SessionsNav';
import { isSupervisionView, SupervisionScreen } from '../../supervision/SupervisionViews';
import { useWorkflowSetup, useWorkspaceView, useWorkspaceViews } from './WorkflowProvider';
import { Icon } from '../Icon';
import { useScreenPopStore } from '../../screenpop/screenPopContext';

/** The screen the workspace shows when no case is open; `queue` is whatever the console shows by default. */
export function WorkspaceViews({ queue }: { queue: ReactNode }) {
  const view = useWorkspaceView((state) => state.view);
  const mayOverseeSessions = useMayOverseeSessions();
  if (view === 'sessions') return mayOverseeSessions ? <SessionsScreen /> : <>{queue}</>;
  if (view === 'approvals') return <ApprovalsScreen />;
  if (view === 'walk_in') return <WalkInScreen />;
  if (view === 'workflow_problems') return <WorkflowProblems />;
  if (isSupervisionView(view)) return <SupervisionScreen view={view} fallback={queue} />;
  return <>{queue}</>;
}

/**
 * Tabs for the workflow screens, beside the SLA tabs (My queue, Team SLA board): choosing one
 * of those returns the workspace to them. Approvals only for roles that decide requests.
 */
export function WorkflowNav() {
  const { ui } = useServices();
  const views = useWorkspaceViews();
  const slaViews = useSlaRuntime().view;
  useEffect(() => slaViews.subscribe(() => views.getState().show('queue')), [slaViews, views]);
  const view = useWorkspaceView((state) => state.view);
  const role = useSession((state) => state.agent?.role);
  const { load } = useWorkflowSetup();
  const approvers = load?.ok ? load.setup.approvers : null;
  const problems = load?.ok ? load.setup.problems.length : 0;
  const popStore = useScreenPopStore();
  const go = (target: typeof view) => {
    popStore.getState().close();
    ui.getState().backToQueue();
    views.getState().show(target);
  };
  const button = (target: typeof view, label: string) => (
    <button type="button" className={view === target ? 'nav-current' : undefined} aria-current={view === target ? 'page' : undefined} onClick={() => go(target)}>
      {label}
    </button>
  );
  return (
    <nav className="workspace-nav workflow-nav" aria-label="Workflows">
      {button('walk_in', 'New walk-in complaint')}
      {role && approvers && decidingRoles(approvers).includes(role) && button('approvals', 'Approvals')}
      {problems > 0 && (
        <button type="button" className="nav-problem" onClick={() => go('workflow_problems')}>
          <Icon name="warning" />{' '}
          Workflow problems ({problems})
        </button>
      )}
    </nav>
  );
}
