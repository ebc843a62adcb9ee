import type { FastifyBaseLogger } from 'fastify';
import type { Queryable } from '../db/database';

/** Every sign-in decision the security team may ask about. */
export type AuthAuditEvent =
  | 'signed_in'
  | 'sign_in_failed'
  | 'second_factor_failed'
  | 'locked_out'
  | 'refused_while_locked'
  | 'signed_out'
  | 'refreshed'
  | 'refresh_refused'
  | 'refresh_reused'
  | 'sessions_ended'
  | 'sessions_listed'
  | 'mfa_enrolled';

export interface AuthAuditEntry {
  event: AuthAuditEvent;
  username?: string | null;
  agentId?: string | null;
  address?: string | null;
  detail?: string | null;
}

/** Kept in auth_audit and written to the service log (warnings for what looks like an attack). */
export async function recordAuthEvent(db: Queryable, log: FastifyBaseLogger, at: Date, entry: AuthAuditEntry): Promise<void> {
  await db.query('INSERT INTO auth_audit (at, event, username, agent_id, address, detail) VALUES ($1, $2, $3, $4, $5, $6)', [
    at,
    entry.event,
    entry.username?.slice(0, 64) ?? null,
    entry.agentId ?? null,
    entry.address ?? null,
    entry.detail ?? null,
  ]);
  const line = { auth: entry.event, username: entry.username?.slice(0, 64), agentId: entry.agentId, address: entry.address, detail: entry.detail };
  if (entry.event === 'locked_out' || entry.event === 'refused_while_locked' || entry.event === 'refresh_reused') log.warn(line, `sign-in: ${entry.event}`);
  else log.info(line, `sign-in: ${entry.event}`);
}
