import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatConfigIssue } from '../../../src/shared/sla/configIssue';
import { calibrationSpread, foldQaLog, qaScoresOf, type QaEvent } from '../../../src/shared/qa/qaLog';
import { drawQaSample, type QaInteraction } from '../../../src/shared/qa/sampling';
import { parseQaScorecardFile, scoreEvaluation, type QaScorecard } from '../../../src/shared/qa/scorecard';

function bundledScorecard(): QaScorecard {
  const file = 'resources/qa-scorecard.json';
  const parsed = parseQaScorecardFile(file, JSON.parse(readFileSync(join(__dirname, '../../..', file), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.errors.map(formatConfigIssue).join('\n'));
  return parsed.value;
}

const card = bundledScorecard();

/** 1,000 closed interactions: 30 escalated, 40 fraud (critical), 10 S1 (critical), 920 ordinary. */
function population(): QaInteraction[] {
  return Array.from({ length: 1000 }, (_, i) => ({
    caseId: `AC-${String(i).padStart(5, '0')}`,
    agentId: `A${i % 7}`,
    caseType: i >= 30 && i < 70 ? 'fraud' : 'general_inquiry',
    severity: i >= 70 && i < 80 ? 'S1' : 'S3',
    channel: 'phone',
    closedAt: new Date(Date.UTC(2026, 2, 1) + i * 60_000).toISOString(),
    escalated: i < 30,
  }));
}

describe('the QA scorecard', () => {
  it('ships the REQUIREMENTS weights: compliance 20, accuracy 20, soft skills 30, adherence 15, resolution 15', () => {
    expect(card.criteria.map((c) => [c.id, c.weight])).toEqual([
      ['compliance', 20],
      ['accuracy', 20],
      ['soft_skills', 30],
      ['adherence', 15],
      ['resolution', 15],
    ]);
    expect(card).toMatchObject({ targetScore: 0.85, correctiveActionBelow: 0.8, sampling: { defaultRate: 0.05, minRate: 0.03, maxRate: 0.1 } });
  });

  it('weights the points: Σ weight × points / 4', () => {
    // compliance 4/4 × 20 + accuracy 3/4 × 20 + soft skills 3/4 × 30 + adherence 2/4 × 15 + resolution 4/4 × 15
    // = 20 + 15 + 22.5 + 7.5 + 15 = 80 → exactly 80 %: meets neither the target nor triggers a plan.
    const result = scoreEvaluation(card, { compliance: 4, accuracy: 3, soft_skills: 3, adherence: 2, resolution: 4 });
    expect(result.ok && result.value).toMatchObject({ score: 0.8, meetsTarget: false, needsCorrectiveAction: false });
    // One point less on soft skills: 80 − 7.5 = 72.5 % → corrective action.
    const lower = scoreEvaluation(card, { compliance: 4, accuracy: 3, soft_skills: 2, adherence: 2, resolution: 4 });
    expect(lower.ok && lower.value).toMatchObject({ score: 0.725, needsCorrectiveAction: true });
    const full = scoreEvaluation(card, { compliance: 4, accuracy: 4, soft_skills: 4, adherence: 4, resolution: 4 });
    expect(full.ok && full.value.score).toBe(1);
  });

  it('refuses missing, unknown or off-scale scores, naming the criterion', () => {
    expect(scoreEvaluation(card, { compliance: 4, accuracy: 3, soft_skills: 3, adherence: 2 })).toEqual({ ok: false, reason: 'score every criterion: "Resolution completeness" has no score' });
    expect(scoreEvaluation(card, { compliance: 5, accuracy: 3, soft_skills: 3, adherence: 2, resolution: 4 })).toMatchObject({ ok: false, reason: expect.stringContaining('"Compliance" must be a whole number from 0 to 4') });
    expect(scoreEvaluation(card, { compliance: 4, accuracy: 3, soft_skills: 3, adherence: 2, resolution: 4, empathy: 3 })).toMatchObject({ ok: false, reason: expect.stringContaining('"empathy" is not a criterion') });
  });

  it('rejects a scorecard whose weights do not add up to 100', () => {
    const broken = structuredClone(card) as unknown as { criteria: { weight: number }[] };
    broken.criteria[0]!.weight = 25;
    const result = parseQaScorecardFile('resources/qa-scorecard.json', broken);
    expect(result.ok ? [] : result.errors.map(formatConfigIssue)).toContain('resources/qa-scorecard.json: criteria: the weights must add up to 100, they add up to 105');
  });
});

describe('the QA sample', () => {
  it('takes every escalation and critical flow, and the rate of the rest at random', () => {
    const sample = drawQaSample(population(), { rate: 0.05, seed: 42, scorecard: card });
    const byReason = (reason: string) => sample.items.filter((item) => item.reason === reason);
    expect(byReason('escalation')).toHaveLength(30);
    expect(byReason('critical')).toHaveLength(50); // 40 fraud + 10 S1
    // 5 % of the 920 others = 46.
    expect(sample).toMatchObject({ population: 1000, randomCount: 46 });
    expect(byReason('random')).toHaveLength(46);
    expect(byReason('random').every((item) => !item.escalated && item.caseType === 'general_inquiry' && item.severity === 'S3')).toBe(true);
    expect(drawQaSample(population(), { rate: 0.1, seed: 42, scorecard: card }).randomCount).toBe(92);
  });

  it('is reproducible from the recorded seed, whatever order the population comes in', () => {
    const a = drawQaSample(population(), { rate: 0.05, seed: 42, scorecard: card });
    const b = drawQaSample([...population()].reverse(), { rate: 0.05, seed: 42, scorecard: card });
    const c = drawQaSample(population(), { rate: 0.05, seed: 43, scorecard: card });
    expect(b.items.map((item) => item.caseId)).toEqual(a.items.map((item) => item.caseId));
    expect(c.items.filter((item) => item.reason === 'random').map((item) => item.caseId)).not.toEqual(a.items.filter((item) => item.reason === 'random').map((item) => item.caseId));
  });

  it('keeps the rate within the configured 3–10 %', () => {
    expect(() => drawQaSample(population(), { rate: 0.02, seed: 1, scorecard: card })).toThrow(/between 3 % and 10 %/);
    expect(() => drawQaSample(population(), { rate: 0.11, seed: 1, scorecard: card })).toThrow(/between 3 % and 10 %/);
  });
});

describe('the QA log', () => {
  const at = '2026-03-10T10:00:00.000Z';
  const evaluation = (id: string, reviewer: string, points: Record<string, number>, score: number, calibrationId: string | null = null): QaEvent => ({
    id: `00000000-0000-4000-8000-00000000000${id}`,
    actorId: reviewer,
    at,
    type: 'qa.evaluation_submitted',
    payload: { evaluationId: `ev-${id}`, sampleId: null, calibrationId, caseId: 'AC-1', agentId: 'A1', channel: 'phone', scorecardVersion: 1, points, score, comment: '' },
  });

  it('folds evaluations and corrective actions, and feeds the QA average without calibration scores', () => {
    const events: QaEvent[] = [
      evaluation('1', 'QA1', { compliance: 4 }, 0.9),
      evaluation('2', 'QA2', { compliance: 2 }, 0.6, 'cal-1'),
      { id: '00000000-0000-4000-8000-000000000009', actorId: 'system:qa', at, type: 'qa.corrective_action_opened', payload: { actionId: 'ca-1', evaluationId: 'ev-1', agentId: 'A1', ownerId: 'SUP', dueDate: '2026-04-09', reason: 'QA 72.5 %' } },
      { id: '00000000-0000-4000-8000-000000000008', actorId: 'SUP', at: '2026-03-20T10:00:00.000Z', type: 'qa.corrective_action_closed', payload: { actionId: 'ca-1', note: 'Coached on verification.' } },
    ];
    const state = foldQaLog(events);
    expect(state.correctiveActions[0]).toMatchObject({ ownerId: 'SUP', dueDate: '2026-04-09', closedBy: 'SUP', note: 'Coached on verification.' });
    expect(qaScoresOf(state).map((score) => [score.score, score.calibration])).toEqual([
      [0.9, false],
      [0.6, true],
    ]);
  });

  it('shows the spread of a calibration session per criterion', () => {
    // Three reviewers score soft skills 4, 3 and 1: min 1, max 4, range 3, mean 8/3, σ = √(14/9) ≈ 1.247.
    const spread = calibrationSpread(
      [
        { points: { soft_skills: 4, compliance: 4 }, score: 0.95 },
        { points: { soft_skills: 3, compliance: 4 }, score: 0.85 },
        { points: { soft_skills: 1, compliance: 4 }, score: 0.6 },
      ],
      card.criteria,
    );
    const soft = spread.perCriterion.find((row) => row.id === 'soft_skills');
    expect(soft).toMatchObject({ reviewers: 3, min: 1, max: 4, range: 3 });
    expect(soft?.mean).toBeCloseTo(8 / 3, 12);
    expect(soft?.standardDeviation).toBeCloseTo(Math.sqrt(14 / 9), 12);
    expect(spread.perCriterion.find((row) => row.id === 'compliance')).toMatchObject({ range: 0, standardDeviation: 0 });
    expect(spread.overall?.range).toBeCloseTo(0.35, 12);
  });
});
