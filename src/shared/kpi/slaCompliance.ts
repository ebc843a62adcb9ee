import type { CaseEvent } from '../domain/caseEvent';
import { computeClocks } from '../sla/clocks';
import { parseInstant } from '../sla/businessTime';
import type { SlaConfig } from '../sla/policy';
import { caseMatches, type CaseRecord } from './cases';
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

export function slaCompliance(cases: readonly CaseRecord[], period: Period, sla: SlaConfig, filter: CompiledFilter, directory: KpiDirectory): SlaComplianceResult {
  const service = { key: 'all', met: 0, breached: 0 };
  const statutory = { key: 'all', met: 0, breached: 0 };
  const groups = { tier: new Map<string, ComplianceCount>(), channel: new Map<string, ComplianceCount>(), caseType: new Map<string, ComplianceCount>(), team: new Map<string, ComplianceCount>(), agent: new Map<string, ComplianceCount>(), clock: new Map<string, ComplianceCount>(), statutoryClock: new Map<string, ComplianceCount>() };
  const count = (map: Map<string, ComplianceCount>, key: string, met: boolean) => {
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = { key, met: 0, breached: 0 }));
    if (met) entry.met += 1;
    else entry.breached += 1;
  };
  for (const record of cases) {
    if (record.createdAt >= period.to) continue;
    // Finished before the period and never reopened: all its clocks were decided earlier.
    if (record.finishedAt !== null && record.finishedAt < period.from && lastEventAt(record) < period.from) continue;
    if (!caseMatches(record, filter, directory, record.ownerId)) continue;
    const events = record.events.filter((event) => parseInstant(event.at) < period.to) as unknown as CaseEvent[];
    const clocks = computeClocks({ events, customerTier: record.segment, policies: sla.policies, calendars: sla.calendars, now: period.to });
    const owner = record.ownerId;
    const team = owner ? (directory.agents.get(owner)?.teamId ?? owner) : (record.queueId ?? 'unassigned');
    for (const clock of clocks) {
      let met: boolean;
      let decidedAt: number;
      if (clock.state === 'met') {
        met = true;
        decidedAt = parseInstant(clock.stoppedAt ?? clock.asOf);
      } else if (clock.state === 'breached') {
        met = false;
        decidedAt = parseInstant(clock.dueAt);
      } else continue;
      if (decidedAt < period.from || decidedAt >= period.to) continue;
      if (clock.kind === 'statutory') {
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

function lastEventAt(record: CaseRecord): number {
  const last = record.events[record.events.length - 1];
  return last ? parseInstant(last.at) : record.createdAt;
}
