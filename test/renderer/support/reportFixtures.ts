import { KPI_DEFINITIONS } from '../../../src/shared/kpi/definitions';
import { KPI_IDS, type KpiId } from '../../../src/shared/kpi/targets';
import type { IpcRequest, IpcResponse } from '../../../src/shared/ipc/contract';
import { BUNDLED_QA_SCORECARD } from '../../../src/shared/qa/bundledScorecard';
import { scoreEvaluation } from '../../../src/shared/qa/scorecard';
import { BUNDLED_STAFFING_SETTINGS } from '../../../src/shared/staffing/staffingSettings';
import type { QaOverviewResponse } from '../../../src/shared/reports/protocol';
import type { ReportsFake } from './reportsFake';

type Rating = { status: 'green' | 'amber' | 'red' | 'no_data' | 'no_target'; words: string; targetText: string };
const WORDS = { green: 'On target', amber: 'Close to target', red: 'Off target', no_data: 'No data', no_target: 'No target set' } as const;

/** A hand-built answer: service level 85 % (green) for everyone, 70 % (red) for team T1-EAST; every other KPI without data. */
export function kpiAnswer(request: IpcRequest<'reports.kpis'>): IpcResponse<'reports.kpis'> {
  const east = request.teams?.includes('T1-EAST') ?? false;
  const kpi = (id: KpiId) => {
    const definition = KPI_DEFINITIONS[id];
    const sl = id === 'service_level_80_20';
    const value = sl ? (east ? 0.7 : 0.85) : null;
    const status: Rating['status'] = sl ? (east ? 'red' : 'green') : 'no_data';
    return { id, label: definition.label, unit: definition.unit, value, numerator: sl ? (east ? 70 : 85) : 0, denominator: sl ? 100 : 0, rating: { status, words: WORDS[status], targetText: sl ? '≥ 80 %' : '' }, definition: definition.definition, ignoredFilters: [] };
  };
  return {
    report: {
      period: { from: request.from, to: request.to },
      filter: { ...(request.teams ? { teams: request.teams } : {}) },
      kpis: Object.fromEntries(KPI_IDS.map((id) => [id, kpi(id)])) as unknown as IpcResponse<'reports.kpis'>['report']['kpis'],
      ahtByChannel: [],
      queue: { offered: 100, answered: 95, answeredWithinTarget: 85, abandoned: 5, shortAbandoned: 1, answerWaitSum: 1900, handled: 95, handleSum: 40_000 },
      sla: { service: { key: 'service', met: 9, breached: 1 }, statutory: { key: 'statutory', met: 3, breached: 0 }, byTier: [{ key: 'vip', met: 2, breached: 1 }], byChannel: [], byCaseType: [], byTeam: [], byAgent: [], byClock: [], statutoryByClock: [] },
      complaintsByStaff: [],
      counts: { contactsOffered: 100, walkInContacts: 0, casesOpened: 10, casesFirstResolved: 7, csatAnswers: 0, npsAnswers: 0, qaEvaluations: 0, escalations: 1 },
    },
    options: {
      teams: [
        { id: 'T1-EAST', name: 'Tier 1 East' },
        { id: 'T1-WEST', name: 'Tier 1 West' },
      ],
      queues: [{ id: 'T1-EAST', name: 'Tier 1 East' }],
      channels: ['phone', 'chat'],
      segments: ['standard', 'vip'],
      agents: [],
      timeZone: 'America/New_York',
      asOf: '2025-03-03T13:59:00.000Z',
    },
  };
}

export function intradayAnswer(request: IpcRequest<'reports.intraday'>): IpcResponse<'reports.intraday'> {
  const point = (label: string, from: string, offered: number) => ({ from, to: from, label, offered, answered: offered - 1, abandoned: 1, handled: offered - 1, serviceLevel: 0.8, asaSeconds: 20, abandonment: offered > 0 ? 1 / offered : null, ahtSeconds: 400 });
  return { date: request.date, timeZone: 'America/New_York', points: [point('08:00', '2025-03-03T13:00:00.000Z', 12), point('08:30', '2025-03-03T13:30:00.000Z', 20), point('09:00', '2025-03-03T14:00:00.000Z', 0)] };
}

export function trendAnswer(request: IpcRequest<'reports.trend'>): IpcResponse<'reports.trend'> {
  const labels = request.bucket === 'month' ? ['2025-01', '2025-02', '2025-03'] : ['2025-02-24', '2025-03-03'];
  return {
    bucket: request.bucket,
    points: labels.map((label, index) => ({
      label,
      from: '2025-02-24T05:00:00.000Z',
      to: '2025-03-03T05:00:00.000Z',
      kpis: Object.fromEntries(KPI_IDS.map((id) => [id, id === 'service_level_80_20' ? { value: 0.78 + index * 0.04, rating: { status: index === 0 ? 'amber' : 'green', words: index === 0 ? 'Close to target' : 'On target', targetText: '≥ 80 %' } } : { value: null, rating: { status: 'no_data', words: 'No data', targetText: '' } }])) as IpcResponse<'reports.trend'>['points'][number]['kpis'],
    })),
  };
}

