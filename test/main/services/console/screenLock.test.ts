import { describe, expect, it } from 'vitest';
import { createConsoleService, MAX_UNLOCK_FAILURES } from '../../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { DEMO_PASSWORD } from '../../../../src/server/index';
import { ManualScheduler } from '../../fakes';
import { tempDir, testKey } from '../../support';
import { freshDemoTotpCode } from '../../../server/helpers/freshTotp';
import { useDemoCaseService } from './demoCaseService';

const demo = useDemoCaseService();
const { clock, consoles } = demo;

async function signedIn(username: string) {
  const scheduler = new ManualScheduler();
  scheduler.advance(Date.now() - scheduler.now());
  // Bound: the console hands `now` around on its own.
  const bound = { now: () => scheduler.now(), setTimeout: (callback: () => void, ms: number) => scheduler.setTimeout(callback, ms), clearTimeout: (handle: unknown) => scheduler.clearTimeout(handle) };
  const console = await createConsoleService({ dataDir: await tempDir(), serviceUrl: demo.service.url, keyProtectors: [createMemoryKeyProtector(testKey())], scheduler: bound, warn: () => undefined });
  consoles.push(console);
  const otp = freshDemoTotpCode(username, clock);
  const login = await console.dispatchIpc('session.login', { username, password: DEMO_PASSWORD, otp });
  if (!login.ok) throw new Error(JSON.stringify(login.error));
  expect(login).toMatchObject({ ok: true, value: { lock: { locked: false, secondFactor: false, idleMs: 5 * 60_000 } } });
  return { console, scheduler, otp };
}

describe('the idle lock in main', () => {
  it('locks after five minutes without input, refuses the windows everything of the agent, and opens with the password', async () => {
    const { console, scheduler } = await signedIn('agent05');
    scheduler.advance(4 * 60_000);
    await console.dispatchIpc('session.activity', {});
    scheduler.advance(4 * 60_000);
    expect((await console.dispatchIpc('session.current', {})) as unknown).toMatchObject({ value: { lock: { locked: false } } });
    scheduler.advance(60_000);
    expect((await console.dispatchIpc('session.current', {})) as unknown).toMatchObject({ value: { agent: { id: 'AGT-005' }, lock: { locked: true } } });
    expect(await console.dispatchIpc('customers.get', { ids: ['CUS-000001'] })).toMatchObject({ ok: false, error: { code: 'screen_locked' } });
    expect(await console.dispatchIpc('events.since', { afterLocalSeq: 0 })).toMatchObject({ ok: false, error: { code: 'screen_locked' } });
    expect(await console.dispatchIpc('session.unlock', { password: 'Demo-2025!' })).toMatchObject({ ok: false, error: { code: 'wrong_password' } });
    expect(await console.dispatchIpc('session.unlock', { password: DEMO_PASSWORD })).toMatchObject({ ok: true, value: { locked: false } });
    expect(await console.dispatchIpc('events.since', { afterLocalSeq: 0 })).toMatchObject({ ok: true });
  });

  it('asks for the second factor too once the sign-in is older than its limit', async () => {
    const { console, scheduler, otp } = await signedIn('agent06');
    scheduler.advance(61 * 60_000);
    expect(await console.dispatchIpc('session.lock', {})).toMatchObject({ ok: true, value: { locked: true, secondFactor: true } });
    expect(await console.dispatchIpc('session.unlock', { password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'mfa_required' } });
    // The code that signed in is spent: the service's words reach the lock screen, and it counts as a wrong attempt.
    expect(await console.dispatchIpc('session.unlock', { password: DEMO_PASSWORD, otp })).toMatchObject({ ok: false, error: { code: 'wrong_password', message: expect.stringMatching(/already used/) } });
    expect(await console.dispatchIpc('session.unlock', { password: DEMO_PASSWORD, otp: freshDemoTotpCode('agent06', clock) })).toMatchObject({ ok: true, value: { locked: false } });
  });

  it(`signs the agent out after ${MAX_UNLOCK_FAILURES} wrong passwords at the lock`, async () => {
    const { console } = await signedIn('agent07');
    await console.dispatchIpc('session.lock', {});
    for (let i = 1; i < MAX_UNLOCK_FAILURES; i += 1) expect(await console.dispatchIpc('session.unlock', { password: `wrong-${i}` })).toMatchObject({ ok: false, error: { code: 'wrong_password' } });
    expect(await console.dispatchIpc('session.unlock', { password: 'wrong-last' })).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    expect((await console.dispatchIpc('session.current', {})) as unknown).toMatchObject({ value: { agent: null } });
  });
});
