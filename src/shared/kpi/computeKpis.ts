import type { Calendar } from '../sla/calendar';
import type { SlaConfig } from '../sla/policy';
import type { TelephonyFact } from '../telephony/facts';
import { endOfBusinessDay } from './businessDay';
import { caseMatches, COMPLAINT_TYPES, indexCases, type CaseIndex, type CaseRecord } from './cases';
import { addContactFact, ahtOf, emptyQueueTotals, forEachContactFact, indexContacts, occupancyOf, type ContactIndex, type QueueTotals } from './contacts';
import { KPI_DEFINITIONS } from './definitions';
import { compileFilter, inPeriod, teamMatches, type CompiledFilter, type KpiCaseEvent, type KpiDirectory, type KpiFilter, type Period, type QaScore } from './kpiInput';
import { complianceShare, slaCompliance, type ComplianceCount, type SlaComplianceResult } from './slaCompliance';
import { KPI_IDS, rateKpi, type KpiId, type KpiTargetsFile, type KpiUnit, type Rating } from './targets';
import type { Channel } from '../domain/enums';
import { CASE_EVENT_TYPES } from '../domain/caseEvent';

const KNOWN_CASE_EVENT_TYPES: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);

export type KpiValue = {
  id: KpiId;
  label: string;
  unit: KpiUnit;
  value: number | null;
  /** The counts the value is a ratio of, so a reader can check it. */
  numerator: number;
  denominator: number;
  rating: Rating;
  definition: string;
  /** Filters set on the report that this KPI does not follow. */
  ignoredFilters: string[];
};

export type KpiReport = {
  period: { from: string; to: string };
  filter: KpiFilter;
  kpis: Record<KpiId, KpiValue>;
  /** AHT per channel (phone's is the aht_phone KPI). */
  ahtByChannel: { channel: Channel; contacts: number; seconds: number | null }[];
  queue: QueueTotals;
  sla: SlaComplianceResult | null;
  complaintsByStaff: { agentId: string; teamId: string; complaints: number }[];
  counts: { contactsOffered: number; walkInContacts: number; casesOpened: number; casesFirstResolved: number; csatAnswers: number; npsAnswers: number; qaEvaluations: number; escalations: number };
};

export type KpiInput = {
  period: Period;
  caseEvents: readonly KpiCaseEvent[];
  facts: readonly TelephonyFact[];
  qaScores: readonly QaScore[];
  directory: KpiDirectory;
  targets: KpiTargetsFile;
  /** Policies and calendars for SLA compliance; null leaves it out ("no data"). */
  sla: SlaConfig | null;
  /** The branches' business calendar (same-business-day share). */
  branchCalendar: Calendar | null;
  filter?: KpiFilter;
  /** Indexes built once and shared by several reports over the same events (see indexKpiEvents). */
  index?: KpiEventIndex;
};

export type KpiEventIndex = { contacts: ContactIndex; cases: CaseIndex };

/** Folds the events once; pass the result as `index` to compute many reports (periods, filters) cheaply. */
export function indexKpiEvents(caseEvents: readonly KpiCaseEvent[], facts: readonly TelephonyFact[], directory: KpiDirectory): KpiEventIndex {
  return { contacts: indexContacts(facts), cases: indexCases(caseEvents, directory, KNOWN_CASE_EVENT_TYPES) };
}

