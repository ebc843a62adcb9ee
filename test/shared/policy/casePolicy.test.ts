import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyCaseEvent, foldCase } from '../../../src/shared/cases/reducer';
import type { CaseEvent, CaseEventType } from '../../../src/shared/domain/caseEvent';
import type { CaseState } from '../../../src/shared/domain/caseState';
import { Role } from '../../../src/shared/domain/enums';
import { RemediationApprovers } from '../../../src/shared/remediation/approvers';
import { RemediationLimits } from '../../../src/shared/workflow/limits';
import type { PolicyActor } from '../../../src/shared/policy/actor';
import { canActOnCase, canSeeCase, restrictionFor, type ScopeFacts } from '../../../src/shared/policy/caseScope';
import { decideCaseEvent, type Decision, type PolicyConfig, type PolicyFacts } from '../../../src/shared/policy/casePolicy';
import { BUNDLED_QUEUES } from '../../../src/shared/policy/queuesConfig';
import { BUNDLED_ROLES } from '../../../src/shared/policy/rolesConfig';
import { makeEvent } from '../eventFactory';

const config: PolicyConfig = {
  roles: BUNDLED_ROLES,
  queues: BUNDLED_QUEUES,
  remediation: {
    limits: RemediationLimits.parse(JSON.parse(readFileSync('resources/remediation-limits.json', 'utf8'))),
    approvers: RemediationApprovers.parse(JSON.parse(readFileSync('resources/remediation-approvers.json', 'utf8'))),
  },
};

const person = (id: string, role: Role, teamId: string, extra: Partial<PolicyActor> = {}): PolicyActor => ({ id, role, teamId, branchId: null, skills: [], displayName: id, ...extra });
const alex = person('AGT-001', 'tier1_agent', 'T1-EAST', { skills: ['senior'] });
const jordan = person('AGT-002', 'tier1_agent', 'T1-EAST');
const grace = person('AGT-007', 'tier1_agent', 'T1-WEST', { skills: ['senior'] });
const rachel = person('AGT-014', 'supervisor', 'T1-EAST');
const nina = person('AGT-013', 'specialist', 'T2-FRAUD-DISPUTES', { skills: ['fraud', 'disputes'] });
const tomas = person('AGT-017', 'specialist', 'T2-AML', { skills: ['aml'] });
const olivia = person('AGT-016', 'compliance', 'COMPLIANCE');
const samuel = person('AGT-015', 'branch_staff', 'BR-001', { branchId: 'BR-001' });
const maya = person('AGT-018', 'qa_reviewer', 'QA');
const chris = person('AGT-019', 'administrator', 'IT');
const people = [alex, jordan, grace, rachel, nina, tomas, olivia, samuel, maya, chris];
const byId = (id: string) => people.find((p) => p.id === id);

const AT = '2026-11-23T14:00:00.000Z';
const LATER = '2026-11-23T15:00:00.000Z';
function event<T extends CaseEventType>(type: T, payload: Parameters<typeof makeEvent<T>>[1], by: PolicyActor, caseId = 'AC-22222-22222', at = LATER): CaseEvent {
  return makeEvent(type, payload, { caseId, actorId: by.id, at, deviceId: `device-${by.id}` });
}

/** A T1-EAST case Jordan owns, with a contact of theirs in progress. */
function jordansCase(extra: CaseEvent[] = []): CaseState {
  const events: CaseEvent[] = [
    makeEvent('case.created', { customerId: 'CUS-1', caseType: 'billing_dispute', severity: 'S3', channel: 'phone', subject: 'Fee', ownerId: jordan.id, queueId: 'T1-EAST' }, { caseId: 'AC-22222-22222', actorId: jordan.id, at: AT }),
    makeEvent('contact.linked', { contactId: 'CT-1', channel: 'phone', direction: 'inbound' }, { caseId: 'AC-22222-22222', actorId: jordan.id, at: AT }),
    ...extra,
  ];
  return foldCase(events)!;
}

const standardCustomer = { id: 'CUS-1', tier: 'standard' as const, branchId: 'BR-002', staff: false };

