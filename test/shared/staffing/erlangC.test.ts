import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, erlangCPerformance, requiredAgents, scheduledFor, trafficErlangs } from '../../../src/shared/staffing/erlangC';

/**
 * The closed form with factorials, in logarithms so that it can be evaluated independently of
 * the recursion for moderate sizes: B = (A^N/N!) / Σ_{k≤N} A^k/k!.
 */
function closedFormErlangB(agents: number, erlangs: number): number {
  const logTerms: number[] = [];
  let logFactorial = 0;
  for (let k = 0; k <= agents; k++) {
    if (k > 0) logFactorial += Math.log(k);
    logTerms.push(k * Math.log(erlangs) - logFactorial);
  }
  const max = Math.max(...logTerms);
  const sum = logTerms.reduce((total, term) => total + Math.exp(term - max), 0);
  return Math.exp(logTerms[agents]! - max) / sum;
}

describe('Erlang B', () => {
  it('matches the published Erlang B tables (traffic carried at 1 % and 2 % blocking)', () => {
    // Classic Erlang B table rows: lines N, offered erlangs at grade of service 1 % / 2 %.
    const table: [number, number, number][] = [
      [10, 4.461, 5.084],
      [20, 12.031, 13.182],
      [50, 37.901, 40.255],
      [100, 84.064, 87.972],
    ];
    for (const [lines, atOnePercent, atTwoPercent] of table) {
      expect(erlangB(lines, atOnePercent)).toBeCloseTo(0.01, 4);
      expect(erlangB(lines, atTwoPercent)).toBeCloseTo(0.02, 4);
    }
  });

  it('agrees with the factorial closed form', () => {
    for (const [agents, erlangs] of [[1, 0.5], [5, 3.2], [12, 10], [40, 31.7], [150, 140]] as const) {
      expect(erlangB(agents, erlangs)).toBeCloseTo(closedFormErlangB(agents, erlangs), 13);
    }
  });

  it('is the M/M/1 loss value A / (1 + A) for one line', () => {
    expect(erlangB(1, 3)).toBeCloseTo(0.75, 15);
    expect(erlangB(0, 3)).toBe(1);
  });
});

describe('Erlang C', () => {
  it('reproduces the classic table for 10 erlangs (100 calls / 30 min, AHT 180 s, 20 s target)', () => {
    // Probability of waiting, service level within 20 s and ASA for 11…15 agents.
    const expected: [number, number, number, number][] = [
      [11, 0.6821182047, 0.3896138117, 122.7812768],
      [12, 0.4493882243, 0.6401580404, 40.44494019],
      [13, 0.285270453, 0.7955947884, 17.11622718],
      [14, 0.1741319336, 0.8883500192, 7.835937012],
      [15, 0.102042367, 0.9414528429, 3.673525212],
    ];
    for (const [agents, wait, serviceLevel, asa] of expected) {
      const performance = erlangCPerformance({ agents, calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetAnswerSeconds: 20 });
      expect(performance.trafficErlangs).toBe(10);
      expect(performance.probabilityOfWaiting).toBeCloseTo(wait, 9);
      expect(performance.serviceLevel).toBeCloseTo(serviceLevel, 9);
      expect(performance.asaSeconds).toBeCloseTo(asa, 6);
      expect(performance.occupancy).toBeCloseTo(10 / agents, 15);
    }
  });

  it('is ρ for a single agent (M/M/1) and C = N·B / (N − A(1 − B)) in general', () => {
    expect(erlangC(1, 0.6)).toBeCloseTo(0.6, 15);
    // Two agents, A = 1: B = (1/2) / (1 + 1 + 1/2) = 0.2; C = 2·0.2 / (2 − 0.8) = 1/3.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
  });

  it('treats N ≤ A as unstable: everyone waits, nobody within target, ASA infinite', () => {
    const performance = erlangCPerformance({ agents: 10, calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetAnswerSeconds: 20 });
    expect(performance).toMatchObject({ probabilityOfWaiting: 1, serviceLevel: 0, asaSeconds: Infinity });
  });
});

