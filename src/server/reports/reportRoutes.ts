import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { Agent } from '../../shared/domain/agent';
import { Channel, CustomerTier } from '../../shared/domain/enums';
import { computeKpis, type KpiReport } from '../../shared/kpi/computeKpis';
import { BUNDLED_KPI_TARGETS } from '../../shared/kpi/bundledTargets';
import { driverPeriods, topContactDrivers } from '../../shared/kpi/drivers';
import type { KpiFilter, Period } from '../../shared/kpi/kpiInput';
import { bucketsOf, queueSeries } from '../../shared/kpi/series';
import { KPI_IDS } from '../../shared/kpi/targets';
import { permissionLabel, type Permission } from '../../shared/policy/permissions';
import { BUNDLED_QUEUES } from '../../shared/policy/queuesConfig';
import { BUNDLED_ROLES, hasPermission, isEntitled } from '../../shared/policy/rolesConfig';
import { complianceView } from '../../shared/kpi/complianceView';
import type { CaseType } from '../../shared/domain/enums';
import { qaScoresOf } from '../../shared/qa/qaLog';
import {
  ComplianceQuery,
  DriversQuery,
  IntradayQuery,
  KpiQuery,
  StaffingQuery,
  TrendQuery,
  type ComplianceResponse,
  type DriversResponse,
  type IntradayResponse,
  type KpiResponse,
  type ReportFilter,
  type ReportOptions,
  type StaffingResponse,
  type TrendResponse,
} from '../../shared/reports/protocol';
import { parseShiftFile, isOnShift, type ShiftSchedule } from '../../shared/shifts/shiftSchedule';
import type { Calendar } from '../../shared/sla/calendar';
import type { SlaConfig } from '../../shared/sla/policy';
import { planStaffingDay } from '../../shared/staffing/staffingDay';
import { BUNDLED_STAFFING_SETTINGS } from '../../shared/staffing/staffingSettings';
import { authenticate } from '../http/authenticate';
import { HttpProblem, parseRequest } from '../http/problems';
import type { RouteContext } from '../routes/context';
import { DEFAULT_RESOURCES_DIR } from '../sla/loadSlaConfigFromDir';
import type { ReportData, ReportSnapshot } from './reportData';

/** Every report route, for the fuzz suite and the permission tests. */
export const REPORT_ROUTES = [
  { method: 'GET', url: '/v1/reports/kpis', permission: 'view_reports' },
  { method: 'GET', url: '/v1/reports/intraday', permission: 'view_reports' },
  { method: 'GET', url: '/v1/reports/trend', permission: 'view_reports' },
  { method: 'GET', url: '/v1/reports/drivers', permission: 'view_reports' },
  { method: 'GET', url: '/v1/reports/staffing', permission: 'view_reports' },
  { method: 'GET', url: '/v1/reports/compliance', permission: 'view_reports' },
] as const;

/** Answers 403 unless the signed-in user's role has the permission (resources/roles.json). */
export async function requirePermission(request: FastifyRequest, context: RouteContext, permissions: readonly Permission[]): Promise<Agent> {
  const session = await authenticate(request, context.db, context.now());
  if (!permissions.some((permission) => hasPermission(session.agent.role, permission))) {
    throw new HttpProblem(403, 'forbidden', `Your role cannot ${permissions.map((permission) => permissionLabel[permission]).join(' or ')}.`, 'Reports are for supervisors, compliance officers and QA reviewers (resources/roles.json).');
  }
  return session.agent;
}

export type ReportRouteOptions = { data: ReportData; slaConfig: () => SlaConfig | null; shifts?: () => ShiftSchedule | null };

