import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s), what every authenticator app reads from a QR code.
 * A code from the step before or after is accepted too, for clocks a little apart.
 */
export const TOTP_PERIOD_SECONDS = 30;
const PERIOD_SECONDS = TOTP_PERIOD_SECONDS;
const WINDOW_STEPS = 1;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, issuer: string, username: string): string {
  return new TOTP({ issuer, label: username, secret: Secret.fromBase32(secretBase32), period: PERIOD_SECONDS }).toString();
}

export function totpCode(secretBase32: string, at: Date): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), period: PERIOD_SECONDS, timestamp: at.getTime() });
}

/** The RFC 6238 time step `at` falls in (whole periods since the epoch). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);
}

/**
 * The time step whose code this is (the current one or a neighbour), or null. The step, not a
 * yes/no, so the caller can refuse a code whose step was already used (RFC 6238 §5.2).
 */
export function totpMatchedStep(secretBase32: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({ token: code, secret: Secret.fromBase32(secretBase32), period: PERIOD_SECONDS, timestamp: at.getTime(), window: WINDOW_STEPS });
  return delta === null ? null : totpStep(at) + delta;
}

/** Recovery codes: 3 groups of 4 from an alphabet without look-alikes; only their SHA-256 is kept. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(count: number): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(`agent-console/recovery/${code.trim().toLowerCase()}`).digest('hex');
}

/** The index of the stored hash this code matches, or -1. */
export function matchRecoveryCode(code: string, hashes: readonly string[]): number {
  const candidate = Buffer.from(hashRecoveryCode(code), 'hex');
  return hashes.findIndex((hash) => {
    const stored = Buffer.from(hash, 'hex');
    return stored.length === candidate.length && timingSafeEqual(stored, candidate);
  });
}
