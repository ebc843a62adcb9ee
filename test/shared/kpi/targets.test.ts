import { describe, expect, it } from 'vitest';
import { formatConfigIssue } from '../../../src/shared/sla/configIssue';
import { bandText, formatKpiValue, parseKpiTargetsFile, rateKpi } from '../../../src/shared/kpi/targets';
import { bundledTargets } from './kpiFixtures';

describe('kpi-targets.json', () => {
  it('ships the REQUIREMENTS.md numbers', () => {
    const { targets, serviceLevelAnswerSeconds } = bundledTargets();
    expect(serviceLevelAnswerSeconds).toBe(20);
    expect(targets.csat_share?.green).toEqual({ min: 0.9 });
    expect(targets.nps?.green).toEqual({ min: 40 });
    expect(targets.asa?.green).toEqual({ max: 45 });
    expect(targets.occupancy?.green).toEqual({ min: 0.7, max: 0.85 });
    expect(targets.qa_average?.green).toEqual({ min: 0.85 });
    expect(targets.same_business_day_share?.green).toEqual({ min: 1 });
  });

  it('rejects a file with the file, the field and what was expected', () => {
    const json = structuredClone(bundledTargets()) as unknown as { targets: Record<string, unknown> };
    json.targets.asa = { green: { max: 45 }, amber: { max: 30 }, source: 'x' };
    delete json.targets.nps;
    const result = parseKpiTargetsFile('resources/kpi-targets.json', json);
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.errors.map(formatConfigIssue);
    expect(lines).toContain('resources/kpi-targets.json: targets.asa: the amber band must contain the green band (amber.min ≤ green.min, amber.max ≥ green.max)');
    expect(lines.some((line) => line.startsWith('resources/kpi-targets.json: targets.nps: missing'))).toBe(true);
  });
});

describe('ratings in words', () => {
  const target = { green: { min: 0.7, max: 0.85 }, amber: { min: 0.65, max: 0.9 }, source: 'test' };
  it('says on, close to or off target, never colour alone', () => {
    expect(rateKpi(0.8, target, 'share')).toEqual({ status: 'green', words: 'On target', targetText: '70–85 %' });
    expect(rateKpi(0.88, target, 'share').words).toBe('Close to target');
    expect(rateKpi(0.5, target, 'share').words).toBe('Off target');
    expect(rateKpi(null, target, 'share').words).toBe('No data');
    expect(rateKpi(3, null, 'count').words).toBe('No target set');
  });

  it('formats values and bands for people', () => {
    expect(formatKpiValue(0.912, 'share')).toBe('91.2 %');
    expect(formatKpiValue(372, 'seconds')).toBe('6 min 12 s');
    expect(formatKpiValue(38.4, 'seconds')).toBe('38 s');
    expect(formatKpiValue(25, 'nps')).toBe('+25');
    expect(formatKpiValue(4.56, 'score5')).toBe('4.56 / 5');
    expect(bandText({ min: 360, max: 540 }, 'seconds')).toBe('6–9 min');
    expect(bandText({ max: 50 }, 'per1000')).toBe('≤ 50 per 1,000');
  });
});
