import { join } from 'node:path';
import { z } from 'zod';
import { Agent } from '../../../shared/domain/agent';
import { encryptedJsonFile } from '../storage/encryptedFile';

export const StoredSession = z.object({ token: z.string().min(1), agent: Agent, expiresAt: z.iso.datetime() });
export type StoredSession = z.infer<typeof StoredSession>;

export const SESSION_FILE_NAME = 'session.bin';

/**
 * The signed-in agent and their service token, encrypted beside the journal, so that a
 * restart of the host keeps the agent signed in until the token expires.
 */
export interface SessionStore {
  /** The saved session if it has not expired at `nowMs`; an expired one is removed. */
  load(nowMs: number): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

export function createSessionStore(dataDir: string, key: Buffer, warn: (message: string) => void): SessionStore {
  const file = encryptedJsonFile(join(dataDir, SESSION_FILE_NAME), key, StoredSession, warn);
  return {
    async load(nowMs) {
      const session = await file.read();
      if (!session) return null;
      if (Date.parse(session.expiresAt) <= nowMs) {
        await file.remove();
        return null;
      }
      return session;
    },
    save: (session) => file.write(session),
    clear: () => file.remove(),
  };
}
