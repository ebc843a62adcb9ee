import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent } from '../../shared/domain/agent';
import type { AuthSettings } from '../../shared/auth/authSettings';
import type { Database, Queryable, Row } from '../db/database';
import { notifyAgentChanged } from '../live/liveChannel';

/**
 * Sessions are short access tokens (≤ 1 h) renewed with a refresh token that lasts one sign-in
 * (a shift). Refreshing rotates both; a refresh token presented a second time means someone holds
 * a copy, so every token of that sign-in (its "family") is revoked. Only SHA-256 hashes are stored.
 */
export interface SessionPolicy {
  accessTtlMs: number;
  refreshTtlMs: number;
  maxDevices: number;
}

export function sessionPolicy(settings: AuthSettings): SessionPolicy {
  return {
    accessTtlMs: settings.sessions.accessTokenMinutes * 60_000,
    refreshTtlMs: settings.sessions.refreshTokenHours * 3_600_000,
    maxDevices: settings.sessions.maxDevicesPerUser,
  };
}

export interface Session {
  agent: Agent;
  deviceId: string;
  expiresAt: Date;
  familyId: string;
  /** When the password (and second factor) were last checked for this sign-in. */
  authenticatedAt: Date;
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
  authenticatedAt: Date;
}

/** `endedBy`: the name of the supervisor or administrator who ended the sign-in, when one did. */
export type SessionLookup = { ok: true; session: Session } | { ok: false; problem: 'unknown' | 'expired' | 'revoked'; endedBy?: string };

export type RefreshOutcome =
  | { ok: true; issued: IssuedSession; agent: Agent }
  | { ok: false; problem: 'unknown' | 'expired' | 'revoked' | 'reused'; agentId?: string; endedBy?: string };

/** revoked_reason of a sign-in a supervisor or administrator ended (see revokeAgentSessions). */
export function endedByReason(actorId: string): string {
  return `ended_by:${actorId}`;
}
/** The display name of whoever ended a revoked sign-in, joined from its revoked_reason. */
const ENDED_BY_JOIN = `LEFT JOIN agents e ON s.revoked_reason = 'ended_by:' || e.id`;
const endedByOf = (row: Row): { endedBy?: string } => (typeof row.ended_by === 'string' ? { endedBy: row.ended_by } : {});

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

