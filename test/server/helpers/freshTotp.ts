import type { FastifyInstance } from 'fastify';
import { serviceClock } from '../../../src/server/app';
import { TOTP_PERIOD_SECONDS, totpCode, totpStep } from '../../../src/server/auth/totp';
import { demoTotpSecret } from '../../../src/server/seed/demoMfa';

/**
 * The service accepts each TOTP code once per user (RFC 6238 §5.2), and no code of a step before
 * one already used. A suite that signs the same demo user in again and again therefore types what
 * a person would: the next code their authenticator app has not shown yet. These helpers pick
 * that code, and move the service's test clock on to the next 30-second step when the codes the
 * service accepts at its time (the step before, this one, the one after) are all used.
 */
const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;

/** A service clock a test can move forward. */
export type TestClock = (() => Date) & { advance(ms: number): void };

/** A clock read by `read` and moved by `advance` (a test that keeps its own `clockMs`, say). */
export function testClock(read: () => Date, advance: (ms: number) => void): TestClock {
  return Object.assign(() => read(), { advance });
}

/** Fixed at `start`, or real time when absent; moved only by advance() (by a test or a fresh code). */
export function steppingClock(start?: Date): TestClock {
  let offset = 0;
  return testClock(
    () => new Date((start ? start.getTime() : Date.now()) + offset),
    (ms) => {
      offset += ms;
    },
  );
}

/** The last step used per user, per clock (one clock per service under test, shared across its restarts). */
const lastSteps = new WeakMap<object, Map<string, number>>();

/**
 * The code of the next step not yet used for this user within the window the service accepts at
 * `clock`'s time. The step before is taken only when it has 20 s of validity left, so a real-time
 * clock crossing a step boundary between here and the service cannot make the code stale.
 */
export function freshDemoTotpCode(username: string, clock: TestClock): string {
  const user = username.trim().toLowerCase();
  const used = lastSteps.get(clock) ?? new Map<string, number>();
  lastSteps.set(clock, used);
  const last = used.get(user);
  const at = clock().getTime();
  const current = totpStep(new Date(at));
  const earliest = (current + 1) * PERIOD_MS - at >= 20_000 ? current - 1 : current;
  let step = Math.max(earliest, last === undefined ? earliest : last + 1);
  if (step > current + 1) {
    if (step > current + 2) {
      throw new Error(`${user} already signed in at a later step (${last}) than this clock's window (${current - 1}…${current + 1}); the clock was moved back: sign in as someone else or move it forward`);
    }
    clock.advance(PERIOD_MS);
    step = Math.max(totpStep(clock()) - 1, step);
  }
  used.set(user, step);
  return totpCode(demoTotpSecret(user), new Date(step * PERIOD_MS));
}

const appClocks = new WeakMap<FastifyInstance, TestClock>();

/**
 * The clock to pick fresh codes against for an app under app.inject(): the TestClock it was
 * built with, or (a plain clock) one that refuses to move, saying how to fix the test.
 */
export function testClockOf(app: FastifyInstance): TestClock {
  const own = serviceClock(app);
  if ('advance' in own && typeof own.advance === 'function') return own as TestClock;
  const known = appClocks.get(app);
  if (known) return known;
  const fixed = testClock(own, () => {
    throw new Error('this test signs a user in more often than one 30-second step of TOTP codes allows: build the app with `now: steppingClock(…)` (test/server/helpers/freshTotp.ts)');
  });
  appClocks.set(app, fixed);
  return fixed;
}
