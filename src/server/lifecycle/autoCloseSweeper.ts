import { formatHlc } from '../../shared/clock/hlc';
import { EVENT_SCHEMA_VERSION, type CaseEventOf } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import type { Database } from '../db/database';
import { nameBasedUuid } from '../sla/nameBasedUuid';
import { periodicTask, timerScheduler, type Scheduler } from '../sla/periodicTask';
import type { ServiceLog } from '../sla/serviceLog';
import { applyCaseEvents } from '../sync/applyCaseEvents';

/** The case service's own actor for closures after the quiet period: not a person, never signs in. */
export const LIFECYCLE_ACTOR_ID = 'system:lifecycle';
const LIFECYCLE_DEVICE_ID = 'case-service';

export interface AutoCloseOptions {
  db: Database;
  /** Hours a resolved case must stay untouched (resources/case-lifecycle.json). */
  quietHours: () => number;
  now?: () => Date;
  /** Default 5 minutes: closure is a matter of days, not seconds. */
  intervalMs?: number;
  scheduler?: Scheduler;
  log: ServiceLog;
}

export interface AutoCloseSweeper {
  /** One sweep now; answers the cases it closed. */
  sweepNow(): Promise<string[]>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Closes resolved cases nobody has touched for the quiet period, as origin 'service'. The event
 * names the resolution it closes, and its id is derived from it, so every sweep, restart or
 * second instance closes a resolution once; a case reopened and resolved again gets a new wait.
 */
export function createAutoCloseSweeper(options: AutoCloseOptions): AutoCloseSweeper {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());

  async function sweep(): Promise<string[]> {
    const at = now();
    const cutoff = at.getTime() - options.quietHours() * 3_600_000;
    const { rows } = await db.query<{ case_id: string; state: CaseState }>("SELECT case_id, state FROM cases WHERE status = 'resolved' ORDER BY case_id");
    const due = rows.filter((row) => row.state.resolutionEventId !== null && Date.parse(row.state.updatedAt) <= cutoff);
    const closed: string[] = [];
    for (const row of due) {
      const event = closureEvent(row.case_id, row.state.resolutionEventId!, at);
      try {
        const [outcome] = await db.transaction((tx) => applyCaseEvents(tx, [event], { pushedBy: null, now: at }));
        if (outcome?.outcome === 'applied') closed.push(row.case_id);
        else if (outcome?.outcome === 'rejected') log.warn(`Automatic closure of case ${row.case_id} refused: ${outcome.reason}`);
      } catch (error) {
        log.error(`Automatic closure of case ${row.case_id} failed (next sweep retries): ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (closed.length > 0) log.info(`Closed ${closed.length} resolved case(s) quiet for ${options.quietHours()} h: ${closed.join(', ')}`);
    return closed;
  }

  const task = periodicTask(sweep, {
    intervalMs: options.intervalMs ?? 5 * 60_000,
    scheduler: options.scheduler ?? timerScheduler,
    onError: (error) => log.error(`Automatic closure sweep failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { sweepNow: task.runNow, start: task.start, stop: task.stop };
}

function closureEvent(caseId: string, resolutionEventId: string, at: Date): CaseEventOf<'case.closed'> {
  return {
    id: nameBasedUuid(['case.closed', caseId, resolutionEventId].join('\n')),
    caseId,
    schemaVersion: EVENT_SCHEMA_VERSION,
    type: 'case.closed',
    at: at.toISOString(),
    hlc: formatHlc({ wallMs: at.getTime(), counter: 0 }, LIFECYCLE_DEVICE_ID),
    actorId: LIFECYCLE_ACTOR_ID,
    deviceId: LIFECYCLE_DEVICE_ID,
    payload: { resolutionEventId, automatic: true },
  };
}