function decide(ev: CaseEvent, before: CaseState | null, actor: PolicyActor | null, facts: Partial<PolicyFacts> = {}): Decision {
  return decideCaseEvent({ event: ev, before, actor, facts: { origin: 'desktop', agent: byId, scope: { customer: standardCustomer, ownerTeamId: before?.ownerId ? (byId(before.ownerId)?.teamId ?? null) : null }, ...facts }, config });
}

function refusedWith(decision: Decision, code: string): void {
  expect(decision, JSON.stringify(decision)).toMatchObject({ allowed: false, code });
  if (!decision.allowed) expect(decision.reason.length).toBeGreaterThan(20);
}

describe('the case policy refuses what the issue showed a Tier 1 agent could do over plain HTTP', () => {
  const westCase = foldCase([
    makeEvent('case.created', { customerId: 'CUS-1', caseType: 'complaint', severity: 'S3', channel: 'email', subject: 'Late card', ownerId: grace.id, queueId: 'T1-WEST' }, { caseId: 'AC-33333-33333', actorId: grace.id, at: AT }),
  ])!;

  it('reassigning another team’s case to oneself, and closing it', () => {
    refusedWith(decide(event('owner.assigned', { ownerId: alex.id, from: grace.id }, alex, westCase.id), westCase, alex), 'not_permitted');
    const resolvedWest = applyCaseEvent(westCase, makeEvent('case.resolved', { resolution: 'done' }, { caseId: westCase.id, actorId: grace.id, at: AT }))!;
    refusedWith(decide(event('case.closed', { resolutionEventId: resolvedWest.resolutionEventId! }, alex, westCase.id), resolvedWest, alex), 'out_of_scope');
  });

  it('escalating to level 4 with automatic: true', () => {
    refusedWith(decide(event('case.escalated', { level: 4, toOwnerId: alex.id, reason: 'x', automatic: true }, alex), jordansCase(), alex), 'service_only');
  });

  it('recording customer.verified on someone else’s case', () => {
    refusedWith(decide(event('customer.verified', { customerId: 'CUS-1', method: 'security_questions' }, alex), jordansCase(), alex), 'out_of_scope');
    // The owner, during their contact, may.
    expect(decide(event('customer.verified', { customerId: 'CUS-1', method: 'security_questions' }, jordan), jordansCase(), jordan)).toEqual({ allowed: true });
    // The owner, with no contact in progress, may not.
    const wrapped = applyCaseEvent(jordansCase(), makeEvent('contact.wrapped', { contactId: 'CT-1' }, { caseId: 'AC-22222-22222', actorId: jordan.id, at: AT }))!;
    refusedWith(decide(event('customer.verified', { customerId: 'CUS-1', method: 'security_questions' }, jordan), wrapped, jordan), 'invalid_state');
  });

  it('adding a note to an AML investigation', () => {
    const aml = foldCase([
      makeEvent('case.created', { customerId: 'CUS-9', caseType: 'aml_investigation', severity: 'S2', channel: 'secure_message', subject: 'Structuring alert', ownerId: tomas.id, queueId: 'AML' }, { caseId: 'AC-44444-44444', actorId: tomas.id, at: AT }),
    ])!;
    for (const someone of [alex, rachel, nina, samuel]) refusedWith(decide(event('note.added', { text: 'looking' }, someone, aml.id), aml, someone), 'restricted');
    expect(decide(event('note.added', { text: 'reviewed' }, tomas, aml.id), aml, tomas)).toEqual({ allowed: true });
    expect(canSeeCase(aml, olivia, {}, config)).toBe(true);
    expect(canSeeCase(aml, rachel, {}, config)).toBe(false);
  });

  it('settling a conflict', () => {
    const base = jordansCase();
    const first = makeEvent('severity.set', { severity: 'S1', from: 'S3' }, { caseId: base.id, actorId: jordan.id, at: LATER });
    const second = makeEvent('severity.set', { severity: 'S2', from: 'S3' }, { caseId: base.id, actorId: jordan.id, at: LATER });
    const conflicted = applyCaseEvent(applyCaseEvent(base, first), second)!;
    const conflict = conflicted.conflicts[0]!;
    refusedWith(decide(event('conflict.settled', { conflictId: conflict.conflictId, keepEventId: second.id }, jordan), conflicted, jordan), 'not_permitted');
    expect(decide(event('conflict.settled', { conflictId: conflict.conflictId, keepEventId: second.id }, rachel), conflicted, rachel)).toEqual({ allowed: true });
    refusedWith(decide(event('conflict.settled', { conflictId: conflict.conflictId, keepEventId: 'someone-else' }, rachel), conflicted, rachel), 'invalid_state');
  });

  it('ten $100 refunds on one transaction are a $1,000 refund, and a second request waits for the first', () => {
    const verified = jordansCase([makeEvent('customer.verified', { customerId: 'CUS-1', method: 'security_questions' }, { caseId: 'AC-22222-22222', actorId: jordan.id, at: AT })]);
    const refund = (requestId: string, approval: 'none' | 'supervisor') =>
      event('remediation.requested', { requestId, kind: 'refund', amountCents: 10_000, reason: 'duplicate charge', transactionId: 'TX-1', approval }, jordan);
    const tx = { id: 'TX-1', amountCents: 150_000, requestedCents: 0, openRequestId: null };
    const first = refund('R1', 'none');
    expect(decide(first, verified, jordan, { transaction: tx })).toEqual({ allowed: true });
    const afterFirst = applyCaseEvent(verified, first)!;
    refusedWith(decide(refund('R2', 'none'), afterFirst, jordan, { transaction: { ...tx, requestedCents: 10_000 } }), 'over_limit');
    // Across cases: the service knows $900 was already refunded against this transaction elsewhere.
    refusedWith(decide(refund('R2', 'none'), verified, jordan, { transaction: { ...tx, requestedCents: 90_000 } }), 'over_limit');
    const second = refund('R2', 'supervisor');
    expect(decide(second, afterFirst, jordan, { transaction: { ...tx, requestedCents: 10_000 } })).toEqual({ allowed: true });
    const waiting = applyCaseEvent(afterFirst, second)!;
    refusedWith(decide(refund('R3', 'supervisor'), waiting, jordan, { transaction: { ...tx, requestedCents: 20_000, openRequestId: 'R2' } }), 'invalid_state');
    // Never more than the transaction moved.
    refusedWith(decide(refund('R2', 'supervisor'), afterFirst, jordan, { transaction: { ...tx, amountCents: 15_000, requestedCents: 10_000 } }), 'over_limit');
    // The same request id twice on one case is refused rather than counted again.
    refusedWith(decide(refund('R1', 'supervisor'), afterFirst, jordan, { transaction: tx }), 'invalid_state');
  });

  it('approving one’s own request, or above one’s sign-off level', () => {
    const verified = jordansCase([makeEvent('customer.verified', { customerId: 'CUS-1', method: 'security_questions' }, { caseId: 'AC-22222-22222', actorId: rachel.id, at: AT })]);
    const own = applyCaseEvent(verified, makeEvent('remediation.requested', { requestId: 'R9', kind: 'refund', amountCents: 50_000, reason: 'x', approval: 'supervisor' }, { caseId: verified.id, actorId: rachel.id, at: AT }))!;
    refusedWith(decide(event('remediation.approved', { requestId: 'R9' }, rachel), own, rachel), 'not_permitted');
    const big = applyCaseEvent(verified, makeEvent('remediation.requested', { requestId: 'R10', kind: 'refund', amountCents: 500_000, reason: 'x', approval: 'finance_legal' }, { caseId: verified.id, actorId: jordan.id, at: AT }))!;
    refusedWith(decide(event('remediation.approved', { requestId: 'R10' }, rachel), big, rachel), 'not_permitted');
    expect(decide(event('remediation.approved', { requestId: 'R10' }, olivia), big, olivia)).toEqual({ allowed: true });
  });

  it('a message dated before the case existed, or older than the offline window, and a device that is not the session’s', () => {
    refusedWith(decide(event('message.sent', { channel: 'phone', kind: 'response', summary: 'hi' }, jordan, undefined, '2001-01-01T00:00:00.000Z'), jordansCase(), jordan), 'stale');
    const ev = event('note.added', { text: 'late' }, jordan, undefined, '2026-11-23T15:00:00.000Z');
    refusedWith(decide(ev, jordansCase(), jordan, { receivedAt: '2026-11-27T15:00:01.000Z' }), 'stale');
    expect(decide(ev, jordansCase(), jordan, { receivedAt: '2026-11-25T15:00:00.000Z' })).toEqual({ allowed: true });
    refusedWith(decide(ev, jordansCase(), jordan, { sessionDeviceId: 'another-device' }), 'device_mismatch');
  });
});

