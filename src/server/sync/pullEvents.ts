import { CaseEventEnvelope } from '../../shared/domain/caseEvent';
import type { PolicyConfig } from '../../shared/policy/casePolicy';
import type { PullResponse, SequencedEvent } from '../../shared/sync/protocol';
import type { Database, Queryable } from '../db/database';
import type { PolicyActor } from '../../shared/policy/actor';
import { visibleStreams } from './visibleStreams';

export interface Puller {
  /** The signed-in agent, as the agents table has them now. */
  agent: PolicyActor;
  /** The session's device: each desktop keeps its own cursor and its own idea of what it holds. */
  deviceId: string;
}

type ScopeRowState = 'entering' | 'held' | 'leaving';

interface ScopeRow {
  state: ScopeRowState;
  issuedAfter: number;
  issuedCursor: number;
}

/**
 * A desktop's pull: only the events of cases and contacts its user may see (canSeeCase with the
 * service's facts), gap-free per desktop across scope changes.
 *
 * The service remembers per desktop (agent + device) which streams it holds (desktop_scope). A
 * stream that entered the scope is sent whole — its events up to `after` with this page, the later
 * ones as they come — and a stream that left is named in `removedCaseIds`. Either change is resent
 * with every answer until a later pull proves the desktop stored it: a pull whose `after` reached
 * the cursor of the answer that carried it, that cursor being past the `after` it answered (with
 * an unchanged cursor the two cannot be told apart, so it is resent; both are idempotent on the
 * desktop). A lost answer therefore never leaves a desktop with a gap or a case it should not hold.
 *
 * The cursor is the highest seq committed when the pull began (or the last event sent when the page
 * is full): writers commit in seq order (applyCaseEvents), so nothing can later land below it.
 */
export async function pullEvents(db: Database, puller: Puller, after: number, limit: number, now: Date, config: PolicyConfig): Promise<PullResponse> {
  return db.transaction(async (tx) => {
    const counter = await tx.query<{ value: unknown }>('SELECT value FROM sync_counter WHERE id = 1');
    const head = Number(counter.rows[0]?.value ?? 0);
    const visible = await visibleStreams(tx, puller.agent, now, config);
    const rows = await loadScopeRows(tx, puller);

    const entering: string[] = [];
    const leaving: string[] = [];
    const settled = new Map<string, ScopeRowState | null>(); // confirmed now: held, or forgotten (null)
    for (const [streamId, row] of rows) {
      const confirmed = row.issuedCursor > row.issuedAfter && after >= row.issuedCursor;
      const state: ScopeRowState | null = confirmed ? (row.state === 'leaving' ? null : 'held') : row.state;
      const sees = visible.has(streamId);
      if (sees && state !== 'held') entering.push(streamId);
      else if (!sees && state !== null) leaving.push(streamId);
      else if (state !== row.state) settled.set(streamId, state);
    }
    for (const streamId of visible) if (!rows.has(streamId)) entering.push(streamId);

    const backfill = after > 0 && entering.length > 0 ? await readEvents(tx, 'case_id = ANY($1::text[]) AND seq <= $2', [entering, after]) : [];
    const inScope = [...visible];
    const page = inScope.length > 0 ? await readEvents(tx, 'case_id = ANY($1::text[]) AND seq > $2 AND seq <= $3', [inScope, after, head], limit + 1) : [];
    const hasMore = page.length > limit;
    const events = page.slice(0, limit);
    const cursor = hasMore ? events[events.length - 1]!.seq : Math.max(head, after);

    await saveScopeRows(tx, puller, after, cursor, entering, leaving, settled);
    return { events: [...backfill, ...events], cursor, hasMore, removedCaseIds: leaving };
  });
}

async function readEvents(tx: Queryable, where: string, params: unknown[], limit?: number): Promise<SequencedEvent[]> {
  const { rows } = await tx.query<{ seq: unknown; body: unknown }>(`SELECT seq, body FROM case_events WHERE ${where} ORDER BY seq${limit ? ` LIMIT ${limit}` : ''}`, params);
  return rows.map((row) => ({ seq: Number(row.seq), event: CaseEventEnvelope.parse(row.body) }));
}

async function loadScopeRows(tx: Queryable, { agent, deviceId }: Puller): Promise<Map<string, ScopeRow>> {
  const { rows } = await tx.query<{ stream_id: string; state: ScopeRowState; issued_after: unknown; issued_cursor: unknown }>(
    'SELECT stream_id, state, issued_after, issued_cursor FROM desktop_scope WHERE agent_id = $1 AND device_id = $2',
    [agent.id, deviceId],
  );
  return new Map(rows.map((row) => [row.stream_id, { state: row.state, issuedAfter: Number(row.issued_after), issuedCursor: Number(row.issued_cursor) }]));
}

async function saveScopeRows(
  tx: Queryable,
  { agent, deviceId }: Puller,
  after: number,
  cursor: number,
  entering: readonly string[],
  leaving: readonly string[],
  settled: ReadonlyMap<string, ScopeRowState | null>,
): Promise<void> {
  const forgotten = [...settled].filter(([, state]) => state === null).map(([streamId]) => streamId);
  if (forgotten.length > 0) await tx.query('DELETE FROM desktop_scope WHERE agent_id = $1 AND device_id = $2 AND stream_id = ANY($3::text[])', [agent.id, deviceId, forgotten]);
  const held = [...settled].filter(([, state]) => state === 'held').map(([streamId]) => streamId);
  if (held.length > 0) await tx.query("UPDATE desktop_scope SET state = 'held' WHERE agent_id = $1 AND device_id = $2 AND stream_id = ANY($3::text[])", [agent.id, deviceId, held]);
  for (const [state, streamIds] of [['entering', entering], ['leaving', leaving]] as const) {
    if (streamIds.length === 0) continue;
    await tx.query(
      `INSERT INTO desktop_scope (agent_id, device_id, stream_id, state, issued_after, issued_cursor)
       SELECT $1, $2, stream_id, $3, $4, $5 FROM unnest($6::text[]) AS stream_id
       ON CONFLICT (agent_id, device_id, stream_id) DO UPDATE SET state = EXCLUDED.state, issued_after = EXCLUDED.issued_after, issued_cursor = EXCLUDED.issued_cursor`,
      [agent.id, deviceId, state, after, cursor, streamIds],
    );
  }
}
