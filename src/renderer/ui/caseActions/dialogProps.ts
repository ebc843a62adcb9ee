import type { CaseState } from '../../../shared/domain/caseState';
import type { Decision } from '../../../shared/policy/casePolicy';
import type { ActionDraft } from './useRecordAction';

/** What every case action's dialog is given by the case screen. */
export interface CaseDialogProps {
  caseState: CaseState;
  decide(draft: ActionDraft): Decision;
  onCancel(): void;
  onDone(message: string): void;
}
