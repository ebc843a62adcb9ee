import { useEffect, useState } from 'react';
import type { ConsoleServices } from '../state/consoleServices';
import { CaseView } from './CaseView';
import { ServicesContext, useServices, useSession, useUi } from './context';
import { Header } from './Header';
import { LoginScreen } from './signin/LoginScreen';
import { RecoveryCodesScreen } from './signin/RecoveryCodesScreen';
import { LockScreen } from './idle/LockScreen';
import { useIdleReporting } from './idle/useIdleReporting';
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
import { SessionsNav } from './sessions/SessionsNav';
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
  const recoveryCodes = useSession((state) => state.recoveryCodes.length);
  const screenLocked = useSession((state) => state.screenLock?.locked ?? false);
  const idleMs = useSession((state) => state.screenLock?.idleMs ?? null);
  // Locked in this window's lifetime: the workspace stays mounted (hidden), so nothing typed is lost.
  // Locked from the start (a reload): nothing of it is mounted until the agent unlocks.
  const [workspaceMounted, setWorkspaceMounted] = useState(false);
  const showWorkspace = phase === 'signed_in' && recoveryCodes === 0 && (!screenLocked || workspaceMounted);
  if (showWorkspace && !screenLocked && !workspaceMounted) setWorkspaceMounted(true);
  if (phase !== 'signed_in' && workspaceMounted) setWorkspaceMounted(false);
  useIdleReporting(services.bridge, idleMs, phase === 'signed_in' && !screenLocked);

  useEffect(() => {
    void services.session.getState().restore();
    const stopEnded = services.bridge.on('session.ended', ({ reason }) => {
      services.ui.getState().reset();
      services.session.getState().sessionEnded(reason);
    });
    // One identity per console (main authors every event with it): a sign-in or sign-out in any window is followed here at once.
    const stopChanged = services.bridge.on('session.changed', ({ agentId, reason }) => {
      // This window's own sign-in in flight: its answer sets the identity.
      if (agentId === (services.session.getState().agent?.id ?? null) || services.session.getState().signingIn) return;
      services.ui.getState().reset();
      void services.session.getState().identityChanged(agentId, reason);
    });
    const stopLock = services.bridge.on('session.lockChanged', (lock) => services.session.getState().screenLockChanged(lock));
    const stopConnection = services.connection?.onChange((connected) => {
      if (connected) void services.session.getState().recheck();
    });
    return () => {
      stopEnded();
      stopChanged();
      stopLock();
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
  if (recoveryCodes > 0) return <RecoveryCodesScreen />;
  if (!showWorkspace) return <LockScreen />;
  return (
    <>
      {screenLocked && <LockScreen />}
      <div className="workspace-frame" hidden={screenLocked} inert={screenLocked}>
        {/* Keyed by agent: another identity gets a workspace of its own, nothing carried over from the last. */}
        <ReadModelProvider key={agent.id} agent={agent}>
          <SlaProvider agent={agent}>
            <WorkflowProvider>
              <ScreenPopProvider>
                <Workspace />
              </ScreenPopProvider>
            </WorkflowProvider>
          </SlaProvider>
        </ReadModelProvider>
      </div>
    </>
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
        <SessionsNav />
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
