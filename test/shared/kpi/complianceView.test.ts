import { describe, expect, it } from 'vitest';
import { indexKpiEvents } from '../../../src/shared/kpi/computeKpis';
import { complianceView, regulationOf } from '../../../src/shared/kpi/complianceView';
import { periodOf } from '../../../src/shared/kpi/kpiInput';
import { defaultConfig } from '../sla/slaFixtures';
import { caseBuilder, directory } from './kpiFixtures';

const NOW = Date.parse('2026-03-31T16:00:00.000Z');
const MARCH = periodOf('2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z');

describe('complianceView', () => {
  const cases = [
    // Regulatory complaint received 25 calendar days ago: 25/30 of its final-response clock gone (≥ 75 %): at risk.
    caseBuilder('AC-CMP0-0001', { at: '2026-03-06T16:00:00.000Z', caseType: 'regulatory_complaint' }),
    // Received 35 days ago and still open: past the 30 days, breached; escalated to level 3 in March and level 4 in February.
    caseBuilder('AC-CMP0-0002', { at: '2026-02-24T16:00:00.000Z', caseType: 'regulatory_complaint' }).escalated('2026-02-26T16:00:00.000Z', 4, 'SUP').escalated('2026-03-10T16:00:00.000Z', 3, 'S1'),
    // Received 5 days ago: 5/30, nothing at risk yet.
    caseBuilder('AC-CMP0-0003', { at: '2026-03-26T16:00:00.000Z', caseType: 'regulatory_complaint' }),
    // Resolved in time: no longer followed.
    caseBuilder('AC-CMP0-0004', { at: '2026-03-02T16:00:00.000Z', caseType: 'regulatory_complaint' }).resolved('2026-03-05T16:00:00.000Z', 'A1'),
    // An old general inquiry answers to no regulation; an escalation to level 2 is not listed.
    caseBuilder('AC-CMP0-0005', { at: '2026-02-01T16:00:00.000Z', caseType: 'general_inquiry' }).escalated('2026-03-12T16:00:00.000Z', 2),
    // An AML investigation opened 60 days ago, long past its 30-business-day target.
    caseBuilder('AC-CMP0-0006', { at: '2026-01-30T16:00:00.000Z', caseType: 'aml_investigation' }),
  ];
  const index = indexKpiEvents(cases.flatMap((c) => c.events), [], directory());
  const view = (maySee: (caseType: string) => boolean) => complianceView({ cases: index.cases, period: MARCH, now: NOW, sla: defaultConfig(), directory: directory(), maySee });
  const statutory = (rows: ReturnType<typeof view>['clocks']) => rows.filter((row) => row.clockId === 'statutory:regulatory_final_response').map((row) => [row.caseId, row.state]);

  it('lists the statutory deadlines at risk or breached on open cases, breached first', () => {
    const result = view(() => true);
    expect(statutory(result.clocks)).toEqual([
      ['AC-CMP0-0002', 'breached'],
      ['AC-CMP0-0001', 'at_risk'],
    ]);
    // The 5-day-old complaint's statutory clock is not at risk (its unanswered first response is, and is listed as such).
    expect(result.clocks.filter((row) => row.caseId === 'AC-CMP0-0003').map((row) => row.clockId)).not.toContain('statutory:regulatory_final_response');
    expect(result.clocks.some((row) => row.caseId === 'AC-CMP0-0004' || row.caseId === 'AC-CMP0-0005')).toBe(false);
    expect(result.clocks.filter((row) => row.caseId === 'AC-CMP0-0006').map((row) => [row.regulation, row.state])).toContainEqual(['AML', 'breached']);
    const regulatory = result.byRegulation.find((row) => row.regulation === 'Regulatory complaint');
    expect(regulatory?.breached).toBeGreaterThanOrEqual(1);
    expect(regulatory?.atRisk).toBeGreaterThanOrEqual(1);
  });

  it('lists escalations to level 3–4 in the period only', () => {
    expect(view(() => true).escalations.map((row) => [row.caseId, row.level])).toEqual([['AC-CMP0-0002', 3]]);
  });

  it('leaves restricted work out for a user who may not see it', () => {
    const result = view((caseType) => caseType !== 'aml_investigation');
    expect(result.clocks.some((row) => row.caseId === 'AC-CMP0-0006')).toBe(false);
    expect(result.byRegulation.find((row) => row.regulation === 'AML')).toEqual({ regulation: 'AML', atRisk: 0, breached: 0 });
  });

  it('names the regulation of a clock', () => {
    expect(regulationOf('statutory:reg_e_investigation', 'card_dispute')).toBe('Reg E');
    expect(regulationOf('statutory:reg_z_resolution', 'billing_dispute')).toBe('Reg Z');
    expect(regulationOf('resolution', 'aml_investigation')).toBe('AML');
    expect(regulationOf('first_response', 'complaint')).toBe('Complaint');
    expect(regulationOf('first_response', 'general_inquiry')).toBeNull();
  });
});
