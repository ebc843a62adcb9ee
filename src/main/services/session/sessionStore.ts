import { z } from 'zod';
import { Agent } from '../../../shared/domain/agent';

/**
 * The signed-in agent and their service tokens, held by main only (the renderer never sees a
 * token). The access token lives at most an hour and is renewed with the refresh token until
 * `refreshExpiresAt`; at rest the refresh token exists only sealed with the agent's data key
 * (offlineSignIn.ts), which their password or the OS keyring unlocks.
 */
export const StoredSession = z.object({
  token: z.string().min(1),
  agent: Agent,
  expiresAt: z.iso.datetime(),
  refreshToken: z.string().min(1),
  refreshExpiresAt: z.iso.datetime(),
  /** When the password and second factor were last checked (the idle lock asks for the factor again after a while). */
  authenticatedAt: z.iso.datetime(),
});
export type StoredSession = z.infer<typeof StoredSession>;

/** A fresh access token for the same sign-in. */
export function withRefreshed(session: StoredSession, next: Pick<StoredSession, 'token' | 'expiresAt' | 'refreshToken' | 'refreshExpiresAt'>): StoredSession {
  return { ...session, token: next.token, expiresAt: next.expiresAt, refreshToken: next.refreshToken, refreshExpiresAt: next.refreshExpiresAt };
}
