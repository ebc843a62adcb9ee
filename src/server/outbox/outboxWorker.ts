import type { Database, Row as DatabaseRow } from '../db/database';
import { periodicTask, timerScheduler, type Scheduler } from '../sla/periodicTask';
import type { ServiceLog } from '../sla/serviceLog';
import { retryDelayMs, type RetryPolicy } from './retryPolicy';

/**
 * Where an outbox lives. Every outbox table has `id`, `attempts` and `next_attempt_at` (which is
 * also the lease of a claimed row). The strings are the caller's constants, never input.
 */
export interface OutboxTable {
  table: string;
  /** Condition on the table's own columns for a row still to be sent, e.g. `status = 'pending'`. */
  pending: string;
  /** What else a claimed row returns, from the table (alias `o`) and any joined one. */
  columns: string;
  /** A table joined to read what is sent, e.g. `{ from: 'webhook_events e', on: 'e.id = o.event_id' }`. */
  join?: { from: string; on: string };
}

/** A claimed row: its id and how many attempts it has had before this one. */
export type OutboxRow = DatabaseRow & {
  id: string;
  attempts: number;
};

/** What one attempt at sending came to, as the caller's `deliver` tells it. */
export type DeliveryAnswer<Detail> =
  /** Sent (error null) or not (error says why); permanent: no retry could help, so the row fails now. */
  | { error: string | null; permanent?: boolean; detail: Detail }
  /** Nowhere to send it (its channel or endpoint is not configured): recorded without counting an attempt. */
  | { undeliverable: string };

/** One finished attempt, with its retry already decided, for the caller's `record`. */
export interface AttemptRecord<Detail> {
  /** 1-based: the row's attempts after this one. */
  attempt: number;
  attemptedAt: Date;
  durationMs: number;
  state: 'delivered' | 'retrying' | 'failed';
  error: string | null;
  /** When the retry is due; null once delivered or given up. */
  nextAttemptAt: Date | null;
  detail: Detail;
}

export interface OutboxWorkerOptions<Row extends OutboxRow, Detail, Outcome> {
  db: Database;
  outbox: OutboxTable;
  /** Sends one claimed row; `attempt` is the number this attempt will have, `attemptedAt` when it started. */
  deliver(row: Row, attempt: { number: number; attemptedAt: Date }): Promise<DeliveryAnswer<Detail>>;
  /** Writes the attempt's outcome to the row (and any attempt log) and answers what the run reports. */
  record(row: Row, attempt: AttemptRecord<Detail>): Promise<Outcome>;
  /** Writes why the row cannot be sent at all. */
  recordUndeliverable(row: Row, reason: string): Promise<Outcome>;
  /** The row in words for the service log, e.g. `webhook <id> to <url>`. */
  describe(row: Row): string;
  /** What a whole run is called in the log when it fails, e.g. `webhook delivery`. */
  name: string;
  retry: RetryPolicy;
  /** How long a claimed row is held before another worker may take it again: longer than an attempt can take. */
  leaseMs: number;
  /** Rows claimed and sent together per round trip to the database. */
  batchSize: number;
  /** Claims per run at the most, so rows that fail at once cannot keep one run going forever. Default 50. */
  maxRounds?: number;
  intervalMs: number;
  now?: () => Date;
  scheduler?: Scheduler;
  log: ServiceLog;
}

export interface OutboxWorker<Outcome> {
  /** Sends every row due now (claiming batches until none is left or the rounds run out) and reports each attempt. */
  deliverDue(): Promise<Outcome[]>;
  /** Asks for a run soon (after an enqueue). */
  trigger(): void;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The delivery loop every outbox shares: claims due rows (FOR UPDATE SKIP LOCKED, and a lease in
 * next_attempt_at, so several service instances share one outbox and none sends a row another
 * holds; a worker that dies mid-send leaves its rows due again once the lease passes), sends
 * each, and records the outcome. A failed attempt is retried with back-off from the durable
 * next_attempt_at, so retries survive a restart, up to the policy's attempts; then the row fails
 * with its last error. Delivery is at least once: receivers dedupe on the row's id.
 */
export function createOutboxWorker<Row extends OutboxRow, Detail, Outcome>(options: OutboxWorkerOptions<Row, Detail, Outcome>): OutboxWorker<Outcome> {
  const { db, outbox, log, retry } = options;
  const now = options.now ?? (() => new Date());
  const maxRounds = options.maxRounds ?? 50;
  const claimSql = `WITH due AS (
       SELECT id FROM ${outbox.table}
        WHERE ${outbox.pending} AND next_attempt_at <= $1
        ORDER BY next_attempt_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED)
     UPDATE ${outbox.table} o SET next_attempt_at = $3
       FROM due${outbox.join ? `, ${outbox.join.from}` : ''}
      WHERE o.id = due.id${outbox.join ? ` AND ${outbox.join.on}` : ''}
     RETURNING o.id::text AS id, o.attempts, ${outbox.columns}`;

  const claim = async (): Promise<Row[]> => {
    const at = now();
    const { rows } = await db.query<Row>(claimSql, [at, options.batchSize, new Date(at.getTime() + options.leaseMs)]);
    return rows.map((row) => ({ ...row, attempts: Number(row.attempts) }));
  };

  const attempt = async (row: Row): Promise<Outcome> => {
    const number = row.attempts + 1;
    const attemptedAt = now();
    const started = performance.now();
    const answer = await options.deliver(row, { number, attemptedAt });
    if ('undeliverable' in answer) return options.recordUndeliverable(row, answer.undeliverable);
    const durationMs = Math.round(performance.now() - started);
    const { error } = answer;
    const delay = error === null || answer.permanent ? null : retryDelayMs(number, retry);
    const state = error === null ? 'delivered' : delay === null ? 'failed' : 'retrying';
    const nextAttemptAt = delay === null ? null : new Date(attemptedAt.getTime() + delay);
    const outcome = await options.record(row, { attempt: number, attemptedAt, durationMs, state, error, nextAttemptAt, detail: answer.detail });
    if (state === 'failed') log.error(`${options.describe(row)} failed for good after ${number} attempt(s): ${error}`);
    else if (state === 'retrying') log.warn(`${options.describe(row)}: attempt ${number} failed (${error}); next at ${nextAttemptAt?.toISOString()}`);
    return outcome;
  };

  const deliverDue = async (): Promise<Outcome[]> => {
    const outcomes: Outcome[] = [];
    for (let round = 0; round < maxRounds; round += 1) {
      const claimed = await claim();
      if (claimed.length === 0) break;
      outcomes.push(...(await Promise.all(claimed.map(attempt))));
    }
    return outcomes;
  };

  const task = periodicTask(deliverDue, {
    intervalMs: options.intervalMs,
    scheduler: options.scheduler ?? timerScheduler,
    onError: (error) => log.error(`${options.name} run failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { deliverDue: task.runNow, trigger: task.trigger, start: task.start, stop: task.stop };
}
