import { z } from 'zod';
import { CaseType, Channel, Severity } from '../domain/enums';
import { IsoInstant } from '../domain/customer';
import type { QaScore } from '../kpi/kpiInput';

/**
 * The supervision log: QA is event-sourced like cases. Samples (with the seed and rate they were
 * drawn with), evaluations, corrective-action plans and calibration sessions are events in
 * the case service's `supervision_events` table; the QA views and the QA average KPI are folds
 * of them.
 */
const Id = z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/, 'expected an id of letters, digits and . _ : -');

const SampleItem = z.object({
  caseId: z.string().min(1).max(64),
  agentId: z.string().min(1).max(64),
  caseType: CaseType,
  severity: Severity,
  channel: Channel,
  closedAt: IsoInstant,
  escalated: z.boolean(),
  reason: z.enum(['escalation', 'critical', 'random']),
});

export const qaEventPayloads = {
  /** A sample drawn for a period: how (rate, seed, population) and what. */
  'qa.sample_drawn': z.object({
    sampleId: Id,
    from: IsoInstant,
    to: IsoInstant,
    rate: z.number().min(0).max(1),
    seed: z.number().int().min(0).max(0xffff_ffff),
    population: z.number().int().nonnegative(),
    randomCount: z.number().int().nonnegative(),
    items: z.array(SampleItem).max(20_000),
  }),
  /** One reviewer's scores for one interaction (a calibration score when calibrationId is set). */
  'qa.evaluation_submitted': z.object({
    evaluationId: Id,
    sampleId: Id.nullable(),
    calibrationId: Id.nullable(),
    caseId: z.string().min(1).max(64),
    agentId: z.string().min(1).max(64),
    channel: Channel.nullable(),
    scorecardVersion: z.number().int().positive(),
    points: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.number().int().min(0).max(10)),
    score: z.number().min(0).max(1),
    comment: z.string().max(2000).default(''),
  }),
  /** Opened automatically by an evaluation below the threshold: who owns the plan and by when. */
  'qa.corrective_action_opened': z.object({
    actionId: Id,
    evaluationId: Id,
    agentId: z.string().min(1).max(64),
    ownerId: z.string().min(1).max(64),
    dueDate: z.iso.date(),
    reason: z.string().min(1).max(500),
  }),
  'qa.corrective_action_closed': z.object({ actionId: Id, note: z.string().trim().min(1).max(2000) }),
  /** Several reviewers score the same interaction; the spread per criterion shows how consistent they are. */
  'qa.calibration_opened': z.object({
    calibrationId: Id,
    caseId: z.string().min(1).max(64),
    agentId: z.string().min(1).max(64),
    channel: Channel.nullable(),
    title: z.string().trim().min(1).max(200),
  }),
} as const;

export type QaEventType = keyof typeof qaEventPayloads;
export const QA_EVENT_TYPES = Object.keys(qaEventPayloads) as QaEventType[];

const envelope = { id: z.uuid(), actorId: z.string().min(1).max(64), at: IsoInstant };

export const QaEvent = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('qa.sample_drawn'), payload: qaEventPayloads['qa.sample_drawn'] }),
  z.object({ ...envelope, type: z.literal('qa.evaluation_submitted'), payload: qaEventPayloads['qa.evaluation_submitted'] }),
  z.object({ ...envelope, type: z.literal('qa.corrective_action_opened'), payload: qaEventPayloads['qa.corrective_action_opened'] }),
  z.object({ ...envelope, type: z.literal('qa.corrective_action_closed'), payload: qaEventPayloads['qa.corrective_action_closed'] }),
  z.object({ ...envelope, type: z.literal('qa.calibration_opened'), payload: qaEventPayloads['qa.calibration_opened'] }),
]);
export type QaEvent = z.infer<typeof QaEvent>;
export type QaEventOf<T extends QaEventType> = Extract<QaEvent, { type: T }>;

/** What the QA log folds into. */
export type QaState = {
  samples: (QaEventOf<'qa.sample_drawn'>['payload'] & { drawnBy: string; drawnAt: string })[];
  evaluations: (QaEventOf<'qa.evaluation_submitted'>['payload'] & { reviewerId: string; at: string })[];
  correctiveActions: (QaEventOf<'qa.corrective_action_opened'>['payload'] & { openedAt: string; closedAt: string | null; closedBy: string | null; note: string | null })[];
  calibrations: (QaEventOf<'qa.calibration_opened'>['payload'] & { openedBy: string; openedAt: string })[];
};

export function foldQaLog(events: readonly QaEvent[]): QaState {
  const state: QaState = { samples: [], evaluations: [], correctiveActions: [], calibrations: [] };
  for (const event of events) {
    switch (event.type) {
      case 'qa.sample_drawn':
        state.samples.push({ ...event.payload, drawnBy: event.actorId, drawnAt: event.at });
        break;
      case 'qa.evaluation_submitted':
        state.evaluations.push({ ...event.payload, reviewerId: event.actorId, at: event.at });
        break;
      case 'qa.corrective_action_opened':
        state.correctiveActions.push({ ...event.payload, openedAt: event.at, closedAt: null, closedBy: null, note: null });
        break;
      case 'qa.corrective_action_closed': {
        const action = state.correctiveActions.find((candidate) => candidate.actionId === event.payload.actionId);
        if (action && action.closedAt === null) Object.assign(action, { closedAt: event.at, closedBy: event.actorId, note: event.payload.note });
        break;
      }
      case 'qa.calibration_opened':
        state.calibrations.push({ ...event.payload, openedBy: event.actorId, openedAt: event.at });
        break;
    }
  }
  return state;
}

/** The QA scores the KPI set reads (kpi/kpiInput.ts QaScore). */
export function qaScoresOf(state: QaState): QaScore[] {
  return state.evaluations.map((evaluation) => ({
    evaluationId: evaluation.evaluationId,
    at: evaluation.at,
    agentId: evaluation.agentId,
    score: evaluation.score,
    channel: evaluation.channel,
    caseId: evaluation.caseId,
    calibration: evaluation.calibrationId !== null,
  }));
}

export type CriterionSpread = { id: string; label: string; reviewers: number; min: number; max: number; range: number; mean: number; standardDeviation: number };

/**
 * How far apart the reviewers of one calibration session are, per criterion (in scale points)
 * and overall (in result share): min, max, range, mean and population standard deviation.
 */
export function calibrationSpread(
  evaluations: readonly { points: Readonly<Record<string, number>>; score: number }[],
  criteria: readonly { id: string; label: string }[],
): { perCriterion: CriterionSpread[]; overall: Omit<CriterionSpread, 'id' | 'label'> | null } {
  const spread = (values: number[]) => {
    if (values.length === 0) return null;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    const min = Math.min(...values);
    const max = Math.max(...values);
    return { reviewers: values.length, min, max, range: max - min, mean, standardDeviation: Math.sqrt(variance) };
  };
  const perCriterion: CriterionSpread[] = [];
  for (const criterion of criteria) {
    const values = evaluations.map((evaluation) => evaluation.points[criterion.id]).filter((value): value is number => value !== undefined);
    const result = spread(values);
    if (result) perCriterion.push({ id: criterion.id, label: criterion.label, ...result });
  }
  return { perCriterion, overall: spread(evaluations.map((evaluation) => evaluation.score)) };
}
