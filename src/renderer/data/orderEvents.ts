import type { EventRecord } from './db';

/**
 * The order every replica folds a case in: events the service has confirmed by their service
 * sequence, then this desktop's unconfirmed ones in the order they were recorded here.
 */
export function compareEventRecords(a: EventRecord, b: EventRecord): number {
  const aSeq = a.synced ? a.seq : null;
  const bSeq = b.synced ? b.seq : null;
  if (aSeq !== null && bSeq !== null) return aSeq - bSeq || a.localSeq - b.localSeq;
  if (aSeq !== null) return -1;
  if (bSeq !== null) return 1;
  return a.localSeq - b.localSeq;
}

export function orderEventRecords(records: readonly EventRecord[]): EventRecord[] {
  return [...records].sort(compareEventRecords);
}
