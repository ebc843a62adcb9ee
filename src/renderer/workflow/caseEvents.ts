import { parseCaseEvent, type CaseEvent } from '../../shared/domain/caseEvent';
import type { EventRecord, ReadModelDb } from '../data/db';
import { orderEventRecords } from '../data/orderEvents';

/** One case's events this build can read, in fold order (newer clients' events are kept in the store, left out here). */
export function readableEvents(records: readonly EventRecord[]): CaseEvent[] {
  return orderEventRecords(records).flatMap((record) => {
    const parsed = parseCaseEvent(record.event);
    return parsed.ok ? [parsed.event] : [];
  });
}

/** Straight from the read model, for decisions that must not use a render's stale copy. */
export async function loadCaseEvents(db: ReadModelDb, caseId: string): Promise<CaseEvent[]> {
  return readableEvents(await db.events.where('caseId').equals(caseId).toArray());
}
