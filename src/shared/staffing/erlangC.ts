/**
 * Erlang C staffing: how many agents an interval needs to answer its forecast contacts at a
 * service level, and what that staffing gives (probability of waiting, service level, ASA,
 * occupancy).
 *
 * Model (M/M/N): contacts arrive at random (Poisson) at a steady rate through the interval,
 * handle times are exponential with mean `ahtSeconds`, N identical agents, one queue served in
 * order, and **nobody hangs up** — callers wait as long as it takes. That last assumption
 * makes Erlang C pessimistic for real queues where callers abandon; `erlangA.ts` adds patience
 * and is shown beside it.
 *
 * Definitions (A = offered traffic in erlangs = calls × AHT / interval length, N agents):
 *   Erlang B      B(0) = 1, B(n) = A·B(n−1) / (n + A·B(n−1))         (blocking, loss system)
 *   Erlang C      C(N, A) = N·B / (N − A·(1 − B))                    (probability of waiting)
 *   service level SL(T) = 1 − C · exp(−(N − A) · T / AHT)             (share answered within T s)
 *   ASA           C · AHT / (N − A)                                    (mean wait, all contacts)
 *   occupancy     A / N
 * For N ≤ A the queue grows without bound: C = 1, SL = 0, ASA = ∞.
 *
 * Exactness. The classic formula with A^N / N! overflows a double at about 170 agents; the
 * Erlang B recursion above stays in [0, 1] at every step, so the result is exact to rounding
 * (≈ 1e−15 relative) for any realistic size — thousands of contacts per interval, hundreds of
 * agents — and the search for the smallest N advances the recursion one agent at a time
 * instead of recomputing it.
 */

/** What an interval is asked to achieve. Rates are shares in [0, 1] (0.8 = 80 %). */
export type StaffingInput = {
  /** Contacts offered in the interval (a forecast may be fractional). */
  calls: number;
  /** Length of the interval in minutes (30 for the usual half-hour). */
  intervalMinutes: number;
  /** Average handle time in seconds: talk + hold + after-contact work. */
  ahtSeconds: number;
  /** Share of contacts to answer within `targetAnswerSeconds` (0.8 for 80/20). Must be below 1. */
  targetServiceLevel: number;
  /** The "20" in 80/20. */
  targetAnswerSeconds: number;
  /** Occupancy cap (0.85 = agents busy at most 85 % of the time). Default 1: no cap. */
  maxOccupancy?: number;
  /** Share of paid time not available for contacts (breaks, training, absence). Default 0. */
  shrinkage?: number;
  /** Optional ceiling on the average speed of answer, in seconds (e.g. 45). */
  maxAsaSeconds?: number;
};

/** What a number of agents achieves in one interval. */
export type IntervalPerformance = {
  /** Offered traffic in erlangs (calls × AHT / interval). */
  trafficErlangs: number;
  agents: number;
  /** Share of contacts answered within the target answer time. */
  serviceLevel: number;
  /** Mean wait over all contacts, seconds (∞ when the queue is unstable). */
  asaSeconds: number;
  /** Share of agents' time spent handling contacts. */
  occupancy: number;
  /** Erlang C: the probability that a contact waits at all. */
  probabilityOfWaiting: number;
};

export type StaffingResult = IntervalPerformance & {
  /** Agents needed on the phones: the smallest number meeting every target. */
  agents: number;
  /** Agents to schedule so that `agents` are available after shrinkage: ceil(agents / (1 − shrinkage)). */
  scheduled: number;
};

/** Offered traffic in erlangs: the average number of contacts in progress at once. */
export function trafficErlangs(calls: number, intervalMinutes: number, ahtSeconds: number): number {
  return (calls * ahtSeconds) / (intervalMinutes * 60);
}

/**
 * Erlang B blocking probability for `agents` servers offered `erlangs` of traffic, by the
 * recursion B(n) = A·B(n−1) / (n + A·B(n−1)) (no factorials, no overflow).
 */
