import { describe, expect, it } from 'vitest';
import { buildQueueBoard } from '../../../src/renderer/sla/queueBoardModel';
import type { CaseSla } from '../../../src/renderer/sla/caseSla';
import { BUNDLED_QUEUES } from '../../../src/shared/policy/queuesConfig';
import type { SlaClock } from '../../../src/shared/sla/clocks';
import { caseStateOf } from '../../shared/caseStates';

const NOW = Date.parse('2026-03-02T12:00:00.000Z');

function slaWith(dueAt: string, state: SlaClock['state'] = 'running'): CaseSla {
  const clock = { id: 'resolution', stoppedAt: null, paused: false, state, dueAt } as unknown as SlaClock;
  return { clocks: [clock], dueMs: new Map([['resolution', Date.parse(dueAt)]]) } as unknown as CaseSla;
}

describe('buildQueueBoard', () => {
  it('counts each queue’s open, unassigned, waiting, breached and warning work, for the supervisor’s team only', () => {
    const cases = [
      caseStateOf({ id: 'A', queueId: 'T1-EAST', ownerId: null, status: 'open' }),
      caseStateOf({ id: 'B', queueId: 'T1-EAST', ownerId: 'AGT-001', status: 'waiting_on_customer' }),
      caseStateOf({ id: 'C', queueId: 'T1-EAST', ownerId: 'AGT-001', status: 'open' }),
      caseStateOf({ id: 'D', queueId: 'T1-EAST', ownerId: 'AGT-001', status: 'resolved' }),
      caseStateOf({ id: 'E', queueId: 'FRAUD', ownerId: null, status: 'open' }),
    ];
    const sla: Record<string, CaseSla> = { A: slaWith('2026-03-02T11:00:00.000Z'), C: slaWith('2026-03-02T13:00:00.000Z', 'warning') };
    const rows = buildQueueBoard(cases, (id) => sla[id], BUNDLED_QUEUES, 'T1-EAST', NOW);
    expect(rows.map((row) => row.queueId)).not.toContain('FRAUD');
    expect(rows.find((row) => row.queueId === 'T1-EAST')).toEqual({ queueId: 'T1-EAST', queueName: 'Tier 1 East', open: 3, unassigned: 1, waitingOnCustomer: 1, breached: 1, warning: 1 });
    expect(buildQueueBoard(cases, (id) => sla[id], BUNDLED_QUEUES, null, NOW).find((row) => row.queueId === 'FRAUD')).toMatchObject({ open: 1, unassigned: 1 });
  });
});
