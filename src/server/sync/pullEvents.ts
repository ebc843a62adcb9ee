import { CaseEventEnvelope } from '../../shared/domain/caseEvent';
import type { PullResponse } from '../../shared/sync/protocol';
import type { Queryable } from '../db/database';

/**
 * Events with seq > after, in seq order. Because seq assignment is serialised with commit
 * order (see applyCaseEvents), a committed seq is never followed later by a smaller one,
 * so the last seq returned is a safe cursor.
 */
export async function pullEvents(db: Queryable, after: number, limit: number): Promise<PullResponse> {
  const { rows } = await db.query<{ seq: unknown; body: unknown }>('SELECT seq, body FROM case_events WHERE seq > $1 ORDER BY seq LIMIT $2', [
    after,
    limit + 1,
  ]);
  const hasMore = rows.length > limit;
  const events = rows.slice(0, limit).map((row) => ({ seq: Number(row.seq), event: CaseEventEnvelope.parse(row.body) }));
  const last = events[events.length - 1];
  return { events, cursor: last ? last.seq : after, hasMore };
}
