import { foldCase } from '../cases/reducer';
import type { CaseEvent } from '../domain/caseEvent';
import type { CustomerTier } from '../domain/enums';
import { computeClocks } from '../sla/clocks';
import type { SlaConfig } from '../sla/policy';
import { runWorkflow, type WorkflowSummary } from '../workflow/engine';
import type { RemediationLimits } from '../workflow/limits';
import { foldWorkflowRuns } from '../workflow/progress';
import { selectDefinition, type WorkflowRegistry } from '../workflow/registry';
import type { TimeWindowConfig } from '../workflow/windows';
import { buildAcknowledgement, type AcknowledgementContent, type AcknowledgementSettings } from './acknowledgement';
import { manualCustomerName } from './walkInContact';

export interface CaseAcknowledgementInput {
  /** The case's events in fold order. */
  events: readonly CaseEvent[];
  registry: WorkflowRegistry;
  limits: RemediationLimits;
  windows: TimeWindowConfig;
  /** null when the SLA configuration could not be loaded: the policy's durations are printed instead of dates. */
  sla: SlaConfig | null;
  settings: AcknowledgementSettings;
  /** The linked customer, when the desk could look them up. */
  customer: { fullName: string; tier: CustomerTier } | null;
  branchId: string | null;
  timeZone: string;
  now: string;
}

export type CaseAcknowledgement = { ok: true; content: AcknowledgementContent; clocksUnavailableReason: string | null } | { ok: false; reason: string };

/**
 * Everything a printed acknowledgement says, from the case's own record: the latest workflow
 * run's answers (replayed on the version it recorded), the SLA due dates as of now, and the
 * customer's name (from their record, or as typed at the desk for a walk-in with no match).
 */
export function acknowledgementForCase(input: CaseAcknowledgementInput): CaseAcknowledgement {
  const caseState = foldCase(input.events);
  if (!caseState) return { ok: false, reason: 'this case has no creation event on this desktop yet' };

  const run = foldWorkflowRuns(input.events).at(-1);
  let summary: WorkflowSummary | null = null;
  if (run) {
    const selected = selectDefinition(input.registry, run.workflowId, run.version);
    if (selected.ok) summary = runWorkflow(selected.definition, run.progress, { role: 'branch_staff', limits: input.limits, windows: input.windows }).summary;
  }

  let clocks = null;
  let clocksUnavailableReason: string | null = null;
  if (input.sla) {
    try {
      clocks = computeClocks({ events: input.events, customerTier: input.customer?.tier ?? null, policies: input.sla.policies, calendars: input.sla.calendars, now: input.now });
    } catch (error) {
      clocksUnavailableReason = error instanceof Error ? error.message : String(error);
    }
  } else clocksUnavailableReason = 'the SLA configuration could not be loaded';

  const manualName = input.events.flatMap((event) => (event.type === 'contact.linked' ? [manualCustomerName(event.payload.summary)] : [])).find((name) => name !== null) ?? null;
  const content = buildAcknowledgement({
    caseState,
    summary,
    clocks,
    settings: input.settings,
    customerName: input.customer?.fullName ?? manualName,
    branchId: input.branchId,
    timeZone: input.timeZone,
    issuedAt: input.now,
  });
  return { ok: true, content, clocksUnavailableReason };
}
