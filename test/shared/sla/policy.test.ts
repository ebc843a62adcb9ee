import { describe, expect, it } from 'vitest';
import { keepLastValid, loadSlaConfig, parsePolicyFile, resolveClocks, targetMs, type CaseFacts, type SlaPolicies } from '../../../src/shared/sla/policy';
import { addBusinessMs } from '../../../src/shared/sla/businessTime';
import { formatConfigIssue } from '../../../src/shared/sla/configIssue';
import { defaultConfig, defaultConfigFiles } from './slaFixtures';

const config = defaultConfig();

function clocksFor(facts: Partial<CaseFacts>, createdAt = Date.parse('2026-01-06T14:00:00Z')) {
  const full: CaseFacts = { caseType: 'general_inquiry', severity: 'S3', tier: 'standard', channel: 'phone', ...facts };
  return Object.fromEntries(
    resolveClocks(config.policies, full, (spec) => {
      const calendar = config.calendars.get(spec.calendar)!;
      return addBusinessMs(createdAt, targetMs(spec.target, calendar), calendar);
    }).map((clock) => [clock.key, { ruleId: clock.ruleId, target: clock.spec.target, calendar: clock.spec.calendar, label: clock.spec.label }]),
  );
}

function withPolicies(mutate: (json: Record<string, unknown> & { rules: Record<string, unknown>[] }) => void) {
  const files = defaultConfigFiles();
  const json = structuredClone(files.policies.json) as Record<string, unknown> & { rules: Record<string, unknown>[] };
  mutate(json);
  return loadSlaConfig({ calendars: files.calendars, policies: { fileName: 'policies.json', json } });
}

describe('default SLA policies', () => {
  it('load and cross-check against the default calendars', () => {
    expect(config.policies.version).toBeGreaterThan(0);
    expect(config.policies.warningThresholds).toEqual([0.75, 0.9]);
    expect([...config.calendars.keys()].sort()).toEqual(['always', 'business-weekdays', 'calendar-days', 'general-support']);
  });

  it('give premium and VIP chat a 30 s first response and standard chat 60 s', () => {
    expect(clocksFor({ channel: 'chat', tier: 'premium' }).first_response).toMatchObject({ ruleId: 'chat-premium', target: { seconds: 30 } });
    expect(clocksFor({ channel: 'chat', tier: 'vip' }).first_response).toMatchObject({ target: { seconds: 30 } });
    expect(clocksFor({ channel: 'chat', tier: 'standard' }).first_response).toMatchObject({ ruleId: 'chat', target: { seconds: 60 } });
  });

  it('give S1 a 15-minute acknowledgement and a 2-hour remediation plan, S2 60 minutes, on the 24/7 calendar', () => {
    const s1 = clocksFor({ caseType: 'payment_failure', severity: 'S1' });
    expect(s1.first_response).toMatchObject({ target: { minutes: 15 }, calendar: 'always' });
    expect(s1.remediation_plan).toMatchObject({ target: { hours: 2 }, calendar: 'always', label: 'Remediation plan (S1)' });
    expect(clocksFor({ caseType: 'payment_failure', severity: 'S2' }).first_response).toMatchObject({ target: { minutes: 60 }, calendar: 'always' });
  });

  it('let the strictest of equally specific rules win (fraud at S1 gets 15 min, fraud at S2 keeps 30 min)', () => {
    expect(clocksFor({ caseType: 'fraud', severity: 'S1' }).first_response).toMatchObject({ ruleId: 'severity-s1' });
    expect(clocksFor({ caseType: 'fraud', severity: 'S2' }).first_response).toMatchObject({ ruleId: 'fraud', target: { minutes: 30 } });
  });

  it('let a more specific rule win even when less strict, and disable clocks per case type', () => {
    expect(clocksFor({ caseType: 'fraud', channel: 'chat', tier: 'premium' }).first_response).toMatchObject({ ruleId: 'chat-premium' });
    expect(clocksFor({ caseType: 'aml_investigation' }).first_response).toBeUndefined();
    expect(clocksFor({ caseType: 'aml_investigation' }).status_update).toMatchObject({ target: { days: 3 }, calendar: 'business-weekdays' });
  });

  it('give email an acknowledgement and a response, 4 business hours for premium customers', () => {
    expect(clocksFor({ channel: 'email' })).toMatchObject({ first_response: { target: { minutes: 60 } }, response: { target: { days: 1 } } });
    expect(clocksFor({ channel: 'email', tier: 'business' }).response).toMatchObject({ ruleId: 'email-priority', target: { hours: 4 } });
  });

  it('cover the case-type rows of the matrix', () => {
    expect(clocksFor({ caseType: 'card_dispute' })).toMatchObject({
      first_response: { target: { hours: 24 } },
      resolution: { target: { days: 45 }, calendar: 'calendar-days' },
      status_update: { target: { days: 3 }, calendar: 'business-weekdays' },
    });
    expect(clocksFor({ caseType: 'billing_dispute' }).resolution).toMatchObject({ target: { days: 7 }, calendar: 'business-weekdays' });
    expect(clocksFor({ caseType: 'regulatory_complaint' }).resolution).toMatchObject({ target: { days: 30 }, calendar: 'calendar-days' });
    expect(clocksFor({ caseType: 'account_lock' }).resolution).toMatchObject({ target: { hours: 2 }, calendar: 'always' });
    expect(clocksFor({ caseType: 'data_subject_request' })).toEqual({ resolution: expect.objectContaining({ target: { days: 30 } }) });
  });
});

