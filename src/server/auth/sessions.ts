import { createHash, randomBytes } from 'node:crypto';
import { Agent } from '../../shared/domain/agent';
import type { Queryable, Row } from '../db/database';

/** One shift plus overtime: an agent signs in once per working day. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface Session {
  agent: Agent;
  deviceId: string;
  expiresAt: Date;
}

export type SessionLookup = { ok: true; session: Session } | { ok: false; problem: 'unknown' | 'expired' };

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a bearer token; only its hash is stored. */
export async function createSession(db: Queryable, agentId: string, deviceId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.query('INSERT INTO sessions (token_hash, agent_id, device_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    hashToken(token),
    agentId,
    deviceId,
    now,
    expiresAt,
  ]);
  return { token, expiresAt };
}

export async function findSession(db: Queryable, token: string, now: Date): Promise<SessionLookup> {
  const { rows } = await db.query(
    `SELECT s.device_id, s.expires_at, ${AGENT_COLUMNS}
       FROM sessions s JOIN agents a ON a.id = s.agent_id
      WHERE s.token_hash = $1`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return { ok: false, problem: 'unknown' };
  const expiresAt = new Date(row.expires_at as string | Date);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
  return { ok: true, session: { agent: agentFromRow(row), deviceId: String(row.device_id), expiresAt } };
}

export const AGENT_COLUMNS = 'a.id, a.username, a.display_name, a.role, a.team_id, a.branch_id, a.time_zone, a.skills';

export function agentFromRow(row: Row): Agent {
  return Agent.parse({
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    teamId: row.team_id,
    branchId: row.branch_id ?? null,
    timeZone: row.time_zone,
    skills: Array.isArray(row.skills) ? row.skills : [],
  });
}
