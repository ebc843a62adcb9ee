import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileExclusive } from '../storage/atomicFile';
import { readOwnerOnlyFile } from '../storage/ownerOnlyFile';
import { KeyStoreError, type KeyStore } from './keyStore';
import { DATA_KEY_BYTES } from '../storage/sealedBox';

export const FILE_KEY_NAME = 'journal.key';

/**
 * The data key as 32 raw bytes in `<dataDir>/journal.key`, readable by the owner only.
 * Used by the browser host, and by Electron when no OS keyring exists (Linux `basic_text`):
 * it protects the journal from other users of the machine and from copies of the journal
 * alone, not from someone who can read this user's files — the documented trade-off.
 */
export function createFileKeyStore(dataDir: string, options: { warn?: (message: string) => void } = {}): KeyStore & { readonly path: string } {
  const path = join(dataDir, FILE_KEY_NAME);
  const warn = options.warn ?? ((message: string) => console.warn(message));
  return {
    backend: 'file',
    path,
    async loadOrCreateDataKey() {
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      const existing = await readKeyFile(path, warn);
      if (existing) return existing;
      const created = randomBytes(DATA_KEY_BYTES);
      if (await createFileExclusive(path, created, 0o600)) return created;
      // Another process created it between our read and our link: use theirs.
      const theirs = await readKeyFile(path, warn);
      if (!theirs) throw new KeyStoreError(`The key file ${path} vanished while it was being created; start the console again.`);
      return theirs;
    },
  };
}

async function readKeyFile(path: string, warn: (message: string) => void): Promise<Buffer | null> {
  const key = await readOwnerOnlyFile(path, 'the journal key file', warn, (message) => new KeyStoreError(message));
  if (key === null) return null;
  if (key.length !== DATA_KEY_BYTES) {
    throw new KeyStoreError(
      `The journal key file ${path} is ${key.length} bytes, expected ${DATA_KEY_BYTES}: it is damaged. It was left as it is; restore it from a backup, or move the data folder aside to start fresh and resync from the case service.`,
    );
  }
  return key;
}
