import { applyContactEvent } from '../../shared/cases/contactReducer';
import { applyCaseEvent } from '../../shared/cases/reducer';
import { streamKindOf } from '../../shared/cases/streams';
import { parseCaseEvent, type CaseEvent } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import type { ContactState } from '../../shared/domain/contactState';
import type { PolicyActor } from '../../shared/policy/actor';
import { decideCaseEvent, type Decision, type PolicyConfig, type PolicyFacts } from '../../shared/policy/casePolicy';
import type { CustomerFacts, ScopeFacts } from '../../shared/policy/caseScope';
import { BUNDLED_QUEUES } from '../../shared/policy/queuesConfig';
import { BUNDLED_ROLES } from '../../shared/policy/rolesConfig';
import { MAX_FUTURE_SKEW_MS, type PushOutcome } from '../../shared/sync/protocol';
import type { Queryable } from '../db/database';
import { insertRows } from '../db/insertRows';
import { DEFAULT_CASE_OUTBOX, writeCaseOutbox, type AppliedCaseEvent, type CaseOutbox } from '../notifications/caseOutbox';
import { notifyEventsCommitted } from '../live/liveChannel';
import { defaultPolicyConfig } from './policyConfig';
import { loadAgents, loadCustomers, loadLookedUpCustomers, loadSampledCases, loadTransactions, type TransactionRow } from './serviceFacts';
import { transactionFactsFrom } from './transactionFacts';

export interface ApplyContext {
  /**
   * The session that pushed the batch: its agent must author every event, from its device.
   * null for events the service records itself (the demo seed, the SLA sweeper), which speak
   * for many agents and may write the service's own facts.
   */
  pushedBy: { agentId: string; deviceId: string } | null;
  /** Service clock: far-future checks, the offline window and received_at. */
  now: Date;
  /** Roles, queues and remediation limits; default: the service's copy in resources/. */
  policy?: PolicyConfig;
  /**
   * Customer notifications and signed webhooks for what the batch changes, written in this
   * transaction (default: the bundled templates, no webhook endpoints). false for history that is
   * nobody's news (the demo seed).
   */
  outbox?: CaseOutbox | false;
}

interface Parsed {
  index: number;
  event: CaseEvent;
  /** The event's JSON as measured against the size bound: stored as it is, never serialised again. */
  json: string;
}

/** The service's own writes never wait on a broken roles file: they are decided by what the build ships. */
const SERVICE_FALLBACK: PolicyConfig = { roles: BUNDLED_ROLES, queues: BUNDLED_QUEUES, remediation: null };

/**
 * The one write path for case and contact events (pushes, the demo seed, the SLA sweeper). Call
 * it inside a transaction: it dedupes, decides each event by the case policy with the service's
 * own facts, sequences, appends and refreshes the projections there, so an event and its effect
 * commit together or not at all.
 *
 * A refused event is decided in memory, never by a failing statement, so it cannot abort the
 * transaction and the rest of the batch still applies.
 */
