import { describe, expect, it } from 'vitest';
import { erlangAPerformance, requiredAgentsErlangA } from '../../../src/shared/staffing/erlangA';
import { erlangCPerformance, requiredAgents } from '../../../src/shared/staffing/erlangC';

/**
 * Reference values computed independently at 30 digits: the stationary distribution of the
 * M/M/n+M birth–death chain summed state by state, P(abandon) = θ·E[queue]/λ, and the service
 * level and ASA by numerical quadrature of the offered-wait density (mpmath quad). The module
 * uses closed-form series instead, so agreement checks both.
 */
const references = [
  { calls: 100, intervalMinutes: 30, ahtSeconds: 180, patienceSeconds: 120, agents: 10, T: 20, pwait: 0.496852747630142, pab: 0.13746382627645, sl: 0.639941307035988, asa: 14.5542296553823, avgwait: 16.495659153174, occ: 0.86253617372355 },
  { calls: 100, intervalMinutes: 30, ahtSeconds: 180, patienceSeconds: 120, agents: 13, T: 20, pwait: 0.193722234827367, pab: 0.0384263748146683, sl: 0.888550498551229, asa: 3.93884316078895, avgwait: 4.61116497776019, occ: 0.739672019373332 },
  { calls: 360, intervalMinutes: 30, ahtSeconds: 240, patienceSeconds: 60, agents: 45, T: 20, pwait: 0.482845504543053, pab: 0.113703878501825, sl: 0.783480425871846, asa: 6.19172212410329, avgwait: 6.82223271010949, occ: 0.945382529598054 },
  { calls: 1000, intervalMinutes: 30, ahtSeconds: 300, patienceSeconds: 180, agents: 170, T: 20, pwait: 0.35933992185029, pab: 0.0254923757306225, sl: 0.901329488577267, asa: 4.43408513663046, avgwait: 4.58862763151206, occ: 0.955399631636645 },
  { calls: 1000, intervalMinutes: 30, ahtSeconds: 300, patienceSeconds: 180, agents: 150, T: 20, pwait: 0.838764748905901, pab: 0.106018478041542, sl: 0.495750052551631, asa: 19.4066377179584, avgwait: 19.0833260474776, occ: 0.993312802176064 },
  { calls: 50, intervalMinutes: 30, ahtSeconds: 600, patienceSeconds: 30, agents: 10, T: 20, pwait: 0.603801916774802, pab: 0.443414745887019, sl: 0.482669201496661, asa: 6.99613724389404, avgwait: 13.3024423766106, occ: 0.927642090188302 },
  { calls: 3000, intervalMinutes: 30, ahtSeconds: 420, patienceSeconds: 90, agents: 600, T: 30, pwait: 0.960517400322221, pab: 0.143212470261271, sl: 0.838899420281816, asa: 13.5787073396415, avgwait: 12.8891223235144, occ: 0.999585451361851 },
];

describe('Erlang A', () => {
  it('matches an independent state-by-state computation, overloaded centres included', () => {
    for (const ref of references) {
      const result = erlangAPerformance({ calls: ref.calls, intervalMinutes: ref.intervalMinutes, ahtSeconds: ref.ahtSeconds, patienceSeconds: ref.patienceSeconds, agents: ref.agents, targetAnswerSeconds: ref.T });
      expect(result.probabilityOfWaiting).toBeCloseTo(ref.pwait, 10);
      expect(result.probabilityOfAbandon).toBeCloseTo(ref.pab, 10);
      expect(result.serviceLevel).toBeCloseTo(ref.sl, 10);
      expect(result.asaSeconds).toBeCloseTo(ref.asa, 8);
      expect(result.averageWaitSeconds).toBeCloseTo(ref.avgwait, 8);
      expect(result.occupancy).toBeCloseTo(ref.occ, 10);
    }
  });

  it('keeps P(abandon) = θ · mean wait (exponential patience)', () => {
    const result = erlangAPerformance({ calls: 420, intervalMinutes: 30, ahtSeconds: 270, patienceSeconds: 75, agents: 60, targetAnswerSeconds: 20 });
    expect(result.probabilityOfAbandon).toBeCloseTo(result.averageWaitSeconds / 75, 12);
  });

  it('tends to Erlang C as patience grows', () => {
    const c = erlangCPerformance({ agents: 14, calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetAnswerSeconds: 20 });
    const a = erlangAPerformance({ agents: 14, calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetAnswerSeconds: 20, patienceSeconds: 6 * 86_400 });
    expect(a.probabilityOfWaiting).toBeCloseTo(c.probabilityOfWaiting, 4);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 4);
    expect(a.probabilityOfAbandon).toBeLessThan(1e-4);
  });

  it('stays finite when hopelessly understaffed and when heavily overstaffed', () => {
    const under = erlangAPerformance({ agents: 50, calls: 10_000, intervalMinutes: 30, ahtSeconds: 300, targetAnswerSeconds: 20, patienceSeconds: 3600 });
    expect(under.probabilityOfWaiting).toBeCloseTo(1, 12);
    expect(under.probabilityOfAbandon).toBeCloseTo(1 - (50 * 1800) / (10_000 * 300), 3);
    expect(Number.isFinite(under.asaSeconds)).toBe(true);
    const over = erlangAPerformance({ agents: 900, calls: 10, intervalMinutes: 30, ahtSeconds: 300, targetAnswerSeconds: 20, patienceSeconds: 60 });
    expect(over).toMatchObject({ probabilityOfWaiting: 0, probabilityOfAbandon: 0, serviceLevel: 1 });
  });

  it('needs no more agents than Erlang C when callers abandon, and reports the abandonment', () => {
    const targets = { calls: 1000, intervalMinutes: 30, ahtSeconds: 300, targetServiceLevel: 0.8, targetAnswerSeconds: 20 };
    const a = requiredAgentsErlangA({ ...targets, patienceSeconds: 180, shrinkage: 0.3 });
    const c = requiredAgents(targets);
    expect(a.agents).toBeLessThanOrEqual(c.agents);
    expect(a.serviceLevel).toBeGreaterThanOrEqual(0.8);
    const fewer = erlangAPerformance({ ...targets, patienceSeconds: 180, agents: a.agents - 1 });
    expect(fewer.serviceLevel).toBeLessThan(0.8);
    expect(a.scheduled).toBe(Math.ceil(a.agents / 0.7 - 1e-9));
    const capped = requiredAgentsErlangA({ ...targets, patienceSeconds: 180, maxAbandonment: 0.01 });
    expect(capped.probabilityOfAbandon).toBeLessThanOrEqual(0.01);
  });

  it('rejects a missing patience', () => {
    expect(() => erlangAPerformance({ agents: 3, calls: 10, intervalMinutes: 30, ahtSeconds: 300, targetAnswerSeconds: 20, patienceSeconds: 0 })).toThrow(/patienceSeconds/);
  });
});
