import { parseTelephonyFact, type FactOutcome, type TelephonyFact } from '../../shared/telephony/facts';
import { MAX_FUTURE_SKEW_MS } from '../../shared/sync/protocol';
import type { Queryable } from '../db/database';
import { insertRows } from '../db/insertRows';

/**
 * Records a batch of telephony facts. Each fact is checked on its own (shape, far-future time);
 * a rejected one is answered with the reason and never costs the others. Duplicates — within
 * the batch or already stored — are answered "duplicate" and change nothing (the first copy
 * wins), so a connector can retry a batch after a lost response.
 */
export async function recordTelephonyFacts(tx: Queryable, rawFacts: readonly unknown[], now: Date): Promise<FactOutcome[]> {
  const outcomes: FactOutcome[] = new Array(rawFacts.length);
  const fresh = new Map<string, { index: number; fact: TelephonyFact }>();
  rawFacts.forEach((raw, index) => {
    const parsed = parseTelephonyFact(raw);
    if (!parsed.ok) {
      outcomes[index] = { id: idOf(raw), outcome: 'rejected', reason: `invalid fact: ${parsed.reason}` };
      return;
    }
    const { fact } = parsed;
    const aheadMs = Date.parse(fact.at) - now.getTime();
    if (aheadMs > MAX_FUTURE_SKEW_MS) {
      outcomes[index] = { id: fact.id, outcome: 'rejected', reason: `fact time ${fact.at} is ${Math.round(aheadMs / 3_600_000)} h ahead of the service clock; check the switch's clock` };
      return;
    }
    if (fresh.has(fact.id)) {
      outcomes[index] = { id: fact.id, outcome: 'duplicate' };
      return;
    }
    fresh.set(fact.id, { index, fact });
  });
  if (fresh.size === 0) return outcomes;
  const { rows } = await tx.query<{ fact_id: string }>('SELECT fact_id FROM telephony_facts WHERE fact_id = ANY($1::text[])', [[...fresh.keys()]]);
  for (const { fact_id: known } of rows) {
    const entry = fresh.get(known);
    if (!entry) continue;
    outcomes[entry.index] = { id: known, outcome: 'duplicate' };
    fresh.delete(known);
  }
  await insertTelephonyFacts(tx, [...fresh.values()].map(({ fact }) => fact), now, 'ON CONFLICT (fact_id) DO NOTHING');
  for (const { index, fact } of fresh.values()) outcomes[index] = { id: fact.id, outcome: 'recorded' };
  return outcomes;
}

/** Bulk insert of validated facts (the connector route and the demo seed). */
export async function insertTelephonyFacts(tx: Queryable, facts: readonly TelephonyFact[], receivedAt: Date, suffix?: string): Promise<void> {
  if (facts.length === 0) return;
  await insertRows(
    tx,
    'telephony_facts',
    ['fact_id', 'kind', { name: 'at', cast: 'timestamptz' }, 'contact_id', 'agent_id', 'channel', 'queue', { name: 'body', cast: 'jsonb' }, { name: 'received_at', cast: 'timestamptz' }],
    facts.map((fact) => [
      fact.id,
      fact.kind,
      fact.at,
      fact.kind === 'agent.state' ? null : fact.contactId,
      'agentId' in fact ? fact.agentId : null,
      fact.kind === 'agent.state' ? null : fact.channel,
      fact.kind === 'agent.state' ? null : fact.queue,
      JSON.stringify(fact),
      receivedAt.toISOString(),
    ]),
    suffix ? { suffix } : {},
  );
}

function idOf(raw: unknown): string {
  return typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id.slice(0, 128) : '';
}
