import { useId, useState } from 'react';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';

/** "Reopen case": back to open with a new resolution clock; the reason stays on the timeline. */
export function ReopenDialog({ caseState, decide, onCancel, onDone }: CaseDialogProps) {
  const [reason, setReason] = useState('');
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
      draft={() => (reason.trim() ? { caseId: caseState.id, type: 'case.reopened', payload: { reason: reason.trim() } } : { missing: 'Say why the case is reopened.' })}
    >
      <label htmlFor={`${id}-reason`}>Why reopen it?</label>
      <input id={`${id}-reason`} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
    </ActionDialog>
  );
}
