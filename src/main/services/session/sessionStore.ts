import { z } from 'zod';
import { Agent } from '../../../shared/domain/agent';

/**
 * The signed-in agent and their service token. Held in memory only: the token is worth nothing
 * without the agent's data, which is locked with their password, so a restart of the console
 * asks them to sign in again (and that sign-in is what unlocks their data).
 */
export const StoredSession = z.object({ token: z.string().min(1), agent: Agent, expiresAt: z.iso.datetime() });
export type StoredSession = z.infer<typeof StoredSession>;
