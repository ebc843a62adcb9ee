import type { AuthSettings } from '../../shared/auth/authSettings';
import type { Queryable } from '../db/database';

/**
 * Lockout after repeated failed sign-ins, counted per user name (whether or not it exists, so
 * a lockout never tells a guesser which names are real) and per source address (one machine
 * trying many names). A locked key is refused before the password is looked at, so even the
 * right password waits out the lock.
 */
type LockoutRule = AuthSettings['lockout']['perUser'];

export type ThrottleKey = { kind: 'user'; key: string; rule: LockoutRule } | { kind: 'address'; key: string; rule: LockoutRule };

export function throttleKeys(settings: AuthSettings, username: string, address: string): ThrottleKey[] {
  return [
    { kind: 'user', key: `user:${username.trim().normalize('NFKC').toLowerCase()}`, rule: settings.lockout.perUser },
    { kind: 'address', key: `addr:${address}`, rule: settings.lockout.perAddress },
  ];
}

export interface Lock {
  kind: ThrottleKey['kind'];
  until: Date;
  /** Whole seconds, for Retry-After. */
  retryAfterSeconds: number;
}

function lockOf(kind: ThrottleKey['kind'], until: Date, now: Date): Lock {
  return { kind, until, retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000)) };
}

/** The first key that is locked right now, if any. */
export async function currentLock(db: Queryable, keys: readonly ThrottleKey[], now: Date): Promise<Lock | null> {
  const { rows } = await db.query<{ key: string; locked_until: string | Date | null }>('SELECT key, locked_until FROM sign_in_throttle WHERE key = ANY($1::text[])', [
    keys.map((k) => k.key),
  ]);
  for (const key of keys) {
    const row = rows.find((r) => r.key === key.key);
    if (row?.locked_until && new Date(row.locked_until).getTime() > now.getTime()) return lockOf(key.kind, new Date(row.locked_until), now);
  }
  return null;
}

/** Counts a failure against every key; returns the lock it triggered, if any. */
export async function recordFailure(db: Queryable, keys: readonly ThrottleKey[], now: Date): Promise<Lock | null> {
  let triggered: Lock | null = null;
  for (const key of keys) {
    const windowStart = new Date(now.getTime() - key.rule.windowMinutes * 60_000);
    const { rows } = await db.query<{ failures: number }>(
      `INSERT INTO sign_in_throttle (key, failures, window_started_at) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN sign_in_throttle.window_started_at <= $3 THEN 1 ELSE sign_in_throttle.failures + 1 END,
         window_started_at = CASE WHEN sign_in_throttle.window_started_at <= $3 THEN $2 ELSE sign_in_throttle.window_started_at END
       RETURNING failures`,
      [key.key, now, windowStart],
    );
    if (Number(rows[0]?.failures ?? 0) >= key.rule.maxFailures) {
      const until = new Date(now.getTime() + key.rule.lockMinutes * 60_000);
      // The count starts again after the lock, so the next failure does not relock at once.
      await db.query('UPDATE sign_in_throttle SET locked_until = $2, failures = 0, window_started_at = $3 WHERE key = $1', [key.key, until, now]);
      triggered ??= lockOf(key.kind, until, now);
    }
  }
  return triggered;
}

/** A successful sign-in clears the user's count; an address's count only runs out with its window. */
export async function clearUserFailures(db: Queryable, keys: readonly ThrottleKey[]): Promise<void> {
  const user = keys.find((k) => k.kind === 'user');
  if (user) await db.query('DELETE FROM sign_in_throttle WHERE key = $1', [user.key]);
}