export async function applyCaseEvents(tx: Queryable, rawEvents: readonly unknown[], context: ApplyContext): Promise<PushOutcome[]> {
  const outcomes: (PushOutcome | undefined)[] = new Array(rawEvents.length);
  const parsed: Parsed[] = [];
  rawEvents.forEach((raw, index) => {
    const verdict = checkShape(raw, context.now);
    if (verdict.ok) parsed.push({ index, event: verdict.event, json: verdict.json });
    else outcomes[index] = { eventId: eventIdOf(raw), outcome: 'rejected', reason: verdict.reason };
  });
  if (parsed.length === 0) return outcomes as PushOutcome[];

  const origin = context.pushedBy ? 'desktop' : 'service';
  let config = context.policy;
  if (!config) {
    const load = await defaultPolicyConfig();
    if (load.ok) config = load.config;
    else if (origin === 'service') config = SERVICE_FALLBACK;
    else {
      for (const { index, event } of parsed) outcomes[index] = { eventId: event.id, outcome: 'rejected', reason: load.reason };
      return outcomes as PushOutcome[];
    }
  }

  // Why a locked counter row and not a sequence: nextval() hands out numbers in call order,
  // but transactions commit in any order, so a reader could see seq 11 committed while 10 is
  // still in flight, move its cursor past 10 and never see it. Taking this row lock first
  // queues writers: the next writer reads the counter only after the previous one committed,
  // so commit order equals seq order and every snapshot holds a gap-free prefix of seqs.
  // Holding it before the duplicate check also makes that check race-free across connections,
  // and it makes the facts read below (other cases' refunds, say) current for the whole batch.
  const counter = await tx.query<{ value: unknown }>('SELECT value FROM sync_counter WHERE id = 1 FOR UPDATE');
  const counterRow = counter.rows[0];
  if (!counterRow) throw new Error('sync_counter row is missing: the database was not migrated');
  let seq = Number(counterRow.value);

  const events = parsed.map(({ event }) => event);
  const knownSeqs = await loadKnownSeqs(tx, events);
  const cases = await loadCaseStates(tx, events);
  const contacts = await loadContactStates(tx, events);
  const facts = await loadBatchFacts(tx, events, cases, contacts, context, config);
  const appended: Appended[] = [];
  const touchedCases = new Map<string, number>();
  const touchedContacts = new Map<string, number>();
  const appliedCaseEvents: AppliedCaseEvent[] = [];

  for (const { index, event, json } of parsed) {
    const key = event.id.toLowerCase();
    const knownSeq = knownSeqs.get(key);
    if (knownSeq !== undefined) {
      outcomes[index] = { eventId: event.id, outcome: 'duplicate', seq: knownSeq };
      continue;
    }
    const isContact = streamKindOf(event.caseId) === 'contact';
    const before = isContact ? null : (cases.get(event.caseId) ?? null);
    const contactBefore = isContact ? (contacts.get(event.caseId) ?? null) : undefined;
    const decision = decide(event, before, contactBefore, facts, context, config, cases);
    if (!decision.allowed) {
      outcomes[index] = { eventId: event.id, outcome: 'rejected', reason: decision.reason };
      continue;
    }
    seq += 1;
    if (isContact) {
      const after = applyContactEvent(contactBefore ?? null, event);
      if (!after) throw new Error(`folding ${event.type} into contact ${event.caseId} produced no state`);
      contacts.set(event.caseId, after);
      touchedContacts.set(event.caseId, seq);
    } else {
      const after = applyCaseEvent(before, event);
      if (!after) throw new Error(`folding ${event.type} into case ${event.caseId} produced no state`);
      cases.set(event.caseId, after);
      touchedCases.set(event.caseId, seq);
      appliedCaseEvents.push({ event, seq, before, after });
    }
    knownSeqs.set(key, seq);
    appended.push({ seq, json });
    outcomes[index] = { eventId: event.id, outcome: 'applied', seq };
  }

  if (appended.length > 0) {
    await appendEvents(tx, appended, context.now);
    await storeCaseStates(tx, cases, touchedCases);
    await storeContactStates(tx, contacts, touchedContacts);
    await tx.query('UPDATE sync_counter SET value = $1 WHERE id = 1', [seq]);
    if (context.outbox !== false) await writeCaseOutbox(tx, appliedCaseEvents, context.outbox ?? DEFAULT_CASE_OUTBOX, context.now);
    // Delivered at commit to every service process on this database: connected desktops learn at once (live push).
    await notifyEventsCommitted(tx, seq);
  }
  return outcomes as PushOutcome[];
}

interface BatchFacts {
  agents: Map<string, PolicyActor>;
  customers: Map<string, CustomerFacts>;
  /** Customers the pushing agent looked up within the roles file's window. */
  lookedUp: Set<string>;
  sampled: Set<string>;
  transactions: Map<string, TransactionRow>;
}

function decide(
  event: CaseEvent,
  before: CaseState | null,
  contactBefore: ContactState | null | undefined,
  facts: BatchFacts,
  context: ApplyContext,
  config: PolicyConfig,
  cases: ReadonlyMap<string, CaseState>,
): Decision {
  const actor = context.pushedBy ? (facts.agents.get(context.pushedBy.agentId) ?? null) : (facts.agents.get(event.actorId) ?? null);
  const customerOf = (customerId: string | null | undefined) => (customerId ? (facts.customers.get(customerId) ?? null) : null);
  const scope: ScopeFacts = before
    ? {
        customer: customerOf(before.customerId),
        ownerTeamId: before.ownerId ? (facts.agents.get(before.ownerId)?.teamId ?? null) : null,
        customerPoppedByActor: before.customerId !== null && facts.lookedUp.has(before.customerId),
        inQaSample: facts.sampled.has(before.id),
      }
    : {};
  const policyFacts: PolicyFacts = {
    origin: context.pushedBy ? 'desktop' : 'service',
    receivedAt: context.now.toISOString(),
    ...(context.pushedBy ? { sessionDeviceId: context.pushedBy.deviceId } : {}),
    scope,
    agent: (agentId) => facts.agents.get(agentId),
  };
  if (event.type === 'case.created' || event.type === 'contact.started') policyFacts.customer = customerOf(event.payload.customerId);
  if (event.type === 'remediation.requested' && event.payload.transactionId !== undefined) {
    const row = facts.transactions.get(event.payload.transactionId);
    policyFacts.transaction = row ? transactionFactsFrom(row, cases.values()) : null;
  }
  return decideCaseEvent({ event, before, ...(contactBefore !== undefined ? { contactBefore } : {}), actor, facts: policyFacts, config });
}

