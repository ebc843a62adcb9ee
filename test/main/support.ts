import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { CaseEventEnvelope } from '../../src/shared/domain/caseEvent';
import type { HeldDigestKey } from '../../src/main/services/screenpop/blindIndex';

/** A fresh temp directory per call, removed after the test. */
const created: string[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(prefix = 'agent-console-main-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export const testKey = (): Buffer => randomBytes(32);

export function noteEvent(overrides: Partial<CaseEventEnvelope> = {}, text = 'Customer called about a fee'): CaseEventEnvelope {
  return {
    id: randomUUID(),
    caseId: 'case-1',
    schemaVersion: 1,
    at: '2026-03-02T10:00:00.000Z',
    hlc: '001772445600000-00000-dev',
    actorId: 'agent-1',
    deviceId: 'desktop-test',
    type: 'note.added',
    payload: { text },
    ...overrides,
  };
}

/** Collects warnings instead of printing them, so tests can assert on them. */
export function warnings(): { warn: (message: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { warn: (message) => messages.push(message), messages };
}

/** A digest key as the case service issues one (POST /v1/screen-pop/digest-key). */
export const testDigestKey = (): HeldDigestKey => ({ keyId: randomUUID(), key: randomBytes(32).toString('base64url'), expiresAt: '2099-01-01T00:00:00.000Z' });