async function insertSession(
  db: Queryable,
  row: { agentId: string; deviceId: string; familyId: string; now: Date; authenticatedAt: Date; refreshExpiresAt: Date; accessTtlMs: number },
): Promise<IssuedSession> {
  const token = newToken();
  const refreshToken = newToken();
  // An access token never outlives the sign-in it belongs to.
  const expiresAt = new Date(Math.min(row.now.getTime() + row.accessTtlMs, row.refreshExpiresAt.getTime()));
  await db.query(
    `INSERT INTO sessions (token_hash, agent_id, device_id, created_at, expires_at, family_id, refresh_hash, refresh_expires_at, authenticated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [hashToken(token), row.agentId, row.deviceId, row.now, expiresAt, row.familyId, hashToken(refreshToken), row.refreshExpiresAt, row.authenticatedAt],
  );
  return { token, expiresAt, refreshToken, refreshExpiresAt: row.refreshExpiresAt, authenticatedAt: row.authenticatedAt };
}

/**
 * A verified sign-in. Parallel sessions: one per device (signing in again on a device ends the
 * earlier one there) and at most `maxDevices` devices per user, the longest-signed-in ended first.
 * Returns the new session and the families it ended.
 */
export async function createSession(db: Database, agentId: string, deviceId: string, now: Date, policy: SessionPolicy): Promise<IssuedSession & { ended: number }> {
  return db.transaction(async (tx) => {
    const replaced = await tx.query(
      `UPDATE sessions SET revoked_at = $3, revoked_reason = 'replaced'
        WHERE agent_id = $1 AND device_id = $2 AND revoked_at IS NULL`,
      [agentId, deviceId, now],
    );
    const issued = await insertSession(tx, {
      agentId,
      deviceId,
      familyId: randomUUID(),
      now,
      authenticatedAt: now,
      refreshExpiresAt: new Date(now.getTime() + policy.refreshTtlMs),
      accessTtlMs: policy.accessTtlMs,
    });
    const { rows } = await tx.query<{ family_id: string }>(
      `SELECT family_id FROM sessions
        WHERE agent_id = $1 AND revoked_at IS NULL AND refresh_expires_at > $2
        GROUP BY family_id ORDER BY max(authenticated_at) DESC, family_id`,
      [agentId, now],
    );
    const excess = rows.slice(policy.maxDevices).map((row) => row.family_id);
    if (excess.length > 0) {
      await tx.query(`UPDATE sessions SET revoked_at = $2, revoked_reason = 'too_many_devices' WHERE family_id = ANY($1::text[]) AND revoked_at IS NULL`, [excess, now]);
    }
    return { ...issued, ended: replaced.rowCount + excess.length };
  });
}

export async function findSession(db: Queryable, token: string, now: Date): Promise<SessionLookup> {
  const { rows } = await db.query(
    `SELECT s.device_id, s.expires_at, s.revoked_at, s.revoked_reason, s.family_id, s.authenticated_at, e.display_name AS ended_by, ${AGENT_COLUMNS}
       FROM sessions s JOIN agents a ON a.id = s.agent_id ${ENDED_BY_JOIN}
      WHERE s.token_hash = $1`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return { ok: false, problem: 'unknown' };
  // A refresh rotates the access token away: the old one reads as expired, not as a revocation.
  if (row.revoked_at !== null && row.revoked_at !== undefined) return row.revoked_reason === 'rotated' ? { ok: false, problem: 'expired' } : { ok: false, problem: 'revoked', ...endedByOf(row) };
  const expiresAt = new Date(row.expires_at as string | Date);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired' };
  return {
    ok: true,
    session: {
      agent: agentFromRow(row),
      deviceId: String(row.device_id),
      expiresAt,
      familyId: String(row.family_id),
      authenticatedAt: new Date(row.authenticated_at as string | Date),
    },
  };
}

/** Swaps a refresh token for a new access and refresh token of the same sign-in. */
export async function refreshSession(db: Database, refreshToken: string, now: Date, policy: SessionPolicy): Promise<RefreshOutcome> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query(
      `SELECT s.token_hash, s.device_id, s.family_id, s.refresh_expires_at, s.authenticated_at, s.revoked_at, s.revoked_reason, e.display_name AS ended_by, ${AGENT_COLUMNS}
         FROM sessions s JOIN agents a ON a.id = s.agent_id ${ENDED_BY_JOIN}
        WHERE s.refresh_hash = $1
        FOR UPDATE OF s`,
      [hashToken(refreshToken)],
    );
    const row = rows[0];
    if (!row) return { ok: false, problem: 'unknown' };
    const agentId = String(row.id);
    if (row.revoked_at !== null && row.revoked_at !== undefined) {
      if (row.revoked_reason !== 'rotated') return { ok: false, problem: 'revoked', agentId, ...endedByOf(row) };
      await tx.query(`UPDATE sessions SET revoked_at = $2, revoked_reason = 'refresh_reused' WHERE family_id = $1 AND revoked_at IS NULL`, [row.family_id, now]);
      return { ok: false, problem: 'reused', agentId };
    }
    const refreshExpiresAt = new Date(row.refresh_expires_at as string | Date);
    if (refreshExpiresAt.getTime() <= now.getTime()) return { ok: false, problem: 'expired', agentId };
    await tx.query(`UPDATE sessions SET revoked_at = $2, revoked_reason = 'rotated' WHERE token_hash = $1`, [row.token_hash, now]);
    const issued = await insertSession(tx, {
      agentId,
      deviceId: String(row.device_id),
      familyId: String(row.family_id),
      now,
      authenticatedAt: new Date(row.authenticated_at as string | Date),
      refreshExpiresAt,
      accessTtlMs: policy.accessTtlMs,
    });
    return { ok: true, issued, agent: agentFromRow(row) };
  });
}

/** Sign-out: this sign-in's access and refresh tokens stop working at once. */
export async function revokeFamily(db: Queryable, familyId: string, now: Date, reason: string): Promise<number> {
  const { rowCount } = await db.query(`UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE family_id = $1 AND revoked_at IS NULL`, [familyId, now, reason]);
  return rowCount;
}

/** Ends every live sign-in of an agent (a supervisor or administrator's decision); returns how many. */
export async function revokeAgentSessions(db: Queryable, agentId: string, now: Date, reason: string): Promise<number> {
  const { rows } = await db.query<{ family_id: string }>(
    `UPDATE sessions SET revoked_at = $2, revoked_reason = $3 WHERE agent_id = $1 AND revoked_at IS NULL RETURNING family_id`,
    [agentId, now, reason],
  );
  // Their live streams close now rather than at their next session check.
  await notifyAgentChanged(db, agentId);
  return new Set(rows.map((row) => row.family_id)).size;
}

/** Marks a sign-in as used now, at most once a minute (so a busy desktop does not write on every request). */
export async function touchSession(db: Queryable, familyId: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE sessions SET last_seen_at = $2 WHERE family_id = $1 AND revoked_at IS NULL AND (last_seen_at IS NULL OR last_seen_at < $3)`,
    [familyId, now, new Date(now.getTime() - 60_000)],
  );
}

export interface LiveSignIn {
  agentId: string;
  deviceId: string;
  signedInAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** The live sign-ins (not revoked, still renewable) of these agents, one per sign-in, last used from its whole family. */
export async function listLiveSignIns(db: Queryable, agentIds: readonly string[], now: Date): Promise<LiveSignIn[]> {
  if (agentIds.length === 0) return [];
  const { rows } = await db.query<{ agent_id: string; device_id: string; authenticated_at: unknown; refresh_expires_at: unknown; last_seen: unknown }>(
    `SELECT s.agent_id, s.device_id, s.authenticated_at, s.refresh_expires_at,
            (SELECT max(coalesce(f.last_seen_at, f.created_at)) FROM sessions f WHERE f.family_id = s.family_id) AS last_seen
       FROM sessions s
      WHERE s.agent_id = ANY($1::text[]) AND s.revoked_at IS NULL AND s.refresh_expires_at > $2
      ORDER BY s.agent_id, s.authenticated_at DESC`,
    [agentIds, now],
  );
  const at = (value: unknown) => new Date(value as string | Date);
  return rows.map((row) => ({ agentId: row.agent_id, deviceId: row.device_id, signedInAt: at(row.authenticated_at), lastSeenAt: at(row.last_seen), expiresAt: at(row.refresh_expires_at) }));
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
