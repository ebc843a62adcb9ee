import { randomBytes } from 'node:crypto';
import { DATA_KEY_BYTES } from '../storage/sealedBox';
import type { KeyStore } from './keyStore';

/** For tests: a key that lives as long as the object (pass one in to reopen the same data). */
export function createMemoryKeyStore(key: Buffer = randomBytes(DATA_KEY_BYTES)): KeyStore {
  const copy = Buffer.from(key);
  return { backend: 'memory', loadOrCreateDataKey: async () => Buffer.from(copy) };
}
