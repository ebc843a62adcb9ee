import type { CaseState } from '../../shared/domain/caseState';
import type { QueuesConfig } from '../../shared/policy/queuesConfig';
import type { CaseSla } from './caseSla';
import { stateAt } from './countdownText';

export interface QueueBoardRow {
  queueId: string;
  queueName: string;
  open: number;
  /** Waiting in the queue for someone to take it. */
  unassigned: number;
  waitingOnCustomer: number;
  breached: number;
  warning: number;
}

/**
 * Work per queue for a supervisor (#12.3): what waits unassigned, what waits on customers, and
 * how many of its cases have a clock at warning or breach now. Queues of `teamId` only, unless null.
 */
export function buildQueueBoard(cases: readonly CaseState[], slaOf: (caseId: string) => CaseSla | undefined, queues: QueuesConfig, teamId: string | null, now: number): QueueBoardRow[] {
  const shown = queues.queues.filter((queue) => teamId === null || queue.teams.includes(teamId));
  const rows = new Map(shown.map((queue) => [queue.id, { queueId: queue.id, queueName: queue.name, open: 0, unassigned: 0, waitingOnCustomer: 0, breached: 0, warning: 0 }]));
  for (const state of cases) {
    const row = state.queueId ? rows.get(state.queueId) : undefined;
    if (!row || state.status === 'resolved' || state.status === 'closed') continue;
    row.open += 1;
    if (state.ownerId === null) row.unassigned += 1;
    if (state.status === 'waiting_on_customer') row.waitingOnCustomer += 1;
    const sla = slaOf(state.id);
    const states = (sla?.clocks ?? []).filter((clock) => clock.stoppedAt === null).map((clock) => stateAt(clock, sla?.dueMs.get(clock.id) ?? Date.parse(clock.dueAt), now));
    if (states.includes('breached')) row.breached += 1;
    else if (states.includes('warning')) row.warning += 1;
  }
  return [...rows.values()];
}
