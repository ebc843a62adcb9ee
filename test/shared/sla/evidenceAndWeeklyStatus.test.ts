import { describe, expect, it } from 'vitest';
import { computeClocks, type SlaClock } from '../../../src/shared/sla/clocks';
import { loadSlaConfig } from '../../../src/shared/sla/policy';
import { slaConfigToFiles } from '../../../src/shared/slaConfig/slaConfigDocument';
import { caseHistory, defaultConfig, defaultConfigFiles } from './slaFixtures';

const config = defaultConfig();
const DAY = 24 * 3_600_000;

function clocks(history: ReturnType<typeof caseHistory>, now: string): Record<string, SlaClock> {
  const list = computeClocks({ events: history.events, customerTier: 'standard', ...config, now });
  return Object.fromEntries(list.map((clock) => [clock.id, clock]));
}

// January 2026 is EST (UTC−5); "calendar-days" counts every hour of every day.
describe('card dispute: the customer’s evidence in 7–14 days (REQUIREMENTS SLA matrix)', () => {
  const created = () => caseHistory().created('2026-01-06T14:00:00Z', { caseType: 'card_dispute' });

  it('is absent until evidence is asked for, and only on card disputes', () => {
    expect(clocks(created(), '2026-01-08T00:00:00Z').evidence).toBeUndefined();
    const inquiry = caseHistory().created('2026-01-06T14:00:00Z').waitOnCustomer('2026-01-06T15:00:00Z');
    expect(clocks(inquiry, '2026-01-08T00:00:00Z').evidence).toBeUndefined();
  });

  it('starts when the script records that the customer will send evidence: warned at day 7, due at day 14, breached after', () => {
    // Asked on Tue 6 Jan 09:30 EST: day 7 is Tue 13 Jan 09:30, day 10½ Fri 16 Jan 21:30, day 14 Tue 20 Jan 09:30.
    const history = created().answer('2026-01-06T14:30:00Z', 'evidenceDueAgreed', true);
    const day1 = clocks(history, '2026-01-07T14:30:00Z').evidence!;
    expect(day1).toMatchObject({
      label: 'Customer evidence (7–14 days)',
      kind: 'service',
      clockType: 'evidence',
      state: 'running',
      startedAt: '2026-01-06T14:30:00.000Z',
      dueAt: '2026-01-20T14:30:00.000Z',
      totalBusinessMinutes: 14 * 24 * 60,
      elapsedBusinessMinutes: 24 * 60,
      nextChangeAt: '2026-01-13T14:30:00.000Z',
      calendarId: 'calendar-days',
      source: 'card-dispute',
    });
    expect(day1.msUntilDue).toBe(13 * DAY);
    expect(clocks(history, '2026-01-13T14:29:59Z').evidence).toMatchObject({ state: 'running', warningLevel: 0 });
    expect(clocks(history, '2026-01-13T14:30:00Z').evidence).toMatchObject({ state: 'warning', warningLevel: 1, nextChangeAt: '2026-01-17T02:30:00.000Z' });
    expect(clocks(history, '2026-01-17T02:30:00Z').evidence).toMatchObject({ state: 'warning', warningLevel: 2, nextChangeAt: '2026-01-20T14:30:00.000Z' });
    expect(clocks(history, '2026-01-21T14:30:00Z').evidence).toMatchObject({ state: 'breached', overdueBusinessMs: DAY, msUntilDue: -DAY });
    // "No" is not a request.
    expect(clocks(created().answer('2026-01-06T14:30:00Z', 'evidenceDueAgreed', false), '2026-01-07T14:30:00Z').evidence).toBeUndefined();
  });

  it('is met when the customer comes back with it: an inbound contact, or the end of the wait', () => {
    const called = created().answer('2026-01-06T14:30:00Z', 'evidenceDueAgreed', true).inboundContact('2026-01-15T16:00:00Z');
    expect(clocks(called, '2026-02-01T00:00:00Z').evidence).toMatchObject({ state: 'met', stoppedAt: '2026-01-15T16:00:00.000Z', elapsedBusinessMinutes: (9 * 24 + 1.5) * 60 });

    // Waiting on the customer asks for it too; the wait pauses the resolution clock, not this one.
    const waited = created().waitOnCustomer('2026-01-07T15:00:00Z');
    const waiting = clocks(waited, '2026-01-10T15:00:00Z');
    expect(waiting.evidence).toMatchObject({ state: 'running', paused: false, startedAt: '2026-01-07T15:00:00.000Z', dueAt: '2026-01-21T15:00:00.000Z', elapsedBusinessMinutes: 3 * 24 * 60 });
    expect(waiting.resolution).toMatchObject({ paused: true });
    waited.reopenStatus('2026-01-12T15:00:00Z'); // "Resume": the evidence came in
    expect(clocks(waited, '2026-02-01T00:00:00Z').evidence).toMatchObject({ state: 'met', stoppedAt: '2026-01-12T15:00:00.000Z', elapsedBusinessMinutes: 5 * 24 * 60 });
    // Asked again later: a new 14 days from the new request.
    waited.waitOnCustomer('2026-01-14T15:00:00Z');
    expect(clocks(waited, '2026-01-15T15:00:00Z').evidence).toMatchObject({ state: 'running', startedAt: '2026-01-14T15:00:00.000Z', dueAt: '2026-01-28T15:00:00.000Z' });
  });

  it('asking again before the customer answered keeps the first request’s due date; resolution stops it; a reopen forgets old requests', () => {
    const history = created().answer('2026-01-06T14:30:00Z', 'evidenceDueAgreed', true).waitOnCustomer('2026-01-08T14:30:00Z');
    expect(clocks(history, '2026-01-09T00:00:00Z').evidence).toMatchObject({ startedAt: '2026-01-06T14:30:00.000Z', dueAt: '2026-01-20T14:30:00.000Z' });
    history.resolved('2026-01-09T14:30:00Z');
    expect(clocks(history, '2026-02-01T00:00:00Z').evidence).toMatchObject({ state: 'met', stoppedAt: '2026-01-09T14:30:00.000Z' });
    history.reopened('2026-01-12T14:30:00Z');
    expect(clocks(history, '2026-01-13T00:00:00Z').evidence).toBeUndefined();
  });
});

