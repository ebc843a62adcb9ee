import { useId, useState } from 'react';
import { resolutionCodesFor } from '../../../shared/cases/resolutionCodes';
import { caseEventPayloads } from '../../../shared/domain/caseEvent';
import { TypedTextProblem, useTypedText } from '../typedText';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';

/**
 * "Resolve case": a code from resources/resolution-codes.json and the summary the customer is told.
 * Whether it was solved on the first contact is not asked: the case's contacts decide it.
 */
export function ResolveDialog({ caseState, decide, onCancel, onDone }: CaseDialogProps) {
  const codes = resolutionCodesFor(caseState.caseType);
  const [code, setCode] = useState('');
  const typed = useTypedText(caseEventPayloads['case.resolved'].shape.resolution, 'This summary');
  const summary = typed.text;
  const id = useId();
  return (
    <ActionDialog
      title="Resolve case"
      submitLabel="Resolve"
      busyLabel="Resolving…"
      doneMessage="Case resolved"
      decide={decide}
      onCancel={onCancel}
      onDone={onDone}
      blockedBy={typed.blockedBy}
      draft={() => {
        if (!code) return { missing: 'Choose how the case was resolved.' };
        if (!summary.trim()) return { missing: 'Write the resolution the customer is told.' };
        return { caseId: caseState.id, type: 'case.resolved', payload: { code, resolution: summary.trim() } };
      }}
    >
      <label htmlFor={`${id}-code`}>Resolution</label>
      <select id={`${id}-code`} value={code} onChange={(event) => setCode(event.target.value)}>
        <option value="">Choose…</option>
        {codes.map((option) => (
          <option key={option.code} value={option.code}>
            {option.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-summary`}>Summary for the customer</label>
      <textarea id={`${id}-summary`} rows={4} {...typed.inputProps} />
      <TypedTextProblem id={typed.problemId} problem={typed.problem} />
    </ActionDialog>
  );
}
