import { assertFinite, nextErlangB, scheduledFor, trafficErlangs, validateLoad, validateTargets, type StaffingInput } from './erlangC';

/**
 * Erlang A (Palm's M/M/N+M): Erlang C plus impatience. Every caller has an exponentially
 * distributed patience with mean `patienceSeconds`; one whose wait would exceed it hangs up.
 * Real queues lose callers, so Erlang A gives lower waits and fewer agents than Erlang C, and
 * it reports what Erlang C cannot: the share who abandon. Shown beside Erlang C on the
 * staffing screen.
 *
 * Notation: λ arrival rate, μ = 1/AHT, θ = 1/patience, n agents, R = λ/μ (erlangs),
 * x = nμ/θ, y = λ/θ, w_k = Π_{i=1..k} y/(x+i) (w_0 = 1) the weight of k callers queued relative
 * to n busy agents and none queued, S = Σ_{k≥1} w_k, B = Erlang B(n, R). Stationary
 * probabilities relative to "n in system": Σ_{j<n} = 1/B − 1, "n+k" = w_k. With D = 1/B + S
 * (so dividing by D normalises):
 *   P(wait)           = (1 + S) / D                           (PASTA: an arrival finds n busy)
 *   P(abandon)        = (1 + S)/D − (x/y)·S/D                  (Mandelbaum & Zeltyn's form)
 *   mean wait, all    = E[queue] / λ = Σ k·w_k / (λ·D)         (Little)
 *   service level(T)  = P(no wait) + (x/y)·[S − e^{E}·S(z₀)] / D,  z₀ = y·e^{−θT},
 *                       E = y − z₀ − nμT, S(z₀) the same series with y replaced by z₀
 *                       (the offered-wait density nμ·π_n·exp(λ(1−e^{−θv})/θ − nμv) of
 *                       Baccelli & Hébuterne, weighted by the chance e^{−θv} of still being
 *                       there, integrated in closed form)
 *   ASA (answered)    = Σ_k w_k · x/(x+k+1) · Σ_{i=1..k+1} 1/(nμ+iθ) / (D · P(answered))
 *                       (a caller finding k queued is answered with probability
 *                       nμ/(nμ+(k+1)θ) after an offered wait of independent exponential
 *                       stages nμ+iθ)
 * The series are summed in logarithms around their largest term, so heavy overload (y ≫ x) or
 * large centres (thousands of calls per interval) neither overflow nor lose precision.
 */

export type ErlangAInput = {
  calls: number;
  intervalMinutes: number;
  ahtSeconds: number;
  /** Mean time a caller is willing to wait before hanging up, seconds. */
  patienceSeconds: number;
  targetAnswerSeconds: number;
};

export type ErlangAPerformance = {
  trafficErlangs: number;
  agents: number;
  /** Share of offered contacts answered within the target answer time (abandons count as not answered). */
  serviceLevel: number;
  /** Mean wait of answered contacts, seconds. */
  asaSeconds: number;
  /** Mean time in queue over all contacts, answered or abandoned, seconds. */
  averageWaitSeconds: number;
  /** Share of offered contacts that hang up before being answered. */
  probabilityOfAbandon: number;
  probabilityOfWaiting: number;
  /** Share of agents' time handling contacts: R·(1 − P(abandon)) / n. */
  occupancy: number;
};

/** The performance of `agents` agents under Erlang A. */
export function erlangAPerformance(input: ErlangAInput & { agents: number }): ErlangAPerformance {
  if (!Number.isInteger(input.agents) || input.agents < 0) throw new RangeError(`agents must be a whole number ≥ 0, got ${input.agents}`);
  validateErlangA(input);
  const erlangs = trafficErlangs(input.calls, input.intervalMinutes, input.ahtSeconds);
  let blocking = 1;
  for (let n = 1; n <= input.agents; n++) blocking = nextErlangB(blocking, n, erlangs);
  return performanceA(input, input.agents, erlangs, blocking);
}

