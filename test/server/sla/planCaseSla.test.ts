import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_STEPS, EscalationSteps, escalationOwner, stepForOverdue, type DirectoryAgent } from '../../../src/server/sla/escalationMatrix';
import { formatDuration, planCaseSla } from '../../../src/server/sla/planCaseSla';
import { DEMO_AGENTS } from '../../../src/server/seed/demoAgents';
import { applyCaseEvent } from '../../../src/shared/cases/reducer';
import { parseCaseEvent, type CaseEvent } from '../../../src/shared/domain/caseEvent';
import type { CaseState } from '../../../src/shared/domain/caseState';
import { computeClocks } from '../../../src/shared/sla/clocks';
import { createdEvent, HOUR, MINUTE, testSlaConfig } from './slaTestKit';
import { makeEvent } from '../helpers/events';
import { caseHistory, defaultConfig } from '../../shared/sla/slaFixtures';

const AGENTS: DirectoryAgent[] = DEMO_AGENTS.map((agent) => ({ id: agent.id, role: agent.role, teamId: agent.teamId }));
const T0 = new Date('2026-03-02T12:00:00.000Z');
const config = testSlaConfig();

function fold(events: readonly CaseEvent[]): CaseState {
  let state: CaseState | null = null;
  for (const event of events) state = applyCaseEvent(state, event);
  if (!state) throw new Error('no state');
  return state;
}

function planAt(events: readonly CaseEvent[], nowMs: number) {
  const clocks = computeClocks({ events, customerTier: 'standard', policies: config.policies, calendars: config.calendars, now: nowMs });
  return planCaseSla({ caseState: fold(events), clocks, agents: AGENTS, steps: DEFAULT_ESCALATION_STEPS, now: new Date(nowMs) });
}

