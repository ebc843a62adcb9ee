import { SlaUrgentCell } from './SlaCountdown';
import { useSlaSettings, useTrackedCaseSla } from './slaContext';

/** "Time to breach" for one row of My queue, from the tracker (computed once per case change). */
export function SlaQueueCell({ caseId }: { caseId: string }) {
  const sla = useTrackedCaseSla(caseId);
  const configured = useSlaSettings((state) => state.settings !== null);
  const urgent = sla?.urgent ?? null;
  return <SlaUrgentCell clock={urgent} dueMs={urgent ? sla?.dueMs.get(urgent.id) : undefined} loading={!configured || !sla} />;
}
