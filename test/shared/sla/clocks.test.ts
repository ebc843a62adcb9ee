import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeClocks, refreshClock, type ComputeClocksInput, type SlaClock } from '../../../src/shared/sla/clocks';
import { loadSlaConfig, type SlaConfig } from '../../../src/shared/sla/policy';
import { CaseType, Channel, CustomerTier, Severity } from '../../../src/shared/domain/enums';
import { caseHistory, defaultConfig, defaultConfigFiles } from './slaFixtures';

const config = defaultConfig();

// January 2026 is EST (UTC−5). Tue 2026-01-06 09:00 EST = 14:00Z. MLK day is Mon 2026-01-19.
const TUE_0900 = '2026-01-06T14:00:00Z';

function clocks(history: ReturnType<typeof caseHistory>, now: string, extra: Partial<ComputeClocksInput> = {}, cfg: SlaConfig = config): Record<string, SlaClock> {
  const list = computeClocks({ events: history.events, customerTier: 'standard', ...cfg, now, ...extra });
  return Object.fromEntries(list.map((clock) => [clock.id, clock]));
}

function configWith(mutate: { policies?: (json: PolicyJson) => void; calendar?: (id: string, json: CalendarJson) => void }): SlaConfig {
  const files = defaultConfigFiles();
  const policies = structuredClone(files.policies.json) as PolicyJson;
  mutate.policies?.(policies);
  const calendars = files.calendars.map((file) => {
    const json = structuredClone(file.json) as CalendarJson;
    mutate.calendar?.(json.id, json);
    return { fileName: file.fileName, json };
  });
  const result = loadSlaConfig({ calendars, policies: { fileName: files.policies.fileName, json: policies } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}
type PolicyJson = { version: number; rules: { id: string; clocks: Record<string, { target?: Record<string, number> }> }[] };
type CalendarJson = { id: string; weekly: Record<string, [string, string][]>; holidays: { date: string; name: string }[] };

describe('service clocks', () => {
  it('run, warn at 75 % and 90 %, and breach; the next change is announced', () => {
    // General inquiry by phone: first response within one general-support day (15 open hours).
    const history = caseHistory().created(TUE_0900);
    const early = clocks(history, '2026-01-06T15:00:00Z').first_response!;
    expect(early).toMatchObject({ state: 'running', kind: 'service', totalBusinessMinutes: 900, elapsedBusinessMinutes: 60, warningLevel: 0, calendarId: 'general-support', editableByAgent: true, source: 'default' });
    expect(early.dueAt).toBe('2026-01-07T14:00:00.000Z'); // Wednesday 09:00 EST
    expect(early.nextChangeAt).toBe('2026-01-07T01:15:00.000Z'); // 675 open minutes in: Tuesday 20:15 EST
    expect(early.remainingBusinessMs).toBe(840 * 60_000);
    expect(early.msUntilDue).toBe(23 * 3_600_000);

    expect(clocks(history, '2026-01-07T01:15:00Z').first_response).toMatchObject({ state: 'warning', warningLevel: 1 });
    // 90 % is 810 open minutes: 13 h to closing at 22:00, then 30 min from 07:00 Wednesday.
    expect(clocks(history, '2026-01-07T12:29:00Z').first_response).toMatchObject({ state: 'warning', warningLevel: 1 });
    expect(clocks(history, '2026-01-07T12:30:00Z').first_response).toMatchObject({ state: 'warning', warningLevel: 2, nextChangeAt: '2026-01-07T14:00:00.000Z' });
    const late = clocks(history, '2026-01-07T15:00:00Z').first_response!;
    expect(late).toMatchObject({ state: 'breached', overdueBusinessMs: 3_600_000, remainingBusinessMs: 0, msUntilDue: -3_600_000, nextChangeAt: null });
  });

  it('a met first response stops its clock; a late one stays breached', () => {
    const onTime = caseHistory().created(TUE_0900).message('2026-01-06T16:00:00Z', 'acknowledgement');
    const met = clocks(onTime, '2026-02-01T00:00:00Z').first_response!;
    expect(met).toMatchObject({ state: 'met', stoppedAt: '2026-01-06T16:00:00.000Z', elapsedBusinessMinutes: 120, nextChangeAt: null, paused: false });

    const tooLate = caseHistory().created(TUE_0900).message('2026-01-07T15:00:00Z', 'response');
    expect(clocks(tooLate, '2026-02-01T00:00:00Z').first_response).toMatchObject({ state: 'breached', overdueBusinessMs: 3_600_000 });
  });

  it('a resolution met before any message also meets the first response', () => {
    const history = caseHistory().created(TUE_0900).resolved('2026-01-06T14:20:00Z');
    expect(clocks(history, '2026-01-10T00:00:00Z').first_response).toMatchObject({ state: 'met', stoppedAt: '2026-01-06T14:20:00.000Z' });
  });

  it('each status update restarts the recurring update clock, until the case is resolved', () => {
    // Card dispute: status update every 3 business days (36 open hours Mon–Fri 08:00–20:00).
    const history = caseHistory().created(TUE_0900, { caseType: 'card_dispute' });
    expect(clocks(history, '2026-01-07T14:00:00Z').status_update).toMatchObject({ startedAt: '2026-01-06T14:00:00.000Z', dueAt: '2026-01-09T14:00:00.000Z' });
    history.message('2026-01-08T20:00:00Z', 'status_update'); // Thursday 15:00 EST
    const restarted = clocks(history, '2026-01-09T14:00:00Z').status_update!;
    expect(restarted).toMatchObject({ state: 'running', startedAt: '2026-01-08T20:00:00.000Z', dueAt: '2026-01-13T20:00:00.000Z' });
    history.message('2026-01-12T14:00:00Z', 'status_update');
    expect(clocks(history, '2026-01-12T15:00:00Z').status_update).toMatchObject({ startedAt: '2026-01-12T14:00:00.000Z', elapsedBusinessMinutes: 60 });
    history.resolved('2026-01-13T14:00:00Z');
    expect(clocks(history, '2026-03-01T00:00:00Z').status_update).toMatchObject({ state: 'met', stoppedAt: '2026-01-13T14:00:00.000Z' });
  });

  it('the email response clock is met only by a response, not by an acknowledgement', () => {
    const history = caseHistory().created(TUE_0900, { channel: 'email' }).message('2026-01-06T14:30:00Z', 'acknowledgement');
    const now = clocks(history, '2026-01-06T15:00:00Z');
    expect(now.first_response).toMatchObject({ state: 'met', label: 'Acknowledge (email)' });
    expect(now.response).toMatchObject({ state: 'running', label: 'Email response' });
    history.message('2026-01-06T16:00:00Z', 'response');
    expect(clocks(history, '2026-01-06T17:00:00Z').response).toMatchObject({ state: 'met' });
  });

  it('raising severity applies the stricter targets measured from creation', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'payment_failure' }).severity('2026-01-06T14:05:00Z', 'S1');
    const now = clocks(history, '2026-01-06T14:20:00Z');
    expect(now.first_response).toMatchObject({ state: 'breached', totalBusinessMinutes: 15, calendarId: 'always' });
    expect(now.remediation_plan).toMatchObject({ state: 'running', dueAt: '2026-01-06T16:00:00.000Z', clockType: 'response' });
  });

  it('clamps event times to [creation, now], so a device clock running ahead cannot meet a clock early', () => {
    const history = caseHistory().created(TUE_0900).message('2026-01-06T20:00:00Z', 'response');
    expect(clocks(history, '2026-01-06T15:00:00Z').first_response).toMatchObject({ state: 'met', stoppedAt: '2026-01-06T15:00:00.000Z' });
    expect(computeClocks({ events: [], customerTier: null, ...config, now: TUE_0900 })).toEqual([]);
  });
});

