import { describe, expect, it } from 'vitest';
import { BUNDLED_QA_SCORECARD } from '../../../src/shared/qa/bundledScorecard';
import type { QaState } from '../../../src/shared/qa/qaLog';
import { reviewerView } from '../../../src/shared/qa/reviewerView';

const card = BUNDLED_QA_SCORECARD;
const item = (caseId: string, agentId: string, reason: 'random' | 'escalation' | 'critical', closedAt: string) => ({ caseId, agentId, caseType: 'general_inquiry' as const, severity: 'S3' as const, channel: 'phone' as const, closedAt, escalated: reason === 'escalation', reason });
const all = (points: number) => Object.fromEntries(card.criteria.map((criterion) => [criterion.id, points]));
const evaluation = (evaluationId: string, caseId: string, sampleId: string | null, calibrationId: string | null, reviewerId: string, at: string, points: Record<string, number>) => ({
  evaluationId, sampleId, calibrationId, caseId, agentId: 'A1', channel: 'phone' as const, scorecardVersion: card.version, points, score: 0, comment: '', reviewerId, at,
});

describe('reviewerView', () => {
  const state: QaState = {
    samples: [
      { sampleId: 'S-1', from: '2026-03-01T00:00:00.000Z', to: '2026-03-08T00:00:00.000Z', rate: 0.05, seed: 1, population: 40, randomCount: 2, drawnBy: 'QA2', drawnAt: '2026-03-08T10:00:00.000Z', items: [item('C-1', 'A1', 'random', '2026-03-02T10:00:00.000Z'), item('C-2', 'A2', 'random', '2026-03-03T10:00:00.000Z'), item('C-3', 'A1', 'escalation', '2026-03-04T10:00:00.000Z')] },
      { sampleId: 'S-2', from: '2026-03-08T00:00:00.000Z', to: '2026-03-15T00:00:00.000Z', rate: 0.05, seed: 2, population: 30, randomCount: 1, drawnBy: 'QA2', drawnAt: '2026-03-15T10:00:00.000Z', items: [item('C-4', 'QA1', 'critical', '2026-03-09T10:00:00.000Z'), item('C-5', 'A2', 'critical', '2026-03-10T10:00:00.000Z')] },
    ],
    evaluations: [
      // C-1 evaluated (points 4 on every criterion), C-2 too (2 on every criterion): both in the period.
      evaluation('E-1', 'C-1', 'S-1', null, 'QA2', '2026-03-09T10:00:00.000Z', all(4)),
      evaluation('E-2', 'C-2', 'S-1', null, 'QA2', '2026-03-10T10:00:00.000Z', all(2)),
      // Before the period: not in the scores by criterion.
      evaluation('E-0', 'C-9', null, null, 'QA2', '2026-02-01T10:00:00.000Z', all(0)),
      // A calibration score is left out of the scores; QA1 has scored CAL-1 already.
      evaluation('E-3', 'C-1', null, 'CAL-1', 'QA1', '2026-03-11T10:00:00.000Z', all(0)),
    ],
    correctiveActions: [
      { actionId: 'CA-1', evaluationId: 'E-2', agentId: 'A2', ownerId: 'SUP', dueDate: '2026-03-18', reason: 'QA 50 %', openedAt: '2026-03-10T10:00:00.000Z', closedAt: null, closedBy: null, note: null },
      { actionId: 'CA-2', evaluationId: 'E-x', agentId: 'A1', ownerId: 'SUP', dueDate: '2026-04-30', reason: 'QA 60 %', openedAt: '2026-03-10T10:00:00.000Z', closedAt: null, closedBy: null, note: null },
      { actionId: 'CA-3', evaluationId: 'E-y', agentId: 'A1', ownerId: 'SUP', dueDate: '2026-03-25', reason: 'QA 70 %', openedAt: '2026-03-10T10:00:00.000Z', closedAt: null, closedBy: null, note: null },
      { actionId: 'CA-4', evaluationId: 'E-z', agentId: 'A1', ownerId: 'SUP', dueDate: '2026-03-01', reason: 'QA 70 %', openedAt: '2026-02-10T10:00:00.000Z', closedAt: '2026-02-20T10:00:00.000Z', closedBy: 'SUP', note: 'Coached' },
    ],
    calibrations: [
      { calibrationId: 'CAL-1', caseId: 'C-1', agentId: 'A1', channel: 'phone', title: 'March calibration', openedBy: 'QA2', openedAt: '2026-03-10T09:00:00.000Z' },
      { calibrationId: 'CAL-2', caseId: 'C-4', agentId: 'QA1', channel: 'phone', title: 'My own call', openedBy: 'QA2', openedAt: '2026-03-10T09:00:00.000Z' },
    ],
  };
  const view = reviewerView(state, card, { reviewerId: 'QA1', today: '2026-03-20', period: { from: Date.parse('2026-03-01T00:00:00.000Z'), to: Date.parse('2026-04-01T00:00:00.000Z') } });

  it('queues the sampled interactions nobody has evaluated, always-sampled first, never the reviewer’s own', () => {
    // C-1 and C-2 are evaluated; C-4 is QA1's own. Left: C-3 (escalation, S-1), C-5 (critical, S-2) — always-sampled, older sample first.
    expect(view.queue.map((row) => [row.caseId, row.reason, row.sampleId])).toEqual([
      ['C-3', 'escalation', 'S-1'],
      ['C-5', 'critical', 'S-2'],
    ]);
    expect([view.evaluated, view.sampled]).toEqual([2, 5]);
  });

  it('averages each criterion over the period’s evaluations: (4 + 2) / 2 = 3 points, 3 / scale max of the scale', () => {
    expect(view.evaluationsInPeriod).toBe(2);
    for (const row of view.byCriterion) {
      expect(row.evaluations).toBe(2);
      expect(row.meanPoints).toBe(3);
      expect(row.meanShare).toBeCloseTo(3 / card.scale.max, 12);
      // 2 points is below 80 % of the scale, 4 points is not (on a 0–4 or 0–5 scale alike).
      expect(row.belowThreshold).toBe(1);
    }
  });

  it('lists the open plans most urgent first, each overdue, due soon or on track', () => {
    // Today 20 March: CA-1 due 18 March (2 days overdue), CA-3 due 25 March (5 days: soon), CA-2 due 30 April (41 days); CA-4 is closed.
    expect(view.actionsDue.map((row) => [row.actionId, row.status, row.daysLeft])).toEqual([
      ['CA-1', 'overdue', -2],
      ['CA-3', 'due_soon', 5],
      ['CA-2', 'on_track', 41],
    ]);
  });

  it('offers the calibration sessions the reviewer has not scored, not one on their own work', () => {
    const other = reviewerView(state, card, { reviewerId: 'QA3', today: '2026-03-20', period: { from: 0, to: Date.parse('2026-04-01T00:00:00.000Z') } });
    expect(other.calibrationsToScore.map((row) => [row.calibrationId, row.reviewers])).toEqual([
      ['CAL-1', 1],
      ['CAL-2', 0],
    ]);
    expect(view.calibrationsToScore).toEqual([]);
  });
});