/** Everything the batch's decisions read, in a handful of queries up front. */
async function loadBatchFacts(
  tx: Queryable,
  events: readonly CaseEvent[],
  cases: Map<string, CaseState>,
  contacts: ReadonlyMap<string, ContactState>,
  context: ApplyContext,
  config: PolicyConfig,
): Promise<BatchFacts> {
  const transactionIds = events.flatMap((event) => (event.type === 'remediation.requested' && event.payload.transactionId !== undefined ? [event.payload.transactionId] : []));
  // Cases that already asked for money against these transactions: the limits apply to the sum.
  for (const [caseId, state] of await loadCasesRequestingAgainst(tx, transactionIds)) if (!cases.has(caseId)) cases.set(caseId, state);

  const agentIds = new Set<string>(events.map((event) => event.actorId));
  if (context.pushedBy) agentIds.add(context.pushedBy.agentId);
  const customerIds = new Set<string>();
  for (const state of cases.values()) {
    if (state.ownerId) agentIds.add(state.ownerId);
    if (state.customerId) customerIds.add(state.customerId);
  }
  for (const contact of contacts.values()) if (contact.customerId) customerIds.add(contact.customerId);
  for (const event of events) {
    if (event.type === 'owner.assigned' && event.payload.ownerId) agentIds.add(event.payload.ownerId);
    if (event.type === 'case.transferred' && event.payload.toOwnerId) agentIds.add(event.payload.toOwnerId);
    if (event.type === 'case.escalated') agentIds.add(event.payload.toOwnerId);
    if (event.type === 'case.created' && event.payload.ownerId) agentIds.add(event.payload.ownerId);
    if ((event.type === 'case.created' || event.type === 'contact.started') && event.payload.customerId) customerIds.add(event.payload.customerId);
    if (event.type === 'customer.linked' || event.type === 'contact.identified' || event.type === 'customer.verified') customerIds.add(event.payload.customerId);
  }
  const since = new Date(context.now.getTime() - config.roles.poppedCustomerHours * 3_600_000);
  return {
    agents: await loadAgents(tx, agentIds),
    customers: await loadCustomers(tx, customerIds),
    lookedUp: context.pushedBy ? await loadLookedUpCustomers(tx, context.pushedBy.agentId, since) : new Set(),
    sampled: await loadSampledCases(tx, [...new Set(events.map((event) => event.caseId))]),
    transactions: await loadTransactions(tx, transactionIds),
  };
}

type ShapeVerdict = { ok: true; event: CaseEvent; json: string } | { ok: false; reason: string };

/** The checks that need no database: shape and payload, and a clock far ahead of the service's. */
function checkShape(raw: unknown, now: Date): ShapeVerdict {
  const parsed = parseCaseEvent(raw);
  if (!parsed.ok) return { ok: false, reason: `invalid event: ${parsed.reason}` };
  const { event, json } = parsed;
  const aheadMs = Date.parse(event.at) - now.getTime();
  if (aheadMs > MAX_FUTURE_SKEW_MS) {
    const hours = Math.round(aheadMs / 3_600_000);
    return {
      ok: false,
      reason: `event time ${event.at} is ${hours} h ahead of the service clock (at most ${MAX_FUTURE_SKEW_MS / 3_600_000} h is accepted); check the device clock`,
    };
  }
  return { ok: true, event, json };
}