describe('known failures of other helpdesks', () => {
  it('time paused while waiting on the customer does not leak into the resolution clock', () => {
    // Billing dispute: resolution in 7 business days (84 open hours Mon–Fri 08:00–20:00).
    const history = caseHistory()
      .created(TUE_0900, { caseType: 'billing_dispute' })
      .message('2026-01-06T14:30:00Z', 'acknowledgement')
      .waitOnCustomer('2026-01-06T15:00:00Z'); // Tue 10:00 EST
    const paused = clocks(history, '2026-01-07T17:00:00Z').resolution!;
    expect(paused).toMatchObject({ state: 'paused', paused: true, elapsedBusinessMinutes: 60, remainingBusinessMs: 83 * 3_600_000, nextChangeAt: null });

    history.reopenStatus('2026-01-08T15:00:00Z'); // Thu 10:00 EST: the customer answered
    const resumed = clocks(history, '2026-01-08T16:00:00Z').resolution!;
    expect(resumed).toMatchObject({ state: 'running', paused: false, elapsedBusinessMinutes: 120 });
    // 82 open hours from Thu 11:00 EST, skipping MLK day: Tue 2026-01-20 09:00 EST.
    expect(resumed.dueAt).toBe('2026-01-20T14:00:00.000Z');
    // An inbound contact also ends the wait (as the case reducer says).
    const viaContact = caseHistory().created(TUE_0900, { caseType: 'billing_dispute' }).waitOnCustomer('2026-01-06T15:00:00Z').inboundContact('2026-01-08T15:00:00Z');
    expect(clocks(viaContact, '2026-01-08T16:00:00Z').resolution).toMatchObject({ elapsedBusinessMinutes: 120, paused: false });
  });

  it('a paused case that goes straight to resolved does not count the wait', () => {
    const history = caseHistory()
      .created(TUE_0900, { caseType: 'billing_dispute' })
      .waitOnCustomer('2026-01-06T15:00:00Z')
      .resolved('2026-01-12T15:00:00Z'); // resolved the next Monday, still waiting
    expect(clocks(history, '2026-02-15T00:00:00Z').resolution).toMatchObject({ state: 'met', paused: false, elapsedBusinessMinutes: 60, stoppedAt: '2026-01-12T15:00:00.000Z' });
  });

  it('pause time over a holiday never counts, nor does the holiday itself', () => {
    // Fri 2026-01-16 10:00 EST; the weekend and MLK day are closed on the business calendar.
    const running = caseHistory().created('2026-01-16T15:00:00Z', { caseType: 'billing_dispute' });
    expect(clocks(running, '2026-01-20T13:00:00Z').resolution).toMatchObject({ elapsedBusinessMinutes: 600 });
    const paused = caseHistory()
      .created('2026-01-16T15:00:00Z', { caseType: 'billing_dispute' })
      .waitOnCustomer('2026-01-16T17:00:00Z') // Fri 12:00 EST
      .reopenStatus('2026-01-20T13:30:00Z'); // Tue 08:30 EST
    expect(clocks(paused, '2026-01-20T14:00:00Z').resolution).toMatchObject({ elapsedBusinessMinutes: 150 });
  });

  it('a reopened case does not keep a stale breach: reopening starts a fresh resolution clock', () => {
    // Account lock: resolve in 2 h on the 24/7 calendar; resolved after 3 h (late).
    const history = caseHistory().created(TUE_0900, { caseType: 'account_lock' }).resolved('2026-01-06T17:00:00Z');
    expect(clocks(history, '2026-01-06T17:30:00Z').resolution).toMatchObject({ state: 'breached', overdueBusinessMs: 3_600_000 });
    history.reopened('2026-01-07T12:00:00Z');
    const fresh = clocks(history, '2026-01-07T12:30:00Z').resolution!;
    expect(fresh).toMatchObject({ state: 'running', startedAt: '2026-01-07T12:00:00.000Z', dueAt: '2026-01-07T14:00:00.000Z', elapsedBusinessMinutes: 30, overdueBusinessMs: 0, stoppedAt: null });
  });

  it('a changed holiday list reaches open cases on the next computation', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'billing_dispute' });
    expect(clocks(history, '2026-01-07T15:00:00Z').resolution!.dueAt).toBe('2026-01-15T14:00:00.000Z');
    const withExtraHoliday = configWith({ calendar: (id, json) => id === 'business-weekdays' && json.holidays.push({ date: '2026-01-08', name: 'Storm closure' }) });
    expect(clocks(history, '2026-01-07T15:00:00Z', {}, withExtraHoliday).resolution!.dueAt).toBe('2026-01-16T14:00:00.000Z');
  });

  it('changed calendar hours reach open cases on the next computation', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'billing_dispute' });
    const longerDays = configWith({
      calendar: (id, json) => {
        if (id !== 'business-weekdays') return;
        for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) json.weekly[day] = [['08:00', '21:00']];
      },
    });
    // 7 business days are now 7 × 13 h = 91 open hours: still due at 09:00 on the 7th business day.
    const due = clocks(history, '2026-01-07T15:00:00Z', {}, longerDays).resolution!;
    expect(due).toMatchObject({ dueAt: '2026-01-15T14:00:00.000Z', totalBusinessMinutes: 91 * 60, elapsedBusinessMinutes: 14 * 60 });
  });

  it('a changed policy reaches open cases on the next computation', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'billing_dispute' });
    const faster = configWith({
      policies: (json) => {
        json.version = 2;
        json.rules.find((rule) => rule.id === 'billing-dispute')!.clocks.resolution!.target = { days: 3 };
      },
    });
    expect(clocks(history, '2026-01-07T15:00:00Z', {}, faster).resolution).toMatchObject({ dueAt: '2026-01-09T14:00:00.000Z', policyVersion: 2 });
  });

  it('an agent in another time zone does not see fresh cases as breached', () => {
    const saved = process.env.TZ;
    const results: SlaClock[][] = [];
    try {
      for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Kolkata']) {
        process.env.TZ = zone;
        const history = caseHistory().created('2026-01-06T23:59:00Z', { caseType: 'complaint', channel: 'chat', severity: 'S2' });
        // The agent's machine reports "now" in its own offset: the same instant ten seconds later.
        results.push(computeClocks({ events: history.events, customerTier: 'premium', ...config, now: '2026-01-07T13:59:10+14:00' }));
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    for (const clock of results[0]!) expect(clock.state).not.toBe('breached');
    expect(results[0]!.find((clock) => clock.id === 'first_response')).toMatchObject({ state: 'running', elapsedBusinessMinutes: 10 / 60, totalBusinessMinutes: 0.5 });
  });

  it('an update clock does not escalate when the agent already replied', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'card_dispute' }).message('2026-01-09T15:00:00Z', 'response'); // Fri 10:00 EST
    // 51 open hours after creation, but only 14 after the reply.
    const update = clocks(history, '2026-01-12T17:00:00Z').status_update!;
    expect(update).toMatchObject({ state: 'running', startedAt: '2026-01-09T15:00:00.000Z', elapsedBusinessMinutes: 14 * 60 });
    const withoutReply = caseHistory().created(TUE_0900, { caseType: 'card_dispute' });
    expect(clocks(withoutReply, '2026-01-12T17:00:00Z').status_update).toMatchObject({ state: 'breached' });
  });
});

