import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileExclusive, isErrno } from './atomicFile';

export const DEVICE_ID_FILE = 'device-id';

/**
 * This desktop's id, made once per install and shared by every agent who signs in here (the
 * service records which device each session and event came from). Not a secret.
 */
export async function loadOrCreateDeviceId(dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DEVICE_ID_FILE);
  const read = async () => {
    try {
      const id = (await readFile(path, 'utf8')).trim();
      return /^desktop-[0-9a-f]{16}$/.test(id) ? id : null;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return null;
      throw error;
    }
  };
  const existing = await read();
  if (existing) return existing;
  const created = `desktop-${randomBytes(8).toString('hex')}`;
  if (await createFileExclusive(path, Buffer.from(`${created}\n`), 0o600)) return created;
  return (await read()) ?? created;
}
