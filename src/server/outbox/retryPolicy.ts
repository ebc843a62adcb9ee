export interface RetryPolicy {
  /** Wait after the first failed attempt; each further failure doubles it. */
  firstDelayMs: number;
  /** The doubling stops here. */
  maxDelayMs: number;
  /** Attempts in all (the first one included) before the row is marked failed. */
  maxAttempts: number;
}

/** How long to wait after failed attempt number `attempt` (1-based); null when that was the last one. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number | null {
  if (attempt >= policy.maxAttempts) return null;
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, attempt - 1));
}
