import { resolutionCodeLabel } from '../../../shared/cases/resolutionCodes';
import type { CaseConflict, ConflictSide } from '../../../shared/domain/caseState';
import { caseTypeLabel, statusLabel } from '../../../shared/domain/enums';
import { severityLabel } from '../format';

/** What a conflict is about, as a heading: "Two owners", "A resolution against a change it never saw" … */
export const conflictKindWords: Record<CaseConflict['kind'], string> = {
  resolution: 'Two outcomes (a resolution made without seeing the other change)',
  owner: 'Two owners',
  severity: 'Two severities',
  type: 'Two case types',
  status: 'Two statuses',
  close: 'A closure of a resolution that changed',
  escalation: 'An escalation made without seeing the other change',
};

/** One side of a conflict in words: what the case would be if that side were kept. */
export function conflictSideWords(conflict: CaseConflict, side: ConflictSide, nameOf: (agentId: string) => string): string {
  const v = side.value;
  switch (conflict.kind) {
    case 'resolution':
      if (v.resolution === null || v.resolution === undefined) return v.status ? `${statusLabel[v.status]}${v.escalationLevel ? `, escalation level ${v.escalationLevel}` : ''}` : 'no resolution';
      return `${v.resolutionCode ? `${resolutionCodeLabel(v.resolutionCode)}: ` : ''}${v.resolution}`;
    case 'owner':
      return v.ownerId ? nameOf(v.ownerId) : 'nobody (back in its queue)';
    case 'severity':
      return v.severity ? `${v.severity} ${severityLabel[v.severity]}` : 'unchanged';
    case 'type':
      return v.caseType ? caseTypeLabel[v.caseType] : 'unchanged';
    case 'escalation':
      if (v.escalationLevel && v.ownerId !== undefined) return `escalation level ${v.escalationLevel} to ${v.ownerId ? nameOf(v.ownerId) : 'its queue'}`;
      return v.status ? statusLabel[v.status] : v.ownerId ? nameOf(v.ownerId) : 'unchanged';
    case 'status':
    case 'close':
      return v.status ? statusLabel[v.status] : 'unchanged';
  }
}

/** The banner's sentence for one conflict: both sides, who made them, and which one stands. */
export function describeConflict(conflict: CaseConflict, nameOf: (agentId: string) => string): string {
  const [standing, held] = conflict.sides;
  return `${conflictKindWords[conflict.kind]}: “${conflictSideWords(conflict, standing, nameOf)}” by ${nameOf(standing.actorId)} stands; “${conflictSideWords(conflict, held, nameOf)}” by ${nameOf(held.actorId)} is held until it is settled.`;
}
