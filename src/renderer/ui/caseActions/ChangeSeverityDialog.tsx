import { useId, useState } from 'react';
import { Severity } from '../../../shared/domain/enums';
import { severityLabel } from '../format';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';

/** "Change severity": the clocks are recomputed for the new severity, so the reason is kept with it. */
export function ChangeSeverityDialog({ caseState, decide, onCancel, onDone }: CaseDialogProps) {
  const [severity, setSeverity] = useState<Severity>(caseState.severity);
  const [reason, setReason] = useState('');
  const id = useId();
  return (
    <ActionDialog
      title="Change severity"
      submitLabel="Save new severity"
      busyLabel="Saving…"
      doneMessage={`Severity changed to ${severity} ${severityLabel[severity]}; the clocks are recomputed`}
      decide={decide}
      onCancel={onCancel}
      onDone={onDone}
      draft={() => {
        if (severity === caseState.severity) return { missing: `The case is already ${severity} ${severityLabel[severity]}; choose another severity.` };
        if (!reason.trim()) return { missing: 'Say why the severity changes.' };
        return { caseId: caseState.id, type: 'severity.set', payload: { severity, from: caseState.severity, reason: reason.trim() } };
      }}
    >
      <label htmlFor={`${id}-severity`}>New severity</label>
      <select id={`${id}-severity`} value={severity} onChange={(event) => setSeverity(event.target.value as Severity)}>
        {Severity.options.map((option) => (
          <option key={option} value={option}>
            {option} {severityLabel[option]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-reason`}>Reason</label>
      <input id={`${id}-reason`} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
    </ActionDialog>
  );
}