export function staffingAnswer(request: IpcRequest<'reports.staffing'>): IpcResponse<'reports.staffing'> {
  const interval = (localTime: string, start: string, forecastCalls: number, c: number, a: number, onShift: number) => ({
    start,
    end: start,
    localTime,
    forecastCalls,
    actualOffered: null,
    ahtSeconds: 420,
    erlangC: { agents: c - 1, scheduled: c, serviceLevel: 0.82, asaSeconds: 14, occupancy: 0.78 },
    erlangA: { agents: a - 1, scheduled: a, serviceLevel: 0.86, asaSeconds: 10, probabilityOfAbandon: 0.03 },
    onShift,
    ready: null,
  });
  return {
    date: request.date,
    timeZone: 'America/New_York',
    settings: { ...BUNDLED_STAFFING_SETTINGS, shrinkage: 0.3, patienceSeconds: 120 },
    intervals: [interval('08:00', '2025-03-03T13:00:00.000Z', 30, 9, 8, 10), interval('08:30', '2025-03-03T13:30:00.000Z', 45, 12, 11, 10)],
    totals: { forecastCalls: 75, actualOffered: null, erlangCAgentHours: 10.5, erlangAAgentHours: 9.5, onShiftAgentHours: 10, readyAgentHours: null },
    week: { weekStart: '2025-03-03', erlangCFte: 7.2, erlangCScheduledFte: 10.3, erlangAFte: 6.5, erlangAScheduledFte: 9.3 },
  };
}

export function driversAnswer(request: IpcRequest<'reports.drivers'>): IpcResponse<'reports.drivers'> {
  const driver = (key: string, label: string, cases: number, previousCases: number, handleSeconds: number | null) => ({ key, caseType: 'card_dispute' as const, resolutionCode: null, label, cases, previousCases, change: previousCases ? (cases - previousCases) / previousCases : null, trend: previousCases === 0 ? ('new' as const) : cases > previousCases ? ('up' as const) : ('down' as const), contacts: cases * 2, handledContacts: handleSeconds === null ? 0 : cases, handleSeconds, share: cases / 100 });
  const month = { from: `${request.month}-01T05:00:00.000Z`, to: `${request.month}-28T05:00:00.000Z` };
  return {
    month,
    comparison: { basis: 'full_months', month, previous: { from: `${request.month}-01T05:00:00.000Z`, to: `${request.month}-01T05:00:00.000Z` }, label: `${request.month} against all of the month before` },
    totalCases: 100,
    totalHandleSeconds: 45_000,
    casesWithoutHandleTime: 5,
    drivers: [driver('card_dispute', 'Card dispute', 40, 30, 36_000), driver('fees', 'Fee query, "=SUM(A1)"', 20, 0, 9_000), driver('walk_in', 'Walk-in complaint', 5, 5, null)],
    tags: [{ tag: 'chargeback', cases: 12, previousCases: 10, change: 0.2, trend: 'up', handledContacts: 12, handleSeconds: 5_000 }],
  };
}

/** A QA overview with one sample of two interactions, built and scored with the shared scorecard. */
export function qaOverview(evaluated: { caseId: string; points: Record<string, number> }[] = []): QaOverviewResponse {
  const card = BUNDLED_QA_SCORECARD;
  const evaluations = evaluated.map((entry, index) => {
    const scored = scoreEvaluation(card, entry.points);
    if (!scored.ok) throw new Error(scored.reason);
    return { evaluationId: `E-${index}`, sampleId: 'S-20250303-abc', calibrationId: null, caseId: entry.caseId, agentId: 'agent-dana', reviewerId: 'agent-sam', channel: 'phone' as const, points: entry.points, score: scored.value.score, comment: '', at: '2025-03-03T13:00:00.000Z' };
  });
  const item = (caseId: string, reason: 'random' | 'escalation') => {
    const evaluation = evaluations.find((candidate) => candidate.caseId === caseId);
    return { caseId, agentId: 'agent-dana', caseType: 'card_dispute' as const, severity: 'S3' as const, channel: 'phone' as const, closedAt: '2025-03-01T15:00:00.000Z', escalated: reason === 'escalation', reason, evaluationId: evaluation?.evaluationId ?? null, score: evaluation?.score ?? null, summary: null };
  };
  return {
    scorecard: card,
    samples: [{ sampleId: 'S-20250303-abc', from: '2025-02-24T05:00:00.000Z', to: '2025-03-03T05:00:00.000Z', rate: 0.05, seed: 4242, population: 40, randomCount: 1, drawnBy: 'agent-sam', drawnAt: '2025-03-03T12:00:00.000Z', items: [item('CASE-100', 'random'), item('CASE-101', 'escalation')] }],
    evaluations,
    correctiveActions: [],
    calibrations: [
      {
        calibrationId: 'CAL-1',
        caseId: 'CASE-100',
        agentId: 'agent-dana',
        title: 'March calibration',
        openedBy: 'agent-sam',
        openedAt: '2025-03-03T12:30:00.000Z',
        // Two other reviewers scored it, every criterion 1 and 4: the spread below.
        evaluations: [1, 4].map((points, index) => ({ evaluationId: `E-CAL-${index}`, sampleId: null, calibrationId: 'CAL-1', caseId: 'CASE-100', agentId: 'agent-dana', reviewerId: `reviewer-${index}`, channel: 'phone' as const, points: Object.fromEntries(card.criteria.map((criterion) => [criterion.id, points])), score: points / card.scale.max, comment: '', at: '2025-03-03T13:00:00.000Z' })),
        spread: { perCriterion: card.criteria.map((criterion) => ({ id: criterion.id, label: criterion.label, reviewers: 2, min: 1, max: 4, range: 3, mean: 2.5, standardDeviation: 1.5 })), overall: null },
      },
    ],
    averageScore: evaluations.length ? evaluations.reduce((sum, evaluation) => sum + evaluation.score, 0) / evaluations.length : null,
  };
}

