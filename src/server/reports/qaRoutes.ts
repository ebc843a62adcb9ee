import { randomInt, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { BUNDLED_ROLES } from '../../shared/policy/rolesConfig';
import { BUNDLED_QA_SCORECARD } from '../../shared/qa/bundledScorecard';
import { calibrationSpread, QaEvent, type QaEventOf, type QaState } from '../../shared/qa/qaLog';
import { drawQaSample, type QaInteraction } from '../../shared/qa/sampling';
import { scoreEvaluation } from '../../shared/qa/scorecard';
import { reviewerView } from '../../shared/qa/reviewerView';
import {
  QaCalibrationRequest,
  QaCloseActionRequest,
  QaEvaluationRequest,
  QaReviewQuery,
  QaSampleRequest,
  type QaEvaluationResponse,
  type QaReviewResponse,
  type QaOverviewResponse,
} from '../../shared/reports/protocol';
import type { Queryable } from '../db/database';
import { HttpProblem, parseRequest } from '../http/problems';
import type { RouteContext } from '../routes/context';
import type { ReportData, ReportSnapshot } from './reportData';
import { requirePermission } from './reportRoutes';

/** Every QA route, for the fuzz suite and the permission tests. */
export const QA_ROUTES = [
  { method: 'GET', url: '/v1/qa', permission: 'view_reports' },
  { method: 'GET', url: '/v1/qa/review', permission: 'score_qa' },
  { method: 'POST', url: '/v1/qa/samples', permission: 'score_qa' },
  { method: 'POST', url: '/v1/qa/evaluations', permission: 'score_qa' },
  { method: 'POST', url: '/v1/qa/corrective-actions/close', permission: 'score_qa' },
  { method: 'POST', url: '/v1/qa/calibrations', permission: 'score_qa' },
] as const;

/** The actor of events the service writes on its own (a corrective-action plan opened by a low score). */
export const QA_SYSTEM_ACTOR = 'system:qa';

/** Case types restricted to some roles (AML, staff accounts) stay out of the general QA sample. */
const RESTRICTED_TYPES = new Set(Object.keys(BUNDLED_ROLES.restricted.caseTypes));

export function registerQaRoutes(app: FastifyInstance, context: RouteContext, options: { data: ReportData; timeZone: () => string }): void {
  const card = BUNDLED_QA_SCORECARD;

  app.get('/v1/qa', async (request): Promise<QaOverviewResponse> => {
    await requirePermission(request, context, ['view_reports', 'score_qa']);
    return overview(await options.data.current());
  });

  // A QA reviewer's own view: their queue, scores by criterion, plans due, calibrations to score.
  app.get('/v1/qa/review', async (request): Promise<QaReviewResponse> => {
    const reviewer = await requirePermission(request, context, ['score_qa']);
    const query = parseRequest(QaReviewQuery, request.query, 'QA review query');
    const snapshot = await options.data.current();
    const today = DateTime.fromJSDate(context.now(), { zone: options.timeZone() }).toISODate() as string;
    return reviewerView(snapshot.qa, card, { reviewerId: reviewer.id, today, period: { from: Date.parse(query.from), to: Date.parse(query.to) } });
  });

  app.post('/v1/qa/samples', async (request) => {
    const actor = await requirePermission(request, context, ['score_qa']);
    const body = parseRequest(QaSampleRequest, request.body, 'QA sample request');
    const from = Date.parse(body.from);
    const to = Date.parse(body.to);
    if (to <= from) throw new HttpProblem(400, 'invalid_request', 'The sample period must end after it starts.');
    const rate = body.rate ?? card.sampling.defaultRate;
    if (rate < card.sampling.minRate || rate > card.sampling.maxRate) {
      throw new HttpProblem(400, 'invalid_request', `The sample rate must be between ${card.sampling.minRate * 100} % and ${card.sampling.maxRate * 100} % (resources/qa-scorecard.json), got ${Math.round(rate * 1000) / 10} %.`);
    }
    // The seed is recorded with the sample, so anyone can draw it again and check it.
    const seed = body.seed ?? randomInt(0, 2 ** 32);
    const snapshot = await options.data.current();
    const sample = drawQaSample(populationOf(snapshot, from, to), { rate, seed, scorecard: card });
    const at = context.now().toISOString();
    const sampleId = `S-${DateTime.fromMillis(from, { zone: 'UTC' }).toFormat('yyyyMMdd')}-${randomUUID().slice(0, 8)}`;
    const event: QaEventOf<'qa.sample_drawn'> = {
      id: randomUUID(),
      actorId: actor.id,
      at,
      type: 'qa.sample_drawn',
      payload: { sampleId, from: body.from, to: body.to, rate, seed, population: sample.population, randomCount: sample.randomCount, items: sample.items },
    };
    await context.db.transaction((tx) => appendQaEvents(tx, [event]));
    return { sampleId, ...sample };
  });

  app.post('/v1/qa/evaluations', async (request): Promise<QaEvaluationResponse> => {
    const reviewer = await requirePermission(request, context, ['score_qa']);
    const body = parseRequest(QaEvaluationRequest, request.body, 'QA evaluation');
    const snapshot = await options.data.current();
    if (snapshot.qa.evaluations.some((evaluation) => evaluation.evaluationId === body.evaluationId)) {
      throw new HttpProblem(409, 'duplicate', `Evaluation ${body.evaluationId} is already recorded.`);
    }
    const record = snapshot.index.cases.byId.get(body.caseId);
    if (!record) throw new HttpProblem(404, 'not_found', `No case ${body.caseId}.`);
    const sampleItem = body.sampleId ? snapshot.qa.samples.find((sample) => sample.sampleId === body.sampleId)?.items.find((item) => item.caseId === body.caseId) : undefined;
    if (body.sampleId && !sampleItem) throw new HttpProblem(404, 'not_found', `Case ${body.caseId} is not in sample ${body.sampleId}.`);
    const calibration = body.calibrationId ? snapshot.qa.calibrations.find((session) => session.calibrationId === body.calibrationId) : undefined;
    if (body.calibrationId && (!calibration || calibration.caseId !== body.caseId)) throw new HttpProblem(404, 'not_found', `No calibration session ${body.calibrationId} for case ${body.caseId}.`);
    if (calibration && snapshot.qa.evaluations.some((evaluation) => evaluation.calibrationId === calibration.calibrationId && evaluation.reviewerId === reviewer.id)) {
      throw new HttpProblem(409, 'duplicate', 'You have already scored this calibration session.');
    }
    const agentId = sampleItem?.agentId ?? calibration?.agentId ?? record.lastResolution?.agentId ?? record.ownerId ?? record.createdBy;
    if (agentId === reviewer.id) throw new HttpProblem(403, 'forbidden', 'Nobody scores their own interaction: ask another reviewer.');
    const scored = scoreEvaluation(card, body.points);
    if (!scored.ok) throw new HttpProblem(400, 'invalid_request', `The scores are not valid: ${scored.reason}`);
    const at = context.now();
    const evaluation: QaEventOf<'qa.evaluation_submitted'> = {
      id: randomUUID(),
      actorId: reviewer.id,
      at: at.toISOString(),
      type: 'qa.evaluation_submitted',
      payload: {
        evaluationId: body.evaluationId,
        sampleId: body.sampleId,
        calibrationId: body.calibrationId,
        caseId: body.caseId,
        agentId,
        channel: record.channel,
        scorecardVersion: card.version,
        points: body.points,
        score: scored.value.score,
        comment: body.comment,
      },
    };
    const events: QaEvent[] = [evaluation];
    let correctiveAction: QaEvaluationResponse['correctiveAction'] = null;
    // Calibration scores measure the reviewers; only a real evaluation opens a plan for the agent.
    if (scored.value.needsCorrectiveAction && !body.calibrationId) {
      const ownerId = supervisorOf(snapshot, agentId) ?? reviewer.id;
      const dueDate = DateTime.fromJSDate(at, { zone: options.timeZone() }).plus({ days: card.correctiveActionDueDays }).toISODate() as string;
      const actionId = `CA-${body.evaluationId}`;
      events.push({
        id: randomUUID(),
        actorId: QA_SYSTEM_ACTOR,
        at: at.toISOString(),
        type: 'qa.corrective_action_opened',
        payload: { actionId, evaluationId: body.evaluationId, agentId, ownerId, dueDate, reason: `QA evaluation ${Math.round(scored.value.score * 1000) / 10} %, below ${card.correctiveActionBelow * 100} %` },
      });
      correctiveAction = { actionId, ownerId, dueDate };
    }
    await context.db.transaction((tx) => appendQaEvents(tx, events));
    return { evaluation: { ...evaluation.payload, reviewerId: reviewer.id, at: evaluation.at }, correctiveAction };
  });

  app.post('/v1/qa/corrective-actions/close', async (request) => {
    const actor = await requirePermission(request, context, ['score_qa', 'view_reports']);
    const body = parseRequest(QaCloseActionRequest, request.body, 'corrective action');
    const snapshot = await options.data.current();
    const action = snapshot.qa.correctiveActions.find((candidate) => candidate.actionId === body.actionId);
    if (!action) throw new HttpProblem(404, 'not_found', `No corrective action ${body.actionId}.`);
    if (action.closedAt !== null) throw new HttpProblem(409, 'already_closed', `Corrective action ${body.actionId} was closed on ${action.closedAt}.`);
    if (actor.id !== action.ownerId && actor.role !== 'qa_reviewer') throw new HttpProblem(403, 'forbidden', 'Only the plan’s owner or a QA reviewer closes it.');
    await context.db.transaction((tx) => appendQaEvents(tx, [{ id: randomUUID(), actorId: actor.id, at: context.now().toISOString(), type: 'qa.corrective_action_closed', payload: body }]));
    return { actionId: body.actionId, closed: true };
  });

  app.post('/v1/qa/calibrations', async (request) => {
    const actor = await requirePermission(request, context, ['score_qa']);
    const body = parseRequest(QaCalibrationRequest, request.body, 'calibration session');
    const snapshot = await options.data.current();
    const record = snapshot.index.cases.byId.get(body.caseId);
    if (!record) throw new HttpProblem(404, 'not_found', `No case ${body.caseId}.`);
    if (snapshot.qa.calibrations.some((session) => session.calibrationId === body.calibrationId)) throw new HttpProblem(409, 'duplicate', `Calibration ${body.calibrationId} already exists.`);
    const agentId = record.lastResolution?.agentId ?? record.ownerId ?? record.createdBy;
    await context.db.transaction((tx) =>
      appendQaEvents(tx, [{ id: randomUUID(), actorId: actor.id, at: context.now().toISOString(), type: 'qa.calibration_opened', payload: { ...body, agentId, channel: record.channel } }]),
    );
    return { calibrationId: body.calibrationId };
  });
}

/** Closed interactions of the period: cases resolved (or closed) in it, by whoever resolved them. */
function populationOf(snapshot: ReportSnapshot, from: number, to: number): QaInteraction[] {
  const population: QaInteraction[] = [];
  for (const record of snapshot.index.cases.cases) {
    const resolution = record.lastResolution;
    const closedAt = resolution?.at ?? record.finishedAt;
    if (closedAt === null || closedAt === undefined || closedAt < from || closedAt >= to || record.finishedAt === null) continue;
    if (RESTRICTED_TYPES.has(record.caseType)) continue;
    const agentId = resolution?.agentId ?? record.ownerId ?? record.createdBy;
    if (agentId.startsWith('system:')) continue;
    population.push({ caseId: record.caseId, agentId, caseType: record.caseType, severity: record.severity, channel: record.channel, closedAt: new Date(closedAt).toISOString(), escalated: record.escalations.length > 0 });
  }
  return population;
}

/** The supervisor of the agent's team (the plan's owner), if the team has one. */
function supervisorOf(snapshot: ReportSnapshot, agentId: string): string | null {
  const team = snapshot.directory.agents.get(agentId)?.teamId;
  return snapshot.agents.find((agent) => agent.role === 'supervisor' && agent.teamId === team)?.id ?? snapshot.agents.find((agent) => agent.role === 'supervisor')?.id ?? null;
}

export async function appendQaEvents(tx: Queryable, events: readonly QaEvent[]): Promise<void> {
  for (const event of events) {
    const parsed = QaEvent.parse(event);
    const subject = subjectOf(parsed);
    await tx.query(
      'INSERT INTO supervision_events (id, type, subject_id, actor_id, body, recorded_at) VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::timestamptz) ON CONFLICT (id) DO NOTHING',
      [parsed.id, parsed.type, subject, parsed.actorId, JSON.stringify(parsed.payload), parsed.at],
    );
  }
}

function subjectOf(event: QaEvent): string {
  switch (event.type) {
    case 'qa.sample_drawn':
      return event.payload.sampleId;
    case 'qa.evaluation_submitted':
      return event.payload.evaluationId;
    case 'qa.corrective_action_opened':
    case 'qa.corrective_action_closed':
      return event.payload.actionId;
    case 'qa.calibration_opened':
      return event.payload.calibrationId;
  }
}

function overview(snapshot: ReportSnapshot): QaOverviewResponse {
  const qa: QaState = snapshot.qa;
  const card = BUNDLED_QA_SCORECARD;
  const evaluationFor = (sampleId: string, caseId: string) => qa.evaluations.find((evaluation) => evaluation.sampleId === sampleId && evaluation.caseId === caseId);
  const handleSeconds = handleSecondsByCase(snapshot);
  const realScores = qa.evaluations.filter((evaluation) => evaluation.calibrationId === null);
  return {
    scorecard: card,
    samples: [...qa.samples].reverse().map((sample) => ({
      sampleId: sample.sampleId,
      from: sample.from,
      to: sample.to,
      rate: sample.rate,
      seed: sample.seed,
      population: sample.population,
      randomCount: sample.randomCount,
      drawnBy: sample.drawnBy,
      drawnAt: sample.drawnAt,
      items: sample.items.map((item) => {
        const evaluation = evaluationFor(sample.sampleId, item.caseId);
        const summary = snapshot.caseSummaries.get(item.caseId);
        return {
          ...item,
          evaluationId: evaluation?.evaluationId ?? null,
          score: evaluation?.score ?? null,
          summary: summary ? { caseId: item.caseId, subject: summary.subject, caseType: item.caseType, channel: item.channel, status: summary.status, resolution: summary.resolution, resolutionCode: summary.resolutionCode, handleSeconds: handleSeconds.get(item.caseId) ?? null } : null,
        };
      }),
    })),
    evaluations: [...qa.evaluations].reverse(),
    correctiveActions: [...qa.correctiveActions].reverse(),
    calibrations: [...qa.calibrations].reverse().map((session) => {
      const evaluations = qa.evaluations.filter((evaluation) => evaluation.calibrationId === session.calibrationId);
      return { ...session, evaluations, spread: calibrationSpread(evaluations, card.criteria) };
    }),
    averageScore: realScores.length > 0 ? realScores.reduce((sum, evaluation) => sum + evaluation.score, 0) / realScores.length : null,
  };
}

function handleSecondsByCase(snapshot: ReportSnapshot): Map<string, number> {
  const byContact = new Map<string, number>();
  for (const fact of snapshot.facts) if (fact.kind === 'contact.handled') byContact.set(fact.contactId, (byContact.get(fact.contactId) ?? 0) + fact.handleSeconds);
  const byCase = new Map<string, number>();
  for (const record of snapshot.index.cases.cases) {
    let total = 0;
    for (const contactId of record.contactIds) total += byContact.get(snapshot.index.cases.externalIdOfStream.get(contactId) ?? contactId) ?? 0;
    if (total > 0) byCase.set(record.caseId, total);
  }
  return byCase;
}