describe('requiredAgents', () => {
  it('finds 14 agents for 80/20 at 10 erlangs (13 give 79.6 %)', () => {
    const result = requiredAgents({ calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetServiceLevel: 0.8, targetAnswerSeconds: 20 });
    expect(result.agents).toBe(14);
    expect(result.scheduled).toBe(14);
    expect(result.serviceLevel).toBeCloseTo(0.8883500192, 9);
  });

  it('is exact for large centres: 1,000 and 10,000 contacts per interval (reference: 50-digit arithmetic)', () => {
    const cases = [
      { input: { calls: 1000, intervalMinutes: 30, ahtSeconds: 300, targetServiceLevel: 0.8, targetAnswerSeconds: 20 }, agents: 176, wait: 0.367339021394604, sl: 0.80283065802129, asa: 11.8073256876837 },
      { input: { calls: 1000, intervalMinutes: 30, ahtSeconds: 300, targetServiceLevel: 0.95, targetAnswerSeconds: 20 }, agents: 183, wait: 0.146110234501891, sl: 0.950820715958513, asa: 2.68365736840207 },
      { input: { calls: 10000, intervalMinutes: 15, ahtSeconds: 240, targetServiceLevel: 0.8, targetAnswerSeconds: 20 }, agents: 2682, wait: 0.67735527872233, sl: 0.811250990314486, asa: 10.6020826234799 },
      { input: { calls: 5000, intervalMinutes: 60, ahtSeconds: 360, targetServiceLevel: 0.9, targetAnswerSeconds: 15 }, agents: 522, wait: 0.236051479018835, sl: 0.905614897706729, asa: 3.86266056576276 },
    ];
    for (const { input, agents, wait, sl, asa } of cases) {
      const result = requiredAgents(input);
      expect(result.agents).toBe(agents);
      expect(result.probabilityOfWaiting).toBeCloseTo(wait, 11);
      expect(result.serviceLevel).toBeCloseTo(sl, 11);
      expect(result.asaSeconds).toBeCloseTo(asa, 9);
      // One fewer does not meet the target.
      const fewer = erlangCPerformance({ agents: agents - 1, calls: input.calls, intervalMinutes: input.intervalMinutes, ahtSeconds: input.ahtSeconds, targetAnswerSeconds: input.targetAnswerSeconds });
      expect(fewer.serviceLevel).toBeLessThan(input.targetServiceLevel);
    }
  });

  it('respects the occupancy cap, the ASA ceiling and shrinkage', () => {
    // 1,000 calls need 176 for 80/20 but run at 94.7 % occupancy; an 85 % cap needs ceil(166.67 / 0.85) = 197.
    const capped = requiredAgents({ calls: 1000, intervalMinutes: 30, ahtSeconds: 300, targetServiceLevel: 0.8, targetAnswerSeconds: 20, maxOccupancy: 0.85, shrinkage: 0.3 });
    expect(capped.agents).toBe(197);
    expect(capped.occupancy).toBeLessThanOrEqual(0.85);
    expect(capped.scheduled).toBe(Math.ceil(197 / 0.7));
    // An ASA ceiling of 5 s at 10 erlangs: 14 agents give 7.8 s, 15 give 3.7 s.
    expect(requiredAgents({ calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetServiceLevel: 0, targetAnswerSeconds: 20, maxAsaSeconds: 5 }).agents).toBe(15);
  });

  it('needs nobody for no contacts', () => {
    expect(requiredAgents({ calls: 0, intervalMinutes: 30, ahtSeconds: 300, targetServiceLevel: 0.8, targetAnswerSeconds: 20, shrinkage: 0.3 })).toMatchObject({
      agents: 0,
      scheduled: 0,
      serviceLevel: 1,
      asaSeconds: 0,
    });
  });

  it('rounds scheduled agents up, without floating-point surprises', () => {
    expect(scheduledFor(7, 0.3)).toBe(10);
    expect(scheduledFor(7, 0.25)).toBe(10);
    expect(scheduledFor(6, 0.25)).toBe(8);
  });

  it('rejects nonsense with a message naming the field', () => {
    const base = { calls: 100, intervalMinutes: 30, ahtSeconds: 180, targetServiceLevel: 0.8, targetAnswerSeconds: 20 };
    expect(() => requiredAgents({ ...base, calls: -1 })).toThrow(/calls/);
    expect(() => requiredAgents({ ...base, ahtSeconds: 0 })).toThrow(/ahtSeconds/);
    expect(() => requiredAgents({ ...base, targetServiceLevel: 1 })).toThrow(/targetServiceLevel/);
    expect(() => requiredAgents({ ...base, targetServiceLevel: 80 })).toThrow(/targetServiceLevel/);
    expect(() => requiredAgents({ ...base, shrinkage: 1 })).toThrow(/shrinkage/);
    expect(() => requiredAgents({ ...base, maxOccupancy: 0 })).toThrow(/maxOccupancy/);
    expect(() => requiredAgents({ ...base, calls: Number.NaN })).toThrow(/calls/);
  });

  it('computes traffic in erlangs', () => {
    expect(trafficErlangs(360, 30, 240)).toBe(48);
  });
});