function validateErlangA(input: ErlangAInput): void {
  validateLoad(input);
  assertFinite('targetAnswerSeconds', input.targetAnswerSeconds, 0);
  assertFinite('patienceSeconds', input.patienceSeconds, Number.MIN_VALUE);
  if (input.patienceSeconds > MAX_PATIENCE_SECONDS) throw new RangeError(`patienceSeconds must be at most ${MAX_PATIENCE_SECONDS} (a week), got ${input.patienceSeconds}`);
}

const MAX_PATIENCE_SECONDS = 7 * 86_400;

function performanceA(input: ErlangAInput, agents: number, erlangs: number, blocking: number): ErlangAPerformance {
  if (erlangs === 0) {
    return { trafficErlangs: 0, agents, serviceLevel: 1, asaSeconds: 0, averageWaitSeconds: 0, probabilityOfAbandon: 0, probabilityOfWaiting: 0, occupancy: 0 };
  }
  const lambda = input.calls / (input.intervalMinutes * 60);
  const mu = 1 / input.ahtSeconds;
  const theta = 1 / input.patienceSeconds;
  const x = (agents * mu) / theta;
  const y = lambda / theta;
  const queue = queueSeries(x, y);
  // ln D − ln B: D·B = 1 + B·S, the normaliser multiplied by B so that nothing overflows.
  const lnB = Math.log(blocking);
  const lnBS = lnB + queue.lnS;
  const lnDB = softplus(lnBS); // ln(1 + B·S)
  const share = (lnNumerator: number): number => Math.exp(lnNumerator - lnDB); // (numerator·B) / (D·B)
  const noWait = agents === 0 ? 0 : share(Math.log1p(-blocking)); // (1/B − 1)/D
  const waiting = agents === 0 ? 1 : share(logAdd(lnB, lnBS)); // (1 + S)/D
  const servedAfterWait = agents === 0 ? 0 : (x / y) * share(lnBS);
  const probabilityOfAbandon = clamp01(waiting - servedAfterWait);
  const answered = 1 - probabilityOfAbandon;

  const t = input.targetAnswerSeconds;
  let serviceLevel = noWait;
  if (agents > 0 && t > 0) {
    const z0 = y * Math.exp(-theta * t);
    const e = y - z0 - agents * mu * t;
    const inTime = share(lnBS) - share(lnB + e + queueSeries(x, z0).lnS);
    serviceLevel = clamp01(noWait + (x / y) * inTime);
  }
  const meanQueue = share(lnB + queue.lnKW);
  return {
    trafficErlangs: erlangs,
    agents,
    serviceLevel,
    asaSeconds: agents === 0 || answered <= 0 ? Number.POSITIVE_INFINITY : share(lnB + queue.lnServedWait) / theta / answered,
    averageWaitSeconds: meanQueue / lambda,
    probabilityOfAbandon,
    probabilityOfWaiting: clamp01(waiting),
    occupancy: agents === 0 ? 0 : Math.min(1, (erlangs * answered) / agents),
  };
}

type QueueSums = {
  /** ln Σ_{k≥1} w_k */
  lnS: number;
  /** ln Σ_{k≥1} k·w_k */
  lnKW: number;
  /** ln Σ_{k≥0} w_k · x/(x+k+1) · Σ_{i=1..k+1} 1/(x+i)  (served callers' waits, in units of 1/θ) */
  lnServedWait: number;
};

/** Terms this far (in natural log) below the largest are below double precision of the sum. */
const NEGLIGIBLE = -45;
const MAX_TERMS = 20_000_000;

/**
 * The queue series for w_k = Π_{i=1..k} y/(x+i), summed in logarithms around the largest term.
 * The terms rise while x + k < y and fall after; summing stops once a term and the geometric
 * bound on everything after it are negligible.
 */
