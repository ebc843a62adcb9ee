import { CASE_EVENT_TYPES, type CaseEvent } from '../domain/caseEvent';
import { computeClocks } from '../sla/clocks';
import { parseInstant } from '../sla/businessTime';
import type { SlaConfig } from '../sla/policy';
import { caseMatches, type CaseIndex, type CaseRecord } from './cases';
import type { CompiledFilter, KpiDirectory, Period } from './kpiInput';

/**
 * SLA compliance for a period, decided by the SLA engine (src/shared/sla): every clock of every
 * case is recomputed from the case's events up to the end of the period. A clock counts in the
 * period in which it was decided: a met clock when it was met, a breached clock when it fell
 * due (so a clock breached in March and answered in April counts once, as a March breach).
 * Clocks still running and not yet due are not decided and not counted.
 * compliance = met ÷ (met + breached). Service clocks make the SLA compliance KPI; statutory
 * clocks (Reg E, Reg Z, regulatory complaint, DSR) are reported apart for compliance officers.
 */
export type ComplianceCount = { key: string; met: number; breached: number };

export type SlaComplianceResult = {
  service: ComplianceCount;
  statutory: ComplianceCount;
  byTier: ComplianceCount[];
  byChannel: ComplianceCount[];
  byCaseType: ComplianceCount[];
  byTeam: ComplianceCount[];
  byAgent: ComplianceCount[];
  byClock: ComplianceCount[];
  /** Statutory clocks by clock (e.g. statutory:reg_e_investigation). */
  statutoryByClock: ComplianceCount[];
};

export function complianceShare(count: ComplianceCount): number | null {
  const decided = count.met + count.breached;
  return decided > 0 ? count.met / decided : null;
}

export function slaCompliance(index: CaseIndex, period: Period, sla: SlaConfig, filter: CompiledFilter, directory: KpiDirectory): SlaComplianceResult {
  const service = { key: 'all', met: 0, breached: 0 };
  const statutory = { key: 'all', met: 0, breached: 0 };
  const groups = { tier: new Map<string, ComplianceCount>(), channel: new Map<string, ComplianceCount>(), caseType: new Map<string, ComplianceCount>(), team: new Map<string, ComplianceCount>(), agent: new Map<string, ComplianceCount>(), clock: new Map<string, ComplianceCount>(), statutoryClock: new Map<string, ComplianceCount>() };
  const count = (map: Map<string, ComplianceCount>, key: string, met: boolean) => {
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = { key, met: 0, breached: 0 }));
    if (met) entry.met += 1;
    else entry.breached += 1;
  };
  const cache = outcomeCacheFor(sla);
  for (const record of index.cases) {
    if (record.createdAt >= period.to) continue;
    // Finished before the period and never reopened: all its clocks were decided earlier.
    if (record.finishedAt !== null && record.finishedAt < period.from && record.lastAt < period.from) continue;
    if (!caseMatches(record, filter, directory, record.ownerId)) continue;
    const owner = record.ownerId;
    const team = owner ? (directory.agents.get(owner)?.teamId ?? owner) : (record.queueId ?? 'unassigned');
    for (const clock of clockOutcomes(index, record, period, sla, cache)) {
      if (clock.decidedAt < period.from || clock.decidedAt >= period.to) continue;
      const met = clock.met;
      if (clock.statutory) {
        if (met) statutory.met += 1;
        else statutory.breached += 1;
        count(groups.statutoryClock, clock.id, met);
        continue;
      }
      if (met) service.met += 1;
      else service.breached += 1;
      count(groups.tier, record.segment ?? 'standard', met);
      count(groups.channel, record.channel, met);
      count(groups.caseType, record.caseType, met);
      count(groups.team, team, met);
      count(groups.agent, owner ?? 'unassigned', met);
      count(groups.clock, clock.id, met);
    }
  }
  const sorted = (map: Map<string, ComplianceCount>) => [...map.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    service,
    statutory,
    byTier: sorted(groups.tier),
    byChannel: sorted(groups.channel),
    byCaseType: sorted(groups.caseType),
    byTeam: sorted(groups.team),
    byAgent: sorted(groups.agent),
    byClock: sorted(groups.clock),
    statutoryByClock: sorted(groups.statutoryClock),
  };
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);

/** A clock's outcome: decided (met or breached) at an instant, or undecided (decidedAt = +∞). */
type ClockOutcome = { id: string; statutory: boolean; met: boolean; decidedAt: number };

type CachedOutcomes = { eventCount: number; tier: string | null; outcomes: ClockOutcome[] };

/**
 * Outcomes of cases whose clocks have all stopped do not change with time, only with new events
 * or another configuration: they are kept per configuration object (a reload makes a new one)
 * and per case, checked against the number of events they came from (events only append) and
 * the customer's tier (a policy input). A
 * service answering many reports (months, filters) decides each finished case once.
 */
const outcomeCaches = new WeakMap<SlaConfig, Map<string, CachedOutcomes>>();

function outcomeCacheFor(sla: SlaConfig): Map<string, CachedOutcomes> {
  let cache = outcomeCaches.get(sla);
  if (!cache) outcomeCaches.set(sla, (cache = new Map()));
  return cache;
}

function clockOutcomes(index: CaseIndex, record: CaseRecord, period: Period, sla: SlaConfig, cache: Map<string, CachedOutcomes>): ClockOutcome[] {
  // All of its events fall before the end of the period: the outcome does not depend on the period.
  const whole = record.lastAt < period.to;
  if (whole) {
    const cached = cache.get(record.caseId);
    if (cached && cached.eventCount === record.eventCount && cached.tier === record.segment) return cached.outcomes;
  }
  // The events up to the end of the period, of types the reducer knows (a newer desktop's event is set aside, as everywhere else).
  let events = index.eventsOf(record);
  if (!whole || record.hasUnknownTypes) {
    const times = index.timesOf(record);
    events = events.filter((event, i) => KNOWN_TYPES.has(event.type) && (times[i] as number) < period.to);
  }
  const clocks = computeClocks({ events: events as unknown as CaseEvent[], customerTier: record.segment, policies: sla.policies, calendars: sla.calendars, now: period.to });
  let allStopped = true;
  const outcomes = clocks.map((clock): ClockOutcome => {
    if (clock.stoppedAt === null) allStopped = false;
    const statutory = clock.kind === 'statutory';
    if (clock.state === 'met') return { id: clock.id, statutory, met: true, decidedAt: parseInstant(clock.stoppedAt ?? clock.asOf) };
    if (clock.state === 'breached') return { id: clock.id, statutory, met: false, decidedAt: parseInstant(clock.dueAt) };
    return { id: clock.id, statutory, met: false, decidedAt: Number.POSITIVE_INFINITY };
  });
  if (whole && allStopped) cache.set(record.caseId, { eventCount: record.eventCount, tier: record.segment, outcomes });
  return outcomes;
}
