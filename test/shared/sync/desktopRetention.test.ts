import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseStatus } from '../../../src/shared/domain/enums';
import { DESKTOP_RETENTION, retiredCases, type RetentionCandidate } from '../../../src/shared/sync/desktopRetention';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();

describe('desktop retention', () => {
  it.each([
    { name: 'an open case, however old, stays', status: 'open' as const, daysAgo: 400, retired: false },
    { name: 'a case waiting on the customer stays', status: 'waiting_on_customer' as const, daysAgo: 400, retired: false },
    { name: 'a closed case within the retention stays', status: 'closed' as const, daysAgo: 89, retired: false },
    { name: 'a closed case past the retention goes', status: 'closed' as const, daysAgo: 91, retired: true },
    { name: 'a resolved case past the retention goes', status: 'resolved' as const, daysAgo: 91, retired: true },
  ])('$name', ({ status, daysAgo, retired }) => {
    expect(retiredCases([{ caseId: 'AC-1', status, at: at(daysAgo) }], NOW).has('AC-1')).toBe(retired);
  });

  it('a finished case whose time cannot be read is retired rather than kept forever', () => {
    expect([...retiredCases([{ caseId: 'AC-1', status: 'closed', at: 'not a time' }], NOW)]).toEqual(['AC-1']);
  });

  it('keeps at most the most recent finished cases, never counting or retiring open ones', () => {
    const policy = { ...DESKTOP_RETENTION, finishedDays: 90, maxFinishedCases: 3 };
    fc.assert(
      fc.property(fc.array(fc.record({ status: fc.constantFrom(...CaseStatus.options), daysAgo: fc.integer({ min: 0, max: 200 }) }), { maxLength: 30 }), (specs) => {
        const candidates: RetentionCandidate[] = specs.map((spec, index) => ({ caseId: `AC-${index}`, status: spec.status, at: at(spec.daysAgo) }));
        const retired = retiredCases(candidates, NOW, policy);
        const kept = candidates.filter((c) => !retired.has(c.caseId));
        const keptFinished = kept.filter((c) => c.status === 'resolved' || c.status === 'closed');
        expect(keptFinished.length).toBeLessThanOrEqual(policy.maxFinishedCases);
        for (const c of candidates) if (c.status !== 'resolved' && c.status !== 'closed') expect(retired.has(c.caseId)).toBe(false);
        for (const c of keptFinished) expect(Date.parse(c.at)).toBeGreaterThanOrEqual(NOW - 90 * DAY);
        // Nothing retired is newer than something kept (within the retention window), and nothing is retired needlessly.
        const newestRetired = Math.max(...candidates.filter((c) => retired.has(c.caseId)).map((c) => Date.parse(c.at)));
        if (keptFinished.length > 0 && Number.isFinite(newestRetired)) expect(Math.min(...keptFinished.map((c) => Date.parse(c.at)))).toBeGreaterThanOrEqual(newestRetired);
        const eligible = candidates.filter((c) => (c.status === 'resolved' || c.status === 'closed') && Date.parse(c.at) >= NOW - 90 * DAY);
        expect(keptFinished.length).toBe(Math.min(eligible.length, policy.maxFinishedCases));
      }),
    );
  });

  it('ranks equal times the same whatever the order it is given', () => {
    const same = ['AC-3', 'AC-1', 'AC-2'].map((caseId) => ({ caseId, status: 'closed' as const, at: at(1) }));
    const policy = { ...DESKTOP_RETENTION, maxFinishedCases: 2 };
    expect([...retiredCases(same, NOW, policy)]).toEqual(['AC-3']);
    expect([...retiredCases([...same].reverse(), NOW, policy)]).toEqual(['AC-3']);
  });
});
