import { parseCaseEvent, type CaseEvent } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import { foldCase } from '../../shared/cases/reducer';
import { foldContact } from '../../shared/cases/contactReducer';
import type { ContactState } from '../../shared/domain/contactState';
import type { EventRecord } from './db';
import { orderEventRecords } from './orderEvents';

/**
 * Folds one case's stored events with the shared reducer. An event this build cannot read
 * (a newer client's type or version) is kept in the store and timeline but left out of the
 * fold, exactly as main and the service do.
 */
export function foldEventRecords(records: readonly EventRecord[]): CaseState | null {
  return foldCase(readableEvents(records));
}

/** A contact stream (CT-…) folded the same way, with the shared contact reducer. */
export function foldContactRecords(records: readonly EventRecord[]): ContactState | null {
  return foldContact(readableEvents(records));
}

function readableEvents(records: readonly EventRecord[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const record of orderEventRecords(records)) {
    // A change the service refused never happened to the case, on any replica.
    if (record.rejectedReason) continue;
    const parsed = parseCaseEvent(record.event);
    if (parsed.ok) events.push(parsed.event);
  }
  return events;
}
