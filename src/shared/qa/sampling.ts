import type { CaseType, Channel, Severity } from '../domain/enums';
import { mulberry32 } from '../random/mulberry32';
import type { QaScorecard } from './scorecard';

/**
 * The QA sample of a period: every escalated case and every critical flow (the scorecard's
 * critical case types and severities) — 100 % — plus a random share of the other closed
 * interactions at the configured rate (default 5 %, 3–10 %). Reproducible: the same population,
 * rate and seed always give the same sample, and the seed is recorded with it, so anyone can
 * check that the random part was not hand-picked.
 *
 * The random part: the other interactions in case-id order, shuffled by a seeded generator
 * (mulberry32, Fisher–Yates), the first round(rate × n) taken.
 */
export type QaInteraction = {
  caseId: string;
  /** The agent the review is about (who resolved the case). */
  agentId: string;
  caseType: CaseType;
  severity: Severity;
  channel: Channel;
  /** When the case was resolved or closed (ISO). */
  closedAt: string;
  escalated: boolean;
};

export type SampleReason = 'escalation' | 'critical' | 'random';

export type QaSampleItem = QaInteraction & { reason: SampleReason };

export type QaSample = {
  rate: number;
  seed: number;
  population: number;
  /** How many of the population were sampled at random (round(rate × non-mandatory)). */
  randomCount: number;
  items: QaSampleItem[];
};

export function drawQaSample(population: readonly QaInteraction[], options: { rate: number; seed: number; scorecard: QaScorecard }): QaSample {
  const { rate, seed, scorecard } = options;
  const { minRate, maxRate } = scorecard.sampling;
  if (!(rate >= minRate && rate <= maxRate)) throw new RangeError(`the QA sample rate must be between ${minRate * 100} % and ${maxRate * 100} %, got ${rate * 100} %`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) throw new RangeError(`the sample seed must be a whole number from 0 to 4294967295, got ${seed}`);
  const critical = new Set<string>(scorecard.sampling.criticalCaseTypes);
  const criticalSeverity = new Set<string>(scorecard.sampling.criticalSeverities);
  const sorted = [...population].sort((a, b) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const mandatory: QaSampleItem[] = [];
  const others: QaInteraction[] = [];
  for (const interaction of sorted) {
    if (interaction.escalated) mandatory.push({ ...interaction, reason: 'escalation' });
    else if (critical.has(interaction.caseType) || criticalSeverity.has(interaction.severity)) mandatory.push({ ...interaction, reason: 'critical' });
    else others.push(interaction);
  }
  const randomCount = Math.round(rate * others.length);
  const random = mulberry32(seed);
  const pool = [...others];
  for (let i = 0; i < randomCount; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as QaInteraction, pool[i] as QaInteraction];
  }
  const picked = pool.slice(0, randomCount).map((interaction): QaSampleItem => ({ ...interaction, reason: 'random' }));
  return { rate, seed, population: population.length, randomCount, items: [...mandatory, ...picked].sort((a, b) => (a.closedAt < b.closedAt ? -1 : a.closedAt > b.closedAt ? 1 : 0)) };
}