/** Every report channel answered from the fixtures above. */
export function answerAllReports(reports: ReportsFake): void {
  reports.answer('reports.kpis', kpiAnswer);
  reports.answer('reports.intraday', intradayAnswer);
  reports.answer('reports.trend', trendAnswer);
  reports.answer('reports.staffing', staffingAnswer);
  reports.answer('reports.drivers', driversAnswer);
  reports.answer('qa.overview', () => qaOverview());
  reports.answer('reports.compliance', complianceAnswer);
  reports.answer('qa.review', qaReviewAnswer);
}

/**
 * The compliance view: a Reg E clock breached on Dana's case (team T1-EAST) and a Reg Z clock at
 * risk on Sam's; with a team filter only that team's owners' clocks. One escalation to level 4.
 */
export function complianceAnswer(request: IpcRequest<'reports.compliance'>): IpcResponse<'reports.compliance'> {
  const clocks = [
    { caseId: 'CASE-200', caseType: 'card_dispute' as const, regulation: 'Reg E' as const, clockId: 'reg_e_provisional_credit', label: 'Reg E provisional credit', state: 'breached' as const, dueAt: '2025-03-03T12:00:00.000Z', msUntilDue: -7_200_000, ownerId: 'agent-dana', team: 'T1-EAST' },
    { caseId: 'CASE-201', caseType: 'billing_dispute' as const, regulation: 'Reg Z' as const, clockId: 'reg_z_acknowledgement', label: 'Reg Z acknowledgement', state: 'at_risk' as const, dueAt: '2025-03-04T14:00:00.000Z', msUntilDue: 86_400_000, ownerId: 'agent-sam', team: 'T1-WEST' },
  ].filter((clock) => !request.teams || request.teams.includes(clock.team));
  const count = (regulation: string, state: 'at_risk' | 'breached') => clocks.filter((clock) => clock.regulation === regulation && clock.state === state).length;
  return {
    asOf: '2025-03-03T14:00:00.000Z',
    clocks: clocks.map(({ team: _team, ...clock }) => clock),
    byRegulation: [...new Set(clocks.map((clock) => clock.regulation))].map((regulation) => ({ regulation, atRisk: count(regulation, 'at_risk'), breached: count(regulation, 'breached') })),
    escalations: [{ caseId: 'CASE-200', caseType: 'card_dispute', level: 4, at: '2025-03-03T12:05:00.000Z', automatic: true, fromOwnerId: 'agent-dana' }],
  };
}

/** A QA reviewer's view: two sampled interactions to evaluate, one plan overdue, one calibration session to score. */
export function qaReviewAnswer(): IpcResponse<'qa.review'> {
  const item = (caseId: string, reason: 'random' | 'escalation') => ({ caseId, agentId: 'agent-dana', caseType: 'card_dispute' as const, severity: 'S3' as const, channel: 'phone' as const, closedAt: '2025-03-01T15:00:00.000Z', escalated: reason === 'escalation', reason, sampleId: 'S-20250303-abc', drawnAt: '2025-03-03T12:00:00.000Z' });
  return {
    queue: [item('CASE-300', 'escalation'), item('CASE-301', 'random')],
    evaluated: 3,
    sampled: 5,
    byCriterion: BUNDLED_QA_SCORECARD.criteria.map((criterion) => ({ id: criterion.id, label: criterion.label, weight: criterion.weight, evaluations: 3, meanPoints: 3, meanShare: 0.75, belowThreshold: 1 })),
    evaluationsInPeriod: 3,
    actionsDue: [{ actionId: 'CA-E-7', evaluationId: 'E-7', agentId: 'agent-dana', ownerId: 'agent-sam', dueDate: '2025-03-01', reason: 'QA evaluation 50 %, below 80 %', openedAt: '2025-02-01T10:00:00.000Z', closedAt: null, closedBy: null, note: null, status: 'overdue', daysLeft: -2 }],
    calibrationsToScore: [{ calibrationId: 'CAL-2', caseId: 'CASE-100', title: 'April calibration', openedAt: '2025-03-03T12:30:00.000Z', reviewers: 1 }],
  };
}
