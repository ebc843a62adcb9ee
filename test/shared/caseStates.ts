import { applyCaseEvent } from '../../src/shared/cases/reducer';
import type { CaseState } from '../../src/shared/domain/caseState';
import { created } from './eventFactory';

/** A case as freshly opened (folded from a real case.created), with the fields a test cares about overridden. */
export function caseStateOf(overrides: Partial<CaseState> = {}): CaseState {
  const base = applyCaseEvent(null, created({ caseId: overrides.id ?? 'CASE-1' }));
  if (!base) throw new Error('case.created folded to nothing');
  return { ...base, ...overrides };
}
