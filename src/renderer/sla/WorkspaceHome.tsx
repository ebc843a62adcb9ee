import { QueueScreen } from '../ui/QueueScreen';
import { useSession } from '../ui/context';
import { useSlaView } from './slaContext';
import { TeamSlaBoard } from './TeamSlaBoard';

/** What the workspace shows when no case is open: My queue, or a supervisor's Team SLA board. */
export function WorkspaceHome() {
  const view = useSlaView((state) => state.view);
  const isSupervisor = useSession((state) => state.agent?.role === 'supervisor');
  return view === 'team-sla' && isSupervisor ? <TeamSlaBoard /> : <QueueScreen />;
}
