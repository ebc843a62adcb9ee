import { expect, it } from 'vitest';
import { createAutoCloseSweeper, LIFECYCLE_ACTOR_ID } from '../../../src/server/lifecycle/autoCloseSweeper';
import { describeEachBackend } from '../helpers/backends';
import { makeEvent } from '../helpers/events';
import { createdEvent, eventsOf, HOUR, newTestCaseId, prepareDirectory, record, recordingLog } from '../sla/slaTestKit';

const T0 = new Date('2026-03-02T12:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describeEachBackend(
  'automatic closure after the quiet period',
  (suite) => {
    const sweeperAt = (when: Date) => createAutoCloseSweeper({ db: suite.db, quietHours: () => 48, now: () => when, log: recordingLog() });
    const resolved = (caseId: string, when: Date) => makeEvent('case.resolved', { caseId, actorId: 'AGT-001', at: when, payload: { resolution: 'Fee reversed.', code: 'fee_reversed' } });

    it('closes a resolved case quiet for the period, once, as the case service, naming the resolution it closes', async () => {
      const caseId = newTestCaseId();
      const resolution = resolved(caseId, at(HOUR));
      await record(suite.db, [createdEvent(caseId, 'AGT-001', T0), resolution]);

      expect(await sweeperAt(at(HOUR + 47 * HOUR)).sweepNow()).not.toContain(caseId);
      expect(await sweeperAt(at(HOUR + 48 * HOUR)).sweepNow()).toContain(caseId);
      expect(await sweeperAt(at(HOUR + 49 * HOUR)).sweepNow()).not.toContain(caseId);

      const closures = (await eventsOf(suite.db, caseId)).filter((event) => event.type === 'case.closed');
      expect(closures).toEqual([expect.objectContaining({ actorId: LIFECYCLE_ACTOR_ID, payload: { resolutionEventId: resolution.id, automatic: true } })]);
      const { rows } = await suite.db.query<{ status: string }>('SELECT status FROM cases WHERE case_id = $1', [caseId]);
      expect(rows[0]?.status).toBe('closed');
    });

    it('waits again after any change, and leaves open cases alone', async () => {
      const touched = newTestCaseId();
      const open = newTestCaseId();
      await record(suite.db, [createdEvent(touched, 'AGT-001', T0), resolved(touched, at(HOUR)), makeEvent('note.added', { caseId: touched, actorId: 'AGT-001', at: at(30 * HOUR), payload: { text: 'Customer called to thank us.' } })]);
      await record(suite.db, [createdEvent(open, 'AGT-001', T0)]);

      const closed = await sweeperAt(at(60 * HOUR)).sweepNow();
      expect(closed).not.toContain(touched);
      expect(closed).not.toContain(open);
      expect(await sweeperAt(at(78 * HOUR)).sweepNow()).toContain(touched);
    });
  },
  prepareDirectory,
);