export function registerReportRoutes(app: FastifyInstance, context: RouteContext, options: ReportRouteOptions): void {
  const settings = BUNDLED_STAFFING_SETTINGS;
  const calendarOf = (): Calendar => {
    const calendar = options.slaConfig()?.calendars.get(settings.calendar);
    if (!calendar) throw new HttpProblem(503, 'configuration_unavailable', `The business calendar "${settings.calendar}" (resources/staffing.json) is not loaded.`, 'Check the service log for configuration errors.');
    return calendar;
  };
  const shifts = options.shifts ?? defaultShifts(options.slaConfig);

  app.get('/v1/reports/kpis', async (request): Promise<KpiResponse> => {
    await requirePermission(request, context, ['view_reports']);
    const query = parseRequest(KpiQuery, request.query, 'KPI report query');
    const snapshot = await options.data.current();
    const report = kpisFor(snapshot, { from: Date.parse(query.from), to: Date.parse(query.to) }, filterOf(query), options.slaConfig(), calendarOf());
    return { report, options: optionsOf(snapshot, calendarOf()) };
  });

  app.get('/v1/reports/intraday', async (request): Promise<IntradayResponse> => {
    await requirePermission(request, context, ['view_reports']);
    const query = parseRequest(IntradayQuery, request.query, 'intraday report query');
    const calendar = calendarOf();
    const snapshot = await options.data.current();
    const day = localDay(query.date, calendar.timeZone);
    const buckets = bucketsOf(day, { minutes: settings.intervalMinutes }, calendar.timeZone);
    return { date: query.date, timeZone: calendar.timeZone, points: queueSeries(snapshot.index.contacts, buckets, { filter: filterOf(query), directory: snapshot.directory, targets: BUNDLED_KPI_TARGETS }) };
  });

  app.get('/v1/reports/trend', async (request): Promise<TrendResponse> => {
    await requirePermission(request, context, ['view_reports']);
    const query = parseRequest(TrendQuery, request.query, 'trend report query');
    const calendar = calendarOf();
    const from = localDay(query.from, calendar.timeZone).from;
    const to = localDay(query.to, calendar.timeZone).to;
    if (to <= from) throw new HttpProblem(400, 'invalid_request', 'The trend must end on or after the day it starts.');
    const buckets = bucketsOf({ from, to }, query.bucket, calendar.timeZone);
    if (buckets.length > 62) throw new HttpProblem(400, 'invalid_request', `A trend has at most 62 ${query.bucket}s; this one has ${buckets.length}.`, 'Choose a shorter period or a longer bucket.');
    const snapshot = await options.data.current();
    const filter = filterOf(query);
    // SLA compliance is decided per month; daily and weekly points show the contact KPIs.
    const sla = query.bucket === 'month' ? options.slaConfig() : null;
    const points = buckets.map((bucket) => {
      const report = kpisFor(snapshot, { from: bucket.from, to: bucket.to }, filter, sla, calendar);
      const kpis = Object.fromEntries(KPI_IDS.map((id) => [id, { value: report.kpis[id].value, rating: report.kpis[id].rating }]));
      return { label: bucket.label, from: new Date(bucket.from).toISOString(), to: new Date(bucket.to).toISOString(), kpis: kpis as TrendResponse['points'][number]['kpis'] };
    });
    return { bucket: query.bucket, points };
  });

  app.get('/v1/reports/drivers', async (request): Promise<DriversResponse> => {
    await requirePermission(request, context, ['view_reports']);
    const query = parseRequest(DriversQuery, request.query, 'contact drivers query');
    const calendar = calendarOf();
    const periods = driverPeriods(query.month, context.now().getTime(), calendar.timeZone);
    const snapshot = await options.data.current();
    return topContactDrivers({ ...snapshot.index, ...periods, timeZone: calendar.timeZone, directory: snapshot.directory, filter: filterOf(query), limit: 10 });
  });

  app.get('/v1/reports/compliance', async (request): Promise<ComplianceResponse> => {
    const actor = await requirePermission(request, context, ['view_reports']);
    const query = parseRequest(ComplianceQuery, request.query, 'compliance view query');
    const sla = options.slaConfig();
    if (!sla) throw new HttpProblem(503, 'configuration_unavailable', 'The SLA policies are not loaded.', 'Check the service log for configuration errors.');
    const snapshot = await options.data.current();
    // Restricted work (AML investigations) only for those resources/roles.json lets see it.
    const maySee = (caseType: CaseType) => {
      const entitlement = BUNDLED_ROLES.restricted.caseTypes[caseType];
      return !entitlement || isEntitled(entitlement, actor);
    };
    return complianceView({ cases: snapshot.index.cases, period: { from: Date.parse(query.from), to: Date.parse(query.to) }, now: context.now().getTime(), sla, directory: snapshot.directory, filter: filterOf(query), maySee });
  });

  app.get('/v1/reports/staffing', async (request): Promise<StaffingResponse> => {
    await requirePermission(request, context, ['view_reports']);
    const query = parseRequest(StaffingQuery, request.query, 'staffing query');
    const calendar = calendarOf();
    const snapshot = await options.data.current();
    const phoneAgents = snapshot.agents.filter((agent) => agent.role === 'tier1_agent' || agent.role === 'specialist');
    const queueTeams = query.queues?.length ? new Set(query.queues.flatMap((queue) => BUNDLED_QUEUES.queues.find((candidate) => candidate.id === queue)?.teams ?? [queue])) : null;
    const staff = queueTeams ? phoneAgents.filter((agent) => queueTeams.has(agent.teamId)) : phoneAgents;
    const schedule = shifts();
    const states = snapshot.index.contacts.agentStates;
    return planStaffingDay({
      date: query.date,
      calendar,
      settings,
      contacts: snapshot.index.contacts,
      directory: snapshot.directory,
      targets: BUNDLED_KPI_TARGETS,
      filter: { channels: query.channels, queues: query.queues },
      onShiftAt: (ms) => (schedule ? staff.filter((agent) => isOnShift(schedule, agent, ms)).length : 0),
      readyAt: (ms) => staff.filter((agent) => latestState(states.get(agent.id), ms) === 'ready').length,
      now: context.now().getTime(),
    });
  });
}

