import { z } from 'zod';
import { CaseType, Channel, CustomerTier, Severity } from '../domain/enums';
import { IsoInstant } from '../domain/customer';
import { KPI_IDS } from '../kpi/targets';
import type { KpiReport } from '../kpi/computeKpis';
import type { QueueSeriesPoint } from '../kpi/series';
import type { DriverReport } from '../kpi/drivers';
import type { ComplianceView } from '../kpi/complianceView';
import type { ReviewerView } from '../qa/reviewerView';
import type { StaffingDay } from '../staffing/staffingDay';
import { StaffingSettings } from '../staffing/staffingSettings';
import { QaScorecard } from '../qa/scorecard';

/**
 * The report and QA routes of the case service (src/server/reports), shared with the desktop's
 * main process and its IPC contract (src/shared/ipc/reportsContract.ts). Every route needs a
 * signed-in user whose role has `view_reports` (reports) or `score_qa` (QA changes).
 */

const List = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (typeof value === 'string' ? (value === '' ? [] : value.split(',')) : value), z.array(item).max(50)).optional();

export const ReportFilter = z.object({
  teams: List(z.string().min(1).max(64)),
  channels: List(Channel),
  queues: List(z.string().min(1).max(64)),
  segments: List(CustomerTier),
});
export type ReportFilter = z.infer<typeof ReportFilter>;

const Period = z.object({ from: IsoInstant, to: IsoInstant }).refine((period) => Date.parse(period.to) > Date.parse(period.from), { message: 'the period must end after it starts', path: ['to'] });

export const KpiQuery = z.intersection(Period, ReportFilter);
export type KpiQuery = z.infer<typeof KpiQuery>;

const LocalDate = z.iso.date('expected a local date "YYYY-MM-DD"');
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month "YYYY-MM"');

export const IntradayQuery = z.intersection(z.object({ date: LocalDate }), ReportFilter);
export type IntradayQuery = z.infer<typeof IntradayQuery>;

export const TrendQuery = z.intersection(z.object({ from: LocalDate, to: LocalDate, bucket: z.enum(['day', 'week', 'month']) }), ReportFilter);
export type TrendQuery = z.infer<typeof TrendQuery>;

export const DriversQuery = z.intersection(z.object({ month: Month }), ReportFilter);
export type DriversQuery = z.infer<typeof DriversQuery>;

/** The compliance officer's view: escalations in the period, clocks at risk now; the filters as for the KPIs. */
export const ComplianceQuery = KpiQuery;
export type ComplianceQuery = z.infer<typeof ComplianceQuery>;

/** The QA reviewer's view: scores by criterion over the period. */
export const QaReviewQuery = Period;
export type QaReviewQuery = z.infer<typeof QaReviewQuery>;

export const StaffingQuery = z.object({ date: LocalDate, channels: List(Channel), queues: List(z.string().min(1).max(64)) });
export type StaffingQuery = z.infer<typeof StaffingQuery>;

const Nullable = z.number().nullable();
const Rating = z.object({ status: z.enum(['green', 'amber', 'red', 'no_data', 'no_target']), words: z.string(), targetText: z.string() });
const KpiValue = z.object({
  id: z.enum(KPI_IDS),
  label: z.string(),
  unit: z.enum(['share', 'seconds', 'score5', 'nps', 'per1000', 'count']),
  value: Nullable,
  numerator: z.number(),
  denominator: z.number(),
  rating: Rating,
  definition: z.string(),
  ignoredFilters: z.array(z.string()),
});
const QueueTotals = z.object({ offered: z.number(), answered: z.number(), answeredWithinTarget: z.number(), abandoned: z.number(), shortAbandoned: z.number(), answerWaitSum: z.number(), handled: z.number(), handleSum: z.number() });
const ComplianceCount = z.object({ key: z.string(), met: z.number(), breached: z.number() });
const SlaCompliance = z.object({
  service: ComplianceCount,
  statutory: ComplianceCount,
  byTier: z.array(ComplianceCount),
  byChannel: z.array(ComplianceCount),
  byCaseType: z.array(ComplianceCount),
  byTeam: z.array(ComplianceCount),
  byAgent: z.array(ComplianceCount),
  byClock: z.array(ComplianceCount),
  statutoryByClock: z.array(ComplianceCount),
});

