import { describe, expect, it } from 'vitest';
import { createDraftHandlers } from '../../../../src/main/services/drafts/draftHandlers';
import { openDraftStore } from '../../../../src/main/services/drafts/draftStore';
import { ipcContract } from '../../../../src/shared/ipc/contract';
import { ManualScheduler } from '../../fakes';
import { tempDir, testKey } from '../../support';

async function handlers(requireSession: () => unknown) {
  const store = await openDraftStore({ dir: await tempDir(), key: testKey(), scheduler: new ManualScheduler(), addNotice: async () => undefined, warn: () => undefined, logError: () => undefined });
  return createDraftHandlers(requireSession, store);
}

describe('drafts channels', () => {
  it('keeps a draft until it is put empty, and refuses without a session', async () => {
    let signedIn = true;
    const drafts = await handlers(() => {
      if (!signedIn) throw new Error('not signed in');
    });
    await drafts['drafts.put']({ key: 'walkin', fields: { subject: 'Card kept by the ATM' } });
    await drafts['drafts.put']({ key: 'note:AC-1', fields: { text: 'call back' } });
    expect((await drafts['drafts.list']({})).drafts).toEqual([
      { key: 'walkin', fields: { subject: 'Card kept by the ATM' } },
      { key: 'note:AC-1', fields: { text: 'call back' } },
    ]);
    await drafts['drafts.put']({ key: 'walkin', fields: {} });
    expect((await drafts['drafts.list']({})).drafts.map((d) => d.key)).toEqual(['note:AC-1']);
    signedIn = false;
    await expect(drafts['drafts.list']({})).rejects.toThrow('not signed in');
    await expect(drafts['drafts.put']({ key: 'walkin', fields: { subject: 'x' } })).rejects.toThrow('not signed in');
  });

  it('takes only draft keys and bounded text at the boundary', () => {
    const put = ipcContract['drafts.put'].request;
    expect(put.safeParse({ key: 'workflow:AC-7K4MP-9QX2H:billing_fee_dispute:record_fee', fields: { feeAmount: '12.50' } }).success).toBe(true);
    expect(put.safeParse({ key: `workflow:${'A'.repeat(64)}:${'w'.repeat(64)}:${'s'.repeat(64)}`, fields: {} }).success).toBe(true);
    for (const key of ['../etc/passwd', 'workflow:AC-1:walk-in-complaint', 'workflow:AC-1:fee', 'workflow:AC-1:fee:1step', 'workflow:AC-1:fee:step:extra', 'note:AC/1', 'walkin ']) {
      expect(put.safeParse({ key, fields: {} }).success, key).toBe(false);
    }
    expect(put.safeParse({ key: 'note:AC-1', fields: { text: 'x'.repeat(20_001) } }).success).toBe(false);
  });
});
