import { useId, useState } from 'react';
import { CaseType, caseTypeLabel } from '../../../shared/domain/enums';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';

/** "Change type": the SLA clocks and scripts follow the new type, so the reason is kept with it. */
export function ChangeTypeDialog({ caseState, decide, onCancel, onDone }: CaseDialogProps) {
  const [caseType, setCaseType] = useState<CaseType>(caseState.caseType);
  const [reason, setReason] = useState('');
  const id = useId();
  return (
    <ActionDialog
      title="Change type"
      submitLabel="Save new type"
      busyLabel="Saving…"
      doneMessage={`Type changed to ${caseTypeLabel[caseType]}; the clocks follow it`}
      decide={decide}
      onCancel={onCancel}
      onDone={onDone}
      draft={() => {
        if (caseType === caseState.caseType) return { missing: `The case is already ${caseTypeLabel[caseType]}; choose another type.` };
        if (!reason.trim()) return { missing: 'Say why the type changes.' };
        return { caseId: caseState.id, type: 'case.type_changed', payload: { caseType, from: caseState.caseType, reason: reason.trim() } };
      }}
    >
      <label htmlFor={`${id}-type`}>New type</label>
      <select id={`${id}-type`} value={caseType} onChange={(event) => setCaseType(event.target.value as CaseType)}>
        {CaseType.options.map((option) => (
          <option key={option} value={option}>
            {caseTypeLabel[option]}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-reason`}>Reason</label>
      <input id={`${id}-reason`} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
    </ActionDialog>
  );
}