function eventIdOf(raw: unknown): string {
  if (typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string') return raw.id;
  return '';
}

async function loadKnownSeqs(tx: Queryable, events: readonly CaseEvent[]): Promise<Map<string, number>> {
  const ids = [...new Set(events.map((event) => event.id.toLowerCase()))];
  const { rows } = await tx.query<{ event_id: string; seq: unknown }>('SELECT event_id::text AS event_id, seq FROM case_events WHERE event_id = ANY($1::uuid[])', [ids]);
  return new Map(rows.map((row) => [row.event_id, Number(row.seq)]));
}

interface Appended {
  seq: number;
  /** The event's JSON text from parseCaseEvent. */
  json: string;
}

/**
 * The batch's events in one statement with one parameter: the database parses a single JSON array
 * and takes the columns from each event, instead of the planner binding seven parameters per row
 * (a thousand-row VALUES list costs more to plan and encode than the rows cost to write).
 *
 * The array is joined from each event's measured JSON text rather than serialised again: the
 * same bytes JSON.stringify would write for it, at a fraction of the cost.
 */
async function appendEvents(tx: Queryable, appended: readonly Appended[], receivedAt: Date): Promise<void> {
  const rows = `[${appended.map(({ seq, json }) => `{"s":${seq},"e":${json}}`).join(',')}]`;
  await tx.query(
    `INSERT INTO case_events (seq, event_id, case_id, type, actor_id, body, received_at)
     SELECT (r->>'s')::bigint, (r->'e'->>'id')::uuid, r->'e'->>'caseId', r->'e'->>'type', r->'e'->>'actorId', r->'e', $2
       FROM jsonb_array_elements($1::jsonb) AS r`,
    [rows, receivedAt],
  );
}

// The projections are written only by this module from the reducers' output, so their stored shape is trusted.

async function loadCaseStates(tx: Queryable, events: readonly CaseEvent[]): Promise<Map<string, CaseState>> {
  const caseIds = [...new Set(events.filter((event) => streamKindOf(event.caseId) === 'case').map((event) => event.caseId))];
  if (caseIds.length === 0) return new Map();
  const { rows } = await tx.query<{ case_id: string; state: CaseState }>('SELECT case_id, state FROM cases WHERE case_id = ANY($1::text[])', [caseIds]);
  return new Map(rows.map((row) => [row.case_id, row.state]));
}

async function loadContactStates(tx: Queryable, events: readonly CaseEvent[]): Promise<Map<string, ContactState>> {
  const contactIds = [...new Set(events.filter((event) => streamKindOf(event.caseId) === 'contact').map((event) => event.caseId))];
  if (contactIds.length === 0) return new Map();
  const { rows } = await tx.query<{ contact_id: string; state: ContactState }>('SELECT contact_id, state FROM contacts WHERE contact_id = ANY($1::text[])', [contactIds]);
  return new Map(rows.map((row) => [row.contact_id, row.state]));
}

async function loadCasesRequestingAgainst(tx: Queryable, transactionIds: readonly string[]): Promise<Map<string, CaseState>> {
  if (transactionIds.length === 0) return new Map();
  const { rows } = await tx.query<{ case_id: string; state: CaseState }>(
    `SELECT case_id, state FROM cases
      WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(state->'remediations') AS r WHERE r->>'transactionId' = ANY($1::text[]))`,
    [[...new Set(transactionIds)]],
  );
  return new Map(rows.map((row) => [row.case_id, row.state]));
}

async function storeCaseStates(tx: Queryable, cases: ReadonlyMap<string, CaseState>, touched: ReadonlyMap<string, number>): Promise<void> {
  if (touched.size === 0) return;
  await insertRows(
    tx,
    'cases',
    ['case_id', { name: 'state', cast: 'jsonb' }, 'owner_id', 'queue_id', 'status', 'customer_id', 'last_seq'],
    [...touched].map(([caseId, lastSeq]) => {
      const state = cases.get(caseId)!;
      return [caseId, JSON.stringify(state), state.ownerId, state.queueId, state.status, state.customerId, lastSeq];
    }),
    {
      suffix:
        'ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, owner_id = EXCLUDED.owner_id, queue_id = EXCLUDED.queue_id, status = EXCLUDED.status, customer_id = EXCLUDED.customer_id, last_seq = EXCLUDED.last_seq',
    },
  );
}

async function storeContactStates(tx: Queryable, contacts: ReadonlyMap<string, ContactState>, touched: ReadonlyMap<string, number>): Promise<void> {
  if (touched.size === 0) return;
  await insertRows(
    tx,
    'contacts',
    ['contact_id', { name: 'state', cast: 'jsonb' }, 'agent_id', 'customer_id', 'last_seq'],
    [...touched].map(([contactId, lastSeq]) => {
      const state = contacts.get(contactId)!;
      return [contactId, JSON.stringify(state), state.agentId, state.customerId, lastSeq];
    }),
    { suffix: 'ON CONFLICT (contact_id) DO UPDATE SET state = EXCLUDED.state, agent_id = EXCLUDED.agent_id, customer_id = EXCLUDED.customer_id, last_seq = EXCLUDED.last_seq' },
  );
}
