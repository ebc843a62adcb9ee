import type { ReactNode } from 'react';
import type { WorkspaceView } from '../state/workspaceViewStore';
import { useSession } from '../ui/context';
import { ComplianceScreen } from './ComplianceScreen';
import { DashboardScreen } from './DashboardScreen';
import { ReviewScreen } from './ReviewScreen';
import { DriversScreen } from './DriversScreen';
import { QaScreen } from './QaScreen';
import { StaffingScreen } from './StaffingScreen';
import { supervisionViewsFor, type SupervisionView } from './SupervisionNav';

const SCREENS: Record<SupervisionView, () => ReactNode> = {
  dashboard: () => <DashboardScreen />,
  quality: () => <QaScreen />,
  staffing: () => <StaffingScreen />,
  drivers: () => <DriversScreen />,
  compliance: () => <ComplianceScreen />,
  review: () => <ReviewScreen />,
};

/** The report screen for the view, if it is one the signed-in role may see; else the fallback (the queue). */
export function SupervisionScreen({ view, fallback }: { view: WorkspaceView; fallback: ReactNode }) {
  const role = useSession((state) => state.agent?.role);
  const allowed = supervisionViewsFor(role) as WorkspaceView[];
  if (!allowed.includes(view)) return <>{fallback}</>;
  return <>{SCREENS[view as SupervisionView]()}</>;
}

export function isSupervisionView(view: WorkspaceView): view is SupervisionView {
  return view in SCREENS;
}