export const KpiReportSchema = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  filter: z.object({ teams: z.array(z.string()).readonly().optional(), channels: z.array(Channel).readonly().optional(), queues: z.array(z.string()).readonly().optional(), segments: z.array(CustomerTier).readonly().optional() }),
  kpis: z.record(z.enum(KPI_IDS), KpiValue),
  ahtByChannel: z.array(z.object({ channel: Channel, contacts: z.number(), seconds: Nullable })),
  queue: QueueTotals,
  sla: SlaCompliance.nullable(),
  complaintsByStaff: z.array(z.object({ agentId: z.string(), teamId: z.string(), complaints: z.number() })),
  counts: z.object({ contactsOffered: z.number(), walkInContacts: z.number(), casesOpened: z.number(), casesFirstResolved: z.number(), csatAnswers: z.number(), npsAnswers: z.number(), qaEvaluations: z.number(), escalations: z.number() }),
});

/** What the report screens can filter by: the teams, queues, channels and segments that exist. */
export const ReportOptions = z.object({
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  queues: z.array(z.object({ id: z.string(), name: z.string() })),
  channels: z.array(Channel),
  segments: z.array(CustomerTier),
  agents: z.array(z.object({ id: z.string(), name: z.string(), teamId: z.string() })),
  timeZone: z.string(),
  /** When the data the reports read was last refreshed. */
  asOf: z.string(),
});
export type ReportOptions = z.infer<typeof ReportOptions>;

export const KpiResponse = z.object({ report: KpiReportSchema, options: ReportOptions });
export type KpiResponse = z.infer<typeof KpiResponse>;

const SeriesPoint = z.object({
  from: z.string(),
  to: z.string(),
  label: z.string(),
  offered: z.number(),
  answered: z.number(),
  abandoned: z.number(),
  handled: z.number(),
  serviceLevel: Nullable,
  asaSeconds: Nullable,
  abandonment: Nullable,
  ahtSeconds: Nullable,
});
export const IntradayResponse = z.object({ date: z.string(), timeZone: z.string(), points: z.array(SeriesPoint) });
export type IntradayResponse = z.infer<typeof IntradayResponse>;

/** One bucket of the weekly or monthly trend: the headline KPIs. */
const TrendPoint = z.object({ label: z.string(), from: z.string(), to: z.string(), kpis: z.record(z.enum(KPI_IDS), z.object({ value: Nullable, rating: Rating })) });
export const TrendResponse = z.object({ bucket: z.enum(['day', 'week', 'month']), points: z.array(TrendPoint) });
export type TrendResponse = z.infer<typeof TrendResponse>;

const DriverTrend = z.enum(['new', 'up', 'down', 'flat']);
const Span = z.object({ from: z.string(), to: z.string() });
export const DriversResponse = z.object({
  month: Span,
  comparison: z.object({ basis: z.enum(['same_elapsed_days', 'full_months']), month: Span, previous: Span, label: z.string() }),
  totalCases: z.number(),
  totalHandleSeconds: z.number(),
  casesWithoutHandleTime: z.number(),
  drivers: z.array(
    z.object({
      key: z.string(),
      caseType: CaseType,
      resolutionCode: z.string().nullable(),
      label: z.string(),
      cases: z.number(),
      previousCases: z.number(),
      change: Nullable,
      trend: DriverTrend,
      contacts: z.number(),
      handledContacts: z.number(),
      handleSeconds: Nullable,
      share: z.number(),
    }),
  ),
  tags: z.array(z.object({ tag: z.string(), cases: z.number(), previousCases: z.number(), change: Nullable, trend: DriverTrend, handledContacts: z.number(), handleSeconds: Nullable })),
});
export type DriversResponse = z.infer<typeof DriversResponse>;

