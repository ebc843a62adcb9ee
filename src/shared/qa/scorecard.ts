import { z } from 'zod';
import { CaseType, Severity } from '../domain/enums';
import { deepFreeze, issuesFromZod, type LoadResult } from '../sla/configIssue';

/**
 * The QA scorecard and sampling rules (resources/qa-scorecard.json): criteria are data, each
 * scored on the scale and weighted; the weights add up to 100. An evaluation's result is
 * Σ weight × score / scale max ÷ 100, a share in [0, 1].
 */
const Criterion = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'expected a lower-case id of letters, digits and _'),
  label: z.string().trim().min(1).max(60),
  weight: z.number().positive().max(100),
  description: z.string().trim().min(1).max(500),
});
export type Criterion = z.infer<typeof Criterion>;

export const QaScorecard = z
  .strictObject({
    version: z.number().int().positive(),
    source: z.string().optional(),
    scale: z
      .strictObject({ min: z.literal(0), max: z.number().int().min(1).max(10), labels: z.array(z.string().min(1)).optional() })
      .refine((scale) => !scale.labels || scale.labels.length === scale.max + 1, 'give one label per scale point (max + 1 labels)'),
    criteria: z.array(Criterion).min(1).max(40),
    /** The QA target (REQUIREMENTS: ≥ 85 %). */
    targetScore: z.number().min(0).max(1),
    /** An evaluation below this opens a corrective-action plan (REQUIREMENTS: 80 %). */
    correctiveActionBelow: z.number().min(0).max(1),
    correctiveActionDueDays: z.number().int().min(1).max(180),
    sampling: z.strictObject({
      defaultRate: z.number(),
      minRate: z.number().min(0).max(1),
      maxRate: z.number().min(0).max(1),
      /** Every closed case of these types is reviewed (100 %). */
      criticalCaseTypes: z.array(CaseType),
      /** …and every closed case of these severities. */
      criticalSeverities: z.array(Severity),
    }),
  })
  .superRefine((card, ctx) => {
    const total = card.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
    if (Math.abs(total - 100) > 1e-9) ctx.addIssue({ code: 'custom', path: ['criteria'], message: `the weights must add up to 100, they add up to ${total}` });
    const ids = new Set<string>();
    card.criteria.forEach((criterion, index) => {
      if (ids.has(criterion.id)) ctx.addIssue({ code: 'custom', path: ['criteria', index, 'id'], message: `duplicate criterion "${criterion.id}"` });
      ids.add(criterion.id);
    });
    const { defaultRate, minRate, maxRate } = card.sampling;
    if (!(minRate <= defaultRate && defaultRate <= maxRate)) ctx.addIssue({ code: 'custom', path: ['sampling', 'defaultRate'], message: `the default rate ${defaultRate} must lie between minRate ${minRate} and maxRate ${maxRate}` });
    if (card.correctiveActionBelow > card.targetScore) ctx.addIssue({ code: 'custom', path: ['correctiveActionBelow'], message: 'the corrective-action threshold cannot be above the target' });
  });
export type QaScorecard = z.infer<typeof QaScorecard>;

export function parseQaScorecardFile(fileName: string, json: unknown): LoadResult<QaScorecard> {
  const result = QaScorecard.safeParse(json);
  if (!result.success) return { ok: false, errors: issuesFromZod(fileName, result.error) };
  return { ok: true, value: deepFreeze(result.data) };
}

export type ScoredEvaluation = {
  /** Weighted result, 0–1. */
  score: number;
  perCriterion: { id: string; label: string; weight: number; points: number; share: number }[];
  meetsTarget: boolean;
  needsCorrectiveAction: boolean;
};

/**
 * Scores an evaluation: every criterion must have a whole number of points on the scale.
 * @returns the result, or the reason the scores are not acceptable (naming the criterion).
 */
export function scoreEvaluation(card: QaScorecard, points: Readonly<Record<string, number>>): { ok: true; value: ScoredEvaluation } | { ok: false; reason: string } {
  const known = new Set(card.criteria.map((criterion) => criterion.id));
  for (const id of Object.keys(points)) if (!known.has(id)) return { ok: false, reason: `"${id}" is not a criterion of scorecard version ${card.version}` };
  let total = 0;
  const perCriterion: ScoredEvaluation['perCriterion'] = [];
  for (const criterion of card.criteria) {
    const value = points[criterion.id];
    if (value === undefined) return { ok: false, reason: `score every criterion: "${criterion.label}" has no score` };
    if (!Number.isInteger(value) || value < card.scale.min || value > card.scale.max) return { ok: false, reason: `"${criterion.label}" must be a whole number from ${card.scale.min} to ${card.scale.max}, got ${value}` };
    const share = value / card.scale.max;
    total += (criterion.weight * share) / 100;
    perCriterion.push({ id: criterion.id, label: criterion.label, weight: criterion.weight, points: value, share });
  }
  // Rounded to 1/10,000 so 0.8 stays 0.8 and a threshold compares as people read it.
  const score = Math.round(total * 10_000) / 10_000;
  return { ok: true, value: { score, perCriterion, meetsTarget: score >= card.targetScore, needsCorrectiveAction: score < card.correctiveActionBelow } };
}
