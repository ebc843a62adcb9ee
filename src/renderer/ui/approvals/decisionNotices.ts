import type { EventRecord } from '../../data/db';
import { formatUsd } from '../format';
import { remediationLabel, type RemediationKind } from '../../../shared/workflow/definition';

/** A supervisor's (or finance's) decision on a remediation this agent asked for. */
export interface DecisionNotice {
  eventId: string;
  caseId: string;
  decision: 'approved' | 'rejected';
  deciderId: string;
  at: string;
  kind: string;
  amountCents: number;
  /** The rejection's reason or the approval's note. */
  note: string | null;
}

/**
 * Decisions on `agentId`'s own requests among these events (a case's events, any order), made by
 * someone else: what the requester must be told, with the amount and who decided.
 */
export function decisionNoticesFor(agentId: string, records: readonly EventRecord[]): DecisionNotice[] {
  const requests = new Map<string, { kind: string; amountCents: number; requestedBy: string }>();
  for (const { event } of records) {
    if (event.type !== 'remediation.requested') continue;
    const p = event.payload as { requestId?: unknown; kind?: unknown; amountCents?: unknown };
    if (typeof p.requestId === 'string' && typeof p.kind === 'string' && typeof p.amountCents === 'number') requests.set(p.requestId, { kind: p.kind, amountCents: p.amountCents, requestedBy: event.actorId });
  }
  const notices: DecisionNotice[] = [];
  for (const { event } of records) {
    if (event.type !== 'remediation.approved' && event.type !== 'remediation.rejected') continue;
    const p = event.payload as { requestId?: unknown; note?: unknown; reason?: unknown };
    const request = typeof p.requestId === 'string' ? requests.get(p.requestId) : undefined;
    if (!request || request.requestedBy !== agentId || event.actorId === agentId) continue;
    const note = event.type === 'remediation.rejected' ? p.reason : p.note;
    notices.push({
      eventId: event.id,
      caseId: event.caseId,
      decision: event.type === 'remediation.approved' ? 'approved' : 'rejected',
      deciderId: event.actorId,
      at: event.at,
      kind: request.kind,
      amountCents: request.amountCents,
      note: typeof note === 'string' && note.trim() ? note : null,
    });
  }
  return notices.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** "Fee reversal of $50.00 on AC-… approved by Sam Ortiz". */
export function describeDecision(notice: DecisionNotice, nameOf: (agentId: string) => string): string {
  const what = Object.hasOwn(remediationLabel, notice.kind) ? remediationLabel[notice.kind as RemediationKind] : notice.kind.replaceAll('_', ' ');
  return `${what} of ${formatUsd(notice.amountCents)} on ${notice.caseId} ${notice.decision} by ${nameOf(notice.deciderId)}`;
}
