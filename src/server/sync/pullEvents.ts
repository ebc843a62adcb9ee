import { CaseEventEnvelope } from '../../shared/domain/caseEvent';
import type { PolicyConfig } from '../../shared/policy/casePolicy';
import { MAX_PULL_BODY_BYTES, type PullResponse, type SequencedEvent } from '../../shared/sync/protocol';
import type { Database, Queryable } from '../db/database';
import { queryJsonRows } from '../db/jsonRows';
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
 * is full): writers commit in seq order (applyCaseEvents), so nothing can later land below it. A
 * page is full at `limit` events or `maxBytes` of their JSON, whichever comes first.
 *
 * Cost: the scope is decided anew for every page (a transfer between two pages must take effect at
 * once), so what a page costs beyond its events is kept small: the desktop's scope rows come back
 * only where they change, and large results come as one JSON value (queryJsonRows).
 */
export async function pullEvents(
  db: Database,
  puller: Puller,
  after: number,
  limit: number,
  now: Date,
  config: PolicyConfig,
  maxBytes: number = MAX_PULL_BODY_BYTES,
): Promise<PullResponse> {
  return db.transaction(async (tx) => {
    const counter = await tx.query<{ value: unknown }>('SELECT value FROM sync_counter WHERE id = 1');
    const head = Number(counter.rows[0]?.value ?? 0);
    const visible = await visibleStreams(tx, puller.agent, now, config);
    const inScope = [...visible];
    const rows = await loadScopeChanges(tx, puller, inScope);

    const entering: string[] = [];
    const leaving: string[] = [];
    const settled = new Map<string, ScopeRowState | null>(); // confirmed now: held, or forgotten (null)
    for (const [streamId, row] of rows) {
      if (row === null) {
        entering.push(streamId);
        continue;
      }
      const confirmed = row.issuedCursor > row.issuedAfter && after >= row.issuedCursor;
      const state: ScopeRowState | null = confirmed ? (row.state === 'leaving' ? null : 'held') : row.state;
      const sees = visible.has(streamId);
      if (sees && state !== 'held') entering.push(streamId);
      else if (!sees && state !== null) leaving.push(streamId);
      else if (state !== row.state) settled.set(streamId, state);
    }

    const backfill = after > 0 && entering.length > 0 ? await readBackfill(tx, entering, after) : [];
    const page = inScope.length > 0 ? await readPage(tx, inScope, after, head, limit, maxBytes) : { events: [], hasMore: false };
    const { events, hasMore } = page;
    const cursor = hasMore ? events[events.length - 1]!.seq : Math.max(head, after);

    await saveScopeRows(tx, puller, after, cursor, entering, leaving, settled);
    return { events: [...backfill, ...events], cursor, hasMore, removedCaseIds: leaving };
  });
}

interface EventRow {
  seq: number;
  body: unknown;
}

/** Everything up to `after` of the streams that entered the scope (the desktop already has the cursor past them). */
async function readBackfill(tx: Queryable, streamIds: readonly string[], after: number): Promise<SequencedEvent[]> {
  const rows = await queryJsonRows<EventRow>(tx, 'SELECT seq, body FROM case_events WHERE case_id = ANY($1::text[]) AND seq <= $2', [streamIds, after]);
  return rows.sort((a, b) => a.seq - b.seq).map(toSequenced);
}

/**
 * The next events of these streams after `after` (up to `head`), in seq order: at most `limit`,
 * and no more than `maxBytes` of events unless the first alone is larger (an event is at most
 * MAX_EVENT_BYTES).
 *
 * Two steps, so no plan ever sorts or holds the bodies of events it will not send: first the
 * candidates' seqs and sizes (the database picks the seq index or the per-case one, both narrow),
 * then the bodies of those that fit. A size is the event's stored size; one large enough to be
 * stored compressed is measured by its JSON text instead, so repetitive text cannot slip a page
 * past the bound (escaping in the JSON can still make a page a few times the stored size).
 */
async function readPage(tx: Queryable, streamIds: readonly string[], after: number, head: number, limit: number, maxBytes: number): Promise<{ events: SequencedEvent[]; hasMore: boolean }> {
  const candidates = await queryJsonRows<{ seq: number; size: number }>(
    tx,
    `SELECT c.seq, CASE WHEN pg_column_size(e.body) < 1800 THEN pg_column_size(e.body) ELSE octet_length(e.body::text) END AS size
       FROM (SELECT seq FROM case_events WHERE case_id = ANY($1::text[]) AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4) AS c
       JOIN case_events e ON e.seq = c.seq`,
    [streamIds, after, head, limit + 1],
  );
  candidates.sort((a, b) => a.seq - b.seq);
  let kept = 0;
  let bytes = 0;
  while (kept < candidates.length && kept < limit) {
    bytes += candidates[kept]!.size;
    if (kept > 0 && bytes > maxBytes) break;
    kept += 1;
  }
  if (kept === 0) return { events: [], hasMore: false };
  const seqs = candidates.slice(0, kept).map((candidate) => candidate.seq);
  const rows = await queryJsonRows<EventRow>(tx, 'SELECT seq, body FROM case_events WHERE seq = ANY($1::bigint[])', [seqs]);
  return { events: rows.sort((a, b) => a.seq - b.seq).map(toSequenced), hasMore: candidates.length > kept };
}

function toSequenced(row: EventRow): SequencedEvent {
  return { seq: Number(row.seq), event: CaseEventEnvelope.parse(row.body) };
}

/**
 * The desktop's scope rows this pull may change, keyed by stream: every row except those of streams
 * it holds and may still see (for a large scope nearly all of them, and nothing to do), plus `null`
 * for each visible stream it was never sent.
 */
async function loadScopeChanges(tx: Queryable, { agent, deviceId }: Puller, visible: readonly string[]): Promise<Map<string, ScopeRow | null>> {
  const rows = await queryJsonRows<{ stream_id: string; state: ScopeRowState | null; issued_after: number | null; issued_cursor: number | null }>(
    tx,
    `SELECT stream_id, state, issued_after, issued_cursor FROM desktop_scope
      WHERE agent_id = $1 AND device_id = $2 AND NOT (state = 'held' AND stream_id = ANY($3::text[]))
     UNION ALL
     SELECT v.stream_id, NULL, NULL, NULL FROM unnest($3::text[]) AS v(stream_id)
      WHERE NOT EXISTS (SELECT 1 FROM desktop_scope d WHERE d.agent_id = $1 AND d.device_id = $2 AND d.stream_id = v.stream_id)`,
    [agent.id, deviceId, visible],
  );
  return new Map(
    rows.map((row) => [row.stream_id, row.state === null ? null : { state: row.state, issuedAfter: Number(row.issued_after), issuedCursor: Number(row.issued_cursor) }]),
  );
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
