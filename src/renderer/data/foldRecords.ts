import { parseCaseEvent, type CaseEvent } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import { foldCase } from '../../shared/cases/reducer';
import type { EventRecord } from './db';
import { orderEventRecords } from './orderEvents';

/**
 * Folds one case's stored events with the shared reducer. An event this build cannot read
 * (a newer client's type or version) is kept in the store and timeline but left out of the
 * fold, exactly as main and the service do.
 */
export function foldEventRecords(records: readonly EventRecord[]): CaseState | null {
  const events: CaseEvent[] = [];
  for (const record of orderEventRecords(records)) {
    const parsed = parseCaseEvent(record.event);
    if (parsed.ok) events.push(parsed.event);
  }
  return foldCase(events);
}
