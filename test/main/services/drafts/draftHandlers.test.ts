import { describe, expect, it } from 'vitest';
import { createDraftHandlers } from '../../../../src/main/services/drafts/draftHandlers';
import { ipcContract, MAX_DRAFTS } from '../../../../src/shared/ipc/contract';

describe('drafts held by main', () => {
  it('keeps a draft until it is put empty, and refuses without a session', async () => {
    let signedIn = true;
    const drafts = createDraftHandlers(() => {
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
  });

  it('forgets the oldest past its bound', async () => {
    const drafts = createDraftHandlers(() => undefined);
    for (let i = 0; i <= MAX_DRAFTS; i += 1) await drafts['drafts.put']({ key: `note:AC-${i}`, fields: { text: String(i) } });
    const kept = (await drafts['drafts.list']({})).drafts;
    expect(kept).toHaveLength(MAX_DRAFTS);
    expect(kept[0]?.key).toBe('note:AC-1');
  });

  it('takes only draft keys and bounded text at the boundary', () => {
    const put = ipcContract['drafts.put'].request;
    expect(put.safeParse({ key: 'workflow:AC-1:walk-in-complaint', fields: { answer: 'x' } }).success).toBe(true);
    expect(put.safeParse({ key: '../etc/passwd', fields: {} }).success).toBe(false);
    expect(put.safeParse({ key: 'note:AC-1', fields: { text: 'x'.repeat(10_001) } }).success).toBe(false);
  });
});