describe('statutory clocks', () => {
  it('regulatory complaint: final response in 30 calendar days, never paused, not editable', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'regulatory_complaint' }).waitOnCustomer('2026-01-07T14:00:00Z');
    const now = clocks(history, '2026-01-17T14:00:00Z');
    expect(now['statutory:regulatory_final_response']).toMatchObject({
      kind: 'statutory',
      editableByAgent: false,
      state: 'running',
      paused: false,
      dueAt: '2026-02-05T14:00:00.000Z',
      elapsedBusinessMinutes: 11 * 24 * 60,
      calendarId: 'calendar-days',
    });
    expect(now.resolution).toMatchObject({ state: 'paused', elapsedBusinessMinutes: 24 * 60 });
  });

  it('statutory clocks are not restarted by a reopen', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'regulatory_complaint' }).resolved('2026-01-20T14:00:00Z').reopened('2026-01-25T14:00:00Z');
    const now = clocks(history, '2026-03-01T14:00:00Z');
    expect(now['statutory:regulatory_final_response']).toMatchObject({ state: 'met', stoppedAt: '2026-01-20T14:00:00.000Z' });
    expect(now.resolution).toMatchObject({ state: 'breached', startedAt: '2026-01-25T14:00:00.000Z' });
  });

  it('data subject request: 30 days', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'data_subject_request' });
    expect(clocks(history, '2026-02-06T14:00:00Z')['statutory:data_subject_response']).toMatchObject({ state: 'breached', dueAt: '2026-02-05T14:00:00.000Z', editableByAgent: false });
  });

  it('card dispute without facts: Reg E, provisional credit in 10 business days, investigation in 45 days', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'card_dispute' });
    const now = clocks(history, '2026-01-07T14:00:00Z');
    // 120 open hours Mon–Fri 08:00–20:00, skipping MLK day: Wednesday 2026-01-21 09:00 EST.
    expect(now['statutory:reg_e_provisional_credit']).toMatchObject({ dueAt: '2026-01-21T14:00:00.000Z', calendarId: 'business-weekdays', totalBusinessMinutes: 10 * 12 * 60 });
    expect(now['statutory:reg_e_investigation']).toMatchObject({ dueAt: '2026-02-20T14:00:00.000Z', calendarId: 'calendar-days' });
  });

  it('Reg E: 90 days for new accounts, point-of-sale and foreign transactions; 20 business days of provisional credit for new accounts', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'card_dispute' });
    const at = '2026-01-07T14:00:00Z';
    const pos = clocks(history, at, { disputeFacts: { regime: 'reg_e', pointOfSale: true } });
    expect(pos['statutory:reg_e_investigation']!.dueAt).toBe('2026-04-06T14:00:00.000Z');
    expect(pos['statutory:reg_e_provisional_credit']!.totalBusinessMinutes).toBe(10 * 12 * 60);
    expect(clocks(history, at, { disputeFacts: { regime: 'reg_e', foreignTransaction: true } })['statutory:reg_e_investigation']!.dueAt).toBe('2026-04-06T14:00:00.000Z');
    const fresh = clocks(history, at, { disputeFacts: { regime: 'reg_e', newAccount: true } });
    expect(fresh['statutory:reg_e_investigation']!.dueAt).toBe('2026-04-06T14:00:00.000Z');
    expect(fresh['statutory:reg_e_provisional_credit']!.totalBusinessMinutes).toBe(20 * 12 * 60);
  });

  it('Reg E provisional credit is met when the credit is approved, or when the case is resolved first', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'card_dispute' }).provisionalCredit('2026-01-08T14:00:00Z', 'supervisor');
    expect(clocks(history, '2026-01-09T14:00:00Z')['statutory:reg_e_provisional_credit']!.state).toBe('running');
    history.approve('2026-01-09T15:00:00Z');
    expect(clocks(history, '2026-01-30T14:00:00Z')['statutory:reg_e_provisional_credit']).toMatchObject({ state: 'met', stoppedAt: '2026-01-09T15:00:00.000Z' });
    expect(clocks(history, '2026-01-30T14:00:00Z')['statutory:reg_e_investigation']!.state).toBe('running');
    const resolvedFast = caseHistory().created(TUE_0900, { caseType: 'card_dispute' }).resolved('2026-01-12T14:00:00Z');
    expect(clocks(resolvedFast, '2026-03-30T14:00:00Z')['statutory:reg_e_provisional_credit']!.state).toBe('met');
  });

  it('Reg Z: acknowledge in 30 days; resolve within two complete billing cycles, at most 90 days', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'billing_dispute' });
    const noCycle = clocks(history, '2026-01-07T14:00:00Z', { disputeFacts: { regime: 'reg_z' } });
    expect(noCycle['statutory:reg_z_acknowledgement']!.dueAt).toBe('2026-02-05T14:00:00.000Z');
    expect(noCycle['statutory:reg_z_resolution']!.dueAt).toBe('2026-04-06T14:00:00.000Z');
    expect(noCycle['statutory:reg_e_provisional_credit']).toBeUndefined();
    const cycles = clocks(history, '2026-01-07T14:00:00Z', { disputeFacts: { regime: 'reg_z', statementClosingAt: '2026-01-20T05:00:00Z', billingCycleDays: 30 } });
    expect(cycles['statutory:reg_z_resolution']!.dueAt).toBe('2026-03-21T05:00:00.000Z');
    const longCycles = clocks(history, '2026-01-07T14:00:00Z', { disputeFacts: { regime: 'reg_z', statementClosingAt: '2026-02-04T05:00:00Z', billingCycleDays: 45 } });
    expect(longCycles['statutory:reg_z_resolution']!.dueAt).toBe('2026-04-06T14:00:00.000Z'); // 90 days comes first
    history.message('2026-01-08T14:00:00Z', 'acknowledgement');
    expect(clocks(history, '2026-01-09T14:00:00Z', { disputeFacts: { regime: 'reg_z' } })['statutory:reg_z_acknowledgement']!.state).toBe('met');
  });

  it('service case types get no statutory clocks', () => {
    const history = caseHistory().created(TUE_0900, { caseType: 'general_inquiry' });
    expect(Object.keys(clocks(history, '2026-01-07T14:00:00Z')).filter((id) => id.startsWith('statutory:'))).toEqual([]);
  });
});

