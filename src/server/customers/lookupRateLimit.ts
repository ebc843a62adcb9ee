import type { LookupLimits } from '../../shared/screenpop/lookupLimits';

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/** Look-ups by identifier or text, or reads of known customers by id: each kind has its own allowance. */
export type LookupKind = 'lookup' | 'batch';

export interface LookupRateLimit {
  /** Counts one request of this kind by this agent; over the minute's allowance, says when the next one is admitted. */
  admit(agentId: string, kind: LookupKind): Admission;
}

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per agent, on the service clock (so tests and a paused clock behave).
 * Kept in this process's memory: several service processes behind one balancer each allow the
 * full amount, which still bounds an enumeration to a handful of guesses a second.
 */
export function createLookupRateLimit(limits: () => LookupLimits, now: () => Date): LookupRateLimit {
  const windows = new Map<string, { startedAt: number; count: number }>();
  let lastSweep = 0;
  return {
    admit(agentId, kind) {
      const allowance = kind === 'lookup' ? limits().lookupsPerMinute : limits().batchesPerMinute;
      const key = `${kind}:${agentId}`;
      const at = now().getTime();
      if (at - lastSweep > WINDOW_MS) {
        for (const [id, window] of windows) if (at - window.startedAt >= WINDOW_MS) windows.delete(id);
        lastSweep = at;
      }
      let window = windows.get(key);
      if (!window || at - window.startedAt >= WINDOW_MS || at < window.startedAt) {
        window = { startedAt: at, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= allowance) return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - at) / 1000)) };
      window.count += 1;
      return { admitted: true };
    },
  };
}
