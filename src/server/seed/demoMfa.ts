import { createHash } from 'node:crypto';
import { Secret } from 'otpauth';
import { totpCode } from '../auth/totp';

/**
 * The demo bank's second factor: every demo user but one is enrolled with a TOTP secret derived
 * from their user name, printed by `npm start` so a demo (or a test) can add it to an
 * authenticator app or compute the code. `agent12` is left unenrolled to show enrolment on first
 * sign-in. Demo data only: a real deployment enrols each person with a random secret.
 */
export const DEMO_UNENROLLED_USERS: readonly string[] = ['agent12'];

export function demoTotpSecret(username: string): string {
  const bytes = createHash('sha256').update(`agent-console/demo-totp/v1/${username}`).digest().subarray(0, 20);
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }).base32;
}

/** The code an authenticator app with the demo secret shows at `at`. */
export function demoTotpCode(username: string, at: Date = new Date()): string {
  return totpCode(demoTotpSecret(username), at);
}
