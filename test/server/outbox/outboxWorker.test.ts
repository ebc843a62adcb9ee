import { randomUUID } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import type { Database } from '../../../src/server/db/database';
import { createOutboxWorker, type DeliveryAnswer, type OutboxWorkerOptions } from '../../../src/server/outbox/outboxWorker';
import { retryDelayMs } from '../../../src/server/outbox/retryPolicy';
import { describeEachBackend } from '../helpers/backends';
import { movableClock, recordingLog } from '../sla/slaTestKit';

const T0 = new Date('2026-03-02T12:00:00.000Z');
const LEASE_MS = 60_000;

type Message = { id: string; attempts: number; body: string };
type Outcome = { id: string; body: string; attempt: number; state: string; error: string | null; nextAttemptAt: Date | null };

/** An outbox table of the test's own, so the worker is seen apart from any one table it serves. */
async function setup(db: Database): Promise<void> {
  await db.exec(`CREATE TABLE test_outbox (
    id uuid PRIMARY KEY,
    body text NOT NULL,
    state text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error text)`);
}

describeEachBackend(
  'outbox worker',
  (suite) => {
    const enqueue = async (bodies: string[], at = T0) => {
      for (const body of bodies) await suite.db.query(`INSERT INTO test_outbox (id, body, state, next_attempt_at) VALUES ($1, $2, 'queued', $3)`, [randomUUID(), body, at]);
    };
    const rowOf = async (body: string) =>
      (await suite.db.query<{ state: string; attempts: number; next_attempt_at: unknown; last_error: string | null }>('SELECT state, attempts, next_attempt_at, last_error FROM test_outbox WHERE body = $1', [body])).rows[0];

    /** A worker on test_outbox whose sending is `deliver`; what it records is plain columns. */
    const worker = (deliver: (row: Message) => Promise<DeliveryAnswer<null>>, extra: Partial<OutboxWorkerOptions<Message, null, Outcome>> = {}) =>
      createOutboxWorker<Message, null, Outcome>({
        db: suite.db,
        outbox: { table: 'test_outbox', pending: "state IN ('queued', 'retrying')", columns: 'o.body' },
        deliver,
        async record(row, { attempt, state, error, nextAttemptAt }) {
          await suite.db.query('UPDATE test_outbox SET state = $2, attempts = $3, next_attempt_at = $4, last_error = $5 WHERE id = $1', [row.id, state, attempt, nextAttemptAt, error]);
          return { id: row.id, body: row.body, attempt, state, error, nextAttemptAt };
        },
        async recordUndeliverable(row, reason) {
          await suite.db.query("UPDATE test_outbox SET state = 'undeliverable', next_attempt_at = NULL, last_error = $2 WHERE id = $1", [row.id, reason]);
          return { id: row.id, body: row.body, attempt: row.attempts, state: 'undeliverable', error: reason, nextAttemptAt: null };
        },
        describe: (row) => `test message ${row.body}`,
        name: 'test outbox',
        retry: { firstDelayMs: 1_000, maxDelayMs: 4_000, maxAttempts: 5 },
        leaseMs: LEASE_MS,
        batchSize: 10,
        intervalMs: 1_000,
        now: () => T0,
        log: recordingLog(),
        ...extra,
      });
    const sent = async () => ({ error: null, detail: null });
    const refused = async () => ({ error: 'receiver refused', detail: null });

    beforeEach(async () => {
      await suite.db.query('DELETE FROM test_outbox');
    });

    it('waits twice as long after each failure up to the cap, then fails the row for good and says so in the log', async () => {
      await enqueue(['flaky']);
      const clock = movableClock(T0);
      const log = recordingLog();
      const flaky = worker(refused, { now: clock.now, log });
      const waits: (number | null)[] = [];
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const [outcome] = await flaky.deliverDue();
        expect(outcome).toMatchObject({ attempt, error: 'receiver refused', state: attempt < 5 ? 'retrying' : 'failed' });
        waits.push(outcome?.nextAttemptAt ? outcome.nextAttemptAt.getTime() - clock.now().getTime() : null);
        if (!outcome?.nextAttemptAt) break;
        // One millisecond early the row is not due; on time it is.
        clock.set(new Date(outcome.nextAttemptAt.getTime() - 1));
        expect(await flaky.deliverDue()).toEqual([]);
        clock.advance(1);
      }
      expect(waits).toEqual([1_000, 2_000, 4_000, 4_000, null]);
      expect(waits).toEqual([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, { firstDelayMs: 1_000, maxDelayMs: 4_000, maxAttempts: 5 })));
      expect(await rowOf('flaky')).toMatchObject({ state: 'failed', attempts: 5, next_attempt_at: null, last_error: 'receiver refused' });
      expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(4);
      expect(log.lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual(['test message flaky failed for good after 5 attempt(s): receiver refused']);
      // A failed row is never claimed again.
      clock.advance(24 * 3_600_000);
      expect(await flaky.deliverDue()).toEqual([]);
    });

    it('fails a row at once on a permanent refusal, and records an undeliverable one without counting an attempt', async () => {
      await enqueue(['permanent', 'nowhere']);
      const outcomes = await worker(async (row) => (row.body === 'nowhere' ? { undeliverable: 'no route is configured' } : { error: 'no such mailbox', permanent: true, detail: null })).deliverDue();
      expect(outcomes.map((outcome) => [outcome.body, outcome.state, outcome.attempt]).sort()).toEqual([
        ['nowhere', 'undeliverable', 0],
        ['permanent', 'failed', 1],
      ]);
      expect(await rowOf('permanent')).toMatchObject({ state: 'failed', attempts: 1, next_attempt_at: null });
      expect(await rowOf('nowhere')).toMatchObject({ state: 'undeliverable', attempts: 0, last_error: 'no route is configured' });
    });

    it('holds a claimed row for the lease; once the lease passes, another worker claims it again', async () => {
      await enqueue(['slow']);
      let release: () => void = () => undefined;
      let claimedBySlow: () => void = () => undefined;
      const slowClaimed = new Promise<void>((resolve) => (claimedBySlow = resolve));
      const stuck = worker(async () => {
        claimedBySlow();
        await new Promise<void>((resolve) => (release = resolve));
        return { error: null, detail: null };
      });
      const stuckRun = stuck.deliverDue();
      await slowClaimed;

      const clock = movableClock(T0);
      const other = worker(sent, { now: clock.now });
      expect(await other.deliverDue()).toEqual([]);
      clock.advance(LEASE_MS - 1);
      expect(await other.deliverDue()).toEqual([]);
      clock.advance(1);
      // The first worker never recorded its attempt (as if it died mid-send): this is attempt 1 again.
      expect((await other.deliverDue()).map((outcome) => [outcome.body, outcome.attempt, outcome.state])).toEqual([['slow', 1, 'delivered']]);

      release();
      expect((await stuckRun).map((outcome) => [outcome.body, outcome.attempt])).toEqual([['slow', 1]]);
    });

    it('claims at most batchSize rows per round and stops after maxRounds, leaving the rest due for the next run', async () => {
      await enqueue(['a', 'b', 'c', 'd', 'e']);
      const bounded = worker(sent, { batchSize: 2, maxRounds: 2 });
      const first = (await bounded.deliverDue()).map((outcome) => outcome.body);
      expect(first).toHaveLength(4);
      const second = (await bounded.deliverDue()).map((outcome) => outcome.body);
      expect([...first, ...second].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(await bounded.deliverDue()).toEqual([]);
    });

    it('a row that fails at once and is due again at once cannot keep one run going', async () => {
      await enqueue(['instant']);
      const instant = worker(refused, { retry: { firstDelayMs: 0, maxDelayMs: 0, maxAttempts: 100 }, maxRounds: 3 });
      expect((await instant.deliverDue()).map((outcome) => outcome.attempt)).toEqual([1, 2, 3]);
      expect(await rowOf('instant')).toMatchObject({ state: 'retrying', attempts: 3 });
    });

    it('four workers sharing the outbox deliver every row exactly once', async () => {
      const bodies = Array.from({ length: 24 }, (_, index) => `row-${index}`);
      await enqueue(bodies);
      const delivered: string[] = [];
      const slow = async (row: Message) => {
        delivered.push(row.body);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { error: null, detail: null };
      };
      const outcomes = (await Promise.all(Array.from({ length: 4 }, () => worker(slow, { batchSize: 3 }).deliverDue()))).flat();
      expect(delivered.sort()).toEqual([...bodies].sort());
      expect(outcomes.map((outcome) => outcome.body).sort()).toEqual([...bodies].sort());
    });
  },
  setup,
);