describe('policy validation', () => {
  it('rejects a policy naming a missing calendar, naming the file, the field and the reason', () => {
    const result = withPolicies((json) => {
      (json.rules[0]!.clocks as Record<string, { calendar: string }>).first_response!.calendar = 'weekends-only';
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ file: 'policies.json', path: 'rules[0].clocks.first_response.calendar', reason: expect.stringMatching(/unknown calendar "weekends-only"/) }]);
    expect(formatConfigIssue(result.errors[0]!)).toMatch(/^policies\.json: rules\[0\]\.clocks\.first_response\.calendar: unknown calendar/);
  });

  it('rejects a missing statutory calendar', () => {
    const result = withPolicies((json) => {
      json.statutoryCalendars = { calendarDays: 'calendar-days', businessDays: 'bank-days' };
    });
    expect(!result.ok && result.errors[0]).toMatchObject({ path: 'statutoryCalendars.businessDays' });
  });

  it('rejects malformed entries with their paths', () => {
    const bad = (mutate: (json: Record<string, unknown> & { rules: Record<string, unknown>[] }) => void) => {
      const result = withPolicies(mutate);
      return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.reason}`);
    };
    expect(bad((json) => (json.warningThresholds = [0.9, 0.75]))).toEqual([expect.stringMatching(/^warningThresholds: .*ascending/)]);
    expect(bad((json) => (json.warningThresholds = [0.75, 1.2]))).toEqual([expect.stringMatching(/^warningThresholds\[1\]/)]);
    expect(bad((json) => ((json.rules[0]!.clocks as Record<string, Record<string, unknown>>).first_response!.target = { hours: 1, minutes: 5 }))).toEqual([
      expect.stringMatching(/^rules\[0\]\.clocks\.first_response\.target: give exactly one/),
    ]);
    expect(bad((json) => ((json.rules[1]!.match as Record<string, unknown>).severity = ['S9']))).toEqual([expect.stringMatching(/^rules\[1\]\.match\.severity\[0\]/)]);
    expect(bad((json) => ((json.rules[1]!.clocks as Record<string, Record<string, unknown>>).first_response!.type = 'resolution'))).toEqual([
      expect.stringMatching(/^rules\[1\]\.clocks\.first_response\.type: clock "first_response" is a first_response clock in rules\[0\]/),
    ]);
    expect(bad((json) => (json.rules[1]!.id = 'default'))).toEqual([expect.stringMatching(/^rules\[1\]\.id: duplicate rule id/)]);
    expect(bad((json) => delete (json.rules[0]!.clocks as Record<string, Record<string, unknown>>).first_response!.label)).toEqual([expect.stringMatching(/^rules\[0\]\.clocks\.first_response\.label: required/)]);
  });

  it('rejects duplicate calendar ids across files and reports calendar errors with their file', () => {
    const files = defaultConfigFiles();
    const copy = { fileName: 'resources/calendars/copy.json', json: files.calendars[0]!.json };
    const broken = { fileName: 'resources/calendars/broken.json', json: { ...(files.calendars[0]!.json as object), id: 'broken', timeZone: 'Nowhere/Land' } };
    const result = loadSlaConfig({ calendars: [...files.calendars, copy, broken], policies: files.policies });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { file: 'resources/calendars/copy.json', path: 'id', reason: expect.stringMatching(/already used by resources\/calendars\//) },
      { file: 'resources/calendars/broken.json', path: 'timeZone', reason: expect.stringMatching(/unknown IANA time zone/) },
    ]);
  });

  it('keeps the last valid configuration when a reload is rejected', () => {
    const rejected = withPolicies((json) => (json.version = -1));
    expect(keepLastValid(config, rejected)).toEqual({ config, errors: [expect.objectContaining({ file: 'policies.json', path: 'version' })] });
    const accepted = withPolicies((json) => (json.version = 2));
    expect(keepLastValid(config, accepted).config?.policies.version).toBe(2);
  });

  it('freezes loaded policies so a cached computation cannot go stale by mutation', () => {
    const parsed = parsePolicyFile('p.json', defaultConfigFiles().policies.json);
    expect(parsed.ok && Object.isFrozen((parsed.value as SlaPolicies).rules[0])).toBe(true);
  });
});
