import type { QaState } from './qaLog';
import type { QaScorecard } from './scorecard';

/**
 * A QA reviewer's own view, folded from the supervision log (qaLog.ts):
 * - the evaluation queue: sampled interactions nobody has evaluated yet, the always-sampled
 *   ones (escalations, critical flows) first, then the oldest sample first — without the
 *   reviewer's own interactions (nobody scores their own work);
 * - scores by criterion: each criterion's mean points and share of the scale over the
 *   evaluations submitted in the period (calibration scores left out, as in the QA average);
 * - corrective-action plans still open, the most urgent first, each overdue or due soon in words;
 * - calibration sessions the reviewer has not scored yet.
 */
export type ReviewQueueItem = QaState['samples'][number]['items'][number] & { sampleId: string; drawnAt: string };

export type CriterionScore = { id: string; label: string; weight: number; evaluations: number; meanPoints: number | null; meanShare: number | null; belowThreshold: number };

export type ActionDue = QaState['correctiveActions'][number] & { status: 'overdue' | 'due_soon' | 'on_track'; daysLeft: number };

export type ReviewerView = {
  queue: ReviewQueueItem[];
  /** Sampled interactions already evaluated, of all sampled. */
  evaluated: number;
  sampled: number;
  byCriterion: CriterionScore[];
  evaluationsInPeriod: number;
  actionsDue: ActionDue[];
  calibrationsToScore: { calibrationId: string; caseId: string; title: string; openedAt: string; reviewers: number }[];
};

/** A plan due within this many days reads "due soon". */
export const DUE_SOON_DAYS = 7;

const DAY_MS = 86_400_000;

export function reviewerView(state: QaState, card: QaScorecard, input: { reviewerId: string; today: string; period: { from: number; to: number } }): ReviewerView {
  const evaluatedKeys = new Set(state.evaluations.filter((evaluation) => evaluation.sampleId !== null).map((evaluation) => `${evaluation.sampleId}\u0000${evaluation.caseId}`));
  const queue: ReviewQueueItem[] = [];
  let sampled = 0;
  let evaluated = 0;
  for (const sample of state.samples) {
    for (const item of sample.items) {
      sampled += 1;
      if (evaluatedKeys.has(`${sample.sampleId}\u0000${item.caseId}`)) {
        evaluated += 1;
        continue;
      }
      if (item.agentId === input.reviewerId) continue;
      queue.push({ ...item, sampleId: sample.sampleId, drawnAt: sample.drawnAt });
    }
  }
  const always = (item: ReviewQueueItem) => (item.reason === 'random' ? 1 : 0);
  queue.sort((a, b) => always(a) - always(b) || (a.drawnAt < b.drawnAt ? -1 : a.drawnAt > b.drawnAt ? 1 : 0) || (a.closedAt < b.closedAt ? -1 : a.closedAt > b.closedAt ? 1 : 0));

  const inPeriod = state.evaluations.filter((evaluation) => {
    const at = Date.parse(evaluation.at);
    return evaluation.calibrationId === null && at >= input.period.from && at < input.period.to;
  });
  const byCriterion = card.criteria.map((criterion): CriterionScore => {
    const points = inPeriod.map((evaluation) => evaluation.points[criterion.id]).filter((value): value is number => value !== undefined);
    const meanPoints = points.length > 0 ? points.reduce((sum, value) => sum + value, 0) / points.length : null;
    return {
      id: criterion.id,
      label: criterion.label,
      weight: criterion.weight,
      evaluations: points.length,
      meanPoints,
      meanShare: meanPoints === null ? null : meanPoints / card.scale.max,
      belowThreshold: points.filter((value) => value / card.scale.max < card.correctiveActionBelow).length,
    };
  });

  const today = Date.parse(`${input.today}T00:00:00.000Z`);
  const actionsDue = state.correctiveActions
    .filter((action) => action.closedAt === null)
    .map((action): ActionDue => {
      const daysLeft = Math.round((Date.parse(`${action.dueDate}T00:00:00.000Z`) - today) / DAY_MS);
      return { ...action, daysLeft, status: daysLeft < 0 ? 'overdue' : daysLeft <= DUE_SOON_DAYS ? 'due_soon' : 'on_track' };
    })
    .sort((a, b) => a.daysLeft - b.daysLeft || (a.actionId < b.actionId ? -1 : 1));

  const calibrationsToScore = state.calibrations
    .filter((session) => session.agentId !== input.reviewerId && !state.evaluations.some((evaluation) => evaluation.calibrationId === session.calibrationId && evaluation.reviewerId === input.reviewerId))
    .map((session) => ({ calibrationId: session.calibrationId, caseId: session.caseId, title: session.title, openedAt: session.openedAt, reviewers: state.evaluations.filter((evaluation) => evaluation.calibrationId === session.calibrationId).length }));

  return { queue, evaluated, sampled, byCriterion, evaluationsInPeriod: inPeriod.length, actionsDue, calibrationsToScore };
}
