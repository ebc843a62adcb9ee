import { parseCaseEvent, type CaseEventEnvelope, type CaseEventType } from '../../shared/domain/caseEvent';
import { caseTypeLabel, channelLabel, statusLabel } from '../../shared/domain/enums';
import { formatUsd, severityLabel } from './format';
import { resolutionCodeLabel } from '../../shared/cases/resolutionCodes';
import { formatAnswer, selectDefinition, type WorkflowDefinition, type WorkflowRegistry } from '../../shared/workflow';

export interface EventDescription {
  /** One line saying what happened, e.g. "Status changed to Waiting on customer". */
  summary: string;
  /** Free text the agent or customer wrote (a note, a resolution), shown as written. */
  body: string | null;
}

const revealedField = { account_number: 'account number', card_number: 'card number', phone: 'phone number', email: 'email address', address: 'address' } as const;
const remediationKind = {
  fee_reversal: 'Fee reversal',
  refund: 'Refund',
  provisional_credit: 'Provisional credit',
  expedited_payment_posting: 'Expedited payment posting',
  executive_review: 'Executive review',
} as const;
const approvalNeeded = { none: 'within own limit', supervisor: 'needs supervisor approval', finance_legal: 'needs finance/legal sign-off' } as const;
const messageKind = { acknowledgement: 'Acknowledgement', response: 'Response', status_update: 'Status update' } as const;

const typeLabels: Record<CaseEventType, string> = {
  'case.created': 'New case',
  'contact.linked': 'Linked contact',
  'note.added': 'Note',
  'message.sent': 'Message to customer',
  'status.changed': 'Status change',
  'severity.set': 'Severity change',
  'owner.assigned': 'Assignment',
  'case.escalated': 'Escalation',
  'case.resolved': 'Resolution',
  'case.reopened': 'Reopening',
  'case.closed': 'Closure',
  'conflict.settled': 'Conflict settlement',
  'customer.verified': 'Identity check',
  'customer.linked': 'Customer linked',
  'sensitive.revealed': 'Reveal of masked data',
  'workflow.started': 'Workflow start',
  'workflow.answered': 'Workflow answer',
  'workflow.step_completed': 'Workflow step',
  'workflow.completed': 'Workflow completion',
  'remediation.requested': 'Remediation request',
  'remediation.approved': 'Remediation approval',
  'remediation.rejected': 'Remediation rejection',
  'contact.wrapped': 'Contact wrapped up',
  'case.type_changed': 'Type change',
  'case.transferred': 'Transfer',
  'survey.answered': 'Survey answer',
  'contact.started': 'Contact started',
  'contact.identified': 'Caller identified',
  'contact.ended': 'Contact ended',
};

const conflictKindWords = {
  resolution: 'resolution',
  owner: 'owner',
  severity: 'severity',
  type: 'case type',
  status: 'status',
  close: 'closure',
  escalation: 'escalation',
} as const;

const verificationMethod = { security_questions: 'security questions', one_time_code: 'one-time code', photo_id: 'photo ID' } as const;
const contactOutcome = { linked: 'linked to a case', no_case_needed: 'no case needed', abandoned: 'the customer left' } as const;

/** A person's word for an event type; unknown (newer) types are shown as they are. */
export function eventTypeLabel(type: string): string {
  return Object.hasOwn(typeLabels, type) ? typeLabels[type as CaseEventType] : type;
}

function withReason(text: string, reason: string | undefined): string {
  return reason ? `${text} — ${reason}` : text;
}

/** The definition a workflow event was recorded under, so the timeline speaks in its titles and labels. */
function definitionOf(workflows: WorkflowRegistry | null, workflowId: string, version: number): WorkflowDefinition | null {
  if (!workflows) return null;
  const selected = selectDefinition(workflows, workflowId, version);
  return selected.ok ? selected.definition : null;
}

const DISCLOSURE_FIELD_PREFIX = 'disclosure:';