describe('refreshClock', () => {
  const START = Date.parse('2026-01-02T12:00:00Z');
  const step = fc.record({
    op: fc.constantFrom('ack', 'response', 'update', 'wait', 'open', 'inbound', 'resolve', 'reopen', 'close', 'severity', 'credit', 'evidence', 'escalate'),
    gapMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    severity: fc.constantFrom(...Severity.options),
  });

  it('brought forward to a later instant, equals a full recomputation when no event happened since', () => {
    fc.assert(
      fc.property(
        fc.record({ caseType: fc.constantFrom(...CaseType.options), severity: fc.constantFrom(...Severity.options), channel: fc.constantFrom(...Channel.options), tier: fc.constantFrom(...CustomerTier.options) }),
        fc.array(step, { maxLength: 8 }),
        fc.integer({ min: 0, max: 5 * 24 * 60 }),
        fc.integer({ min: 1, max: 20 * 24 * 60 }),
        fc.boolean(),
        (kase, steps, pauseBefore, later, newAccount) => {
          const history = caseHistory().created(new Date(START).toISOString(), { caseType: kase.caseType, severity: kase.severity, channel: kase.channel });
          let t = START;
          for (const s of steps) {
            t += s.gapMinutes * 60_000;
            const at = new Date(t).toISOString();
            if (s.op === 'ack') history.message(at, 'acknowledgement');
            else if (s.op === 'response') history.message(at, 'response');
            else if (s.op === 'update') history.message(at, 'status_update');
            else if (s.op === 'wait') history.waitOnCustomer(at);
            else if (s.op === 'open') history.reopenStatus(at);
            else if (s.op === 'inbound') history.inboundContact(at);
            else if (s.op === 'resolve') history.resolved(at);
            else if (s.op === 'reopen') history.reopened(at);
            else if (s.op === 'close') history.closed(at);
            else if (s.op === 'severity') history.severity(at, s.severity);
            else if (s.op === 'evidence') history.answer(at, 'evidenceDueAgreed', true);
            else if (s.op === 'escalate') history.escalated(at, 4);
            else history.provisionalCredit(at, 'none', `credit-${t}`);
          }
          const t0 = t + pauseBefore * 60_000;
          const t1 = t0 + later * 60_000;
          const input = { events: history.events, customerTier: kase.tier, ...config, disputeFacts: { regime: 'reg_e' as const, newAccount } };
          const before = computeClocks({ ...input, now: t0 });
          const after = computeClocks({ ...input, now: t1 });
          expect(before.map((clock) => refreshClock(clock, t1, config))).toEqual(after);
          for (const clock of after) {
            expect(clock.elapsedBusinessMinutes).toBeGreaterThanOrEqual(0);
            expect(clock.remainingBusinessMs === 0 || clock.overdueBusinessMs === 0).toBe(true);
            if (clock.kind === 'statutory') expect(clock.paused).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
