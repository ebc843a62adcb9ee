import { expect, it } from 'vitest';
import { z } from 'zod';
import { createEscalationSweeper, type EscalationSweeperOptions } from '../../../src/server/sla/escalationSweeper';
import { SLA_ACTOR_ID, SLA_DEVICE_ID } from '../../../src/server/sla/planCaseSla';
import { WebhookPayload } from '../../../src/server/webhooks/webhookPayload';
import type { CaseEventOf } from '../../../src/shared/domain/caseEvent';
import { describeEachBackend } from '../helpers/backends';
import { makeEvent } from '../helpers/events';
import {
  createdEvent,
  eventsOf,
  HOUR,
  ManualScheduler,
  messageEvent,
  MINUTE,
  movableClock,
  newTestCaseId,
  ownerOf,
  prepareDirectory,
  record,
  recordingLog,
  testSlaConfig,
  waitingEvent,
  webhookEventsOf,
} from './slaTestKit';

const T0 = new Date('2026-03-02T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SUPERVISOR = 'AGT-014';
const SPECIALIST = 'AGT-013';
const COMPLIANCE = 'AGT-016';

const escalationsIn = (events: readonly { type: string }[]) => events.filter((event): event is CaseEventOf<'case.escalated'> => event.type === 'case.escalated');

describeEachBackend(
  'SLA escalation sweeper',
  (suite) => {
    const config = testSlaConfig();
    const sweeperAt = (when: Date, extra: Partial<EscalationSweeperOptions> = {}) =>
      createEscalationSweeper({ db: suite.db, config: () => config, now: () => when, log: recordingLog(), ...extra });

    it('escalates a case past its first-response due to the owner team supervisor, exactly once', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-001', T0)]);

      const early = await sweeperAt(at(59 * MINUTE)).sweepNow();
      expect(early.escalations.filter((e) => e.caseId === caseId)).toEqual([]);

      const sweepTime = at(HOUR + 5 * MINUTE);
      const report = await sweeperAt(sweepTime).sweepNow();
      expect(report.escalations.filter((e) => e.caseId === caseId)).toEqual([
        expect.objectContaining({ caseId, level: 2, fromOwnerId: 'AGT-001', toOwnerId: SUPERVISOR, clockId: 'first_response' }),
      ]);
      const [escalation, ...more] = escalationsIn(await eventsOf(suite.db, caseId));
      expect(more).toEqual([]);
      expect(escalation).toMatchObject({
        actorId: SLA_ACTOR_ID,
        deviceId: SLA_DEVICE_ID,
        at: sweepTime.toISOString(),
        payload: { level: 2, toOwnerId: SUPERVISOR, automatic: true },
      });
      expect(z.uuid().safeParse(escalation?.id).success).toBe(true);
      expect(escalation?.payload.reason).toContain('(first_response)');
      expect(escalation?.payload.reason).toContain(`due ${at(HOUR).toISOString()}`);
      expect(escalation?.payload.reason).toContain('0h 05m overdue');
      expect(await ownerOf(suite.db, caseId)).toBe(SUPERVISOR);

      // Stored in the log under the seq reported, so desktops get it by the ordinary pull.
      const seq = report.escalations.find((e) => e.caseId === caseId)?.seq ?? -1;
      const stored = await suite.db.query<{ body: unknown }>('SELECT body FROM case_events WHERE seq = $1', [seq]);
      expect(stored.rows[0]?.body).toMatchObject({ id: escalation?.id, type: 'case.escalated', caseId });
    });

    it('does not escalate the same breach twice: sweeping again, a restarted sweeper, two instances at once', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-002', T0)]);
      const when = at(2 * HOUR);
      const sweeper = sweeperAt(when);
      await sweeper.sweepNow();
      await sweeper.sweepNow();
      await sweeperAt(when).sweepNow(); // a fresh sweeper knows nothing in memory: a restart
      await Promise.all([sweeperAt(at(2 * HOUR + MINUTE)).sweepNow(), sweeperAt(at(2 * HOUR + 2 * MINUTE)).sweepNow()]);
      const escalations = escalationsIn(await eventsOf(suite.db, caseId));
      expect(escalations.map((e) => e.payload.level)).toEqual([2]);
      const notices = (await webhookEventsOf(suite.db, caseId)).map((row) => row.type).sort();
      // No sweep ran while the clock was at warning, so only the breach and the escalation are announced.
      expect(notices).toEqual(['case.escalated', 'sla.breached']);
    });

    it('moves to the specialist at the next level, then to executive review, and never past the matrix', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-003', T0, { caseType: 'fraud' })]);
      await sweeperAt(at(HOUR + MINUTE)).sweepNow();
      expect(await ownerOf(suite.db, caseId)).toBe(SUPERVISOR);

      // 24 h of open time past the 1 h first-response due (a 24/7 calendar: wall time).
      await sweeperAt(at(25 * HOUR - MINUTE)).sweepNow();
      expect(await ownerOf(suite.db, caseId)).toBe(SUPERVISOR);
      await sweeperAt(at(25 * HOUR + MINUTE)).sweepNow();
      expect(await ownerOf(suite.db, caseId)).toBe(SPECIALIST);

      await sweeperAt(at(73 * HOUR + MINUTE)).sweepNow();
      expect(await ownerOf(suite.db, caseId)).toBe(COMPLIANCE);
      await sweeperAt(at(400 * HOUR)).sweepNow();
      const escalations = escalationsIn(await eventsOf(suite.db, caseId));
      expect(escalations.map((e) => [e.payload.level, e.payload.toOwnerId])).toEqual([
        [2, SUPERVISOR],
        [3, SPECIALIST],
        [4, COMPLIANCE],
      ]);
      expect(escalations[1]?.payload.reason).toContain('specialist (level 3)');
    });

    it('jumps straight to the level a long-overdue case has reached, in one event', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-004', T0)]);
      await sweeperAt(at(30 * HOUR)).sweepNow(); // the service was down for a day
      expect(escalationsIn(await eventsOf(suite.db, caseId)).map((e) => [e.payload.level, e.payload.toOwnerId])).toEqual([[3, SPECIALIST]]);
    });

    it('sends regulatory complaints to compliance at the specialist step', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-005', T0, { caseType: 'data_subject_request' })]);
      await sweeperAt(at(26 * HOUR)).sweepNow();
      expect(await ownerOf(suite.db, caseId)).toBe(COMPLIANCE);
    });

    it('sends a team without a supervisor to another supervisor', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-007', T0)]); // T1-WEST has no team lead
      await sweeperAt(at(2 * HOUR)).sweepNow();
      expect(await ownerOf(suite.db, caseId)).toBe(SUPERVISOR);
    });

    it('does not escalate a resolution clock paused while waiting on the customer', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-006', T0), messageEvent(caseId, 'AGT-006', at(10 * MINUTE)), waitingEvent(caseId, 'AGT-006', at(HOUR))]);
      // Wall time is far past the 8 h target, but only the first hour counted.
      const report = await sweeperAt(at(48 * HOUR)).sweepNow();
      expect(report.escalations.filter((e) => e.caseId === caseId)).toEqual([]);
      expect(escalationsIn(await eventsOf(suite.db, caseId))).toEqual([]);
      // The agent's own "Wait on customer" is announced; the sweeper adds no SLA warning or breach.
      expect((await webhookEventsOf(suite.db, caseId)).map((row) => row.type)).toEqual(['case.status_changed']);
      expect(await ownerOf(suite.db, caseId)).toBe('AGT-006');
    });

    it('does not escalate a met clock', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-008', T0), messageEvent(caseId, 'AGT-008', at(30 * MINUTE))]);
      // First response met; resolution at 5/8 h is still running.
      await sweeperAt(at(5 * HOUR)).sweepNow();
      expect(escalationsIn(await eventsOf(suite.db, caseId))).toEqual([]);
      expect(await webhookEventsOf(suite.db, caseId)).toEqual([]);
    });

    it('notifies a statutory breach once and does not reassign the case', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-016', T0, { caseType: 'regulatory_complaint' }), messageEvent(caseId, 'AGT-016', at(5 * MINUTE))]);
      await sweeperAt(at(31 * 24 * HOUR)).sweepNow();
      await sweeperAt(at(32 * 24 * HOUR)).sweepNow();
      expect(escalationsIn(await eventsOf(suite.db, caseId))).toEqual([]);
      expect(await ownerOf(suite.db, caseId)).toBe('AGT-016');
      const notices = await webhookEventsOf(suite.db, caseId);
      expect(notices.map((row) => row.type)).toEqual(['sla.breached']);
      const payload = WebhookPayload.parse(JSON.parse(notices[0]?.body ?? '{}'));
      expect(payload).toMatchObject({ caseId, type: 'sla.breached', occurredAt: at(30 * 24 * HOUR).toISOString() });
      expect(payload.data).toMatchObject({ clock: { id: 'statutory:regulatory_final_response', kind: 'statutory', state: 'breached' } });
    });

    it('publishes each warning level once per clock', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-009', T0)]);
      const sweeper = sweeperAt(at(46 * MINUTE)); // 75 % of the first hour
      await sweeper.sweepNow();
      await sweeper.sweepNow();
      await sweeperAt(at(50 * MINUTE)).sweepNow();
      expect((await webhookEventsOf(suite.db, caseId)).map((row) => row.type)).toEqual(['sla.warning']);
      await sweeperAt(at(55 * MINUTE)).sweepNow(); // 90 %
      const warnings = (await webhookEventsOf(suite.db, caseId)).map((row) => WebhookPayload.parse(JSON.parse(row.body)));
      expect(warnings.map((w) => [w.type, (w.data.clock as { warningLevel: number }).warningLevel])).toEqual([
        ['sla.warning', 1],
        ['sla.warning', 2],
      ]);
    });

    it('leaves a case already escalated by hand at or above the level alone', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [
        createdEvent(caseId, 'AGT-010', T0),
        makeEvent('case.escalated', { caseId, actorId: 'AGT-010', at: at(30 * MINUTE), payload: { level: 3, toOwnerId: SPECIALIST, reason: 'By hand', automatic: false } }),
      ]);
      await sweeperAt(at(3 * HOUR)).sweepNow();
      expect(escalationsIn(await eventsOf(suite.db, caseId)).map((e) => e.payload.automatic)).toEqual([false]);
    });

    it('moves a case escalated by hand to the supervisor (level 2) on to a specialist (level 3) while it stays overdue', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [
        createdEvent(caseId, 'AGT-001', T0),
        makeEvent('case.escalated', { caseId, actorId: 'AGT-001', at: at(30 * MINUTE), payload: { level: 2, toOwnerId: SUPERVISOR, reason: 'Customer asked for a supervisor', automatic: false } }),
      ]);
      // Breached (due T0 + 1 h) but already at the supervisor: nothing to do until the specialist step.
      await sweeperAt(at(2 * HOUR)).sweepNow();
      expect(escalationsIn(await eventsOf(suite.db, caseId)).map((e) => [e.payload.level, e.payload.automatic])).toEqual([[2, false]]);

      await sweeperAt(at(25 * HOUR + MINUTE)).sweepNow();
      expect(escalationsIn(await eventsOf(suite.db, caseId)).map((e) => [e.payload.level, e.payload.toOwnerId, e.payload.automatic])).toEqual([
        [2, SUPERVISOR, false],
        [3, SPECIALIST, true],
      ]);
      expect(await ownerOf(suite.db, caseId)).toBe(SPECIALIST);
    });

    it('skips sweeping while no valid configuration is in force', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-011', T0)]);
      const report = await createEscalationSweeper({ db: suite.db, config: () => null, now: () => at(10 * HOUR), log: recordingLog() }).sweepNow();
      expect(report.skipped).toBe('no_configuration');
      expect(escalationsIn(await eventsOf(suite.db, caseId))).toEqual([]);
    });

    it('sweeps on its timer and stops cleanly', async () => {
      const caseId = newTestCaseId();
      await record(suite.db, [createdEvent(caseId, 'AGT-012', T0)]);
      const scheduler = new ManualScheduler();
      const clock = movableClock(at(30 * MINUTE));
      const sweeper = createEscalationSweeper({ db: suite.db, config: () => config, now: clock.now, log: recordingLog(), scheduler, intervalMs: 30_000 });
      sweeper.start();
      expect([...scheduler.pending.values()].map((timer) => timer.ms)).toEqual([30_000]);
      clock.set(at(2 * HOUR));
      scheduler.fireAll();
      await expect.poll(async () => escalationsIn(await eventsOf(suite.db, caseId)).length).toBe(1);
      await expect.poll(() => scheduler.pending.size).toBe(1); // the next sweep is scheduled after this one ended
      await sweeper.stop();
      expect(scheduler.pending.size).toBe(0);
    });
  },
  prepareDirectory,
);
