import { parseCaseEvent, type CaseEvent } from '../../../shared/domain/caseEvent';
import type { Journal } from './journal';

/** One case's events from the journal, in the order every replica folds them; records that no longer parse are left out. */
export function journalCaseEvents(journal: Journal, caseId: string): CaseEvent[] {
  return journal.eventsForCase(caseId).flatMap((entry) => {
    const parsed = parseCaseEvent(entry.event);
    return parsed.ok ? [parsed.event] : [];
  });
}