function kpisFor(snapshot: ReportSnapshot, period: Period, filter: KpiFilter, sla: SlaConfig | null, branchCalendar: Calendar | null): KpiReport {
  return computeKpis({
    period,
    caseEvents: snapshot.caseEvents,
    facts: snapshot.facts,
    qaScores: qaScoresOf(snapshot.qa),
    directory: snapshot.directory,
    targets: BUNDLED_KPI_TARGETS,
    sla,
    branchCalendar: sla?.calendars.get('business-weekdays') ?? branchCalendar,
    filter,
    index: snapshot.index,
  });
}

function filterOf(query: ReportFilter): KpiFilter {
  return { teams: query.teams, channels: query.channels, queues: query.queues, segments: query.segments };
}

/** A local calendar day [00:00, next 00:00) in the zone. */
export function localDay(date: string, timeZone: string): Period {
  const start = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  if (!start.isValid) throw new HttpProblem(400, 'invalid_request', `"${date}" is not a date.`);
  return { from: start.toMillis(), to: start.plus({ days: 1 }).toMillis() };
}

function latestState(states: readonly { at: number; state: string }[] | undefined, ms: number): string | null {
  if (!states) return null;
  let latest: string | null = null;
  for (const state of states) {
    if (state.at > ms) break;
    latest = state.state;
  }
  return latest;
}

function optionsOf(snapshot: ReportSnapshot, calendar: Calendar): ReportOptions {
  const teamIds = [...new Set(snapshot.agents.filter((agent) => agent.role !== 'administrator').map((agent) => agent.teamId))].sort();
  const queueName = new Map(BUNDLED_QUEUES.queues.map((queue) => [queue.id, queue.name]));
  return {
    teams: teamIds.map((id) => ({ id, name: queueName.get(id) ?? id })),
    queues: BUNDLED_QUEUES.queues.map((queue) => ({ id: queue.id, name: queue.name })),
    channels: Channel.options,
    segments: CustomerTier.options,
    agents: snapshot.agents.map((agent) => ({ id: agent.id, name: agent.displayName, teamId: agent.teamId })),
    timeZone: calendar.timeZone,
    asOf: snapshot.loadedAt.toISOString(),
  };
}

/** resources/shifts.json, read once against the SLA calendars in force. */
function defaultShifts(slaConfig: () => SlaConfig | null): () => ShiftSchedule | null {
  let cached: { config: SlaConfig; schedule: ShiftSchedule | null } | null = null;
  return () => {
    const config = slaConfig();
    if (!config) return null;
    if (cached?.config === config) return cached.schedule;
    let schedule: ShiftSchedule | null = null;
    try {
      const file = path.join(DEFAULT_RESOURCES_DIR, 'shifts.json');
      const parsed = parseShiftFile('resources/shifts.json', JSON.parse(readFileSync(file, 'utf8')), config.calendars);
      schedule = parsed.ok ? parsed.value : null;
    } catch {
      schedule = null;
    }
    cached = { config, schedule };
    return schedule;
  };
}
