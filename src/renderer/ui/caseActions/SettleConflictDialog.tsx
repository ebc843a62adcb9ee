import { useId, useState } from 'react';
import { formatInstant } from '../format';
import { conflictKindWords, conflictSideWords } from '../conflicts/conflictWords';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';

/** "Settle conflict" (supervisors): of two changes made without seeing each other, keep one. */
export function SettleConflictDialog({ caseState, decide, onCancel, onDone, nameOf, timeZone }: CaseDialogProps & { nameOf(agentId: string): string; timeZone: string }) {
  const conflict = caseState.conflicts[0];
  const [keep, setKeep] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const id = useId();
  if (!conflict) return null;
  return (
    <ActionDialog
      title="Settle conflict"
      submitLabel="Settle"
      busyLabel="Settling…"
      doneMessage="Conflict settled"
      decide={decide}
      onCancel={onCancel}
      onDone={onDone}
      draft={() =>
        keep
          ? { caseId: caseState.id, type: 'conflict.settled', payload: { conflictId: conflict.conflictId, keepEventId: keep, ...(note.trim() ? { note: note.trim() } : {}) } }
          : { missing: 'Choose which change to keep.' }
      }
    >
      <fieldset className="radio-group">
        <legend>{conflictKindWords[conflict.kind]}: keep which?</legend>
        {conflict.sides.map((side) => (
          <label key={side.eventId}>
            <input type="radio" name={`${id}-keep`} checked={keep === side.eventId} onChange={() => setKeep(side.eventId)} /> {conflictSideWords(conflict, side, nameOf)} — {nameOf(side.actorId)},{' '}
            {formatInstant(side.at, timeZone)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-note`}>Note (optional)</label>
      <input id={`${id}-note`} maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
    </ActionDialog>
  );
}
