import { z } from 'zod';
import { describePath, findHostileValue } from '../validation/hostileValue';
import { MAX_JSON_DEPTH } from '../validation/limits';
import { Channel, CustomerTier } from '../domain/enums';
import { IsoInstant } from '../domain/customer';
import { describeZodError } from '../domain/caseEvent';

/**
 * Contact-centre facts from the telephony side (ACD / dialler / chat router), recorded by the
 * case service from the telephony connector (POST /v1/telephony/facts). Like case events they
 * are facts, never counters: every queue KPI (ASA, service level, abandonment, AHT,
 * occupancy, offered volume per interval) is computed from them (src/shared/kpi).
 *
 * A contact's life on the switch: `contact.offered` when it enters a queue, then either
 * `contact.answered` (after `waitSeconds` in queue, by an agent) or `contact.abandoned` (the
 * customer left after `waitSeconds`), and for an answered one `contact.handled` when the agent
 * finishes after-contact work (`handleSeconds` = talk + hold + wrap-up). A transfer to
 * another queue is a new offer in that queue. Agents' `agent.state` changes (ready, not
 * ready, logged out) give the staffed time that occupancy divides by.
 *
 * Every fact carries the connector's own `id`, the idempotency key: a retried batch records
 * each fact once. Times are UTC instants ("…Z").
 */
const FactId = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'expected 1–128 letters, digits or . _ : @ -');
const ContactId = z.string().regex(/^[A-Za-z0-9._:@-]{1,128}$/, 'expected 1–128 letters, digits or . _ : @ -');
/** A queue id as the switch names it; the case queues of resources/queues.json ("T1-EAST", "FRAUD") when the switch routes by them. */
export const QueueId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected a queue id of letters, digits, - and _ (at most 64), e.g. "T1-EAST"');
const AgentId = z.string().min(1).max(64);
const Seconds = z.number().finite().min(0, 'seconds cannot be negative').max(86_400, 'at most a day (86,400 s)');

const contactFields = {
  id: FactId,
  at: IsoInstant,
  contactId: ContactId,
  channel: Channel,
  queue: QueueId,
};

export const ContactOffered = z.strictObject({
  kind: z.literal('contact.offered'),
  ...contactFields,
  /** Customer segment/tier when the IVR identified the caller; segment reports use it. */
  segment: CustomerTier.optional(),
});

export const ContactAnswered = z.strictObject({
  kind: z.literal('contact.answered'),
  ...contactFields,
  /** Time in queue before an agent answered. */
  waitSeconds: Seconds,
  agentId: AgentId,
});

export const ContactAbandoned = z.strictObject({
  kind: z.literal('contact.abandoned'),
  ...contactFields,
  /** Time in queue before the customer hung up or left the chat. */
  waitSeconds: Seconds,
});

export const ContactHandled = z.strictObject({
  kind: z.literal('contact.handled'),
  ...contactFields,
  agentId: AgentId,
  /** Talk + hold + after-contact work. */
  handleSeconds: Seconds,
  talkSeconds: Seconds.optional(),
  holdSeconds: Seconds.optional(),
  wrapSeconds: Seconds.optional(),
  /** The case the contact was worked on, when the switch knows it (else the case's contact.linked says so). */
  caseId: z.string().min(1).max(64).optional(),
});

export const AgentStateName = z.enum(['ready', 'not_ready', 'logged_out']);
export type AgentStateName = z.infer<typeof AgentStateName>;

export const AgentStateChanged = z.strictObject({
  kind: z.literal('agent.state'),
  id: FactId,
  at: IsoInstant,
  agentId: AgentId,
  /** ready: signed in and taking contacts (handling time counts here); not_ready: break, training, meeting. */
  state: AgentStateName,
  reason: z.string().max(100).optional(),
});

export const TelephonyFact = z.discriminatedUnion('kind', [ContactOffered, ContactAnswered, ContactAbandoned, ContactHandled, AgentStateChanged]);
export type TelephonyFact = z.infer<typeof TelephonyFact>;
export type TelephonyFactKind = TelephonyFact['kind'];
export type TelephonyFactOf<K extends TelephonyFactKind> = Extract<TelephonyFact, { kind: K }>;
export type ContactFact = Exclude<TelephonyFact, { kind: 'agent.state' }>;

/** Most facts a connector may send in one request. */
export const MAX_FACTS_PER_BATCH = 1000;

/** The request body: the facts are checked one by one so a bad fact never costs the good ones. */
export const TelephonyFactBatch = z.strictObject({
  facts: z.array(z.unknown()).min(1, 'send at least one fact').max(MAX_FACTS_PER_BATCH, `at most ${MAX_FACTS_PER_BATCH} facts per request`),
});

export const FactOutcome = z.object({
  id: z.string(),
  outcome: z.enum(['recorded', 'duplicate', 'rejected']),
  reason: z.string().optional(),
});
export type FactOutcome = z.infer<typeof FactOutcome>;
export const TelephonyFactsResponse = z.object({ results: z.array(FactOutcome) });
export type TelephonyFactsResponse = z.infer<typeof TelephonyFactsResponse>;

export function parseTelephonyFact(input: unknown): { ok: true; fact: TelephonyFact } | { ok: false; reason: string } {
  // Facts are judged one by one (the batch is not walked as a whole), so each is walked here.
  const hostile = findHostileValue(input, MAX_JSON_DEPTH);
  if (hostile) return { ok: false, reason: `${describePath(hostile.path)}: ${hostile.message}` };
  const result = TelephonyFact.safeParse(input);
  return result.success ? { ok: true, fact: result.data } : { ok: false, reason: describeZodError(result.error) };
}