function describeAnswer(definition: WorkflowDefinition | null, stepId: string, fieldId: string, value: Parameters<typeof formatAnswer>[1]): EventDescription {
  const step = definition?.steps.find((s) => s.id === stepId);
  const stepTitle = step?.title ?? stepId;
  if (fieldId.startsWith(DISCLOSURE_FIELD_PREFIX)) {
    const disclosureId = fieldId.slice(DISCLOSURE_FIELD_PREFIX.length);
    const disclosure = step?.disclosures.find((d) => d.id === disclosureId);
    return { summary: `Read aloud: ${disclosure?.title ?? disclosureId} (${stepTitle})`, body: null };
  }
  const field = step?.fields.find((f) => f.id === fieldId);
  if (!field) return { summary: `Answered ${fieldId} in ${stepTitle}`, body: null };
  return { summary: `${field.label} (${stepTitle})`, body: formatAnswer(field, value) };
}

/**
 * Turns a stored event into words an agent reads at a glance; `nameOf` resolves agent ids and
 * `workflows` (when loaded) turns workflow step and field ids into their titles and labels.
 */
export function describeEvent(
  envelope: CaseEventEnvelope,
  nameOf: (agentId: string) => string,
  workflows: WorkflowRegistry | null = null,
  queueName: (queueId: string) => string = (id) => id,
  /** The request a remediation decision is about (from the same case's events), so the decision names what and how much. */
  requestOf: (requestId: string) => { kind: keyof typeof remediationKind; amountCents: number } | undefined = () => undefined,
): EventDescription {
  const requestWords = (requestId: string) => {
    const request = requestOf(requestId);
    return request ? `${remediationKind[request.kind].toLowerCase()} of ${formatUsd(request.amountCents)}` : 'a remediation request';
  };
  const ownerWords = (ownerId: string | null) => (ownerId === null ? 'nobody yet (waiting in its queue)' : nameOf(ownerId));
  const parsed = parseCaseEvent(envelope);
  if (!parsed.ok) return { summary: `Recorded by a newer version of Agent Console (${envelope.type}); shown here unchanged once you update.`, body: null };
  const event = parsed.event;
  switch (event.type) {
    case 'case.created':
      return {
        summary: `Opened ${caseTypeLabel[event.payload.caseType]} case, ${event.payload.severity} ${severityLabel[event.payload.severity]}, via ${channelLabel[event.payload.channel]}${event.payload.queueId ? ` in ${queueName(event.payload.queueId)}` : ''}; owner ${ownerWords(event.payload.ownerId)}`,
        body: event.payload.subject,
      };
    case 'contact.linked':
      return { summary: `${event.payload.direction === 'inbound' ? 'Inbound' : 'Outbound'} ${channelLabel[event.payload.channel]} contact linked`, body: event.payload.summary || null };
    case 'note.added':
      return { summary: 'Added a note', body: event.payload.text };
    case 'message.sent':
      return { summary: `${messageKind[event.payload.kind]} sent by ${channelLabel[event.payload.channel]}`, body: event.payload.summary };
    case 'status.changed':
      return { summary: withReason(`Status changed to ${statusLabel[event.payload.to]}`, event.payload.reason), body: null };
    case 'severity.set':
      return { summary: withReason(`Severity set to ${event.payload.severity} ${severityLabel[event.payload.severity]}`, event.payload.reason), body: null };
    case 'owner.assigned':
      return { summary: withReason(event.payload.ownerId === null ? 'Put back in its queue' : `Assigned to ${nameOf(event.payload.ownerId)}`, event.payload.reason), body: null };
    case 'case.transferred':
      return { summary: `Transferred to ${queueName(event.payload.toQueueId)}${event.payload.toOwnerId ? `, for ${nameOf(event.payload.toOwnerId)}` : ''}`, body: event.payload.note };
    case 'case.type_changed':
      return { summary: `Case type changed to ${caseTypeLabel[event.payload.caseType]}`, body: event.payload.reason };
    case 'contact.wrapped':
      return { summary: 'Contact wrapped up', body: event.payload.summary ?? null };
    case 'survey.answered':
      return {
        summary: `${event.payload.survey === 'csat' ? `Satisfaction survey: ${event.payload.score} of 5` : `Recommendation score: ${event.payload.score} of 10`} (${event.payload.source === 'agent' ? 'entered by an agent' : 'answered by the customer'})`,
        body: event.payload.comment ?? null,
      };
    case 'contact.started':
      return { summary: `${event.payload.direction === 'inbound' ? 'Inbound' : 'Outbound'} ${channelLabel[event.payload.channel]} contact started`, body: null };
    case 'contact.identified':
      return { summary: 'Caller identified', body: null };
    case 'contact.ended':
      return { summary: `Contact ended: ${contactOutcome[event.payload.outcome]}`, body: event.payload.summary ?? null };
    case 'case.escalated':
      return {
        summary: `${event.payload.automatic ? 'Automatically escalated' : 'Escalated'} to level ${event.payload.level}, owner ${nameOf(event.payload.toOwnerId)}${event.payload.toQueueId ? ` in ${queueName(event.payload.toQueueId)}` : ''}`,
        body: event.payload.reason,
      };
    case 'case.resolved':
      return { summary: event.payload.code ? `Resolved: ${resolutionCodeLabel(event.payload.code)}` : 'Resolved', body: event.payload.resolution };
    case 'case.reopened':
      return { summary: 'Reopened', body: event.payload.reason };
    case 'case.closed':
      return { summary: event.payload.automatic ? 'Closed automatically after the quiet period' : 'Closed', body: null };
    case 'conflict.settled': {
      const kind = event.payload.conflictId.split(':')[0] as keyof typeof conflictKindWords;
      return { summary: `Settled a conflicting ${conflictKindWords[kind] ?? 'change'}`, body: event.payload.note ?? null };
    }
    case 'customer.verified':
      return { summary: `Customer identity verified by ${verificationMethod[event.payload.method]}`, body: null };
    case 'customer.linked':
      return { summary: 'Tied to the customer once the caller was identified', body: null };
    case 'sensitive.revealed':
      return { summary: `Revealed the ${revealedField[event.payload.field]}`, body: event.payload.reason };
    case 'workflow.started': {
      const definition = definitionOf(workflows, event.payload.workflowId, event.payload.version);
      return { summary: `Started workflow ${definition?.title ?? event.payload.workflowId} (version ${event.payload.version})`, body: null };
    }
    case 'workflow.answered':
      return describeAnswer(definitionOf(workflows, event.payload.workflowId, event.payload.version), event.payload.stepId, event.payload.fieldId, event.payload.value);
    case 'workflow.step_completed': {
      const definition = definitionOf(workflows, event.payload.workflowId, event.payload.version);
      return { summary: `Completed step: ${definition?.steps.find((s) => s.id === event.payload.stepId)?.title ?? event.payload.stepId}`, body: null };
    }
    case 'workflow.completed': {
      const definition = definitionOf(workflows, event.payload.workflowId, event.payload.version);
      return { summary: `Completed workflow ${definition?.title ?? event.payload.workflowId}`, body: null };
    }
    case 'remediation.requested':
      return {
        summary: `Requested ${remediationKind[event.payload.kind].toLowerCase()} of ${formatUsd(event.payload.amountCents)} (${approvalNeeded[event.payload.approval]})`,
        body: event.payload.reason,
      };
    case 'remediation.approved':
      return { summary: `Approved the ${requestWords(event.payload.requestId)}`, body: event.payload.note ?? null };
    case 'remediation.rejected':
      return { summary: `Rejected the ${requestWords(event.payload.requestId)}`, body: event.payload.reason };
  }
}
