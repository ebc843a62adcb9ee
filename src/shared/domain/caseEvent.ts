import { z } from 'zod';
import { CaseStatus, CaseType, Channel, Severity } from './enums';
import { IsoInstant } from './customer';
import { describeOversizeEvent, measureEvent } from '../validation/eventSize';
import { describePath, findHostileValue } from '../validation/hostileValue';
import { MAX_JSON_DEPTH } from '../validation/limits';
import { boundedJson, safeString } from '../validation/safeSchemas';

/**
 * Cases are event-sourced: these are the facts an agent (or the service) can record.
 * Each payload schema is keyed by the event type; the envelope below carries identity,
 * author, device and a hybrid logical clock so every replica folds the same state.
 */
export const caseEventPayloads = {
  /**
   * A case is opened in a queue (resources/queues.json, chosen by routeCase from its type, the
   * customer's tier and the channel); `ownerId` is whoever works it now, or null while it waits in
   * the queue for someone to take it.
   */
  'case.created': z.object({
    customerId: safeString().min(1).max(64).nullable(),
    caseType: CaseType,
    severity: Severity,
    channel: Channel,
    subject: safeString().trim().min(1).max(200),
    ownerId: safeString().min(1).max(64).nullable(),
    /** Absent only on cases recorded before queues existed; they count as their owner's team queue. */
    queueId: safeString().min(1).max(64).optional(),
  }),
  /** A contact (call, chat, visit …) is being handled on this case; it stays "in progress" until wrapped. */
  'contact.linked': z.object({
    contactId: safeString().min(1).max(64),
    channel: Channel,
    direction: z.enum(['inbound', 'outbound']),
    summary: safeString().max(500).default(''),
  }),
  /** The contact on this case has ended (the agent wrapped it up): verification made during it ends with it. */
  'contact.wrapped': z.object({ contactId: safeString().min(1).max(64), summary: safeString().max(500).optional() }),
  'note.added': z.object({
    text: safeString().trim().min(1, 'a note cannot be empty').max(5000, 'a note is at most 5,000 characters'),
  }),
  /** A message to the customer: the first one meets the first-response clock, later ones are status updates. */
  'message.sent': z.object({
    channel: Channel,
    kind: z.enum(['acknowledgement', 'response', 'status_update']),
    summary: safeString().trim().min(1).max(2000),
  }),
  /** "Wait on customer" and "Resume": `from` is the status the author saw, so a concurrent resolution is noticed. */
  'status.changed': z.object({
    to: CaseStatus.exclude(['resolved', 'closed']),
    from: CaseStatus.optional(),
    reason: safeString().max(500).optional(),
  }),
  'severity.set': z.object({ severity: Severity, from: Severity.optional(), reason: safeString().max(500).optional() }),
  /** The agent re-types the case (its SLA clocks and scripts follow the new type). */
  'case.type_changed': z.object({ caseType: CaseType, from: CaseType.optional(), reason: safeString().trim().min(1).max(500) }),
  /**
   * Someone takes the case or is given it within its queue (`ownerId` null: back to the queue).
   * `from` is the owner the author saw (null: it was unassigned).
   */
  'owner.assigned': z.object({
    ownerId: safeString().min(1).max(64).nullable(),
    from: safeString().min(1).max(64).nullable().optional(),
    reason: safeString().max(500).optional(),
  }),
  /** Moves the case to another queue, optionally straight to a person there, with a note for whoever picks it up. */
  'case.transferred': z.object({
    toQueueId: safeString().min(1).max(64),
    toOwnerId: safeString().min(1).max(64).nullable(),
    fromQueueId: safeString().min(1).max(64).nullable().optional(),
    fromOwnerId: safeString().min(1).max(64).nullable().optional(),
    note: safeString().trim().min(1).max(1000),
  }),
  /**
   * One step up the escalation matrix (resources/escalation-matrix.json: 1 frontline, 2 supervisor,
   * 3 specialist, 4 executive/legal); manual and automatic escalations use the same levels.
   */
  'case.escalated': z.object({
    level: z.number().int().min(1).max(4),
    toOwnerId: safeString().min(1).max(64),
    toQueueId: safeString().min(1).max(64).optional(),
    reason: safeString().min(1).max(500),
    automatic: z.boolean(),
  }),
  /** `resolution` is the summary the customer is told; `code` one of resources/resolution-codes.json. */
  'case.resolved': z.object({ resolution: safeString().trim().min(1).max(2000), code: safeString().min(1).max(64).optional() }),
  'case.reopened': z.object({ reason: safeString().trim().min(1).max(500) }),
  /** `resolutionEventId`: the resolution the closer saw, so a different concurrent resolution is not closed unseen. */
  'case.closed': z.object({ resolutionEventId: safeString().min(1).max(64).optional(), automatic: z.boolean().optional() }),
  /** Identity check done during a contact; until then money-moving and contact-detail actions stay locked. */
  'customer.verified': z.object({
    customerId: safeString().min(1).max(64),
    method: z.enum(['security_questions', 'one_time_code', 'photo_id']),
  }),
  /** A case opened for an unknown contact is tied to the customer once the agent knows who it was. */
  'customer.linked': z.object({ customerId: safeString().min(1).max(64) }),
  /** Audit of a permissioned reveal of a masked value; the value itself is never written to the event. */
  'sensitive.revealed': z.object({
    field: z.enum(['account_number', 'card_number', 'phone', 'email', 'address']),
    targetId: safeString().min(1).max(64),
    reason: safeString().trim().min(3, 'say why you need to see it').max(500),
  }),
  'workflow.started': z.object({ workflowId: safeString().min(1).max(64), version: z.number().int().positive() }),
  /** One answer, saved as the agent goes so nothing is lost if the window closes. Values are JSON. */
  'workflow.answered': z.object({
    workflowId: safeString().min(1).max(64),
    version: z.number().int().positive(),
    stepId: safeString().min(1).max(64),
    fieldId: safeString().min(1).max(64),
    value: boundedJson(),
  }),
  'workflow.step_completed': z.object({ workflowId: safeString().min(1).max(64), version: z.number().int().positive(), stepId: safeString().min(1).max(64) }),
  'workflow.completed': z.object({ workflowId: safeString().min(1).max(64), version: z.number().int().positive() }),
  'remediation.requested': z.object({
    requestId: safeString().min(1).max(64),
    kind: z.enum(['fee_reversal', 'refund', 'provisional_credit', 'expedited_payment_posting', 'executive_review']),
    amountCents: z.number().int().nonnegative().safe(),
    reason: safeString().trim().min(1).max(1000),
    transactionId: safeString().min(1).max(64).optional(),
    /** Who must sign it off, fixed from the authorisation limits in force when requested. */
    approval: z.enum(['none', 'supervisor', 'finance_legal']),
  }),
  'remediation.approved': z.object({ requestId: safeString().min(1).max(64), note: safeString().max(1000).optional() }),
  'remediation.rejected': z.object({ requestId: safeString().min(1).max(64), reason: safeString().trim().min(1).max(1000) }),
  /** Settles a conflict the reducer surfaced (two resolutions, owners, severities … made concurrently): keeps one side. */
  'conflict.settled': z.object({ conflictId: safeString().min(1).max(200), keepEventId: safeString().min(1).max(64), note: safeString().max(500).optional() }),
  /** A satisfaction survey answer: CSAT 1–5 or NPS 0–10, from the notification channel or entered by an agent. */
  'survey.answered': z
    .object({
      survey: z.enum(['csat', 'nps']),
      score: z.number().int().min(0).max(10),
      comment: safeString().max(2000).optional(),
      source: z.enum(['notification', 'agent']),
    })
    .refine((answer) => answer.survey === 'nps' || answer.score >= 1 && answer.score <= 5, { message: 'a CSAT score is 1 to 5', path: ['score'] }),

  // Contact streams (stream id CT-…): a contact recorded on the customer, apart from any case.
  /** A contact arrives or the agent starts one (screen pop, search, walk-in): recorded on the customer (or unknown caller). */
  'contact.started': z.object({
    customerId: safeString().min(1).max(64).nullable(),
    channel: Channel,
    direction: z.enum(['inbound', 'outbound']),
    source: z.enum(['cti', 'link', 'search', 'walk_in', 'manual']),
    /** The telephony or chat system's own id of the contact, when it has one. */
    externalId: safeString().min(1).max(128).optional(),
  }),
  /** An unknown caller turned out to be this customer. */
  'contact.identified': z.object({ customerId: safeString().min(1).max(64) }),
  /** The agent wrapped the contact up: linked to these cases, or no case was needed. */
  'contact.ended': z.object({
    outcome: z.enum(['linked', 'no_case_needed', 'abandoned']),
    caseIds: z.array(safeString().min(1).max(64)).max(20).default([]),
    summary: safeString().max(500).optional(),
  }),
} as const;