/** The whole KPI set for one period and filter (definitions in definitions.ts and the README). */
export function computeKpis(input: KpiInput): KpiReport {
  const { period, directory, targets } = input;
  const filter = compileFilter(input.filter);
  const index = input.index ?? indexKpiEvents(input.caseEvents, input.facts, directory);

  // Queue measures: one pass over the telephony facts.
  const queue = emptyQueueTotals();
  const byChannel = new Map<Channel, QueueTotals>();
  const rules = { answerSeconds: targets.serviceLevelAnswerSeconds, shortAbandonSeconds: targets.shortAbandonSeconds };
  forEachContactFact(index.contacts, filter, directory, (fact, at) => {
    if (at < period.from || at >= period.to) return;
    addContactFact(queue, fact, rules);
    if (fact.kind === 'contact.handled') {
      let channelTotals = byChannel.get(fact.channel);
      if (!channelTotals) byChannel.set(fact.channel, (channelTotals = emptyQueueTotals()));
      addContactFact(channelTotals, fact, rules);
    }
  });
  const phone = byChannel.get('phone') ?? emptyQueueTotals();
  const occupancy = occupancyOf(index.contacts, period, filter, directory);

  // Case measures: one pass over the cases.
  const c = { csat: 0, csatHigh: 0, csatSum: 0, nps: 0, promoters: 0, detractors: 0, resolved: 0, fcrBase: 0, fcrYes: 0, escalations: 0, walkInContacts: 0, opened: 0, branchRequests: 0, branchSameDay: 0 };
  for (const record of index.cases.cases) {
    if (inPeriod(record.createdAt, period) && caseMatches(record, filter, directory, record.firstOwnerId)) c.opened += 1;
    for (const survey of record.surveys) {
      if (!inPeriod(survey.at, period) || !caseMatches(record, filter, directory, survey.agentId)) continue;
      if (survey.survey === 'csat') {
        c.csat += 1;
        c.csatSum += survey.score;
        if (survey.score >= 4) c.csatHigh += 1;
      } else {
        c.nps += 1;
        if (survey.score >= 9) c.promoters += 1;
        else if (survey.score <= 6) c.detractors += 1;
      }
    }
    const first = record.firstResolution;
    if (first && inPeriod(first.at, period) && caseMatches(record, filter, directory, first.agentId)) {
      c.resolved += 1;
      if (record.firstContactResolution !== null) {
        c.fcrBase += 1;
        if (record.firstContactResolution) c.fcrYes += 1;
      }
    }
    for (const escalation of record.escalations) {
      if (inPeriod(escalation.at, period) && caseMatches(record, filter, directory, escalation.ownerId)) c.escalations += 1;
    }
    if (record.channel === 'walk_in' && caseMatches(record, filter, directory, record.firstOwnerId)) c.walkInContacts += countLinkedContactsIn(index.cases, record, period);
    if (input.branchCalendar && isBranchRequest(record, directory) && inPeriod(record.createdAt, period) && caseMatches(record, filter, directory, record.firstOwnerId)) {
      c.branchRequests += 1;
      if (record.firstResponseAt !== null && record.firstResponseAt <= endOfBusinessDay(record.createdAt, input.branchCalendar)) c.branchSameDay += 1;
    }
  }

  const qa = { count: 0, sum: 0 };
  for (const score of input.qaScores) {
    if (score.calibration) continue;
    const at = Date.parse(score.at);
    if (!inPeriod(at, period)) continue;
    if (filter.channels && (score.channel === null || !filter.channels.has(score.channel))) continue;
    if (!teamMatches(filter, directory, score.agentId, null)) continue;
    qa.count += 1;
    qa.sum += score.score;
  }

  const sla = input.sla ? slaCompliance(index.cases, period, input.sla, filter, directory) : null;
  const complaints = complaintsPerStaff(index.cases.cases, quarterOf(period.from), filter, directory);
  const contacts = queue.offered + c.walkInContacts;

  const ratio = (numerator: number, denominator: number) => ({ value: denominator > 0 ? numerator / denominator : null, numerator, denominator });
  const raw: Record<KpiId, { value: number | null; numerator: number; denominator: number }> = {
    csat_share: ratio(c.csatHigh, c.csat),
    csat_mean: ratio(c.csatSum, c.csat),
    nps: { value: c.nps > 0 ? ((c.promoters - c.detractors) / c.nps) * 100 : null, numerator: c.promoters - c.detractors, denominator: c.nps },
    fcr: ratio(c.fcrYes, c.fcrBase),
    aht_phone: ratio(phone.handleSum, phone.handled),
    asa: ratio(queue.answerWaitSum, queue.answered),
    service_level_80_20: ratio(queue.answeredWithinTarget, queue.answered + queue.abandoned - queue.shortAbandoned),
    service_level_95_20: ratio(queue.answeredWithinTarget, queue.answered + queue.abandoned - queue.shortAbandoned),
    abandonment: ratio(queue.abandoned, queue.answered + queue.abandoned),
    escalations_per_1000: { value: contacts > 0 ? (c.escalations * 1000) / contacts : null, numerator: c.escalations, denominator: contacts },
    occupancy: ratio(occupancy.handleSeconds, occupancy.readySeconds),
    qa_average: ratio(qa.sum, qa.count),
    sla_compliance: sla ? { value: complianceShare(sla.service), numerator: sla.service.met, denominator: sla.service.met + sla.service.breached } : { value: null, numerator: 0, denominator: 0 },
    same_business_day_share: ratio(c.branchSameDay, c.branchRequests),
    complaints_per_staff_quarter: ratio(complaints.total, complaints.staff),
  };
  const setFilters = activeFilters(input.filter);
  const kpis = Object.fromEntries(
    KPI_IDS.map((id) => {
      const definition = KPI_DEFINITIONS[id];
      const { value, numerator, denominator } = raw[id];
      const kpi: KpiValue = {
        id,
        label: definition.label,
        unit: definition.unit,
        value,
        numerator,
        denominator,
        rating: rateKpi(value, targets.targets[id], definition.unit),
        definition: definition.definition,
        ignoredFilters: setFilters.filter((name) => !definition.filters.includes(name)),
      };
      return [id, kpi];
    }),
  ) as Record<KpiId, KpiValue>;

  return {
    period: { from: new Date(period.from).toISOString(), to: new Date(period.to).toISOString() },
    filter: input.filter ?? {},
    kpis,
    ahtByChannel: [...byChannel].map(([channel, totals]) => ({ channel, contacts: totals.handled, seconds: ahtOf(totals) })).sort((a, b) => b.contacts - a.contacts),
    queue,
    sla,
    complaintsByStaff: complaints.byStaff,
    counts: {
      contactsOffered: queue.offered,
      walkInContacts: c.walkInContacts,
      casesOpened: c.opened,
      casesFirstResolved: c.resolved,
      csatAnswers: c.csat,
      npsAnswers: c.nps,
      qaEvaluations: qa.count,
      escalations: c.escalations,
    },
  };
}

