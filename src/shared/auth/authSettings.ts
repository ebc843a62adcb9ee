import { z } from 'zod';
import bundledAuth from '../../../resources/auth.json' with { type: 'json' };
import { Role } from '../domain/enums';

/**
 * Sign-in and session rules (resources/auth.json). The service enforces lockout, lifetimes and
 * the second factor; the desktop reads the same file for the offline window and the idle lock.
 */
const Lockout = z.strictObject({
  /** Failed sign-ins within the window that lock the key (user name or source address). */
  maxFailures: z.number().int().min(1).max(100),
  windowMinutes: z.number().int().min(1).max(24 * 60),
  lockMinutes: z.number().int().min(1).max(24 * 60),
});

export const AuthSettings = z.strictObject({
  source: z.string().optional(),
  lockout: z.strictObject({ perUser: Lockout, perAddress: Lockout }),
  sessions: z.strictObject({
    /** A bank's review asks for at most an hour; the desktop refreshes before it runs out. */
    accessTokenMinutes: z.number().int().min(1).max(60),
    /** How long one sign-in lasts through refreshes (a shift); then the password and second factor again. */
    refreshTokenHours: z.number().int().min(1).max(24),
    /** Live sign-ins per user on different devices; one more ends the oldest (one per device always). */
    maxDevicesPerUser: z.number().int().min(1).max(20),
  }),
  mfa: z.strictObject({
    issuer: z.string().min(1).max(64),
    requiredRoles: z.array(Role),
    recoveryCodes: z.number().int().min(4).max(20),
  }),
  offlineSignIn: z.strictObject({ hours: z.number().min(0).max(72) }),
  idleLock: z.strictObject({
    minutes: z.number().min(0.05).max(240),
    /** Unlocking asks for the second factor too once the sign-in is older than this. */
    secondFactorAfterMinutes: z.number().int().min(1).max(24 * 60),
  }),
});
export type AuthSettings = z.infer<typeof AuthSettings>;

export const BUNDLED_AUTH_SETTINGS: AuthSettings = AuthSettings.parse(bundledAuth);

export function mfaRequiredFor(role: Role, settings: AuthSettings = BUNDLED_AUTH_SETTINGS): boolean {
  return settings.mfa.requiredRoles.includes(role);
}
