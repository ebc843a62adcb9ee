import { useId, useState } from 'react';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';

/** "Wait on customer": the clocks pause until the case is resumed; the reason says what the customer owes. */
export function WaitOnCustomerDialog({ caseState, decide, onCancel, onDone }: CaseDialogProps) {
  const [reason, setReason] = useState('');
  const id = useId();
  return (
    <ActionDialog
      title="Wait on customer"
      submitLabel="Start waiting"
      busyLabel="Saving…"
      doneMessage="Waiting on the customer: the clocks are paused"
      decide={decide}
      onCancel={onCancel}
      onDone={onDone}
      draft={() =>
        reason.trim()
          ? { caseId: caseState.id, type: 'status.changed', payload: { to: 'waiting_on_customer', from: caseState.status, reason: reason.trim() } }
          : { missing: 'Say what you are waiting for from the customer.' }
      }
    >
      <label htmlFor={`${id}-reason`}>What are you waiting for?</label>
      <input id={`${id}-reason`} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
    </ActionDialog>
  );
}