export function erlangB(agents: number, erlangs: number): number {
  assertWhole('agents', agents, 0);
  assertFinite('erlangs', erlangs, 0);
  let b = 1;
  for (let n = 1; n <= agents; n++) b = nextErlangB(b, n, erlangs);
  return b;
}

/** One step of the Erlang B recursion: B(n) from B(n − 1). */
export function nextErlangB(previous: number, n: number, erlangs: number): number {
  const ab = erlangs * previous;
  return ab / (n + ab);
}

/** Erlang C from Erlang B for the same N and A: C = N·B / (N − A·(1 − B)); 1 when N ≤ A. */
export function erlangCFromB(blocking: number, agents: number, erlangs: number): number {
  if (agents <= erlangs) return 1;
  return (agents * blocking) / (agents - erlangs * (1 - blocking));
}

/** Erlang C: the probability that a contact has to wait (1 when agents ≤ traffic). */
export function erlangC(agents: number, erlangs: number): number {
  return erlangCFromB(erlangB(agents, erlangs), agents, erlangs);
}

/** The performance of `agents` agents facing `calls` contacts in the interval (Erlang C). */
export function erlangCPerformance(input: { agents: number; calls: number; intervalMinutes: number; ahtSeconds: number; targetAnswerSeconds: number }): IntervalPerformance {
  assertWhole('agents', input.agents, 0);
  validateLoad(input);
  assertFinite('targetAnswerSeconds', input.targetAnswerSeconds, 0);
  const erlangs = trafficErlangs(input.calls, input.intervalMinutes, input.ahtSeconds);
  return performanceFromB(erlangB(input.agents, erlangs), input.agents, erlangs, input.ahtSeconds, input.targetAnswerSeconds);
}

function performanceFromB(blocking: number, agents: number, erlangs: number, ahtSeconds: number, targetAnswerSeconds: number): IntervalPerformance {
  if (erlangs === 0) return { trafficErlangs: 0, agents, serviceLevel: 1, asaSeconds: 0, occupancy: 0, probabilityOfWaiting: 0 };
  if (agents <= erlangs) {
    return { trafficErlangs: erlangs, agents, serviceLevel: 0, asaSeconds: Number.POSITIVE_INFINITY, occupancy: 1, probabilityOfWaiting: 1 };
  }
  const c = erlangCFromB(blocking, agents, erlangs);
  const spare = agents - erlangs;
  return {
    trafficErlangs: erlangs,
    agents,
    serviceLevel: 1 - c * Math.exp((-spare * targetAnswerSeconds) / ahtSeconds),
    asaSeconds: (c * ahtSeconds) / spare,
    occupancy: erlangs / agents,
    probabilityOfWaiting: c,
  };
}

/** Beyond this many agents above the traffic a target is treated as unreachable (a bug guard, never reached by valid input). */
const SEARCH_LIMIT = 1_000_000;

/**
 * The smallest number of agents that meets the service level, the occupancy cap and (when
 * given) the ASA ceiling, with what they achieve, and how many to schedule for shrinkage.
 * No contacts need no agents (service level 1, ASA 0).
 * @throws RangeError for a negative or non-finite input, an interval or AHT of 0, a target
 *   service level outside [0, 1), an occupancy cap outside (0, 1] or shrinkage outside [0, 1).
 */
export function requiredAgents(input: StaffingInput): StaffingResult {
  validateLoad(input);
  const targets = validateTargets(input);
  const erlangs = trafficErlangs(input.calls, input.intervalMinutes, input.ahtSeconds);
  if (erlangs === 0) {
    return { trafficErlangs: 0, agents: 0, scheduled: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0, probabilityOfWaiting: 0 };
  }
  // Stability needs N > A; the occupancy cap needs N ≥ A / cap. Start at the larger bound.
  const start = Math.max(Math.floor(erlangs) + 1, Math.ceil(erlangs / targets.maxOccupancy - 1e-12));
  let blocking = 1;
  for (let n = 1; n <= start; n++) blocking = nextErlangB(blocking, n, erlangs);
  for (let agents = start; agents <= start + SEARCH_LIMIT; agents++) {
    if (agents > start) blocking = nextErlangB(blocking, agents, erlangs);
    const performance = performanceFromB(blocking, agents, erlangs, input.ahtSeconds, input.targetAnswerSeconds);
    if (meets(performance, targets)) return { ...performance, scheduled: scheduledFor(agents, targets.shrinkage) };
  }
  throw new RangeError(`no staffing up to ${start + SEARCH_LIMIT} agents meets the targets`);
}

