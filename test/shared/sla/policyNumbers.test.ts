import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeClocks, type SlaClock } from '../../../src/shared/sla/clocks';
import type { CustomerTier } from '../../../src/shared/domain/enums';
import { DISPUTE_FACT_SOURCE } from '../../../src/shared/sla/disputeFactsFromAnswers';
import { loadSlaConfig } from '../../../src/shared/sla/policy';
import { caseHistory, defaultConfig, defaultConfigFiles } from './slaFixtures';

/** The numbers of REQUIREMENTS.md's SLA section on the bundled policies and real calendars. */
const config = defaultConfig();

// January 2026 is EST (UTC−5). Tue 2026-01-06 09:00 EST = 14:00Z.
const TUE_0900 = '2026-01-06T14:00:00Z';

function clocks(history: ReturnType<typeof caseHistory>, now: string, customerTier: CustomerTier = 'standard'): Record<string, SlaClock> {
  return Object.fromEntries(computeClocks({ events: history.events, customerTier, ...config, now }).map((clock) => [clock.id, clock]));
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

describe('billing "simple" inquiries', () => {
  it('resolve in 3 business days once the billing script marks the inquiry simple, else 7', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'billing_dispute' });
    // 7 business days after Tue 6 Jan 09:00: Thu 15 Jan 09:00 EST.
    expect(clocks(history, TUE_0900).resolution).toMatchObject({ source: 'billing-dispute', dueAt: '2026-01-15T14:00:00.000Z' });
    history.answer('2026-01-06T14:10:00Z', 'simpleInquiry', true, 'billing_fee_dispute');
    expect(clocks(history, TUE_0900).resolution).toMatchObject({ source: 'billing-dispute-simple', dueAt: '2026-01-09T14:00:00.000Z', totalBusinessMinutes: 3 * 12 * 60 });
    history.answer('2026-01-06T14:20:00Z', 'simpleInquiry', false, 'billing_fee_dispute');
    expect(clocks(history, TUE_0900).resolution!.dueAt).toBe('2026-01-15T14:00:00.000Z');
  });

  it('a simple inquiry over the Presidents’ Day weekend skips the holiday', () => {
    // Fri 13 Feb 2026 09:00 EST; Mon 16 Feb is a holiday: Tue 17, Wed 18, Thu 19 Feb 09:00.
    const history = caseHistory().created('2026-02-13T14:00:00Z', { caseType: 'billing_dispute' }).answer('2026-02-13T14:05:00Z', 'simpleInquiry', true, 'billing_fee_dispute');
    expect(clocks(history, '2026-02-13T15:00:00Z').resolution!.dueAt).toBe('2026-02-19T14:00:00.000Z');
  });

  it('refuses a script-answer match without a value to compare, naming the rule', () => {
    const files = defaultConfigFiles();
    const json = structuredClone(files.policies.json) as { rules: { id: string; match: Record<string, unknown> }[] };
    const rule = json.rules.find((candidate) => candidate.id === 'billing-dispute-simple')!;
    rule.match.scriptAnswer = { workflowId: 'billing_fee_dispute', fieldId: 'simpleInquiry' };
    const result = loadSlaConfig({ calendars: files.calendars, policies: { fileName: 'sla-policies.json', json } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.some((issue) => issue.path.includes('scriptAnswer.equals'))).toBe(true);
  });

  it('the bundled billing script asks the question the rule reads', () => {
    const script = JSON.parse(readFileSync(join(__dirname, '../../../resources/workflows/billing_fee_dispute.v1.json'), 'utf8')) as { id: string; steps: { fields?: { id: string; type: string }[] }[] };
    const rule = config.policies.rules.find((candidate) => candidate.id === 'billing-dispute-simple')!;
    expect(script.id).toBe(rule.match.scriptAnswer?.workflowId);
    expect(script.steps.flatMap((step) => step.fields ?? []).find((field) => field.id === rule.match.scriptAnswer?.fieldId)?.type).toBe('yes_no');
  });
});

describe('channel and tier first-response numbers', () => {
  it('in-app secure message: first response in 2 h of general support (07:00–22:00), across the night', () => {
    // Tue 6 Jan 21:30 EST: 30 min that evening, 90 min from 07:00 Wednesday.
    const history = caseHistory().created('2026-01-07T02:30:00Z', { channel: 'in_app_message' });
    expect(clocks(history, '2026-01-07T03:00:00Z').first_response).toMatchObject({ source: 'in-app-message', calendarId: 'general-support', dueAt: '2026-01-07T13:30:00.000Z' });
    // The online-banking message centre keeps its 60 minutes.
    const centre = caseHistory().created(TUE_0900, { channel: 'secure_message' });
    expect(clocks(centre, TUE_0900).first_response!.dueAt).toBe('2026-01-06T15:00:00.000Z');
  });

  it('basic tier: first response in 72 h, three general-support days of 15 h', () => {
    const history = caseHistory().created(TUE_0900);
    expect(clocks(history, TUE_0900, 'basic').first_response).toMatchObject({ source: 'tier-basic', dueAt: '2026-01-09T14:00:00.000Z', totalBusinessMinutes: 3 * 15 * 60 });
    expect(clocks(history, TUE_0900, 'standard').first_response!.dueAt).toBe('2026-01-07T14:00:00.000Z');
    // A stricter rule as specific as the tier (S2's hour on the 24/7 calendar) still wins.
    expect(clocks(caseHistory().created(TUE_0900, { severity: 'S2' }), TUE_0900, 'basic').first_response!.dueAt).toBe('2026-01-06T15:00:00.000Z');
  });
});

