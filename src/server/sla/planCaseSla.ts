import { formatHlc } from '../../shared/clock/hlc';
import { EVENT_SCHEMA_VERSION, type CaseEventOf } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import type { SlaClock } from '../../shared/sla/clocks';
import type { WebhookPayload } from '../webhooks/webhookPayload';
import { escalationOwner, stepForOverdue, type DirectoryAgent, type EscalationStep } from './escalationMatrix';
import { nameBasedUuid } from './nameBasedUuid';

/** Author of automatic escalations: not an agent, so no signed-in desktop can forge one. */
import { SLA_ACTOR_ID } from '../../shared/domain/agent';
export { SLA_ACTOR_ID };
export const SLA_DEVICE_ID = 'case-service';

export interface CaseSlaPlanInput {
  caseState: CaseState;
  clocks: readonly SlaClock[];
  agents: readonly DirectoryAgent[];
  steps: readonly EscalationStep[];
  now: Date;
}

export interface PlannedEscalation {
  event: CaseEventOf<'case.escalated'>;
  clock: SlaClock;
  step: EscalationStep;
  fromOwnerId: string | null;
}

export interface CaseSlaPlan {
  /** At most one per case and sweep: the step the most overdue service clock calls for. */
  escalation: PlannedEscalation | null;
  /** sla.breached / sla.warning facts; each has a deterministic id, so recording one twice is a no-op. */
  notifications: WebhookPayload[];
  /** A step is due but the directory has nobody for it (logged; the breach is still notified). */
  unstaffed: { clock: SlaClock; step: EscalationStep }[];
}

/**
 * What the SLA sweep should do about one open case, from its clocks alone (pure).
 * - A service clock that is breached, still running and not paused asks for the escalation step
 *   its overdue business time has reached; the case moves only if that level is above the
 *   case's current escalation level, so a case already there (automatically or by hand) stays.
 * - Statutory clocks never reassign the case; nor does an overdue evidence clock (the customer is
 *   late, not the bank: the owner is alerted and decides on what they have). Every breach is notified.
 * - A warning is notified once per clock cycle and warning level; a breach once per cycle.
 * The escalation event id is derived from case, clock, clock start and level: two sweeps, two
 * service instances or a restart all produce the same event, which the service stores once.
 */
export function planCaseSla(input: CaseSlaPlanInput): CaseSlaPlan {
  const { caseState, clocks, agents, steps, now } = input;
  const notifications: WebhookPayload[] = [];
  const unstaffed: CaseSlaPlan['unstaffed'] = [];
  let chosen: { clock: SlaClock; step: EscalationStep } | null = null;

  for (const clock of clocks) {
    if (clock.state === 'breached') notifications.push(clockNotification('sla.breached', caseState, clock, clock.dueAt));
    if (clock.state === 'warning') notifications.push(clockNotification('sla.warning', caseState, clock, now.toISOString()));
    if (clock.kind !== 'service' || clock.clockType === 'evidence' || clock.state !== 'breached' || clock.stoppedAt !== null || clock.paused) continue;
    const step = stepForOverdue(steps, clock.overdueBusinessMs, true);
    if (!step || step.level <= caseState.escalationLevel) continue;
    if (!chosen || outranks({ clock, step }, chosen)) chosen = { clock, step };
  }

  let escalation: PlannedEscalation | null = null;
  if (chosen) {
    const toOwnerId = escalationOwner(chosen.step.target, caseState, agents);
    if (toOwnerId === null) unstaffed.push(chosen);
    else escalation = { event: escalationEvent(caseState, chosen.clock, chosen.step, toOwnerId, now), clock: chosen.clock, step: chosen.step, fromOwnerId: caseState.ownerId };
  }
  return { escalation, notifications, unstaffed };
}

/** Highest level first, then the clock due first, then by id: every instance picks the same clock. */
function outranks(a: { clock: SlaClock; step: EscalationStep }, b: { clock: SlaClock; step: EscalationStep }): boolean {
  if (a.step.level !== b.step.level) return a.step.level > b.step.level;
  if (a.clock.dueAt !== b.clock.dueAt) return a.clock.dueAt < b.clock.dueAt;
  return a.clock.id < b.clock.id;
}

function escalationEvent(caseState: CaseState, clock: SlaClock, step: EscalationStep, toOwnerId: string, now: Date): CaseEventOf<'case.escalated'> {
  const reason =
    `SLA clock "${clock.label}" (${clock.id}) breached: due ${clock.dueAt}, ` +
    `${formatDuration(clock.overdueBusinessMs)} overdue in business time. Escalated to ${step.label} (level ${step.level}).`;
  return {
    id: nameBasedUuid(['case.escalated', caseState.id, clock.id, clock.startedAt, String(step.level)].join('\n')),
    caseId: caseState.id,
    schemaVersion: EVENT_SCHEMA_VERSION,
    type: 'case.escalated',
    at: now.toISOString(),
    hlc: formatHlc({ wallMs: now.getTime(), counter: 0 }, SLA_DEVICE_ID),
    actorId: SLA_ACTOR_ID,
    deviceId: SLA_DEVICE_ID,
    payload: { level: step.level, toOwnerId, reason: reason.length > 500 ? `${reason.slice(0, 499)}…` : reason, automatic: true },
  };
}

function clockNotification(type: 'sla.breached' | 'sla.warning', caseState: CaseState, clock: SlaClock, occurredAt: string): WebhookPayload {
  const identity = [type, caseState.id, clock.id, clock.startedAt, ...(type === 'sla.warning' ? [String(clock.warningLevel)] : [])];
  return { id: nameBasedUuid(identity.join('\n')), type, occurredAt, caseId: caseState.id, data: { clock: clockSummary(clock), case: caseSummary(caseState) } };
}

/** The case.escalated webhook for an escalation event the service has stored at `seq`. */
export function escalationWebhook(planned: PlannedEscalation, seq: number): WebhookPayload {
  const { event } = planned;
  return {
    id: event.id,
    type: 'case.escalated',
    occurredAt: event.at,
    caseId: event.caseId,
    data: {
      eventId: event.id,
      seq,
      level: event.payload.level,
      fromOwnerId: planned.fromOwnerId,
      toOwnerId: event.payload.toOwnerId,
      target: planned.step.target,
      reason: event.payload.reason,
      automatic: true,
      clock: clockSummary(planned.clock),
    },
  };
}

function clockSummary(clock: SlaClock) {
  return {
    id: clock.id,
    label: clock.label,
    kind: clock.kind,
    clockType: clock.clockType,
    state: clock.state,
    startedAt: clock.startedAt,
    dueAt: clock.dueAt,
    stoppedAt: clock.stoppedAt,
    calendarId: clock.calendarId,
    warningLevel: clock.warningLevel,
    fractionElapsed: Math.round(clock.fractionElapsed * 10_000) / 10_000,
    remainingBusinessMs: clock.remainingBusinessMs,
    overdueBusinessMs: clock.overdueBusinessMs,
    source: clock.source,
    policyVersion: clock.policyVersion,
  };
}

function caseSummary(caseState: CaseState) {
  return {
    ownerId: caseState.ownerId,
    status: caseState.status,
    caseType: caseState.caseType,
    severity: caseState.severity,
    customerId: caseState.customerId,
    escalationLevel: caseState.escalationLevel,
  };
}

/** "2h 05m", "30h 00m": business time in hours, since a business "day" differs between calendars. */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.floor(Math.max(0, ms) / 60_000);
  return `${Math.floor(totalMinutes / 60)}h ${String(totalMinutes % 60).padStart(2, '0')}m`;
}