describe('queues, routing and taking work', () => {
  const queued = foldCase([
    makeEvent('case.created', { customerId: 'CUS-1', caseType: 'general_inquiry', severity: 'S4', channel: 'chat', subject: 'Q', ownerId: null, queueId: 'T1-EAST' }, { caseId: 'AC-55555-55555', actorId: rachel.id, at: AT }),
  ])!;
  const priority = { ...queued, queueId: 'PRIORITY' };

  it('lets a team member take an unassigned case from their queue, and nobody else', () => {
    expect(decide(event('owner.assigned', { ownerId: jordan.id, from: null }, jordan, queued.id), queued, jordan)).toEqual({ allowed: true });
    refusedWith(decide(event('owner.assigned', { ownerId: grace.id, from: null }, grace, queued.id), queued, grace), 'out_of_scope');
    // Premium and VIP work needs a senior agent.
    refusedWith(decide(event('owner.assigned', { ownerId: jordan.id, from: null }, jordan, queued.id), priority, jordan), 'out_of_scope');
    expect(decide(event('owner.assigned', { ownerId: alex.id, from: null }, alex, queued.id), priority, alex)).toEqual({ allowed: true });
  });

  it('lets an owner hand a case to a queue but only a supervisor give it to a person, in their team', () => {
    const transfer = (by: PolicyActor, toOwnerId: string | null, toQueueId = 'FRAUD') => event('case.transferred', { toQueueId, toOwnerId, fromQueueId: 'T1-EAST', fromOwnerId: jordan.id, note: 'for review' }, by);
    expect(decide(transfer(jordan, null), jordansCase(), jordan)).toEqual({ allowed: true });
    refusedWith(decide(transfer(jordan, nina.id), jordansCase(), jordan), 'not_permitted');
    expect(decide(transfer(rachel, alex.id, 'T1-EAST'), jordansCase(), rachel)).toEqual({ allowed: true });
    refusedWith(decide(transfer(rachel, grace.id, 'T1-WEST'), jordansCase(), rachel), 'out_of_scope');
    refusedWith(decide(transfer(jordan, null, 'NOWHERE'), jordansCase(), jordan), 'invalid_state');
  });

  it('lets an owner put their case back in its queue, but nobody else without assign rights', () => {
    const release = (by: PolicyActor) => event('owner.assigned', { ownerId: null, from: jordan.id }, by);
    expect(decide(release(jordan), jordansCase(), jordan)).toEqual({ allowed: true });
    refusedWith(decide(release(alex), jordansCase(), alex), 'not_permitted');
    expect(decide(release(rachel), jordansCase(), rachel)).toEqual({ allowed: true });
  });

  it('routes a new case by type, tier and channel, and keeps it unassigned where its opener does not work', () => {
    const open = (by: PolicyActor, queueId: string, ownerId: string | null, tier: 'standard' | 'vip' = 'standard', caseType: 'general_inquiry' | 'aml_investigation' = 'general_inquiry', channel: 'phone' | 'walk_in' = 'phone') =>
      decide(event('case.created', { customerId: 'CUS-1', caseType, severity: 'S3', channel, subject: 'New', ownerId, queueId }, by, 'AC-66666-66666'), null, by, { customer: { ...standardCustomer, tier } });
    expect(open(jordan, 'T1-EAST', jordan.id)).toEqual({ allowed: true });
    refusedWith(open(jordan, 'T1-WEST', jordan.id), 'invalid_state');
    refusedWith(open(jordan, 'PRIORITY', jordan.id, 'vip'), 'not_permitted');
    expect(open(jordan, 'PRIORITY', null, 'vip')).toEqual({ allowed: true });
    expect(open(alex, 'PRIORITY', alex.id, 'vip')).toEqual({ allowed: true });
    refusedWith(open(jordan, 'T1-EAST', grace.id), 'not_permitted');
    refusedWith(open(jordan, 'AML', null, 'standard', 'aml_investigation'), 'restricted');
    expect(open(samuel, 'BR-001', samuel.id, 'standard', 'general_inquiry', 'walk_in')).toEqual({ allowed: true });
    expect(decide(event('case.created', { customerId: null, caseType: 'general_inquiry', severity: 'S4', channel: 'phone', subject: 'x', ownerId: null, queueId: 'T1-EAST' }, alex, 'AC-22222-22222'), jordansCase(), alex)).toMatchObject({ allowed: false, code: 'invalid_state' });
  });
});