describe('Reg E / Reg Z clocks from the card-dispute script’s answers', () => {
  const dispute = () => caseHistory().created(TUE_0900, { caseType: 'card_dispute' });
  const AT = '2026-01-07T14:00:00Z';

  it('debit card on a new account: provisional credit in 20 business days (skipping MLK day), investigation in 90 days', () => {
    const history = dispute().answer(TUE_0900, 'cardType', 'debit').answer(TUE_0900, 'newAccount', true).answer(TUE_0900, 'pointOfSale', false).answer(TUE_0900, 'foreignTransaction', false);
    const now = clocks(history, AT);
    // 20 business days after Tue 6 Jan 09:00 without 19 Jan: Wed 4 Feb 09:00 EST.
    expect(now['statutory:reg_e_provisional_credit']).toMatchObject({ dueAt: '2026-02-04T14:00:00.000Z', totalBusinessMinutes: 20 * 12 * 60 });
    expect(now['statutory:reg_e_investigation']!.dueAt).toBe('2026-04-06T14:00:00.000Z');
  });

  it('debit card at a point of sale or abroad: 10 business days, 90-day investigation; the latest answer counts', () => {
    const pos = dispute().answer(TUE_0900, 'cardType', 'debit').answer(TUE_0900, 'pointOfSale', true);
    expect(clocks(pos, AT)['statutory:reg_e_provisional_credit']).toMatchObject({ dueAt: '2026-01-21T14:00:00.000Z', totalBusinessMinutes: 10 * 12 * 60 });
    expect(clocks(pos, AT)['statutory:reg_e_investigation']!.dueAt).toBe('2026-04-06T14:00:00.000Z');
    pos.answer('2026-01-06T14:05:00Z', 'pointOfSale', false);
    expect(clocks(pos, AT)['statutory:reg_e_investigation']!.dueAt).toBe('2026-02-20T14:00:00.000Z');
    const abroad = dispute().answer(TUE_0900, 'cardType', 'debit').answer(TUE_0900, 'foreignTransaction', true);
    expect(clocks(abroad, AT)['statutory:reg_e_investigation']!.dueAt).toBe('2026-04-06T14:00:00.000Z');
  });

  it('credit card: Reg Z acknowledgement in 30 days and resolution within 90 days, no Reg E clocks', () => {
    const now = clocks(dispute().answer(TUE_0900, 'cardType', 'credit'), AT);
    expect(now['statutory:reg_z_acknowledgement']!.dueAt).toBe('2026-02-05T14:00:00.000Z');
    expect(now['statutory:reg_z_resolution']!.dueAt).toBe('2026-04-06T14:00:00.000Z');
    expect(now['statutory:reg_e_provisional_credit']).toBeUndefined();
  });

  it('answers of another script do not count', () => {
    const now = clocks(dispute().answer(TUE_0900, 'cardType', 'credit', 'billing_fee_dispute'), AT);
    expect(now['statutory:reg_z_resolution']).toBeUndefined();
    expect(now['statutory:reg_e_investigation']!.dueAt).toBe('2026-02-20T14:00:00.000Z');
  });

  it('the bundled card-dispute script asks every fact the clocks read', () => {
    const script = JSON.parse(readFileSync(join(__dirname, '../../../resources/workflows/card_dispute.v1.json'), 'utf8')) as { id: string; steps: { fields?: { id: string; type: string; options?: { value: string }[] }[] }[] };
    expect(script.id).toBe(DISPUTE_FACT_SOURCE.workflowId);
    const fields = new Map(script.steps.flatMap((step) => step.fields ?? []).map((field) => [field.id, field]));
    expect(fields.get(DISPUTE_FACT_SOURCE.cardType)?.options?.map((option) => option.value).sort()).toEqual(['credit', 'debit']);
    for (const id of [DISPUTE_FACT_SOURCE.newAccount, DISPUTE_FACT_SOURCE.pointOfSale, DISPUTE_FACT_SOURCE.foreignTransaction]) expect(fields.get(id)?.type).toBe('yes_no');
  });
});
