import { useEffect } from 'react';
import type { ConsoleServices } from '../state/consoleServices';
import { CaseView } from './CaseView';
import { ServicesContext, useServices, useSession, useUi } from './context';
import { Header } from './Header';
import { LoginScreen } from './LoginScreen';
import { StorageNotices } from './storage/StorageNotices';
import { StorageUnlockScreen } from './storage/StorageUnlockScreen';
import { ReadModelProvider } from './ReadModelProvider';
import { ScreenPopOutlet, ScreenPopProvider } from '../screenpop/ScreenPopProvider';
import { SlaAlertsRegion } from '../sla/SlaAlertsRegion';
import { ApprovalDecisionAlerts } from './approvals/ApprovalDecisionAlerts';
import { SlaProvider } from '../sla/SlaProvider';
import { WorkspaceHome } from '../sla/WorkspaceHome';
import { WorkspaceNav } from '../sla/WorkspaceNav';
import { WorkflowProvider } from './workflow/WorkflowProvider';
import { WorkflowNav, WorkspaceViews } from './workflow/WorkspaceViews';
import { SupervisionNav } from '../supervision/SupervisionNav';
import { focusIsLost, focusMainHeading } from './focus';

export function ConsoleApp({ services }: { services: ConsoleServices }) {
  return (
    <ServicesContext.Provider value={services}>
      <SessionGate />
    </ServicesContext.Provider>
  );
}

function SessionGate() {
  const services = useServices();
  const phase = useSession((state) => state.phase);
  const agent = useSession((state) => state.agent);

  useEffect(() => {
    void services.session.getState().restore();
    const stopEnded = services.bridge.on('session.ended', ({ reason }) => {
      services.ui.getState().reset();
      services.session.getState().sessionEnded(reason);
    });
    const stopConnection = services.connection?.onChange((connected) => {
      if (connected) void services.session.getState().recheck();
    });
    return () => {
      stopEnded();
      stopConnection?.();
    };
  }, [services]);

  useEffect(() => {
    if (phase !== 'signed_in') return;
    return services.sync.getState().follow();
  }, [phase, services]);

  useEffect(() => {
    if (phase === 'signed_out') services.ui.getState().reset();
  }, [phase, services]);

  if (phase === 'checking') {
    return (
      <main className="login">
        <p role="status">Connecting to Agent Console…</p>
      </main>
    );
  }
  if (phase === 'signed_out' || !agent) return <LoginScreen />;
  if (phase === 'storage_locked') return <StorageUnlockScreen />;
  return (
    <ReadModelProvider agent={agent}>
      <SlaProvider agent={agent}>
        <WorkflowProvider>
          <ScreenPopProvider>
            <Workspace />
          </ScreenPopProvider>
        </WorkflowProvider>
      </SlaProvider>
    </ReadModelProvider>
  );
}

function Workspace() {
  const selectedCaseId = useUi((state) => state.selectedCaseId);
  // Signed in (or back after a reload): focus starts on the screen's heading, not on the page body.
  useEffect(() => {
    if (focusIsLost()) focusMainHeading();
  }, []);
  return (
    <div className="workspace">
      <Header />
      <div className="workspace-tabs">
        <WorkspaceNav />
        <WorkflowNav />
        <SupervisionNav />
      </div>
      <StorageNotices />
      <SlaAlertsRegion />
      <ApprovalDecisionAlerts />
      <main className="content">
        <ScreenPopOutlet>{selectedCaseId ? <CaseView key={selectedCaseId} caseId={selectedCaseId} /> : <WorkspaceViews queue={<WorkspaceHome />} />}</ScreenPopOutlet>
      </main>
    </div>
  );
}
