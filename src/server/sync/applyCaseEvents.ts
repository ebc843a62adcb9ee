import { applyCaseEvent } from '../../shared/cases/reducer';
import { parseCaseEvent, type CaseEvent } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import { MAX_FUTURE_SKEW_MS, type PushOutcome } from '../../shared/sync/protocol';
import type { Queryable } from '../db/database';
import { insertRows } from '../db/insertRows';
import type { RemediationPolicy } from '../../shared/remediation/checkRemediationEvent';
import { prepareRemediationAuthoriser } from './remediationAuthorisation';

export interface ApplyContext {
  /**
   * The signed-in agent who pushed the batch: every event must be authored by them.
   * null only for events the service records itself (the demo seed), which speak for many agents.
   */
  authorId: string | null;
  /** Service clock: far-future checks and received_at. */
  now: Date;
  /** Authorisation limits and approvers for remediation events; default: read from resources/. */
  remediationPolicy?: RemediationPolicy;
}

interface Accepted {
  index: number;
  event: CaseEvent;
}

/**
 * The one write path for case events (pushes and the demo seed). Call it inside a
 * transaction: it dedupes, sequences, appends and refreshes the cases projection there,
 * so an event and its effect commit together or not at all.
 *
 * A rejected event is decided in memory, never by a failing statement, so it cannot
 * abort the transaction and the rest of the batch still applies.
 */
export async function applyCaseEvents(tx: Queryable, rawEvents: readonly unknown[], context: ApplyContext): Promise<PushOutcome[]> {
  const outcomes: (PushOutcome | undefined)[] = new Array(rawEvents.length);
  const accepted: Accepted[] = [];
  rawEvents.forEach((raw, index) => {
    const verdict = checkEvent(raw, context);
    if (verdict.ok) accepted.push({ index, event: verdict.event });
    else outcomes[index] = { eventId: eventIdOf(raw), outcome: 'rejected', reason: verdict.reason };
  });
  if (accepted.length === 0) return outcomes as PushOutcome[];

  // Why a locked counter row and not a sequence: nextval() hands out numbers in call order,
  // but transactions commit in any order, so a reader could see seq 11 committed while 10 is
  // still in flight, move its cursor past 10 and never see it. Taking this row lock first
  // queues writers: the next writer reads the counter only after the previous one committed,
  // so commit order equals seq order and every snapshot holds a gap-free prefix of seqs.
  // Holding it before the duplicate check also makes that check race-free across connections.
  const counter = await tx.query<{ value: unknown }>('SELECT value FROM sync_counter WHERE id = 1 FOR UPDATE');
  const counterRow = counter.rows[0];
  if (!counterRow) throw new Error('sync_counter row is missing: the database was not migrated');
  let seq = Number(counterRow.value);

  const knownSeqs = await loadKnownSeqs(tx, accepted);
  const states = await loadCaseStates(tx, accepted);
  const remediation = await prepareRemediationAuthoriser(tx, accepted.map(({ event }) => event), context.remediationPolicy);
  const eventRows: unknown[][] = [];
  const touchedCases = new Map<string, { state: CaseState; seq: number }>();

  for (const { index, event } of accepted) {
    const key = event.id.toLowerCase();
    const knownSeq = knownSeqs.get(key);
    if (knownSeq !== undefined) {
      outcomes[index] = { eventId: event.id, outcome: 'duplicate', seq: knownSeq };
      continue;
    }
    const before = states.get(event.caseId) ?? null;
    if (!before && event.type !== 'case.created') {
      outcomes[index] = {
        eventId: event.id,
        outcome: 'rejected',
        reason: `case ${event.caseId} does not exist on the service; its case.created event must be synced first`,
      };
      continue;
    }
    const authorised = remediation.check(event, before);
    if (!authorised.ok) {
      outcomes[index] = { eventId: event.id, outcome: 'rejected', reason: authorised.reason };
      continue;
    }
    const after = applyCaseEvent(before, event);
    if (!after) throw new Error(`folding ${event.type} into case ${event.caseId} produced no state`);
    seq += 1;
    knownSeqs.set(key, seq);
    states.set(event.caseId, after);
    touchedCases.set(event.caseId, { state: after, seq });
    eventRows.push([seq, key, event.caseId, event.type, event.actorId, JSON.stringify(event), context.now]);
    outcomes[index] = { eventId: event.id, outcome: 'applied', seq };
  }

  if (eventRows.length > 0) {
    await insertRows(
      tx,
      'case_events',
      ['seq', { name: 'event_id', cast: 'uuid' }, 'case_id', 'type', 'actor_id', { name: 'body', cast: 'jsonb' }, 'received_at'],
      eventRows,
    );
    await insertRows(
      tx,
      'cases',
      ['case_id', { name: 'state', cast: 'jsonb' }, 'owner_id', 'queue_id', 'status', 'customer_id', 'last_seq'],
      [...touchedCases].map(([caseId, { state, seq: lastSeq }]) => [caseId, JSON.stringify(state), state.ownerId, state.queueId, state.status, state.customerId, lastSeq]),
      {
        suffix:
          'ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, owner_id = EXCLUDED.owner_id, queue_id = EXCLUDED.queue_id, status = EXCLUDED.status, customer_id = EXCLUDED.customer_id, last_seq = EXCLUDED.last_seq',
      },
    );
    await tx.query('UPDATE sync_counter SET value = $1 WHERE id = 1', [seq]);
  }
  return outcomes as PushOutcome[];
}

type Verdict = { ok: true; event: CaseEvent } | { ok: false; reason: string };

/** The checks that need no database: shape and payload, clock skew, authorship. */
function checkEvent(raw: unknown, context: ApplyContext): Verdict {
  const parsed = parseCaseEvent(raw);
  if (!parsed.ok) return { ok: false, reason: `invalid event: ${parsed.reason}` };
  const event = parsed.event;
  const aheadMs = Date.parse(event.at) - context.now.getTime();
  if (aheadMs > MAX_FUTURE_SKEW_MS) {
    const hours = Math.round(aheadMs / 3_600_000);
    return {
      ok: false,
      reason: `event time ${event.at} is ${hours} h ahead of the service clock (at most ${MAX_FUTURE_SKEW_MS / 3_600_000} h is accepted); check the device clock`,
    };
  }
  if (context.authorId !== null && event.actorId !== context.authorId) {
    return { ok: false, reason: `event author ${event.actorId} is not the signed-in agent ${context.authorId}` };
  }
  return { ok: true, event };
}

function eventIdOf(raw: unknown): string {
  if (typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string') return raw.id;
  return '';
}

async function loadKnownSeqs(tx: Queryable, accepted: readonly Accepted[]): Promise<Map<string, number>> {
  const ids = [...new Set(accepted.map(({ event }) => event.id.toLowerCase()))];
  const { rows } = await tx.query<{ event_id: string; seq: unknown }>(
    'SELECT event_id::text AS event_id, seq FROM case_events WHERE event_id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.event_id, Number(row.seq)]));
}

async function loadCaseStates(tx: Queryable, accepted: readonly Accepted[]): Promise<Map<string, CaseState>> {
  const caseIds = [...new Set(accepted.map(({ event }) => event.caseId))];
  // Written only by this module from the reducer's output, so the stored shape is trusted.
  const { rows } = await tx.query<{ case_id: string; state: CaseState }>('SELECT case_id, state FROM cases WHERE case_id = ANY($1::text[])', [caseIds]);
  return new Map(rows.map((row) => [row.case_id, row.state]));
}
