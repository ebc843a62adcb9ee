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
 * The lowest step after `last` that the service accepts at `atMs` (the step before, this one, the
 * one after), or null when those are all used. The step before is taken only while it stays
 * accepted for `marginMs`, so a real clock crossing into the next step between here and the
 * service's check cannot make the code stale.
 */
export function nextFreshStep(last: number | undefined, atMs: number, marginMs: number): number | null {
  const current = totpStep(new Date(atMs));
  const earliest = (current + 1) * PERIOD_MS - atMs >= marginMs ? current - 1 : current;
  const step = last === undefined ? earliest : Math.max(earliest, last + 1);
  return step <= current + 1 ? step : null;
}

/** The code a demo user's authenticator app shows during `step`. */
export function demoCodeAtStep(username: string, step: number): string {
  return totpCode(demoTotpSecret(username.trim().toLowerCase()), new Date(step * PERIOD_MS));
}

/** The code of the next step not yet used for this user at `clock`, which moves on one step when they are all used. */
export function freshDemoTotpCode(username: string, clock: TestClock): string {
  const user = username.trim().toLowerCase();
  const used = lastSteps.get(clock) ?? new Map<string, number>();
  lastSteps.set(clock, used);
  const last = used.get(user);
  let step = nextFreshStep(last, clock().getTime(), 20_000);
  if (step === null) {
    clock.advance(PERIOD_MS);
    step = nextFreshStep(last, clock().getTime(), 20_000);
  }
  if (step === null) {
    throw new Error(`${user} already signed in with a code of a later step (${last}) than this clock's window; the clock was moved back: sign in as someone else there, or move the clock forward`);
  }
  used.set(user, step);
  return demoCodeAtStep(user, step);
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