/** Agents to put on the schedule so that `agents` remain after shrinkage: ceil(agents / (1 − shrinkage)). */
export function scheduledFor(agents: number, shrinkage: number): number {
  if (agents === 0) return 0;
  // The epsilon keeps exact quotients such as 7 / (1 − 0.3) = 10.000000000000002 at 10.
  return Math.ceil(agents / (1 - shrinkage) - 1e-9);
}

export type Targets = { targetServiceLevel: number; maxOccupancy: number; shrinkage: number; maxAsaSeconds: number };

function meets(performance: IntervalPerformance, targets: Targets): boolean {
  return (
    performance.serviceLevel >= targets.targetServiceLevel &&
    performance.occupancy <= targets.maxOccupancy + 1e-12 &&
    performance.asaSeconds <= targets.maxAsaSeconds
  );
}

/** Checks the calls / interval / AHT of an input. */
export function validateLoad(input: { calls: number; intervalMinutes: number; ahtSeconds: number }): void {
  assertFinite('calls', input.calls, 0);
  assertFinite('intervalMinutes', input.intervalMinutes, Number.MIN_VALUE);
  assertFinite('ahtSeconds', input.ahtSeconds, Number.MIN_VALUE);
}

/** Checks the targets of an input and fills in the defaults (no occupancy cap, no shrinkage, no ASA ceiling). */
export function validateTargets(input: Pick<StaffingInput, 'targetServiceLevel' | 'targetAnswerSeconds' | 'maxOccupancy' | 'shrinkage' | 'maxAsaSeconds'>): Targets {
  assertFinite('targetAnswerSeconds', input.targetAnswerSeconds, 0);
  const { targetServiceLevel } = input;
  if (!Number.isFinite(targetServiceLevel) || targetServiceLevel < 0 || targetServiceLevel >= 1) {
    throw new RangeError(`targetServiceLevel must be a share in [0, 1) (0.8 for 80 %), got ${targetServiceLevel}`);
  }
  const maxOccupancy = input.maxOccupancy ?? 1;
  if (!Number.isFinite(maxOccupancy) || maxOccupancy <= 0 || maxOccupancy > 1) throw new RangeError(`maxOccupancy must be a share in (0, 1], got ${maxOccupancy}`);
  const shrinkage = input.shrinkage ?? 0;
  if (!Number.isFinite(shrinkage) || shrinkage < 0 || shrinkage >= 1) throw new RangeError(`shrinkage must be a share in [0, 1), got ${shrinkage}`);
  const maxAsaSeconds = input.maxAsaSeconds ?? Number.POSITIVE_INFINITY;
  if (Number.isNaN(maxAsaSeconds) || maxAsaSeconds < 0) throw new RangeError(`maxAsaSeconds must be ≥ 0, got ${maxAsaSeconds}`);
  return { targetServiceLevel, maxOccupancy, shrinkage, maxAsaSeconds };
}

export function assertFinite(name: string, value: number, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${name} must be a finite number ≥ ${min === Number.MIN_VALUE ? '0 (and not 0)' : min}, got ${value}`);
  }
}

function assertWhole(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${value}`);
}

// Full-time equivalents over a business calendar's open hours live beside the interval maths;
// this module is the documented entry point for both.
export { fteForWeek, openSlots, type FteInput, type FteResult, type PlanningSlot } from './weekSlots';
