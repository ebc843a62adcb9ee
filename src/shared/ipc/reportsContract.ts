import { z } from 'zod';
import {
  ComplianceQuery,
  ComplianceResponse,
  DriversQuery,
  DriversResponse,
  IntradayQuery,
  IntradayResponse,
  KpiQuery,
  KpiResponse,
  QaCalibrationRequest,
  QaCloseActionRequest,
  QaEvaluationRequest,
  QaEvaluationResponse,
  QaOverviewResponse,
  QaReviewQuery,
  QaReviewResponse,
  QaSampleRequest,
  StaffingQuery,
  StaffingResponse,
  TrendQuery,
  TrendResponse,
} from '../reports/protocol';

/**
 * Supervision's part of the renderer ↔ main contract (spread into contract.ts): the report and
 * QA routes of the case service (src/shared/reports/protocol.ts), asked by main with the
 * signed-in session's token. The renderer sends the same queries the routes take; main refuses a
 * role without the permission before it reaches the network (the service refuses it too).
 */

/** The IPC side sends arrays, not the comma lists a URL carries: same fields, stricter shape. */
const Filter = {
  teams: z.array(z.string().min(1).max(64)).max(50).optional(),
  channels: z.array(z.string().min(1).max(32)).max(50).optional(),
  queues: z.array(z.string().min(1).max(64)).max(50).optional(),
  segments: z.array(z.string().min(1).max(32)).max(50).optional(),
};

/** Each request must also pass the route's own schema, so a bad value is refused here with the service's words. */
const routed = <S extends z.ZodRawShape>(shape: S, route: z.ZodType) =>
  z
    .object(shape)
    .strict()
    .superRefine((value, context) => {
      const parsed = route.safeParse(value);
      if (!parsed.success) for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    });

const LocalDate = z.string().max(10);

export const reportChannels = {
  'reports.kpis': { request: routed({ from: z.string().max(40), to: z.string().max(40), ...Filter }, KpiQuery), response: KpiResponse },
  'reports.intraday': { request: routed({ date: LocalDate, ...Filter }, IntradayQuery), response: IntradayResponse },
  'reports.trend': { request: routed({ from: LocalDate, to: LocalDate, bucket: z.enum(['day', 'week', 'month']), ...Filter }, TrendQuery), response: TrendResponse },
  'reports.drivers': { request: routed({ month: z.string().max(7), ...Filter }, DriversQuery), response: DriversResponse },
  'reports.staffing': { request: routed({ date: LocalDate, channels: Filter.channels, queues: Filter.queues }, StaffingQuery), response: StaffingResponse },
  'reports.compliance': { request: routed({ from: z.string().max(40), to: z.string().max(40), ...Filter }, ComplianceQuery), response: ComplianceResponse },
  'qa.overview': { request: z.object({}).strict(), response: QaOverviewResponse },
  'qa.review': { request: routed({ from: z.string().max(40), to: z.string().max(40) }, QaReviewQuery), response: QaReviewResponse },
  'qa.drawSample': {
    request: QaSampleRequest.strict(),
    response: z.object({ sampleId: z.string(), rate: z.number(), seed: z.number(), population: z.number(), randomCount: z.number(), items: z.array(z.object({ caseId: z.string() }).loose()) }),
  },
  'qa.submitEvaluation': { request: QaEvaluationRequest.strict(), response: QaEvaluationResponse },
  'qa.closeAction': { request: QaCloseActionRequest.strict(), response: z.object({ actionId: z.string(), closed: z.literal(true) }) },
  'qa.openCalibration': { request: QaCalibrationRequest.strict(), response: z.object({ calibrationId: z.string() }) },
} as const;

export type ReportChannel = keyof typeof reportChannels;
