import { describe, expect, it } from 'vitest';
import { createIdleLock } from '../../../../src/main/services/session/idleLock';
import { ManualScheduler } from '../../fakes';

const IDLE = 5 * 60_000;

function lockWithLog() {
  const scheduler = new ManualScheduler();
  const changes: boolean[] = [];
  const lock = createIdleLock({ idleMs: IDLE, scheduler, onChange: (locked) => changes.push(locked) });
  return { scheduler, changes, lock };
}

describe('idle lock', () => {
  it('locks after the idle time without input, and input starts the countdown again', () => {
    const { scheduler, changes, lock } = lockWithLog();
    lock.start();
    scheduler.advance(IDLE - 1_000);
    lock.activity();
    scheduler.advance(IDLE - 1_000);
    expect(lock.locked()).toBe(false);
    scheduler.advance(1_000);
    expect(lock.locked()).toBe(true);
    expect(changes).toEqual([true]);
  });

  it('stays locked through input until unlocked, then counts down afresh', () => {
    const { scheduler, changes, lock } = lockWithLog();
    lock.start();
    scheduler.advance(IDLE);
    lock.activity();
    scheduler.advance(IDLE * 3);
    expect(lock.locked()).toBe(true);
    lock.unlock();
    expect(lock.locked()).toBe(false);
    scheduler.advance(IDLE - 1);
    expect(lock.locked()).toBe(false);
    scheduler.advance(1);
    expect(changes).toEqual([true, false, true]);
  });

  it('neither locks nor counts while nobody is signed in', () => {
    const { scheduler, changes, lock } = lockWithLog();
    lock.lock();
    scheduler.advance(IDLE * 2);
    expect(lock.locked()).toBe(false);
    lock.start();
    lock.stop();
    scheduler.advance(IDLE * 2);
    expect(changes).toEqual([]);
    expect(scheduler.timers.size).toBe(0);
  });
});
