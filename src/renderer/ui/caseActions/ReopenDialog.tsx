import { useId } from 'react';
import { caseEventPayloads } from '../../../shared/domain/caseEvent';
import { TypedTextProblem, useTypedText } from '../typedText';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';

/** "Reopen case": back to open with a new resolution clock; the reason stays on the timeline. */
export function ReopenDialog({ caseState, decide, onCancel, onDone }: CaseDialogProps) {
  const typed = useTypedText(caseEventPayloads['case.reopened'].shape.reason, 'This reason');
  const reason = typed.text;
  const id = useId();
  return (
    <ActionDialog
      title="Reopen case"
      submitLabel="Reopen"
      busyLabel="Reopening…"
      doneMessage="Case reopened: a new resolution clock runs"
      decide={decide}
      onCancel={onCancel}
      onDone={onDone}
      blockedBy={typed.blockedBy}
      draft={() => (reason.trim() ? { caseId: caseState.id, type: 'case.reopened', payload: { reason: reason.trim() } } : { missing: 'Say why the case is reopened.' })}
    >
      <label htmlFor={`${id}-reason`}>Why reopen it?</label>
      <input id={`${id}-reason`} {...typed.inputProps} />
      <TypedTextProblem id={typed.problemId} problem={typed.problem} />
    </ActionDialog>
  );
}
