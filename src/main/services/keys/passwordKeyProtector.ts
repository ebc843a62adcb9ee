import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DATA_KEY_BYTES, open as openSealed, seal } from '../storage/sealedBox';
import type { KeyProtector, KeySlot } from './keyStore';

/**
 * The agent's password as the key protector (the browser host, and Electron without a keyring):
 * scrypt turns it into a key-encryption key that wraps the data key with AES-256-GCM. Nothing
 * stored beside the data opens it without the password. Cost N = 2^15, r = 8 (about 100 ms and
 * 32 MiB per sign-in, OWASP's floor for scrypt); tests pass a lower N.
 */
export const DEFAULT_SCRYPT_N = 2 ** 15;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCallback(password.normalize('NFC'), salt, DATA_KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export function createPasswordKeyProtector(options: { N?: number } = {}): KeyProtector {
  const N = options.N ?? DEFAULT_SCRYPT_N;
  const r = 8;
  const p = 1;
  const costOf = (n: number, rr: number) => ({ N: n, r: rr, p, maxmem: 256 * n * rr + 16 * 1024 * 1024 });
  return {
    backend: 'password-scrypt',
    kind: 'password-scrypt',
    available: () => true,
    async wrap(key, password, keyId) {
      const salt = randomBytes(16);
      const kek = await scrypt(password, salt, costOf(N, r));
      return { kind: 'password-scrypt', salt: salt.toString('base64'), N, r, p, wrapped: seal(kek, key, Buffer.from(keyId)).toString('base64') };
    },
    async unwrap(slot, password, keyId) {
      if (slot.kind !== 'password-scrypt') return null;
      // A slot asking for absurd work is not ours to honour (a damaged or planted file).
      if (slot.N > 2 ** 20 || slot.r > 32 || slot.p > 4) return null;
      const kek = await scrypt(password, Buffer.from(slot.salt, 'base64'), costOf(slot.N, slot.r));
      try {
        const key = openSealed(kek, Buffer.from(slot.wrapped, 'base64'), Buffer.from(keyId));
        return key.length === DATA_KEY_BYTES ? key : null;
      } catch {
        return null;
      }
    },
  };
}

/** For tests: a protector whose secret lives in memory (pass the same secret to reopen the same data). */
export function createMemoryKeyProtector(secret: Buffer = randomBytes(DATA_KEY_BYTES)): KeyProtector {
  const copy = Buffer.from(secret);
  return {
    backend: 'memory',
    kind: 'memory',
    available: () => true,
    async wrap(key, _password, keyId) {
      return { kind: 'memory', wrapped: seal(copy, key, Buffer.from(keyId)).toString('base64') };
    },
    async unwrap(slot: KeySlot, _password, keyId) {
      if (slot.kind !== 'memory') return null;
      try {
        return openSealed(copy, Buffer.from(slot.wrapped, 'base64'), Buffer.from(keyId));
      } catch {
        return null;
      }
    },
  };
}

export function sameKey(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
