/** The timer a periodic task waits on; tests pass a manual one and fire it themselves. */
export interface Scheduler {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real timers, unref'd: a pending sweep never keeps the process alive on its own. */
export const timerScheduler: Scheduler = {
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export interface PeriodicTask<T> {
  /** Schedules the first run after one interval (idempotent). */
  start(): void;
  /** Runs once more after any run in flight (runs never overlap) and resolves with its result. */
  runNow(): Promise<T>;
  /** Asks for a run soon without waiting for it; requests made while one is queued share it. */
  trigger(): void;
  /** No more runs; resolves once the run in flight (if any) is over. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs` measured from the end of the previous run, so a slow run
 * (a large sweep, a hanging webhook) delays the next one instead of piling up behind it.
 */
export function periodicTask<T>(task: () => Promise<T>, options: { intervalMs: number; scheduler: Scheduler; onError: (error: unknown) => void }): PeriodicTask<T> {
  const { intervalMs, scheduler, onError } = options;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<T> | null = null;
  let handle: unknown = null;
  let started = false;
  let stopped = false;

  const schedule = () => {
    if (!started || stopped) return;
    if (handle !== null) scheduler.clearTimeout(handle);
    handle = scheduler.setTimeout(() => {
      handle = null;
      enqueue().catch(onError);
    }, intervalMs);
  };

  const enqueue = (): Promise<T> => {
    if (stopped) return Promise.reject(new Error('the periodic task is stopped'));
    const run = chain.then(async () => {
      queued = null;
      try {
        return await task();
      } finally {
        schedule();
      }
    });
    chain = run.catch(() => undefined);
    queued = run;
    return run;
  };

  return {
    start() {
      if (started || stopped) return;
      started = true;
      schedule();
    },
    runNow: enqueue,
    trigger() {
      if (stopped || queued) return;
      enqueue().catch(onError);
    },
    async stop() {
      stopped = true;
      if (handle !== null) scheduler.clearTimeout(handle);
      handle = null;
      await chain;
    },
  };
}
