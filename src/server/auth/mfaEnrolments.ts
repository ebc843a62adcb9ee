import type { Queryable } from '../db/database';
import { hashRecoveryCode, matchRecoveryCode, newRecoveryCodes, newTotpSecret, totpMatchedStep } from './totp';

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

/** Why a second factor was refused: not a valid code, a code already used, or a code of an older step than one already used. */
export type SecondFactorRefusal = 'wrong' | 'already_used' | 'older_than_used';

export type SecondFactorCheck = { ok: true; usedRecoveryCode: boolean } | { ok: false; refusal: SecondFactorRefusal };

/**
 * Claims a TOTP time step for the agent: only if no code of this step or a later one was used
 * before (RFC 6238 §5.2). One compare-and-set statement, so of two sign-ins racing with the same
 * code exactly one gets the row. A refused claim says whether this step itself was used or a
 * later one was: someone typing a code read a minute late needs different words from a replay.
 */
async function claimTotpStep(db: Queryable, agentId: string, step: number): Promise<'claimed' | 'already_used' | 'older_than_used'> {
  const { rows } = await db.query(
    'UPDATE mfa_enrolments SET last_totp_step = $2 WHERE agent_id = $1 AND (last_totp_step IS NULL OR last_totp_step < $2) RETURNING 1',
    [agentId, step],
  );
  if (rows.length > 0) return 'claimed';
  // Read after the refused claim, not before: last_totp_step only grows, so it is now at least `step`.
  const last = await db.query<{ last_totp_step: string | number | null }>('SELECT last_totp_step FROM mfa_enrolments WHERE agent_id = $1', [agentId]);
  return Number(last.rows[0]?.last_totp_step ?? step) > step ? 'older_than_used' : 'already_used';
}

/**
 * A TOTP code, used at most once (a code seen on a screen or phished is worthless after its
 * sign-in, and so is any code older than it), or a recovery code (which is then spent). The code
 * that confirms an enrolment is a use too.
 */
export async function checkSecondFactor(db: Queryable, agentId: string, enrolment: MfaEnrolment, code: string, now: Date): Promise<SecondFactorCheck> {
  const trimmed = code.trim();
  const step = totpMatchedStep(enrolment.secret, trimmed, now);
  if (step !== null) {
    const claim = await claimTotpStep(db, agentId, step);
    return claim === 'claimed' ? { ok: true, usedRecoveryCode: false } : { ok: false, refusal: claim };
  }
  if (!enrolment.confirmed) return { ok: false, refusal: 'wrong' };
  const index = matchRecoveryCode(trimmed, enrolment.recoveryHashes);
  if (index < 0) return { ok: false, refusal: 'wrong' };
  return (await spendRecoveryCode(db, agentId, enrolment.recoveryHashes[index]!)) ? { ok: true, usedRecoveryCode: true } : { ok: false, refusal: 'already_used' };
}

/**
 * Spends a recovery code: removes its hash only if it is still there, in one statement, so of two
 * sign-ins racing with the same recovery code exactly one gets it (read-then-write would let both in).
 */
async function spendRecoveryCode(db: Queryable, agentId: string, hash: string): Promise<boolean> {
  const { rows } = await db.query(
    'UPDATE mfa_enrolments SET recovery_hashes = array_remove(recovery_hashes, $2::text) WHERE agent_id = $1 AND $2::text = ANY(recovery_hashes) RETURNING 1',
    [agentId, hash],
  );
  return rows.length > 0;
}