export type CaseEventType = keyof typeof caseEventPayloads;
export const CASE_EVENT_TYPES = Object.keys(caseEventPayloads) as CaseEventType[];

export const EVENT_SCHEMA_VERSION = 1;

const envelopeFields = {
  /** Client-generated UUID: the idempotency key the service deduplicates on. */
  id: z.uuid(),
  caseId: safeString().min(1).max(64),
  schemaVersion: z.number().int().positive(),
  /** Wall-clock instant the author recorded it (display and SLA); ordering uses the service sequence. */
  at: IsoInstant,
  hlc: safeString().min(1).max(64),
  actorId: safeString().min(1).max(64),
  deviceId: safeString().min(1).max(64),
  /**
   * How many of this case's events, in the service's order, the author's desktop held when it
   * recorded this one (main fills it from its journal). A change sequenced at or after that
   * position by another device was made without seeing this one: if the two do not commute, the
   * reducer holds the later as a conflict. Absent on the service's own events and older clients.
   */
  seen: z.number().int().nonnegative().max(1_000_000_000).optional(),
};

function eventSchema<T extends CaseEventType>(type: T) {
  return z.object({ ...envelopeFields, type: z.literal(type), payload: caseEventPayloads[type] });
}

export const CaseEvent = z.discriminatedUnion('type', [
  eventSchema('case.created'),
  eventSchema('contact.wrapped'),
  eventSchema('case.type_changed'),
  eventSchema('case.transferred'),
  eventSchema('survey.answered'),
  eventSchema('contact.started'),
  eventSchema('contact.identified'),
  eventSchema('contact.ended'),
  eventSchema('contact.linked'),
  eventSchema('note.added'),
  eventSchema('message.sent'),
  eventSchema('status.changed'),
  eventSchema('severity.set'),
  eventSchema('owner.assigned'),
  eventSchema('case.escalated'),
  eventSchema('case.resolved'),
  eventSchema('case.reopened'),
  eventSchema('case.closed'),
  eventSchema('conflict.settled'),
  eventSchema('customer.verified'),
  eventSchema('customer.linked'),
  eventSchema('sensitive.revealed'),
  eventSchema('workflow.started'),
  eventSchema('workflow.answered'),
  eventSchema('workflow.step_completed'),
  eventSchema('workflow.completed'),
  eventSchema('remediation.requested'),
  eventSchema('remediation.approved'),
  eventSchema('remediation.rejected'),
]);
export type CaseEvent = z.infer<typeof CaseEvent>;
export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

