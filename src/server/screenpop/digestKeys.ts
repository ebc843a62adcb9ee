import { randomBytes, randomUUID } from 'node:crypto';
import type { Session } from '../auth/sessions';
import type { Queryable } from '../db/database';

export interface IssuedDigestKey {
  keyId: string;
  key: Buffer;
  expiresAt: Date;
}

const HOUR_MS = 3_600_000;

/**
 * The digest key of a desktop's session: made by the service, so no client can pick a key it has
 * precomputed tables for, and short-lived: a new session gets a new key, and every `hours`-long
 * period of service time another (the desktop sees the new key id on its next answer and
 * re-indexes). One key per session and period, so requests racing at a rotation agree on it.
 */
export async function sessionDigestKey(db: Queryable, sessionTokenHash: string, session: Session, now: Date, hours: number): Promise<IssuedDigestKey> {
  const periodMs = hours * HOUR_MS;
  const epoch = Math.floor(now.getTime() / periodMs);
  // Never outlives the session it belongs to.
  const expiresAt = new Date(Math.min((epoch + 1) * periodMs, session.expiresAt.getTime()));
  await db.query(
    `INSERT INTO screenpop_digest_keys (key_id, session_token_hash, epoch, agent_id, device_id, digest_key, issued_at, expires_at)
     VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (session_token_hash, epoch) DO NOTHING`,
    [randomUUID(), sessionTokenHash, epoch, session.agent.id, session.deviceId, randomBytes(32).toString('base64url'), now, expiresAt],
  );
  const { rows } = await db.query<{ key_id: string; digest_key: string; expires_at: Date | string }>(
    'SELECT key_id, digest_key, expires_at FROM screenpop_digest_keys WHERE session_token_hash = $1 AND epoch = $2',
    [sessionTokenHash, epoch],
  );
  const row = rows[0];
  if (!row) throw new Error('the digest key just stored is missing');
  return { keyId: row.key_id, key: Buffer.from(row.digest_key, 'base64url'), expiresAt: new Date(row.expires_at) };
}