function activeFilters(filter: KpiFilter | undefined): ('team' | 'channel' | 'queue' | 'segment')[] {
  const out: ('team' | 'channel' | 'queue' | 'segment')[] = [];
  if (filter?.teams?.length) out.push('team');
  if (filter?.channels?.length) out.push('channel');
  if (filter?.queues?.length) out.push('queue');
  if (filter?.segments?.length) out.push('segment');
  return out;
}

function countLinkedContactsIn(cases: CaseIndex, record: CaseRecord, period: Period): number {
  if (record.fold.contacts === 0) return 0;
  const times = cases.timesOf(record);
  let count = 0;
  cases.eventsOf(record).forEach((event, i) => {
    if (event.type === 'contact.linked' && inPeriod(times[i] as number, period)) count += 1;
  });
  return count;
}

const BRANCH_ROLE = 'branch_staff';

function isBranchRequest(record: CaseRecord, directory: KpiDirectory): boolean {
  return record.channel === 'walk_in' || directory.agents.get(record.createdBy)?.role === BRANCH_ROLE;
}

/** The calendar quarter (UTC) containing an instant. */
export function quarterOf(ms: number): Period {
  const date = new Date(ms);
  const firstMonth = Math.floor(date.getUTCMonth() / 3) * 3;
  return { from: Date.UTC(date.getUTCFullYear(), firstMonth, 1), to: Date.UTC(date.getUTCFullYear(), firstMonth + 3, 1) };
}

/** Staff: agents who take contacts (not supervisors, compliance, QA or administrators). */
const FRONT_LINE_ROLES: ReadonlySet<string> = new Set(['tier1_agent', 'specialist', 'branch_staff']);

function complaintsPerStaff(cases: readonly CaseRecord[], quarter: Period, filter: CompiledFilter, directory: KpiDirectory) {
  const byStaff = new Map<string, { agentId: string; teamId: string; complaints: number }>();
  for (const agent of directory.agents.values()) {
    if (!FRONT_LINE_ROLES.has(agent.role)) continue;
    if (filter.teams && !filter.teams.has(agent.teamId)) continue;
    byStaff.set(agent.id, { agentId: agent.id, teamId: agent.teamId, complaints: 0 });
  }
  let total = 0;
  for (const record of cases) {
    if (!COMPLAINT_TYPES.has(record.caseType) || !inPeriod(record.createdAt, quarter)) continue;
    const staff = byStaff.get(record.firstOwnerId ?? record.createdBy);
    if (!staff) continue;
    staff.complaints += 1;
    total += 1;
  }
  return { total, staff: byStaff.size, byStaff: [...byStaff.values()].sort((a, b) => b.complaints - a.complaints || (a.agentId < b.agentId ? -1 : 1)) };
}

export type { ComplianceCount };