function queueSeries(x: number, y: number): QueueSums {
  if (y <= 0) return { lnS: -Infinity, lnKW: -Infinity, lnServedWait: Math.log(x / (x + 1)) + Math.log(1 / (x + 1)) };
  const lnY = Math.log(y);
  // The largest term is at k* = max(0, ceil(y − x − 1)); its log gives the shift.
  const peak = Math.max(0, Math.ceil(y - x - 1));
  let lnPeak = 0;
  for (let i = 1; i <= peak; i++) lnPeak += lnY - Math.log(x + i);
  let s = 0;
  let kw = 0;
  let servedWait = 0;
  let lnW = 0;
  let harmonic = 0;
  for (let k = 0; k < MAX_TERMS; k++) {
    if (k > 0) lnW += lnY - Math.log(x + k);
    harmonic += 1 / (x + k + 1);
    const rel = Math.exp(lnW - lnPeak);
    if (k > 0) {
      s += rel;
      kw += k * rel;
    }
    servedWait += rel * (x / (x + k + 1)) * harmonic;
    if (k > peak) {
      const ratio = y / (x + k + 1);
      // Tail after k is at most term·ratio/(1 − ratio) (times k + 1/(1 − ratio) for the k-weighted sum).
      if (ratio < 1 && lnW - lnPeak + Math.log((k + 2) / (1 - ratio) ** 2 + 1) < NEGLIGIBLE) break;
    }
  }
  return { lnS: Math.log(s) + lnPeak, lnKW: Math.log(kw) + lnPeak, lnServedWait: Math.log(servedWait) + lnPeak };
}

function softplus(value: number): number {
  return value > 0 ? value + Math.log1p(Math.exp(-value)) : Math.log1p(Math.exp(value));
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(Math.min(a, b) - high));
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

export type ErlangAStaffingInput = StaffingInput & {
  patienceSeconds: number;
  /** Optional ceiling on the share of callers who abandon (e.g. 0.05). */
  maxAbandonment?: number;
};

export type ErlangAStaffingResult = ErlangAPerformance & { scheduled: number };

/**
 * The smallest number of agents that meets the service level, the occupancy cap and the
 * optional ASA and abandonment ceilings under Erlang A. Unlike Erlang C every size is stable,
 * so the search starts from one agent.
 */
export function requiredAgentsErlangA(input: ErlangAStaffingInput): ErlangAStaffingResult {
  validateErlangA(input);
  const targets = validateTargets(input);
  const maxAbandonment = input.maxAbandonment ?? 1;
  if (!Number.isFinite(maxAbandonment) || maxAbandonment < 0 || maxAbandonment > 1) throw new RangeError(`maxAbandonment must be a share in [0, 1], got ${maxAbandonment}`);
  const erlangs = trafficErlangs(input.calls, input.intervalMinutes, input.ahtSeconds);
  if (erlangs === 0) return { ...performanceA(input, 0, 0, 1), scheduled: 0 };
  let blocking = 1;
  // Answered work is at most the agents' time, so SL ≤ P(answered) ≤ n / R: no size below
  // target·R can meet the target. Start there, since checking each size costs a series sum.
  const floor = Math.max(1, Math.floor(erlangs * targets.targetServiceLevel));
  for (let n = 1; n < floor; n++) blocking = nextErlangB(blocking, n, erlangs);
  for (let agents = floor; agents < floor + 1_000_000; agents++) {
    blocking = nextErlangB(blocking, agents, erlangs);
    const performance = performanceA(input, agents, erlangs, blocking);
    if (
      performance.serviceLevel >= targets.targetServiceLevel &&
      performance.occupancy <= targets.maxOccupancy + 1e-12 &&
      performance.asaSeconds <= targets.maxAsaSeconds &&
      performance.probabilityOfAbandon <= maxAbandonment
    ) {
      return { ...performance, scheduled: scheduledFor(agents, targets.shrinkage) };
    }
  }
  throw new RangeError('no staffing meets the targets');
}
