import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Agent } from '../../../shared/domain/agent';
import { isErrno, writeFileAtomic } from '../storage/atomicFile';
import { open as openSealed, seal } from '../storage/sealedBox';

/**
 * What lets an agent who signed in on this desktop before sign in while the link to the service
 * is down (branch staff), for a limited time after that sign-in: a password verifier and the
 * current refresh token, sealed with the agent's data key in their own folder. The key opens only
 * with their password (or the OS keyring, and then the verifier checks the password). When the
 * service is back, the refresh token renews the sign-in and what they did syncs under their name.
 */
export const OFFLINE_FILE_NAME = 'offline-signin.sealed';
const AAD = Buffer.from('agent-console/offline-signin/v1');

const OfflineRecord = z.object({
  format: z.literal(1),
  username: z.string().min(1),
  agent: Agent,
  salt: z.base64(),
  hash: z.base64(),
  /** When the service last checked the password and second factor. */
  authenticatedAt: z.iso.datetime(),
  /** Null after a sign-out: the service has revoked it, so only the verifier remains. */
  refreshToken: z.string().nullable(),
  refreshExpiresAt: z.iso.datetime().nullable(),
});
export type OfflineRecord = z.infer<typeof OfflineRecord>;

const COST = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, 32, COST, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function makeOfflineRecord(input: Omit<OfflineRecord, 'format' | 'salt' | 'hash'> & { password: string }): Promise<OfflineRecord> {
  const { password, ...rest } = input;
  const salt = randomBytes(16);
  return { format: 1, ...rest, salt: salt.toString('base64'), hash: (await derive(password, salt)).toString('base64') };
}

export async function passwordMatches(record: OfflineRecord, password: string): Promise<boolean> {
  const expected = Buffer.from(record.hash, 'base64');
  const actual = await derive(password, Buffer.from(record.salt, 'base64'));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export async function saveOfflineRecord(dir: string, key: Buffer, record: OfflineRecord): Promise<void> {
  await writeFileAtomic(join(dir, OFFLINE_FILE_NAME), seal(key, Buffer.from(JSON.stringify(record)), AAD), 0o600);
}

export async function hasOfflineRecord(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, OFFLINE_FILE_NAME))).isFile();
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return false;
    throw error;
  }
}

/** The record, or null when there is none or it does not open with this key (damaged, or another store's). */
export async function readOfflineRecord(dir: string, key: Buffer): Promise<OfflineRecord | null> {
  let sealed: Buffer;
  try {
    sealed = await readFile(join(dir, OFFLINE_FILE_NAME));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  try {
    const parsed = OfflineRecord.safeParse(JSON.parse(openSealed(key, sealed, AAD).toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
