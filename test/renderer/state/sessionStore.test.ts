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

  // The service refuses a code already used and a code older than one used with the same error code, in different words.
  it.each([
    ['a code already used', 'That code was already used: each code from your authenticator app signs in once. Wait for the next code and enter it.'],
    ['a code older than one used', 'That is an older code: a newer one was already used to sign in, so it no longer works. Enter the code your authenticator app shows now.'],
  ])('keeps the code step and says why when the service refuses %s', async (_, refusal) => {
    const fake = seededBridge();
    const store = createSessionStore(fake);
    fake.failNext('session.login', { code: 'mfa_required', message: 'Enter the 6-digit code from your authenticator app.' });
    expect(await store.getState().login('dana', 'correct horse')).toBe(false);
    expect(store.getState().mfa).toEqual({ step: 'code' });
    fake.failNext('session.login', { code: 'mfa_replayed', message: refusal });
    expect(await store.getState().login('dana', 'correct horse', '123456')).toBe(false);
    expect(store.getState()).toMatchObject({ mfa: { step: 'code' }, loginError: refusal });
    expect(await store.getState().login('dana', 'correct horse', '654321')).toBe(true);
    expect(store.getState()).toMatchObject({ phase: 'signed_in', mfa: null, loginError: null });
  });
});