describe('escalation matrix', () => {
  it('picks the step by business time overdue', () => {
    expect(stepForOverdue(DEFAULT_ESCALATION_STEPS, 0, false)).toBeNull();
    expect(stepForOverdue(DEFAULT_ESCALATION_STEPS, 0, true)?.level).toBe(2);
    expect(stepForOverdue(DEFAULT_ESCALATION_STEPS, 24 * HOUR - 1, true)?.level).toBe(2);
    expect(stepForOverdue(DEFAULT_ESCALATION_STEPS, 24 * HOUR, true)?.level).toBe(3);
    expect(stepForOverdue(DEFAULT_ESCALATION_STEPS, 72 * HOUR, true)?.level).toBe(4);
    expect(stepForOverdue(DEFAULT_ESCALATION_STEPS, 10_000 * HOUR, true)?.level).toBe(4);
  });

  it('names an owner for every step from the directory', () => {
    const complaint = { ownerId: 'AGT-002', caseType: 'complaint' as const };
    expect(escalationOwner('team_supervisor', complaint, AGENTS)).toBe('AGT-014');
    expect(escalationOwner('team_supervisor', { ownerId: 'AGT-014', caseType: 'complaint' }, AGENTS)).toBe('AGT-014'); // the only supervisor
    expect(escalationOwner('specialist', complaint, AGENTS)).toBe('AGT-013');
    expect(escalationOwner('specialist', { ownerId: 'AGT-002', caseType: 'regulatory_complaint' }, AGENTS)).toBe('AGT-016');
    expect(escalationOwner('executive_review', complaint, AGENTS)).toBe('AGT-016');
    const secondLead: DirectoryAgent = { id: 'AGT-900', role: 'supervisor', teamId: 'T1-WEST' };
    expect(escalationOwner('team_supervisor', { ownerId: 'AGT-007', caseType: 'complaint' }, [...AGENTS, secondLead])).toBe('AGT-900');
    expect(escalationOwner('team_supervisor', complaint, AGENTS.filter((agent) => agent.role !== 'supervisor'))).toBeNull();
  });

  it('rejects a matrix whose levels do not rise', () => {
    const result = EscalationSteps.safeParse([
      { level: 2, afterOverdueMinutes: 0, target: 'team_supervisor', label: 'a' },
      { level: 1, afterOverdueMinutes: 10, target: 'specialist', label: 'b' },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([1, 'level']);
  });
});

describe('planCaseSla', () => {
  const created = createdEvent('PLAN-1', 'AGT-001', T0);

  it('builds a valid, deterministic case.escalated event for a breached clock', () => {
    const a = planAt([created], T0.getTime() + 2 * HOUR);
    const b = planAt([created], T0.getTime() + 3 * HOUR);
    expect(a.escalation?.event.id).toBe(b.escalation?.event.id); // same breach, same level: same id
    expect(parseCaseEvent(a.escalation?.event).ok).toBe(true);
    expect(a.escalation?.event.payload).toMatchObject({ level: 2, toOwnerId: 'AGT-014', automatic: true });
    expect(a.notifications.map((n) => n.type)).toEqual(['sla.breached']);
    const next = planAt([created], T0.getTime() + 26 * HOUR);
    expect(next.escalation?.event.id).not.toBe(a.escalation?.event.id);
  });

  it('reports a step nobody can take instead of inventing an owner', () => {
    const clocks = computeClocks({ events: [created], customerTier: null, policies: config.policies, calendars: config.calendars, now: T0.getTime() + 2 * HOUR });
    const plan = planCaseSla({ caseState: fold([created]), clocks, agents: [], steps: DEFAULT_ESCALATION_STEPS, now: new Date(T0.getTime() + 2 * HOUR) });
    expect(plan.escalation).toBeNull();
    expect(plan.unstaffed.map((u) => [u.clock.id, u.step.level])).toEqual([['first_response', 2]]);
    expect(plan.notifications.map((n) => n.type)).toEqual(['sla.breached']);
  });

  it('escalates exactly to the level reached, never at or below the case level, never a stopped or paused clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 * 400 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('none', 'message', 'waiting', 'resolved'),
        (minutes, manualLevel, twist) => {
          const events: CaseEvent[] = [created];
          if (manualLevel > 1) {
            events.push(makeEvent('case.escalated', { caseId: 'PLAN-1', actorId: 'AGT-001', at: new Date(T0.getTime() + MINUTE), payload: { level: manualLevel, toOwnerId: 'AGT-014', reason: 'by hand', automatic: false } }));
          }
          const twistAt = new Date(T0.getTime() + 2 * MINUTE);
          if (twist === 'message') events.push(makeEvent('message.sent', { caseId: 'PLAN-1', actorId: 'AGT-001', at: twistAt, payload: { channel: 'phone', kind: 'response', summary: 'Done' } }));
          if (twist === 'waiting') events.push(makeEvent('message.sent', { caseId: 'PLAN-1', actorId: 'AGT-001', at: twistAt, payload: { channel: 'phone', kind: 'response', summary: 'Done' } }), makeEvent('status.changed', { caseId: 'PLAN-1', actorId: 'AGT-001', at: twistAt, payload: { to: 'waiting_on_customer' } }));
          if (twist === 'resolved') events.push(makeEvent('case.resolved', { caseId: 'PLAN-1', actorId: 'AGT-001', at: twistAt, payload: { resolution: 'Fixed' } }));
          const plan = planAt(events, T0.getTime() + minutes * MINUTE);
          const escalation = plan.escalation;
          // The clock that can breach: first response (1 h) unless answered, then resolution (8 h) unless paused or resolved.
          const dueMinutes = twist === 'none' ? 60 : twist === 'message' ? 480 : null;
          if (dueMinutes === null || minutes < dueMinutes) {
            expect(escalation).toBeNull();
            return;
          }
          const overdue = minutes - dueMinutes;
          const level = overdue >= 72 * 60 ? 4 : overdue >= 24 * 60 ? 3 : 2;
          if (level <= manualLevel) {
            expect(escalation).toBeNull();
            return;
          }
          expect(escalation?.event.payload.level).toBe(level);
          expect(escalation?.clock.id).toBe(twist === 'none' ? 'first_response' : 'resolution');
          expect(escalation?.clock.state).toBe('breached');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('notifies an overdue customer-evidence clock but never escalates the case for it (the customer is late, not the bank)', () => {
    const bundled = defaultConfig();
    const history = caseHistory('AC-EVDNC-23456')
      .created('2026-01-06T14:00:00Z', { caseType: 'card_dispute' })
      .message('2026-01-06T15:00:00Z', 'response')
      .waitOnCustomer('2026-01-06T16:00:00Z');
    const nowMs = Date.parse('2026-01-25T16:00:00Z'); // 19 days into the wait: 5 days past the 14
    const clocks = computeClocks({ events: history.events, customerTier: 'standard', ...bundled, now: nowMs });
    expect(clocks.find((clock) => clock.id === 'evidence')).toMatchObject({ state: 'breached', overdueBusinessMs: 5 * 24 * HOUR });
    const plan = planCaseSla({ caseState: fold(history.events), clocks, agents: AGENTS, steps: DEFAULT_ESCALATION_STEPS, now: new Date(nowMs) });
    expect(plan.escalation).toBeNull();
    expect(plan.notifications.map((notice) => [notice.type, (notice.data as { clock?: { id: string } }).clock?.id])).toContainEqual(['sla.breached', 'evidence']);
  });

  it('formats business time in hours and minutes', () => {
    expect(formatDuration(0)).toBe('0h 00m');
    expect(formatDuration(65 * MINUTE)).toBe('1h 05m');
    expect(formatDuration(30 * HOUR)).toBe('30h 00m');
  });
});
