import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { parseCaseEvent } from '../../shared/domain/caseEvent';
import { orderEventRecords } from '../data/orderEvents';
import { useReadModels } from '../ui/context';
import { computeCaseSla, refreshCaseSla, type CaseSla } from './caseSla';
import { useSlaNow, useSlaRuntime, useSlaSettings } from './slaContext';

/**
 * Every clock of one case, live: computed from its events when they or the configuration
 * change, brought forward when a clock's state is due to change. Works for any case the desktop
 * holds (not only tracked ones: a supervisor's or a resolved case).
 */
export function useCaseClocks(caseId: string): { sla: CaseSla | null; now: number; loading: boolean } {
  const { db } = useReadModels();
  const settings = useSlaSettings((state) => state.settings);
  const { ticker } = useSlaRuntime();
  const now = useSlaNow();
  const input = useLiveQuery(async () => {
    const caseState = await db.cases.get(caseId);
    if (!caseState) return null;
    const records = await db.events.where('caseId').equals(caseId).toArray();
    const customer = caseState.customerId ? await db.customers.get(caseState.customerId) : undefined;
    const events = orderEventRecords(records).flatMap((record) => {
      const parsed = parseCaseEvent(record.event);
      return parsed.ok ? [parsed.event] : [];
    });
    return { caseState, events, tier: customer?.customer.tier ?? null };
  }, [db, caseId]);
  // Computed when its inputs change, not every second: between changes a tick only refreshes.
  const base = useMemo(() => (input && settings ? computeCaseSla(input, settings, ticker.current()) : null), [input, settings, ticker]);
  const sla = base && settings && now >= base.nextChangeMs ? refreshCaseSla(base, settings, now) : base;
  return { sla, now, loading: input === undefined || !settings };
}