export const StaffingResponse = z.object({
  date: z.string(),
  timeZone: z.string(),
  settings: StaffingSettings,
  intervals: z.array(
    z.object({
      start: z.string(),
      end: z.string(),
      localTime: z.string(),
      forecastCalls: z.number(),
      actualOffered: Nullable,
      ahtSeconds: z.number(),
      erlangC: z.object({ agents: z.number(), scheduled: z.number(), serviceLevel: z.number(), asaSeconds: z.number(), occupancy: z.number() }),
      erlangA: z.object({ agents: z.number(), scheduled: z.number(), serviceLevel: z.number(), asaSeconds: z.number(), probabilityOfAbandon: z.number() }),
      onShift: z.number(),
      ready: Nullable,
    }),
  ),
  totals: z.object({ forecastCalls: z.number(), actualOffered: Nullable, erlangCAgentHours: z.number(), erlangAAgentHours: z.number(), onShiftAgentHours: z.number(), readyAgentHours: Nullable }),
  week: z.object({ weekStart: z.string(), erlangCFte: z.number(), erlangCScheduledFte: z.number(), erlangAFte: z.number(), erlangAScheduledFte: z.number() }),
});
export type StaffingResponse = z.infer<typeof StaffingResponse>;

const Regulation = z.enum(['Reg E', 'Reg Z', 'AML', 'Regulatory complaint', 'Data subject request', 'Complaint']);
export const ComplianceResponse = z.object({
  asOf: z.string(),
  clocks: z.array(z.object({ caseId: z.string(), caseType: CaseType, regulation: Regulation, clockId: z.string(), label: z.string(), state: z.enum(['at_risk', 'breached']), dueAt: z.string(), msUntilDue: z.number(), ownerId: z.string().nullable() })),
  byRegulation: z.array(z.object({ regulation: Regulation, atRisk: z.number(), breached: z.number() })),
  escalations: z.array(z.object({ caseId: z.string(), caseType: CaseType, level: z.number(), at: z.string(), automatic: z.boolean(), fromOwnerId: z.string().nullable() })),
});
export type ComplianceResponse = z.infer<typeof ComplianceResponse>;

// ---- QA ----

const QaSampleItem = z.object({ caseId: z.string(), agentId: z.string(), caseType: CaseType, severity: Severity, channel: Channel, closedAt: z.string(), escalated: z.boolean(), reason: z.enum(['escalation', 'critical', 'random']) });

export const QaSampleRequest = z.object({ from: IsoInstant, to: IsoInstant, rate: z.number().min(0).max(1).optional(), seed: z.number().int().min(0).max(0xffff_ffff).optional() });
export type QaSampleRequest = z.infer<typeof QaSampleRequest>;

export const QaEvaluationRequest = z.object({
  evaluationId: z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/),
  caseId: z.string().min(1).max(64),
  sampleId: z.string().min(1).max(80).nullable().default(null),
  calibrationId: z.string().min(1).max(80).nullable().default(null),
  points: z.record(z.string().min(1).max(40), z.number().int().min(0).max(10)),
  comment: z.string().max(2000).default(''),
});
export type QaEvaluationRequest = z.input<typeof QaEvaluationRequest>;

export const QaCloseActionRequest = z.object({ actionId: z.string().min(1).max(80), note: z.string().trim().min(1, 'say what was done').max(2000) });
export type QaCloseActionRequest = z.infer<typeof QaCloseActionRequest>;

export const QaCalibrationRequest = z.object({ calibrationId: z.string().regex(/^[A-Za-z0-9._:-]{1,80}$/), caseId: z.string().min(1).max(64), title: z.string().trim().min(1).max(200) });
export type QaCalibrationRequest = z.infer<typeof QaCalibrationRequest>;

/** A sampled interaction as a reviewer sees it: enough of the case to score it. */
const QaCaseSummary = z.object({ caseId: z.string(), subject: z.string(), caseType: CaseType, channel: Channel, status: z.string(), resolution: z.string().nullable(), resolutionCode: z.string().nullable(), handleSeconds: z.number().nullable() });

