import { useId, useState } from 'react';
import { resolutionCodeLabel } from '../../../shared/cases/resolutionCodes';
import type { CaseConflict, ConflictSide } from '../../../shared/domain/caseState';
import { caseTypeLabel, statusLabel } from '../../../shared/domain/enums';
import { formatInstant, severityLabel } from '../format';
import { ActionDialog } from './ActionDialog';
import type { CaseDialogProps } from './dialogProps';

const kindWords: Record<CaseConflict['kind'], string> = {
  resolution: 'Two resolutions',
  owner: 'Two owners',
  severity: 'Two severities',
  type: 'Two case types',
  status: 'Two statuses',
  close: 'A closure of a resolution that changed',
  escalation: 'Two escalations',
};

function sideWords(conflict: CaseConflict, side: ConflictSide, nameOf: (agentId: string) => string): string {
  const v = side.value;
  switch (conflict.kind) {
    case 'resolution':
      return `${v.resolutionCode ? `${resolutionCodeLabel(v.resolutionCode)}: ` : ''}${v.resolution ?? 'no resolution'}`;
    case 'owner':
      return v.ownerId ? nameOf(v.ownerId) : 'nobody (back in its queue)';
    case 'severity':
      return v.severity ? `${v.severity} ${severityLabel[v.severity]}` : 'unchanged';
    case 'type':
      return v.caseType ? caseTypeLabel[v.caseType] : 'unchanged';
    case 'escalation':
      return v.escalationLevel ? `level ${v.escalationLevel}` : 'unchanged';
    case 'status':
    case 'close':
      return v.status ? statusLabel[v.status] : 'unchanged';
  }
}

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
        <legend>{kindWords[conflict.kind]}: keep which?</legend>
        {conflict.sides.map((side) => (
          <label key={side.eventId}>
            <input type="radio" name={`${id}-keep`} checked={keep === side.eventId} onChange={() => setKeep(side.eventId)} /> {sideWords(conflict, side, nameOf)} — {nameOf(side.actorId)},{' '}
            {formatInstant(side.at, timeZone)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-note`}>Note (optional)</label>
      <input id={`${id}-note`} maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
    </ActionDialog>
  );
}
