import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DRAFTS_FILE_NAME, openDraftStore, SAVE_DRAFTS_AFTER_MS, type DraftStore, type DraftStoreOptions } from '../../../../src/main/services/drafts/draftStore';
import { openAgentStore, type AgentStore, type AgentVaultOptions } from '../../../../src/main/services/keys/agentVault';
import { createPasswordKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { seal } from '../../../../src/main/services/storage/sealedBox';
import { DraftKey, MAX_DRAFTS, type StorageNotice } from '../../../../src/shared/ipc/contract';
import { ManualScheduler } from '../../fakes';
import { tempDir, testKey } from '../../support';

type Notice = Omit<StorageNotice, 'id' | 'at'>;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A store in `dir` with `key`, recording its notices, warnings and errors. */
async function opened(dir: string, key: Buffer, overrides: Partial<DraftStoreOptions> = {}) {
  const notices: Notice[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  const scheduler = new ManualScheduler();
  const store = await openDraftStore({
    dir,
    key,
    scheduler,
    addNotice: async (notice) => notices.push(notice),
    warn: (message) => warnings.push(message),
    logError: (message) => errors.push(message),
    ...overrides,
  });
  return { store, scheduler, notices, errors, warnings };
}

/** Lets the write a timer started finish. */
async function settle(store: DraftStore): Promise<void> {
  await store.flush();
}

describe('drafts kept on disk for the agent', () => {
  it('gives every draft back, in the order of last change, after the store is opened again with the same key', async () => {
    const dir = await tempDir();
    const key = testKey();
    const first = await opened(dir, key);
    first.store.put('walkin', { subject: 'Card kept by the ATM', manualName: 'Dana Whitfield' });
    first.store.put('note:AC-7K4MP-9QX2H', { text: 'Will send the statement page' });
    first.store.put('workflow:AC-7K4MP-9QX2H:billing_fee_dispute:record_fee', { feeAmount: '12.5x' });
    first.store.put('walkin', { subject: 'Card kept by the ATM (Main St)' });
    await first.store.close();

    const again = await opened(dir, key);
    expect(again.store.list()).toEqual([
      { key: 'note:AC-7K4MP-9QX2H', fields: { text: 'Will send the statement page' } },
      { key: 'workflow:AC-7K4MP-9QX2H:billing_fee_dispute:record_fee', fields: { feeAmount: '12.5x' } },
      { key: 'walkin', fields: { subject: 'Card kept by the ATM (Main St)' } },
    ]);
    expect(again.notices).toEqual([]);

    // Submitted (put empty) drafts are gone for good; with none left there is no file at all.
    for (const { key: draftKey } of again.store.list()) again.store.put(draftKey, {});
    await again.store.close();
    expect(await exists(join(dir, DRAFTS_FILE_NAME))).toBe(false);
    expect((await opened(dir, key)).store.list()).toEqual([]);
  });

  it('writes once, a pause after the first change, however many changes come in it', async () => {
    const dir = await tempDir();
    const key = testKey();
    const { store, scheduler } = await opened(dir, key);
    let text = '';
    for (const letter of 'Customer disputes the fee') {
      text += letter;
      store.put('note:AC-1', { text });
    }
    expect(scheduler.delays).toEqual([SAVE_DRAFTS_AFTER_MS]);
    expect(await exists(join(dir, DRAFTS_FILE_NAME))).toBe(false);
    scheduler.advance(SAVE_DRAFTS_AFTER_MS - 1);
    expect(await exists(join(dir, DRAFTS_FILE_NAME))).toBe(false);
    scheduler.advance(1);
    await settle(store);
    expect((await opened(dir, key)).store.list()).toEqual([{ key: 'note:AC-1', fields: { text: 'Customer disputes the fee' } }]);
    // The next change starts the next pause.
    store.put('note:AC-1', { text: 'Customer disputes the fee twice' });
    expect(scheduler.pendingDelays).toEqual([SAVE_DRAFTS_AFTER_MS]);
  });

  it('keeps no text readable in the file, in UTF-8 or UTF-16', async () => {
    const dir = await tempDir();
    const key = testKey();
    const { store } = await opened(dir, key);
    const canary = 'Canary draft 4417: Zoë Ångström read out card 4111 2222 3333 4444';
    store.put('walkin', { subject: canary, manualName: 'Zoë Ångström' });
    store.put('note:AC-1', { text: canary });
    await store.close();
    const bytes = await readFile(join(dir, DRAFTS_FILE_NAME));
    for (const needle of [canary, 'Zoë Ångström', '4111 2222 3333 4444', 'walkin', 'subject']) {
      expect(bytes.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
      expect(bytes.includes(Buffer.from(needle, 'utf16le')), needle).toBe(false);
    }
    expect(((await stat(join(dir, DRAFTS_FILE_NAME))).mode & 0o777).toString(8)).toBe('600');
  });

  it('another agent on the same desktop never sees them: their folder and key are their own, and a copied file does not open with their key', async () => {
    const vault: AgentVaultOptions = { dataDir: await tempDir(), protectors: [createPasswordKeyProtector({ N: 2 ** 10 })], deviceId: 'desktop-0123456789abcdef', journal: { warn: () => undefined } };
    const signIn = async (user: string): Promise<AgentStore> => {
      const store = await openAgentStore(vault, user, 'Demo-2026!');
      if (store.state !== 'open') throw new Error(`expected an open store for ${user}`);
      return store;
    };
    const alex = await signIn('agent');
    const alexDrafts = await opened(alex.dir, alex.key);
    alexDrafts.store.put('walkin', { subject: 'Alex’s walk-in' });
    await alexDrafts.store.close();
    await alex.journal.close();

    const sam = await signIn('agent02');
    expect(sam.dir).not.toBe(alex.dir);
    expect((await opened(sam.dir, sam.key)).store.list()).toEqual([]);
    // Even Alex's file put in Sam's folder gives Sam nothing: it is set aside, and Sam is told.
    await copyFile(join(alex.dir, DRAFTS_FILE_NAME), join(sam.dir, DRAFTS_FILE_NAME));
    const samDrafts = await opened(sam.dir, sam.key);
    expect(samDrafts.store.list()).toEqual([]);
    expect(samDrafts.notices).toMatchObject([{ kind: 'drafts_damaged' }]);
    await sam.journal.close();

    // Alex still has theirs.
    const back = await signIn('agent');
    expect((await opened(back.dir, back.key)).store.list()).toEqual([{ key: 'walkin', fields: { subject: 'Alex’s walk-in' } }]);
    await back.journal.close();
  });

  it('sets a damaged file aside and says that unsent drafts could not be restored, without failing, then keeps new drafts', async () => {
    const dir = await tempDir();
    const key = testKey();
    const first = await opened(dir, key);
    first.store.put('walkin', { subject: 'Card kept by the ATM' });
    await first.store.close();
    const path = join(dir, DRAFTS_FILE_NAME);
    const sealed = await readFile(path);
    const flipped = Buffer.from(sealed);
    flipped.writeUInt8((sealed.at(-20) ?? 0) ^ 0x01, sealed.length - 20); // one bit flipped
    await writeFile(path, flipped);

    const damaged = await opened(dir, key);
    expect(damaged.store.list()).toEqual([]);
    expect(damaged.notices).toHaveLength(1);
    const [notice] = damaged.notices;
    expect(notice).toMatchObject({ kind: 'drafts_damaged', title: 'Unsent drafts could not be restored', lostUnsynced: 0, lost: [] });
    expect(notice?.message).toMatch(/does not open with your key .* please type it again/);
    expect(notice?.setAside).toMatch(/damaged[/\\]drafts-.*\.sealed$/);
    expect(await readFile(notice?.setAside ?? '')).toEqual(flipped);
    expect(await exists(path)).toBe(false);
    expect(damaged.warnings.join('\n')).toMatch('Unsent drafts could not be restored');

    damaged.store.put('note:AC-1', { text: 'typed after' });
    await damaged.store.close();
    const after = await opened(dir, key);
    expect(after.store.list()).toEqual([{ key: 'note:AC-1', fields: { text: 'typed after' } }]);
    expect(after.notices).toEqual([]);
  });

  it('sets aside a file that opens but holds something else (garbage, or a newer format), saying so', async () => {
    const dir = await tempDir();
    const key = testKey();
    await writeFile(join(dir, DRAFTS_FILE_NAME), 'not sealed at all');
    const garbage = await opened(dir, key);
    expect(garbage.notices).toMatchObject([{ kind: 'drafts_damaged' }]);
    expect(await readdir(join(dir, 'damaged'))).toHaveLength(1);

    // A later console's format: sealed with the right key, but not what this one reads.
    const writer = await opened(dir, key);
    writer.store.put('walkin', { subject: 'x' });
    await writer.store.close();
    await writeFile(join(dir, DRAFTS_FILE_NAME), seal(key, Buffer.from(JSON.stringify({ format: 2, drafts: [] })), Buffer.from('agent-console/drafts/v1')));
    const newer = await opened(dir, key);
    expect(newer.store.list()).toEqual([]);
    expect(newer.notices[0]?.message).toMatch('is not in a form this console reads');
  });

  it('holds at most MAX_DRAFTS and a bounded number of bytes, forgetting the oldest, on disk as in memory', async () => {
    const dir = await tempDir();
    const key = testKey();
    const { store } = await opened(dir, key);
    for (let i = 0; i <= MAX_DRAFTS; i += 1) store.put(`note:AC-${i}`, { text: String(i) });
    expect(store.list()).toHaveLength(MAX_DRAFTS);
    expect(store.list()[0]?.key).toBe('note:AC-1');
    await store.close();
    const reopened = (await opened(dir, key)).store.list();
    expect(reopened).toHaveLength(MAX_DRAFTS);
    expect(reopened[0]?.key).toBe('note:AC-1');

    const small = await opened(await tempDir(), key, { maxBytes: 300 });
    for (let i = 0; i < 5; i += 1) small.store.put(`note:AC-${i}`, { text: 'x'.repeat(100) });
    expect(small.store.list().map((draft) => draft.key)).toEqual(['note:AC-3', 'note:AC-4']);
    // One draft larger than the bound on its own is still kept: it is the newest.
    small.store.put('walkin', { subject: 'y'.repeat(1_000) });
    expect(small.store.list().map((draft) => draft.key)).toEqual(['walkin']);
  });

  it('writes at once when closed, refuses drafts after that, and tries a failed write again later', async () => {
    const dir = await tempDir();
    const key = testKey();
    const path = join(dir, DRAFTS_FILE_NAME);
    const { store, scheduler, errors, warnings } = await opened(dir, key);
    // Something in the file's place that cannot be replaced: the write fails.
    await mkdir(join(path, 'in-the-way'), { recursive: true });
    store.put('walkin', { subject: 'Card kept by the ATM' });
    scheduler.advance(SAVE_DRAFTS_AFTER_MS);
    await settle(store);
    expect(errors.join('\n')).toMatch('the drafts could not be saved');
    expect(store.list()).toHaveLength(1); // still held in memory
    expect(scheduler.pendingDelays).toEqual([10_000]);
    await rm(path, { recursive: true });
    scheduler.advance(10_000);
    await settle(store);
    expect((await opened(dir, key)).store.list()).toEqual([{ key: 'walkin', fields: { subject: 'Card kept by the ATM' } }]);

    store.put('walkin', { subject: 'changed just before sign-out' });
    await store.close();
    expect((await opened(dir, key)).store.list()).toEqual([{ key: 'walkin', fields: { subject: 'changed just before sign-out' } }]);
    store.put('walkin', { subject: 'too late' });
    expect(warnings.join('\n')).toMatch('after the workspace closed');
    expect(store.list()[0]?.fields.subject).toBe('changed just before sign-out');
  });

  it('round-trips any sequence of puts exactly as held in memory', async () => {
    const key = testKey();
    const draftKey = fc.oneof(
      fc.constant('walkin'),
      fc.stringMatching(/^note:[A-Za-z0-9_-]{1,8}$/),
      fc.stringMatching(/^workflow:[A-Z0-9-]{1,8}:[a-z][a-z_]{0,6}:[a-z][a-z0-9_]{0,6}$/),
    );
    const fields = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 40, unit: 'grapheme' }), { maxKeys: 4 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(draftKey, fields), { maxLength: 12 }), async (puts) => {
        const dir = await tempDir();
        const { store } = await opened(dir, key);
        for (const [k, f] of puts) {
          expect(DraftKey.safeParse(k).success).toBe(true);
          store.put(k, f);
        }
        const held = store.list();
        await store.close();
        expect((await opened(dir, key)).store.list()).toEqual(held);
      }),
      { numRuns: 25 },
    );
  });
});
