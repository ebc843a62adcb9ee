import { CASE_EVENT_TYPES, type CaseEvent } from '../domain/caseEvent';
import type { CaseType } from '../domain/enums';
import { computeClocks } from '../sla/clocks';
import type { SlaConfig } from '../sla/policy';
import { caseMatches, COMPLAINT_TYPES, type CaseIndex } from './cases';
import { compileFilter, inPeriod, type KpiDirectory, type KpiFilter, type Period } from './kpiInput';

/**
 * A compliance officer's own view, from the case events and the SLA engine (src/shared/sla):
 * - regulatory clocks at risk or breached now: every statutory clock (Reg E, Reg Z, regulatory
 *   complaint, data subject request) and every clock of AML investigations and complaints, still
 *   running on an open case, in its warning band ("at risk") or past due ("breached");
 * - escalations to level 3 (specialist) or 4 (compliance / executive) in the period;
 * - complaints per staff member and the branches' same-business-day share come from the KPI set
 *   (computeKpis) and are shown beside these.
 * Restricted case types (AML) are left out unless `maySee` allows them: the service asks the
 * roles configuration for the signed-in user.
 */
export type Regulation = 'Reg E' | 'Reg Z' | 'AML' | 'Regulatory complaint' | 'Data subject request' | 'Complaint';

export type RegulatoryClockRow = {
  caseId: string;
  caseType: CaseType;
  regulation: Regulation;
  clockId: string;
  label: string;
  state: 'at_risk' | 'breached';
  dueAt: string;
  /** Wall-clock ms to the due instant; negative once past. */
  msUntilDue: number;
  ownerId: string | null;
};

export type EscalationRow = { caseId: string; caseType: CaseType; level: number; at: string; automatic: boolean; fromOwnerId: string | null };

export type ComplianceView = {
  asOf: string;
  clocks: RegulatoryClockRow[];
  /** Per regulation: how many clocks are at risk and breached now. */
  byRegulation: { regulation: Regulation; atRisk: number; breached: number }[];
  escalations: EscalationRow[];
};

const KNOWN_TYPES: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);
const REGULATIONS: readonly Regulation[] = ['Reg E', 'Reg Z', 'AML', 'Regulatory complaint', 'Data subject request', 'Complaint'];

/** Which regulation a clock answers to, or null for a clock the compliance view does not follow. */
export function regulationOf(clockId: string, caseType: CaseType): Regulation | null {
  if (clockId.startsWith('statutory:reg_e')) return 'Reg E';
  if (clockId.startsWith('statutory:reg_z')) return 'Reg Z';
  if (clockId === 'statutory:regulatory_final_response') return 'Regulatory complaint';
  if (clockId === 'statutory:data_subject_response') return 'Data subject request';
  if (caseType === 'aml_investigation') return 'AML';
  if (caseType === 'regulatory_complaint') return 'Regulatory complaint';
  if (COMPLAINT_TYPES.has(caseType)) return 'Complaint';
  return null;
}

export function complianceView(input: {
  cases: CaseIndex;
  period: Period;
  now: number;
  sla: SlaConfig;
  directory: KpiDirectory;
  filter?: KpiFilter;
  maySee: (caseType: CaseType) => boolean;
}): ComplianceView {
  const filter = compileFilter(input.filter);
  const clocks: RegulatoryClockRow[] = [];
  const escalations: EscalationRow[] = [];
  for (const record of input.cases.cases) {
    if (!input.maySee(record.caseType) || !caseMatches(record, filter, input.directory, record.ownerId)) continue;
    for (const escalation of record.escalations) {
      if (escalation.level >= 3 && inPeriod(escalation.at, input.period)) {
        escalations.push({ caseId: record.caseId, caseType: record.caseType, level: escalation.level, at: new Date(escalation.at).toISOString(), automatic: escalation.automatic, fromOwnerId: escalation.ownerId });
      }
    }
    if (record.finishedAt !== null || record.createdAt > input.now) continue;
    const events = input.cases.eventsOf(record).filter((event) => KNOWN_TYPES.has(event.type)) as unknown as CaseEvent[];
    for (const clock of computeClocks({ events, customerTier: record.segment, policies: input.sla.policies, calendars: input.sla.calendars, now: input.now })) {
      if (clock.stoppedAt !== null || (clock.state !== 'warning' && clock.state !== 'breached')) continue;
      const regulation = regulationOf(clock.id, record.caseType);
      if (!regulation) continue;
      clocks.push({ caseId: record.caseId, caseType: record.caseType, regulation, clockId: clock.id, label: clock.label, state: clock.state === 'breached' ? 'breached' : 'at_risk', dueAt: clock.dueAt, msUntilDue: clock.msUntilDue, ownerId: record.ownerId });
    }
  }
  // Breached first, then the nearest deadline.
  clocks.sort((a, b) => Number(b.state === 'breached') - Number(a.state === 'breached') || a.msUntilDue - b.msUntilDue || (a.caseId < b.caseId ? -1 : 1));
  escalations.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const byRegulation = REGULATIONS.map((regulation) => ({
    regulation,
    atRisk: clocks.filter((clock) => clock.regulation === regulation && clock.state === 'at_risk').length,
    breached: clocks.filter((clock) => clock.regulation === regulation && clock.state === 'breached').length,
  }));
  return { asOf: new Date(input.now).toISOString(), clocks, byRegulation, escalations };
}