describe('escalation level 4 (executive review or legal): weekly status until closed', () => {
  it('runs 7 days from reaching level 4, restarts with every message to the customer, does not pause, stops at resolution', () => {
    const history = caseHistory().created('2026-01-06T14:00:00Z', { caseType: 'complaint' }).escalated('2026-01-07T14:00:00Z', 2).escalated('2026-01-08T14:00:00Z', 3);
    expect(clocks(history, '2026-01-09T00:00:00Z').executive_status_update).toBeUndefined();
    history.escalated('2026-01-09T17:00:00Z', 4, true); // Fri 9 Jan 12:00 EST
    const first = clocks(history, '2026-01-10T17:00:00Z').executive_status_update!;
    expect(first).toMatchObject({
      label: 'Weekly status (executive or legal review)',
      clockType: 'status_update',
      state: 'running',
      startedAt: '2026-01-09T17:00:00.000Z',
      dueAt: '2026-01-16T17:00:00.000Z',
      totalBusinessMinutes: 7 * 24 * 60,
      elapsedBusinessMinutes: 24 * 60,
      source: 'executive-review-weekly-status',
    });
    // A status update on Wed 14 Jan 10:00 EST: the next is due a week later.
    history.message('2026-01-14T15:00:00Z', 'status_update');
    expect(clocks(history, '2026-01-15T15:00:00Z').executive_status_update).toMatchObject({ startedAt: '2026-01-14T15:00:00.000Z', dueAt: '2026-01-21T15:00:00.000Z' });
    // Waiting on the customer does not excuse the weekly update.
    history.waitOnCustomer('2026-01-15T15:00:00Z');
    expect(clocks(history, '2026-01-22T15:00:00Z').executive_status_update).toMatchObject({ state: 'breached', paused: false, overdueBusinessMs: DAY });
    history.message('2026-01-22T16:00:00Z', 'status_update');
    expect(clocks(history, '2026-01-23T16:00:00Z').executive_status_update).toMatchObject({ state: 'running', dueAt: '2026-01-29T16:00:00.000Z' });
    history.resolved('2026-01-26T16:00:00Z');
    expect(clocks(history, '2026-03-01T00:00:00Z').executive_status_update).toMatchObject({ state: 'met', stoppedAt: '2026-01-26T16:00:00.000Z' });
  });

  it('a message sent before the escalation does not count for the first week', () => {
    const history = caseHistory().created('2026-01-06T14:00:00Z').message('2026-01-06T15:00:00Z', 'response').escalated('2026-01-07T14:00:00Z', 4);
    expect(clocks(history, '2026-01-08T14:00:00Z').executive_status_update).toMatchObject({ startedAt: '2026-01-07T14:00:00.000Z', dueAt: '2026-01-14T14:00:00.000Z' });
  });
});

describe('policy file', () => {
  it('refuses a script-answer start on anything but an evidence clock, and bad thresholds, naming the field', () => {
    const files = defaultConfigFiles();
    const policies = structuredClone(files.policies.json) as { rules: { id: string; clocks: Record<string, Record<string, unknown>> }[] };
    const dispute = policies.rules.find((rule) => rule.id === 'card-dispute')!;
    dispute.clocks.status_update!.requestedBy = { workflowId: 'card_dispute', fieldId: 'evidenceDueAgreed', equals: true };
    dispute.clocks.evidence!.warningThresholds = [0.75, 0.5];
    const result = loadSlaConfig({ calendars: files.calendars, policies: { fileName: files.policies.fileName, json: policies } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.errors.map((issue) => issue.path);
    expect(paths.some((path) => path.endsWith('clocks.status_update.requestedBy'))).toBe(true);
    expect(paths.some((path) => path.includes('clocks.evidence.warningThresholds'))).toBe(true);
  });
});

describe('the configuration as it travels (slaConfigToFiles → loadSlaConfig)', () => {
  it('keeps the evidence clock’s own thresholds and request, and the escalation-level match', () => {
    const files = slaConfigToFiles(config);
    const reloaded = loadSlaConfig({ calendars: files.calendars.map((json) => ({ fileName: `${json.id}.json`, json })), policies: { fileName: 'sla-policies.json', json: files.policies } });
    expect(reloaded.ok).toBe(true);
    if (!reloaded.ok) return;
    expect(reloaded.value.policies).toEqual(config.policies);
  });
});
