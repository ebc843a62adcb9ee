import { DateTime } from 'luxon';
import { z } from 'zod';
import type { CaseState } from '../domain/caseState';
import { caseTypeLabel, channelLabel } from '../domain/enums';
import type { SlaClock } from '../sla/clocks';
import { isIsoDateTimeWithZone } from '../workflow/answers';
import type { WorkflowSummary } from '../workflow/engine';

/** What the bank prints on every acknowledgement (resources/acknowledgement.json). */
export const AcknowledgementSettings = z.strictObject({
  bankName: z.string().trim().min(1),
  title: z.string().trim().min(1),
  contact: z.array(z.strictObject({ label: z.string().trim().min(1), value: z.string().trim().min(1) })).min(1),
  quoteReference: z.string().trim().min(1),
  /** When the case has no running clock with a due date (a general complaint has only the acknowledgement clock). */
  nextStepsWithoutDeadline: z.string().trim().min(1),
  /** The policy's durations, printed when the SLA configuration cannot be loaded to give exact dates. */
  commitmentsWhenClocksUnavailable: z.array(z.string().trim().min(1)).min(1),
  complaintRights: z.string().trim().min(1),
});
export type AcknowledgementSettings = z.infer<typeof AcknowledgementSettings>;

export interface AcknowledgementLine {
  label: string;
  value: string;
}

/** Everything printed on one acknowledgement, already in words: the PDF only lays it out. */
export interface AcknowledgementContent {
  reference: string;
  bankName: string;
  title: string;
  issued: string;
  details: AcknowledgementLine[];
  reported: AcknowledgementLine[];
  nextSteps: string[];
  contact: AcknowledgementLine[];
  quoteReference: string;
  complaintRights: string;
}

export interface AcknowledgementInput {
  caseState: CaseState;
  /** The latest workflow run's summary, when a workflow ran on the case. */
  summary: WorkflowSummary | null;
  /** The case's SLA clocks now; null when the SLA configuration could not be loaded. */
  clocks: readonly SlaClock[] | null;
  settings: AcknowledgementSettings;
  customerName: string | null;
  branchId: string | null;
  timeZone: string;
  issuedAt: string;
}

/**
 * Builds the customer's acknowledgement from the recorded case. Only what the customer
 * said (text, amounts, dates, choices) is repeated back; the desk's yes/no checks (ID seen,
 * vulnerability flag) are the bank's notes, not the customer's account of events.
 */
export function buildAcknowledgement(input: AcknowledgementInput): AcknowledgementContent {
  const { caseState, summary, settings } = input;
  const when = (iso: string) => formatLocal(iso, input.timeZone);
  const details: AcknowledgementLine[] = [
    ...(input.customerName ? [{ label: 'Customer', value: input.customerName }] : []),
    { label: 'Complaint about', value: caseTypeLabel[caseState.caseType] },
    { label: 'Summary', value: caseState.subject },
    { label: 'Received', value: `${when(caseState.createdAt)}, ${channelLabel[caseState.channel].toLowerCase()}${input.branchId ? ` at branch ${input.branchId}` : ''}` },
  ];
  const reported = (summary?.steps ?? []).flatMap((step) =>
    step.answers
      .filter((answer) => typeof answer.value !== 'boolean')
      .map((answer) => ({ label: answer.label, value: typeof answer.value === 'string' && isIsoDateTimeWithZone(answer.value) ? when(answer.value) : answer.display })),
  );
  return {
    reference: caseState.id,
    bankName: settings.bankName,
    title: settings.title,
    issued: when(input.issuedAt),
    details,
    reported,
    nextSteps: nextSteps(input.clocks, settings, when),
    contact: settings.contact,
    quoteReference: settings.quoteReference,
    complaintRights: settings.complaintRights,
  };
}

function nextSteps(clocks: readonly SlaClock[] | null, settings: AcknowledgementSettings, when: (iso: string) => string): string[] {
  if (clocks === null) return settings.commitmentsWhenClocksUnavailable;
  const steps: string[] = [];
  const acknowledged = clocks.find((clock) => clock.clockType === 'first_response' && clock.stoppedAt !== null);
  if (acknowledged?.stoppedAt) steps.push(`Acknowledged: ${when(acknowledged.stoppedAt)} (this letter).`);
  const open = clocks.filter((clock) => clock.stoppedAt === null).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  for (const clock of open) steps.push(`${clock.label}: by ${when(clock.dueAt)}${clock.paused ? ' (on hold while we wait for information from you)' : ''}.`);
  if (!open.some((clock) => clock.clockType !== 'first_response')) steps.push(settings.nextStepsWithoutDeadline);
  return steps;
}

/** "5 Mar 2026, 9:30 AM EST": the customer's copy reads in the branch's own time. */
export function formatLocal(iso: string, timeZone: string): string {
  const local = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone);
  const shown = local.isValid ? local : DateTime.fromISO(iso, { zone: 'utc' });
  return shown.toFormat('d LLL yyyy, h:mm a ZZZZ');
}
