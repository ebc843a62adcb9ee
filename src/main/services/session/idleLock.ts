import type { SyncScheduler } from '../sync/syncEngine';

/**
 * The console locks after a while without input in any of its windows (a shared branch desktop
 * left unattended). Main holds the lock, so it covers every window and survives a reload; the
 * windows report input (`session.activity`) and show the lock screen while it holds.
 */
export interface IdleLock {
  readonly idleMs: number;
  locked(): boolean;
  /** Input in a window: the countdown starts again (nothing while locked: only unlocking opens it). */
  activity(): void;
  lock(): void;
  unlock(): void;
  /** A sign-in: unlocked, counting down. */
  start(): void;
  /** A sign-out: no countdown, not locked. */
  stop(): void;
}

export function createIdleLock(options: { idleMs: number; scheduler: SyncScheduler; onChange(locked: boolean): void }): IdleLock {
  const { idleMs, scheduler } = options;
  let running = false;
  let isLocked = false;
  let lastActivity = 0;
  let timer: unknown = null;

  function clear(): void {
    if (timer !== null) scheduler.clearTimeout(timer);
    timer = null;
  }

  function arm(delay: number): void {
    clear();
    timer = scheduler.setTimeout(check, Math.max(0, delay));
  }

  function check(): void {
    timer = null;
    if (!running || isLocked) return;
    const quiet = scheduler.now() - lastActivity;
    if (quiet >= idleMs) lock();
    else arm(idleMs - quiet);
  }

  function lock(): void {
    if (!running || isLocked) return;
    clear();
    isLocked = true;
    options.onChange(true);
  }

  return {
    idleMs,
    locked: () => running && isLocked,
    activity() {
      if (!running || isLocked) return;
      lastActivity = scheduler.now();
      if (timer === null) arm(idleMs);
    },
    lock,
    unlock() {
      if (!running || !isLocked) return;
      isLocked = false;
      lastActivity = scheduler.now();
      arm(idleMs);
      options.onChange(false);
    },
    start() {
      running = true;
      isLocked = false;
      lastActivity = scheduler.now();
      arm(idleMs);
    },
    stop() {
      running = false;
      isLocked = false;
      clear();
    },
  };
}
