import { z } from 'zod';
import type { Queryable } from '../db/database';

/**
 * The one NOTIFY channel of live push. Writers notify inside their transaction, so PostgreSQL
 * delivers the note at commit (never for a rollback) to every service process listening on the
 * same database; PGlite does the same within its one process. The payload names the schema, since
 * several services (tests) may share one database in different schemas.
 */
export const LIVE_CHANNEL = 'agent_console_live';

export type LiveNote =
  /** Events up to `seq` are committed. */
  | { schema: string; kind: 'events'; seq: number }
  /** Something about `agentId` changed without an event: what they may see (a customer look-up), or their sessions (ended). */
  | { schema: string; kind: 'agent'; agentId: string };

const LiveNoteSchema = z.discriminatedUnion('kind', [
  z.object({ schema: z.string(), kind: z.literal('events'), seq: z.number().int().nonnegative() }),
  z.object({ schema: z.string(), kind: z.literal('agent'), agentId: z.string() }),
]);

/** Call inside the transaction that committed events up to `seq`. */
export async function notifyEventsCommitted(tx: Queryable, seq: number): Promise<void> {
  await tx.query(`SELECT pg_notify($1, json_build_object('schema', current_schema(), 'kind', 'events', 'seq', $2::bigint)::text)`, [LIVE_CHANNEL, seq]);
}

/**
 * Call when something other than an event changed for `agentId`: which cases they may hold (see
 * visibleStreams) or whether their sessions still stand. Their streams re-check both at once.
 */
export async function notifyAgentChanged(q: Queryable, agentId: string): Promise<void> {
  await q.query(`SELECT pg_notify($1, json_build_object('schema', current_schema(), 'kind', 'agent', 'agentId', $2::text)::text)`, [LIVE_CHANNEL, agentId]);
}

/** A payload from the channel, or null when it is not one of ours. */
export function parseLiveNote(payload: string): LiveNote | null {
  try {
    const parsed = LiveNoteSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
