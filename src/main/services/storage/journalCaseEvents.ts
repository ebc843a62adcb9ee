import { applyCaseEvent } from '../../../shared/cases/reducer';
import { parseCaseEvent, type CaseEvent } from '../../../shared/domain/caseEvent';
import type { CaseState } from '../../../shared/domain/caseState';
import type { Journal } from './journal';

/** One case's events from the journal, in the order every replica folds them; records that no longer parse are left out. */
export function journalCaseEvents(journal: Journal, caseId: string): CaseEvent[] {
  return journal.eventsForCase(caseId).flatMap((entry) => {
    const parsed = parseCaseEvent(entry.event);
    return parsed.ok ? [parsed.event] : [];
  });
}

/** One case's state: its snapshot (if compaction folded its early events) with the events after it. */
export function journalCaseState(journal: Journal, caseId: string): CaseState | null {
  const snapshot = journal.snapshotOf(caseId);
  let state: CaseState | null = snapshot ? structuredClone(snapshot.state) : null;
  for (const event of journalCaseEvents(journal, caseId)) state = applyCaseEvent(state, event);
  return state;
}