/**
 * The envelope alone, payload unchecked: what sync and storage accept so that an event
 * from a newer client (unknown type or version) is set aside and kept, never dropped.
 */
export const CaseEventEnvelope = z.object({ ...envelopeFields, type: safeString().min(1).max(64), payload: z.unknown() });
export type CaseEventEnvelope = z.infer<typeof CaseEventEnvelope>;

/**
 * What the renderer asks main to record: main adds author, device, clock and time, then
 * validates the whole event against the catalogue (so the payload is checked once, there).
 */
export const CaseEventDraft = z.object({
  id: z.uuid(),
  caseId: safeString().min(1).max(64),
  type: z.enum(CASE_EVENT_TYPES as [CaseEventType, ...CaseEventType[]]),
  payload: z.unknown(),
});
export type CaseEventDraft = { [T in CaseEventType]: { id: string; caseId: string; type: T; payload: z.input<(typeof caseEventPayloads)[T]> } }[CaseEventType];

/** An event nests its payload two levels down (event → payload → value): a workflow answer may use the rest. */
const MAX_EVENT_DEPTH = MAX_JSON_DEPTH + 2;

/** `json`: the event's JSON text, measured against the size bound (what the service stores). */
export type ParsedEvent = { ok: true; event: CaseEvent; json: string } | { ok: false; reason: string };

/**
 * Validates an envelope against the event catalogue and the size bound (the desktop and the
 * service both call this); the reason names the field that failed.
 *
 * The size bound is measured on the event as parsed, i.e. as it is stored and sent, and that text
 * is returned so the service stores it without serialising the event a second time. An input that
 * fails the catalogue and is too large is refused for its size, the more useful reason.
 */
export function parseCaseEvent(input: unknown): ParsedEvent {
  // Walked without recursion first: zod and JSON.stringify would overflow the stack on deep input.
  const hostile = findHostileValue(input, MAX_EVENT_DEPTH);
  if (hostile) return { ok: false, reason: `${describePath(hostile.path)}: ${hostile.message}` };
  const result = CaseEvent.safeParse(input);
  if (!result.success) return { ok: false, reason: describeOversizeEvent(input) ?? describeZodError(result.error) };
  const measured = measureEvent(result.data);
  if (!measured.ok) return measured;
  return { ok: true, event: result.data, json: measured.json };
}

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
