import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileKeyStore, FILE_KEY_NAME } from '../../../../src/main/services/keys/fileKeyStore';
import { KeyStoreError } from '../../../../src/main/services/keys/keyStore';
import { createMemoryKeyStore } from '../../../../src/main/services/keys/memoryKeyStore';
import { createWrappedKeyStore, WRAPPED_KEY_NAME, type SafeStorageLike } from '../../../../src/main/services/keys/wrappedKeyStore';
import { tempDir, warnings } from '../../support';

/** Stands in for Electron's safeStorage: a real cipher keyed by "the OS keyring". */
function fakeSafeStorage(backend: string, keyring: Buffer = randomBytes(32)): SafeStorageLike & { keyring: Buffer } {
  return {
    keyring,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plainText) {
      const iv = randomBytes(16);
      const cipher = createCipheriv('aes-256-cbc', keyring, iv);
      return Buffer.concat([iv, cipher.update(plainText, 'utf8'), cipher.final()]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-cbc', keyring, encrypted.subarray(0, 16));
      return Buffer.concat([decipher.update(encrypted.subarray(16)), decipher.final()]).toString('utf8');
    },
  };
}

describe('file key store', () => {
  it('creates a 32-byte owner-only key once and returns the same key afterwards', async () => {
    const dataDir = await tempDir();
    const store = createFileKeyStore(join(dataDir, 'nested'));
    const [a, b] = await Promise.all([store.loadOrCreateDataKey(), createFileKeyStore(join(dataDir, 'nested')).loadOrCreateDataKey()]);
    expect(a).toHaveLength(32);
    expect(b).toEqual(a);
    expect(await store.loadOrCreateDataKey()).toEqual(a);
    expect(await readFile(join(dataDir, 'nested', FILE_KEY_NAME))).toEqual(a);
    if (process.platform !== 'win32') expect((await stat(join(dataDir, 'nested', FILE_KEY_NAME))).mode & 0o777).toBe(0o600);
    expect(store.backend).toBe('file');
  });

  it('refuses a damaged key file rather than replacing it', async () => {
    const dataDir = await tempDir();
    await writeFile(join(dataDir, FILE_KEY_NAME), 'short');
    await expect(createFileKeyStore(dataDir).loadOrCreateDataKey()).rejects.toThrow(/is 5 bytes, expected 32.*left as it is/);
    expect(await readFile(join(dataDir, FILE_KEY_NAME), 'utf8')).toBe('short');
  });

  it('tightens a key file other users could read', async () => {
    if (process.platform === 'win32') return;
    const dataDir = await tempDir();
    await writeFile(join(dataDir, FILE_KEY_NAME), randomBytes(32), { mode: 0o644 });
    const log = warnings();
    await createFileKeyStore(dataDir, { warn: log.warn }).loadOrCreateDataKey();
    expect(log.messages[0]).toMatch(/readable by other users/);
    expect((await stat(join(dataDir, FILE_KEY_NAME))).mode & 0o777).toBe(0o600);
  });
});

describe('memory key store', () => {
  it('returns copies of the same key', async () => {
    const store = createMemoryKeyStore();
    const key = await store.loadOrCreateDataKey();
    key.fill(0);
    expect((await store.loadOrCreateDataKey()).equals(Buffer.alloc(32))).toBe(false);
  });
});

describe('safeStorage-wrapped key store', () => {
  it('wraps the key with the OS keyring and records which backend did it', async () => {
    const dataDir = await tempDir();
    const safeStorage = fakeSafeStorage('gnome_libsecret');
    const store = createWrappedKeyStore({ dataDir, safeStorage, platform: 'linux' });
    const key = await store.loadOrCreateDataKey();
    expect(store.backend).toBe('safeStorage:gnome_libsecret');
    const file = JSON.parse(await readFile(join(dataDir, WRAPPED_KEY_NAME), 'utf8')) as { backend: string; wrappedKey: string };
    expect(file.backend).toBe('safeStorage:gnome_libsecret');
    expect(file.wrappedKey).not.toContain(key.toString('base64'));
    const again = createWrappedKeyStore({ dataDir, safeStorage, platform: 'linux' });
    expect(await again.loadOrCreateDataKey()).toEqual(key);
    await expect(readFile(join(dataDir, FILE_KEY_NAME))).rejects.toThrow();
  });

  it('treats basic_text as no keyring and falls back to the file key, saying so', async () => {
    const dataDir = await tempDir();
    const log = warnings();
    const store = createWrappedKeyStore({ dataDir, safeStorage: fakeSafeStorage('basic_text'), platform: 'linux', warn: log.warn });
    const key = await store.loadOrCreateDataKey();
    expect(store.backend).toBe('file');
    expect(log.messages[0]).toMatch(/basic_text.*key file/);
    expect(await readFile(join(dataDir, FILE_KEY_NAME))).toEqual(key);
    // A keyring appearing later does not orphan the journal: the file key stays in use.
    const later = createWrappedKeyStore({ dataDir, safeStorage: fakeSafeStorage('kwallet5'), platform: 'linux' });
    expect(await later.loadOrCreateDataKey()).toEqual(key);
    expect(later.backend).toBe('file');
  });

  it('never replaces a wrapped key the keyring can no longer unwrap', async () => {
    const dataDir = await tempDir();
    await createWrappedKeyStore({ dataDir, safeStorage: fakeSafeStorage('gnome_libsecret'), platform: 'linux' }).loadOrCreateDataKey();
    const wrapped = await readFile(join(dataDir, WRAPPED_KEY_NAME), 'utf8');

    const otherKeyring = createWrappedKeyStore({ dataDir, safeStorage: fakeSafeStorage('gnome_libsecret'), platform: 'linux' });
    await expect(otherKeyring.loadOrCreateDataKey()).rejects.toThrow(KeyStoreError);
    const noKeyring = createWrappedKeyStore({ dataDir, safeStorage: fakeSafeStorage('basic_text'), platform: 'linux' });
    await expect(noKeyring.loadOrCreateDataKey()).rejects.toThrow(/wrapped by safeStorage:gnome_libsecret, which is not available now.*untouched/);
    expect(await readFile(join(dataDir, WRAPPED_KEY_NAME), 'utf8')).toBe(wrapped);
    await expect(readFile(join(dataDir, FILE_KEY_NAME))).rejects.toThrow();
  });

  it('names the platform keyring outside Linux', async () => {
    const store = createWrappedKeyStore({ dataDir: await tempDir(), safeStorage: fakeSafeStorage('unused'), platform: 'darwin' });
    await store.loadOrCreateDataKey();
    expect(store.backend).toBe('safeStorage:keychain');
  });
});
