import { describe, expect, it } from 'vitest';
import { computeClocks, type SlaClock } from '../../../src/shared/sla/clocks';
import { caseHistory, defaultConfig } from './slaFixtures';

/** The numbers of REQUIREMENTS.md's SLA section on the bundled policies and real calendars. */
const config = defaultConfig();

// January 2026 is EST (UTC−5). Tue 2026-01-06 09:00 EST = 14:00Z.
const TUE_0900 = '2026-01-06T14:00:00Z';

function clocks(history: ReturnType<typeof caseHistory>, now: string): Record<string, SlaClock> {
  return Object.fromEntries(computeClocks({ events: history.events, customerTier: 'standard', ...config, now }).map((clock) => [clock.id, clock]));
}

describe('SLA numbers on the bundled policies', () => {
  it('AML investigation: 30 business days on Mon–Fri 08:00–20:00, skipping MLK day and Presidents’ Day', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'aml_investigation' });
    const resolution = clocks(history, '2026-01-07T14:00:00Z').resolution;
    // 30 business days after Tue 6 Jan 09:00 (without 19 Jan and 16 Feb): Thu 19 Feb 09:00 EST.
    expect(resolution).toMatchObject({ calendarId: 'business-weekdays', dueAt: '2026-02-19T14:00:00.000Z', totalBusinessMinutes: 30 * 12 * 60 });
  });

  it('high severity (S1, S2): Tier 2 hand-off due 120 minutes after opening on the 24/7 calendar, met by resolving first', () => {
    const s2 = caseHistory().created('2026-01-10T03:00:00Z', { severity: 'S2' }); // a Saturday night
    expect(clocks(s2, '2026-01-10T04:00:00Z').tier2_handoff).toMatchObject({ calendarId: 'always', dueAt: '2026-01-10T05:00:00.000Z', state: 'running' });
    expect(clocks(s2, '2026-01-10T05:01:00Z').tier2_handoff!.state).toBe('breached');

    const s1 = caseHistory().created(TUE_0900, { severity: 'S1' }).resolved('2026-01-06T15:30:00Z');
    expect(clocks(s1, '2026-01-06T18:00:00Z').tier2_handoff).toMatchObject({ state: 'met', dueAt: '2026-01-06T16:00:00.000Z' });

    expect(clocks(caseHistory().created(TUE_0900, { severity: 'S3' }), '2026-01-06T18:00:00Z').tier2_handoff).toBeUndefined();
  });
});