describe('who sees which cases', () => {
  const caseFor = (ownerId: string | null, queueId: string, caseType: CaseState['caseType'] = 'complaint'): CaseState => ({ ...jordansCase(), ownerId, queueId, caseType });
  const facts = (c: CaseState, extra: ScopeFacts = {}): ScopeFacts => ({ customer: standardCustomer, ownerTeamId: c.ownerId ? (byId(c.ownerId)?.teamId ?? null) : null, ...extra });

  it('follows the matrix in REQUIREMENTS.md', () => {
    const own = caseFor(jordan.id, 'T1-EAST');
    const queue = caseFor(null, 'T1-EAST');
    const teammate = caseFor(alex.id, 'T1-EAST');
    const west = caseFor(grace.id, 'T1-WEST');
    expect([own, queue, teammate, west].map((c) => canSeeCase(c, jordan, facts(c), config))).toEqual([true, true, false, false]);
    expect(canSeeCase(west, jordan, facts(west, { customerPoppedByActor: true }), config)).toBe(true);
    expect(canActOnCase(west, jordan, facts(west, { customerPoppedByActor: true }), config)).toBe(false);
    expect([own, queue, teammate, west].map((c) => canSeeCase(c, rachel, facts(c), config))).toEqual([true, true, true, false]);
    expect([own, queue, teammate, west].map((c) => canSeeCase(c, olivia, facts(c), config))).toEqual([true, true, true, true]);
    expect([own, west].map((c) => canSeeCase(c, maya, facts(c), config))).toEqual([false, false]);
    expect(canSeeCase(own, maya, facts(own, { inQaSample: true }), config)).toBe(true);
    expect([own, west].map((c) => canSeeCase(c, chris, facts(c, { inQaSample: true, customerPoppedByActor: true }), config))).toEqual([false, false]);
    const branchCustomer = caseFor(grace.id, 'T1-WEST');
    expect(canSeeCase(branchCustomer, samuel, facts(branchCustomer, { customer: { ...standardCustomer, branchId: 'BR-001' } }), config)).toBe(true);
    expect(canSeeCase(branchCustomer, samuel, facts(branchCustomer), config)).toBe(false);
  });

  it('keeps staff members’ own accounts from everyone but the entitled', () => {
    const c = caseFor(jordan.id, 'T1-EAST');
    const staffFacts = facts(c, { customer: { ...standardCustomer, staff: true } });
    expect(restrictionFor(c, jordan, staffFacts, BUNDLED_ROLES).restricted).toBe(true);
    expect(canSeeCase(c, jordan, staffFacts, config)).toBe(false);
    expect(canSeeCase(c, olivia, staffFacts, config)).toBe(true);
  });

  it('never allows a desktop event on a case its author may neither change, take, nor is handling a contact on, nor (for audit records and approvals) see', () => {
    const types: CaseEventType[] = ['note.added', 'message.sent', 'status.changed', 'severity.set', 'case.type_changed', 'owner.assigned', 'case.transferred', 'case.escalated', 'case.resolved', 'case.reopened', 'customer.linked', 'sensitive.revealed', 'workflow.started', 'survey.answered'];
    fc.assert(
      fc.property(
        fc.constantFrom(...people),
        fc.constantFrom<string | null>(null, ...people.map((p) => p.id)),
        fc.constantFrom(...BUNDLED_QUEUES.queues.map((q) => q.id)),
        fc.constantFrom<CaseState['caseType']>('complaint', 'aml_investigation', 'fraud'),
        fc.constantFrom(...types),
        fc.boolean(),
        fc.boolean(),
        (actor, ownerId, queueId, caseType, type, popped, staff) => {
          const before = caseFor(ownerId, queueId, caseType);
          const scope = facts(before, { customerPoppedByActor: popped, customer: { ...standardCustomer, staff } });
          const ev = sampleEvent(type, actor, before);
          const decision = decideCaseEvent({ event: ev, before, actor, facts: { origin: 'desktop', scope, agent: byId }, config });
          if (!decision.allowed) return;
          expect(restrictionFor(before, actor, scope, BUNDLED_ROLES).restricted).toBe(false);
          const handling = before.activeContacts.some((c) => c.agentId === actor.id);
          const taking = type === 'owner.assigned' && before.ownerId === null;
          expect(canActOnCase(before, actor, scope, config) || handling || taking || canSeeCase(before, actor, scope, config)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

function sampleEvent(type: CaseEventType, actor: PolicyActor, before: CaseState): CaseEvent {
  const by = actor;
  switch (type) {
    case 'note.added':
      return event('note.added', { text: 'n' }, by);
    case 'message.sent':
      return event('message.sent', { channel: 'email', kind: 'response', summary: 's' }, by);
    case 'status.changed':
      return event('status.changed', { to: 'waiting_on_customer', from: before.status }, by);
    case 'severity.set':
      return event('severity.set', { severity: 'S1', from: before.severity, reason: 'r' }, by);
    case 'case.type_changed':
      return event('case.type_changed', { caseType: 'fraud', from: before.caseType, reason: 'r' }, by);
    case 'owner.assigned':
      return event('owner.assigned', { ownerId: actor.id, from: before.ownerId }, by);
    case 'case.transferred':
      return event('case.transferred', { toQueueId: 'FRAUD', toOwnerId: null, fromQueueId: before.queueId, fromOwnerId: before.ownerId, note: 'n' }, by);
    case 'case.escalated':
      return event('case.escalated', { level: 2, toOwnerId: 'AGT-014', reason: 'r', automatic: false }, by);
    case 'case.resolved':
      return event('case.resolved', { resolution: 'r' }, by);
    case 'case.reopened':
      return event('case.reopened', { reason: 'r' }, by);
    case 'customer.linked':
      return event('customer.linked', { customerId: 'CUS-2' }, by);
    case 'sensitive.revealed':
      return event('sensitive.revealed', { field: 'phone', targetId: 'CUS-1', reason: 'customer asked' }, by);
    case 'workflow.started':
      return event('workflow.started', { workflowId: 'w', version: 1 }, by);
    default:
      return event('survey.answered', { survey: 'csat', score: 5, source: 'agent' }, by);
  }
}

describe('what the author saw', () => {
  it('refuses an event claiming its desktop held more of the case than the case has', () => {
    const before = jordansCase();
    const honest = { ...event('severity.set', { severity: 'S2', from: 'S3' }, rachel), seen: before.eventCount };
    expect(decide(honest, before, rachel).allowed).toBe(true);
    const inflated = { ...honest, seen: before.eventCount + 1 };
    const decision = decide(inflated, before, rachel);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.reason).toMatch(/held 3 of this case's events, but the case has 2/);
  });

  it('lets a "wait on customer" made without seeing the resolution through to be held, and refuses one made on top of it', () => {
    const resolved = jordansCase([event('case.resolved', { resolution: 'Explained the fee' }, jordan, 'AC-22222-22222', AT)]);
    const unseen = { ...event('status.changed', { to: 'waiting_on_customer', from: 'open' }, rachel), seen: 2 };
    expect(decide(unseen, resolved, rachel).allowed).toBe(true);
    const onTop = { ...unseen, seen: 3 };
    expect(decide(onTop, resolved, rachel).allowed).toBe(false);
  });
});
