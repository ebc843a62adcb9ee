import type { Queryable } from '../db/database';
import { hashRecoveryCode, matchRecoveryCode, newRecoveryCodes, newTotpSecret, totpMatches } from './totp';

export interface MfaEnrolment {
  secret: string;
  confirmed: boolean;
  recoveryHashes: string[];
}

export async function findEnrolment(db: Queryable, agentId: string): Promise<MfaEnrolment | null> {
  const { rows } = await db.query<{ secret: string; confirmed_at: unknown; recovery_hashes: string[] | null }>(
    'SELECT secret, confirmed_at, recovery_hashes FROM mfa_enrolments WHERE agent_id = $1',
    [agentId],
  );
  const row = rows[0];
  return row ? { secret: row.secret, confirmed: row.confirmed_at !== null && row.confirmed_at !== undefined, recoveryHashes: row.recovery_hashes ?? [] } : null;
}

/** The secret to show for enrolment: the one already pending (so a second attempt shows the same QR code) or a new one. */
export async function pendingSecret(db: Queryable, agentId: string): Promise<string> {
  const { rows } = await db.query<{ secret: string }>(
    `INSERT INTO mfa_enrolments (agent_id, secret) VALUES ($1, $2)
     ON CONFLICT (agent_id) DO UPDATE SET secret = mfa_enrolments.secret
     RETURNING secret`,
    [agentId, newTotpSecret()],
  );
  const secret = rows[0]?.secret;
  if (!secret) throw new Error('the enrolment secret was not stored');
  return secret;
}

/** A first good code confirms the enrolment; the recovery codes are returned once, and only their hashes kept. */
export async function confirmEnrolment(db: Queryable, agentId: string, now: Date, recoveryCount: number): Promise<string[]> {
  const codes = newRecoveryCodes(recoveryCount);
  await db.query('UPDATE mfa_enrolments SET confirmed_at = $2, recovery_hashes = $3::text[] WHERE agent_id = $1', [agentId, now, codes.map(hashRecoveryCode)]);
  return codes;
}

export type SecondFactorCheck = { ok: true; usedRecoveryCode: boolean } | { ok: false };

/** A TOTP code, or a recovery code (which is then spent). */
export async function checkSecondFactor(db: Queryable, agentId: string, enrolment: MfaEnrolment, code: string, now: Date): Promise<SecondFactorCheck> {
  const trimmed = code.trim();
  if (totpMatches(enrolment.secret, trimmed, now)) return { ok: true, usedRecoveryCode: false };
  if (!enrolment.confirmed) return { ok: false };
  const index = matchRecoveryCode(trimmed, enrolment.recoveryHashes);
  if (index < 0) return { ok: false };
  const remaining = enrolment.recoveryHashes.filter((_, i) => i !== index);
  await db.query('UPDATE mfa_enrolments SET recovery_hashes = $2::text[] WHERE agent_id = $1', [agentId, remaining]);
  return { ok: true, usedRecoveryCode: true };
}
