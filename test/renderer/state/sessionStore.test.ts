import { describe, expect, it } from 'vitest';
import { createSessionStore } from '../../../src/renderer/state/sessionStore';
import { dana, seededBridge } from '../support/seed';

describe('session store', () => {
  it('signs in, loads the colleague directory, and keeps the session across a reload (restore)', async () => {
    const fake = seededBridge();
    const store = createSessionStore(fake);
    expect(await store.getState().login('dana', 'correct horse')).toBe(true);
    expect(store.getState()).toMatchObject({ phase: 'signed_in', agent: dana, loginError: null });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(Object.keys(store.getState().agentsById).sort()).toEqual(['agent-dana', 'agent-sam']);
    const reloaded = createSessionStore(fake);
    await reloaded.getState().restore();
    expect(reloaded.getState().agent).toEqual(dana);
  });

  it('ends the session when the host comes back without it', async () => {
    const fake = seededBridge();
    const store = createSessionStore(fake);
    await store.getState().login('dana', 'correct horse');
    await store.getState().recheck();
    expect(store.getState().phase).toBe('signed_in');
    fake.agent = null; // the host restarted
    await store.getState().recheck();
    expect(store.getState()).toMatchObject({ phase: 'signed_out', agent: null });
    expect(store.getState().endedReason).toMatch(/restarted/);
  });
});
