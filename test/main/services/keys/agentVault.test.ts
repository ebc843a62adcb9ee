import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentDir, KEY_FILE_NAME, openAgentStore, openWithPreviousPassword, startAfresh, rewrapForNewPassword, type AgentStore, type AgentVaultOptions } from '../../../../src/main/services/keys/agentVault';
import { createPasswordKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { createSafeStorageKeyProtector, type SafeStorageLike } from '../../../../src/main/services/keys/safeStorageKeyProtector';
import { journalFileName } from '../../../../src/main/services/storage/journal';
import { noteEvent, tempDir } from '../../support';

/** Stands in for Electron's safeStorage: a real cipher keyed by "the OS keyring". */
function fakeSafeStorage(backend: string, keyring: Buffer = randomBytes(32)): SafeStorageLike {
  return {
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

const password = createPasswordKeyProtector({ N: 2 ** 10 });

async function vault(protectors = [password]): Promise<AgentVaultOptions> {
  return { dataDir: await tempDir(), protectors, deviceId: 'desktop-0123456789abcdef', journal: { warn: () => undefined } };
}

async function open(options: AgentVaultOptions, pw = 'Demo-2026!', user = 'agent'): Promise<AgentStore> {
  const store = await openAgentStore(options, user, pw);
  if (store.state !== 'open') throw new Error(`expected an open store, got ${store.state}`);
  return store;
}

describe('agent vault', () => {
  it('wraps a new key with the password (never stored in the clear), records the backend, and opens it again', async () => {
    const options = await vault();
    const store = await open(options);
    const event = noteEvent({}, 'Customer Jane Canary called');
    await store.journal.appendLocal(event);
    await store.journal.close();
    expect(store.backend).toBe('password-scrypt');
    const keyFile = JSON.parse(await readFile(join(store.dir, KEY_FILE_NAME), 'utf8'));
    expect(keyFile.slots.map((slot: { kind: string }) => slot.kind)).toEqual(['password-scrypt']);
    // Neither the key nor anything that opens it without the password is on disk.
    for (const name of await readdir(store.dir)) {
      const content = await readFile(join(store.dir, name)).catch(() => Buffer.alloc(0));
      expect(content.includes(store.key), name).toBe(false);
      expect(content.includes(Buffer.from(store.key.toString('base64'))), name).toBe(false);
    }
    const again = await open(options);
    expect(again.journal.get(event.id)?.event).toEqual(event);
    await again.journal.close();
    // Another agent on the same desk has a folder and key of their own.
    const other = await open(options, 'Demo-2026!', 'agent02');
    expect(other.dir).not.toBe(store.dir);
    expect(other.journal.get(event.id)).toBeUndefined();
    await other.journal.close();
  });

  it('restores a missing, damaged or swapped key file from the journal’s own copy, losing nothing, and says so', async () => {
    const options = await vault();
    const store = await open(options);
    const event = noteEvent();
    await store.journal.appendLocal(event);
    await store.journal.close();
    const keyPath = join(store.dir, KEY_FILE_NAME);
    const otherStore = await open(options, 'Demo-2026!', 'agent02');
    await otherStore.journal.close();
    const foreign = await readFile(join(otherStore.dir, KEY_FILE_NAME));

    for (const [what, damage] of [
      ['missing', () => rm(keyPath)],
      ['damaged', () => writeFile(keyPath, '{"format": 1, "keyId": "x", "slo')],
      ['swapped for another store’s', () => writeFile(keyPath, foreign)],
    ] as const) {
      await damage();
      const restored = await open(options);
      expect(restored.journal.get(event.id)?.event, what).toEqual(event);
      const notice = restored.journal.notices.find((n) => n.kind === 'key_restored');
      expect(notice?.message, what).toMatch(/restored from the copy kept with your journal/);
      await restored.journal.dismissNotice(notice!.id);
      await restored.journal.close();
    }
  });

  it('after a password change elsewhere: asks for the previous password, which unlocks and re-wraps for the new one', async () => {
    const options = await vault();
    const store = await open(options, 'old-password');
    const event = noteEvent();
    await store.journal.appendLocal(event);
    await store.journal.close();

    const locked = await openAgentStore(options, 'agent', 'new-password');
    expect(locked).toMatchObject({ state: 'password_mismatch', unsynced: [{ eventId: event.id, caseId: event.caseId, type: 'note.added' }] });
    expect(await openWithPreviousPassword(options, 'agent', 'not-it', 'new-password')).toEqual({ state: 'wrong_password' });
    const unlocked = await openWithPreviousPassword(options, 'agent', 'old-password', 'new-password');
    if (unlocked.state !== 'open') throw new Error('expected open');
    expect(unlocked.journal.get(event.id)).toBeDefined();
    await unlocked.journal.close();
    // The new password opens it from now on; the old one no longer does.
    const withNew = await open(options, 'new-password');
    await withNew.journal.close();
    expect((await openAgentStore(options, 'agent', 'old-password')).state).toBe('password_mismatch');
  });

  it('a password changed in this console re-wraps at once (key file and journal copy)', async () => {
    const options = await vault();
    const store = await open(options, 'first');
    const rewrapped = await rewrapForNewPassword(options, store, 'second');
    await rewrapped.journal.close();
    await rm(join(store.dir, KEY_FILE_NAME)); // the journal's copy must be the new one too
    const again = await open(options, 'second');
    expect(again.journal.notices.map((n) => n.kind)).toEqual(['key_restored']);
    await again.journal.close();
  });

  it('starting afresh sets the old data aside and names exactly the unsynced work left behind', async () => {
    const options = await vault();
    const store = await open(options, 'forgotten');
    const kept = noteEvent();
    const lost = [noteEvent({ caseId: 'AC-11111-22222' }), noteEvent({ caseId: 'AC-33333-44444', type: 'severity.set', payload: { severity: 'S1' } })];
    await store.journal.appendLocal(kept);
    await store.journal.recordAcks([{ eventId: kept.id, seq: 1 }]);
    for (const event of lost) await store.journal.appendLocal(event);
    await store.journal.close();

    const fresh = await startAfresh(options, 'agent', 'new');
    const notice = fresh.journal.notices[0]!;
    expect(notice).toMatchObject({ kind: 'key_lost', lostUnsynced: 2 });
    expect(notice.lost.map((l) => [l.caseId, l.type])).toEqual([
      ['AC-11111-22222', 'note.added'],
      ['AC-33333-44444', 'severity.set'],
    ]);
    expect(notice.message).toMatch(/2 unsynced events .* could not be recovered/);
    expect(fresh.journal.cursor).toBe(0); // everything synced comes again from the service
    expect(await readdir(join(notice.setAside!))).toContain(journalFileName(0));
    await fresh.journal.close();
  });

  it('a key gone from both the key file and the journal is a lost key: set aside, fresh start, the unsynced work named', async () => {
    const options = await vault();
    const store = await open(options);
    const event = noteEvent();
    await store.journal.appendLocal(event);
    await store.journal.close();
    await rm(join(store.dir, KEY_FILE_NAME));
    // The journal's header (with its key copy) is gone too.
    const path = join(store.dir, journalFileName(0));
    const lines = (await readFile(path, 'latin1')).split('\n');
    await writeFile(path, lines.slice(1).join('\n'), 'latin1');

    const reopened = await open(options);
    expect(reopened.journal.notices[0]).toMatchObject({ kind: 'key_lost', lostUnsynced: 1, lost: [{ eventId: event.id }] });
    await reopened.journal.close();
  });

  it('prefers the OS keyring where one exists, treats basic_text as none, and survives a changed keyring through the password', async () => {
    const keyring = fakeSafeStorage('gnome_libsecret');
    const options = await vault([createSafeStorageKeyProtector(keyring, 'linux'), password]);
    const store = await open(options);
    expect(store.backend).toBe('safeStorage:gnome_libsecret + password-scrypt');
    await store.journal.close();

    // basic_text: the keyring is no protection, so the password slot alone opens it.
    const basic = await vault([createSafeStorageKeyProtector(fakeSafeStorage('basic_text'), 'linux'), password]);
    const basicStore = await open(basic);
    expect(basicStore.backend).toBe('password-scrypt');
    await basicStore.journal.close();

    // The keyring was reset (another machine, a new profile): the password opens it and the keyring slot is made again.
    const reset = { ...options, protectors: [createSafeStorageKeyProtector(fakeSafeStorage('gnome_libsecret'), 'linux'), password] };
    const moved = await open(reset);
    await moved.journal.close();
    const slots = JSON.parse(await readFile(join(agentDir(options.dataDir, 'agent'), KEY_FILE_NAME), 'utf8')).slots;
    expect(slots.map((s: { kind: string }) => s.kind)).toEqual(['safeStorage', 'password-scrypt']);
    // …and from then on the new keyring opens it even with a password changed since.
    const later = await openAgentStore(reset, 'agent', 'changed-since');
    expect(later.state).toBe('open');
    if (later.state === 'open') await later.journal.close();
  });
});

describe('agent vault after an unlock with the previous password', () => {
  it('keeps the journal’s copy of the key in step, so a later lost key file is still restored', async () => {
    const options = await vault();
    const store = await open(options, 'old');
    await store.journal.close();
    const unlocked = await openWithPreviousPassword(options, 'agent', 'old', 'new');
    if (unlocked.state !== 'open') throw new Error('expected open');
    await unlocked.journal.close();
    await rm(join(unlocked.dir, KEY_FILE_NAME));
    const again = await open(options, 'new');
    expect(again.journal.notices.map((n) => n.kind)).toEqual(['key_restored']);
    await again.journal.close();
  });
});