const QaEvaluationView = z.object({
  evaluationId: z.string(),
  sampleId: z.string().nullable(),
  calibrationId: z.string().nullable(),
  caseId: z.string(),
  agentId: z.string(),
  reviewerId: z.string(),
  channel: Channel.nullable(),
  points: z.record(z.string(), z.number()),
  score: z.number(),
  comment: z.string(),
  at: z.string(),
});

const Spread = z.object({ reviewers: z.number(), min: z.number(), max: z.number(), range: z.number(), mean: z.number(), standardDeviation: z.number() });

export const QaOverviewResponse = z.object({
  scorecard: QaScorecard,
  samples: z.array(
    z.object({
      sampleId: z.string(),
      from: z.string(),
      to: z.string(),
      rate: z.number(),
      seed: z.number(),
      population: z.number(),
      randomCount: z.number(),
      drawnBy: z.string(),
      drawnAt: z.string(),
      items: z.array(QaSampleItem.extend({ evaluationId: z.string().nullable(), score: Nullable, summary: QaCaseSummary.nullable() })),
    }),
  ),
  evaluations: z.array(QaEvaluationView),
  correctiveActions: z.array(
    z.object({ actionId: z.string(), evaluationId: z.string(), agentId: z.string(), ownerId: z.string(), dueDate: z.string(), reason: z.string(), openedAt: z.string(), closedAt: z.string().nullable(), closedBy: z.string().nullable(), note: z.string().nullable() }),
  ),
  calibrations: z.array(
    z.object({
      calibrationId: z.string(),
      caseId: z.string(),
      agentId: z.string(),
      title: z.string(),
      openedBy: z.string(),
      openedAt: z.string(),
      evaluations: z.array(QaEvaluationView),
      spread: z.object({ perCriterion: z.array(Spread.extend({ id: z.string(), label: z.string() })), overall: Spread.nullable() }),
    }),
  ),
  averageScore: Nullable,
});
export type QaOverviewResponse = z.infer<typeof QaOverviewResponse>;

export const QaReviewResponse = z.object({
  queue: z.array(QaSampleItem.extend({ sampleId: z.string(), drawnAt: z.string() })),
  evaluated: z.number(),
  sampled: z.number(),
  byCriterion: z.array(z.object({ id: z.string(), label: z.string(), weight: z.number(), evaluations: z.number(), meanPoints: Nullable, meanShare: Nullable, belowThreshold: z.number() })),
  evaluationsInPeriod: z.number(),
  actionsDue: z.array(
    z.object({ actionId: z.string(), evaluationId: z.string(), agentId: z.string(), ownerId: z.string(), dueDate: z.string(), reason: z.string(), openedAt: z.string(), closedAt: z.string().nullable(), closedBy: z.string().nullable(), note: z.string().nullable(), status: z.enum(['overdue', 'due_soon', 'on_track']), daysLeft: z.number() }),
  ),
  calibrationsToScore: z.array(z.object({ calibrationId: z.string(), caseId: z.string(), title: z.string(), openedAt: z.string(), reviewers: z.number() })),
});
export type QaReviewResponse = z.infer<typeof QaReviewResponse>;

export const QaEvaluationResponse = z.object({
  evaluation: QaEvaluationView,
  correctiveAction: z.object({ actionId: z.string(), ownerId: z.string(), dueDate: z.string() }).nullable(),
});
export type QaEvaluationResponse = z.infer<typeof QaEvaluationResponse>;

// The responses are built from the pure functions' results: keep the schemas and types in step.
type Assignable<T, U extends T> = U;
export type _KpiReportMatches = Assignable<z.infer<typeof KpiReportSchema>, KpiReport>;
export type _SeriesMatches = Assignable<z.infer<typeof SeriesPoint>, QueueSeriesPoint>;
export type _DriversMatches = Assignable<DriversResponse, DriverReport>;
export type _StaffingMatches = Assignable<StaffingResponse, StaffingDay>;
export type _ComplianceMatches = Assignable<ComplianceResponse, ComplianceView>;
export type _ReviewMatches = Assignable<QaReviewResponse, ReviewerView>;
