import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCaseEvent, foldCase } from '../../../src/shared/cases/reducer';
import type { CaseEvent } from '../../../src/shared/domain/caseEvent';
import type { CaseState } from '../../../src/shared/domain/caseState';
import type { PolicyActor } from '../../../src/shared/policy/actor';
import { decideCaseEvent, type PolicyConfig, type PolicyFacts } from '../../../src/shared/policy/casePolicy';
import { BUNDLED_QUEUES } from '../../../src/shared/policy/queuesConfig';
import { BUNDLED_ROLES } from '../../../src/shared/policy/rolesConfig';
import { makeEvent } from '../eventFactory';

/**
 * 3–5 desktops work one case offline and online, through a simulated case service that decides
 * every push with the shared policy and folds with the shared reducer. The network drops,
 * duplicates and reorders pushes, acknowledgements, pull requests and replies; desktops go
 * offline at random and come back in any order. Afterwards every desktop and the service hold the
 * same case, and every pair of changes that do not commute, made without seeing each other, is
 * surfaced: while the earlier one stands, the later one sequenced is held as a conflict (or asked
 * for what the case already is), never applied over it nor dropped without a word.
 */

const config: PolicyConfig = { roles: BUNDLED_ROLES, queues: BUNDLED_QUEUES, remediation: null };
const person = (id: string, role: PolicyActor['role']): PolicyActor => ({ id, role, teamId: 'T1-EAST', branchId: null, skills: ['senior'], displayName: id });
const SUPERVISORS = ['SUP-1', 'SUP-2', 'SUP-3', 'SUP-4', 'SUP-5'].map((id) => person(id, 'supervisor'));
const AGENTS = ['AGT-1', 'AGT-2'].map((id) => person(id, 'tier1_agent'));
const everyone = new Map([...SUPERVISORS, ...AGENTS].map((p) => [p.id, p]));
const CUSTOMER = { id: 'CUS-1', tier: 'standard' as const, branchId: 'BR-002', staff: false };
const CASE_ID = 'AC-22222-22222';
const START = Date.UTC(2026, 10, 23, 14, 0, 0);

interface Own {
  event: CaseEvent;
  acked: boolean;
  rejected: boolean;
}
interface Desktop {
  actor: PolicyActor;
  deviceId: string;
  online: boolean;
  /** The service's events in its order, as far as this desktop pulled them without a gap. */
  pulled: CaseEvent[];
  own: Own[];
}
type Message =
  | { kind: 'push'; desktop: number; events: CaseEvent[] }
  | { kind: 'ack'; desktop: number; outcomes: { eventId: string; rejected: boolean }[] }
  | { kind: 'pull'; desktop: number; after: number }
  | { kind: 'reply'; desktop: number; after: number; events: CaseEvent[] };

interface World {
  desktops: Desktop[];
  log: CaseEvent[];
  state: CaseState | null;
  network: Message[];
  clock: number;
}

function facts(state: CaseState | null, extra: Partial<PolicyFacts> = {}): PolicyFacts {
  return {
    origin: 'desktop',
    agent: (id) => everyone.get(id),
    scope: { customer: CUSTOMER, ownerTeamId: state?.ownerId ? (everyone.get(state.ownerId)?.teamId ?? null) : null },
    ...extra,
  };
}

/** What a desktop shows: the service's events it pulled, then its own not yet among them (and not refused). */
function localEvents(desktop: Desktop): CaseEvent[] {
  const pulledIds = new Set(desktop.pulled.map((event) => event.id));
  return [...desktop.pulled, ...desktop.own.filter((own) => !own.rejected && !pulledIds.has(own.event.id)).map((own) => own.event)];
}

/** The service: dedupe by id, decide by the shared policy, sequence, fold — as applyCaseEvents does. */
function receivePush(world: World, desktop: number, events: CaseEvent[]): void {
  const d = world.desktops[desktop]!;
  const outcomes = events.map((event) => {
    if (world.log.some((known) => known.id === event.id)) return { eventId: event.id, rejected: false };
    const decision = decideCaseEvent({ event, before: world.state, actor: d.actor, facts: facts(world.state, { sessionDeviceId: d.deviceId }), config });
    if (!decision.allowed) return { eventId: event.id, rejected: true };
    world.log.push(event);
    world.state = applyCaseEvent(world.state, event);
    return { eventId: event.id, rejected: false };
  });
  world.network.push({ kind: 'ack', desktop, outcomes });
}

function deliver(world: World, message: Message): void {
  const d = world.desktops[message.desktop]!;
  switch (message.kind) {
    case 'push':
      return receivePush(world, message.desktop, message.events);
    case 'pull':
      world.network.push({ kind: 'reply', desktop: message.desktop, after: message.after, events: world.log.slice(message.after) });
      return;
    case 'ack':
      if (!d.online) return; // lost on the way to a desktop that went offline
      for (const outcome of message.outcomes) {
        const own = d.own.find((o) => o.event.id === outcome.eventId);
        if (own) [own.acked, own.rejected] = [true, outcome.rejected];
      }
      return;
    case 'reply':
      if (!d.online || message.after > d.pulled.length) return; // a reply from before a gap, or lost
      d.pulled = [...d.pulled, ...message.events.slice(d.pulled.length - message.after)];
      return;
  }
}

function sync(world: World, index: number): void {
  const d = world.desktops[index]!;
  if (!d.online) return;
  const unacked = d.own.filter((own) => !own.acked).map((own) => own.event);
  if (unacked.length > 0) world.network.push({ kind: 'push', desktop: index, events: unacked });
  world.network.push({ kind: 'pull', desktop: index, after: d.pulled.length });
}

const STATUSES = ['waiting_on_customer', 'open'] as const;
const SEVERITIES = ['S1', 'S2', 'S3', 'S4'] as const;
const TYPES = ['billing_dispute', 'general_inquiry', 'complaint'] as const;

/** A change a supervisor makes from what their desktop shows, as the console's dialogs fill it in. */
function author(world: World, index: number, action: number, pick: number): void {
  const d = world.desktops[index]!;
  const state = foldCase(localEvents(d));
  if (!state) return;
  world.clock += 1_000;
  const by = { caseId: CASE_ID, actorId: d.actor.id, deviceId: d.deviceId, at: new Date(world.clock).toISOString() };
  const ownerChoices = [null, ...AGENTS.map((a) => a.id), ...SUPERVISORS.map((s) => s.id)];
  let event: CaseEvent;
  switch (action % 11) {
    case 0:
      event = makeEvent('severity.set', { severity: SEVERITIES[pick % 4]!, from: state.severity }, by);
      break;
    case 1:
      event = makeEvent('case.type_changed', { caseType: TYPES[pick % 3]!, from: state.caseType, reason: 'retyped' }, by);
      break;
    case 2:
      event = makeEvent('owner.assigned', { ownerId: ownerChoices[pick % ownerChoices.length]!, from: state.ownerId }, by);
      break;
    case 3:
      event = makeEvent('case.transferred', { toQueueId: 'T1-EAST', toOwnerId: pick % 2 ? 'AGT-1' : null, fromQueueId: state.queueId, fromOwnerId: state.ownerId, note: 'over to you' }, by);
      break;
    case 4:
      event = makeEvent('status.changed', { to: STATUSES[pick % 2]!, from: state.status, reason: 'customer' }, by);
      break;
    case 5:
      event = makeEvent('case.resolved', { resolution: `Resolved by ${d.actor.id} (${pick % 3})` }, by);
      break;
    case 6:
      event = makeEvent('case.closed', state.resolutionEventId ? { resolutionEventId: state.resolutionEventId } : {}, by);
      break;
    case 7:
      event = makeEvent('case.reopened', { reason: 'charged again' }, by);
      break;
    case 8:
      event = makeEvent('case.escalated', { level: Math.min(4, state.escalationLevel + 1), toOwnerId: SUPERVISORS[pick % SUPERVISORS.length]!.id, reason: 'needs a decision', automatic: false }, by);
      break;
    case 9: {
      const conflict = state.conflicts[pick % Math.max(1, state.conflicts.length)];
      if (!conflict) return;
      event = makeEvent('conflict.settled', { conflictId: conflict.conflictId, keepEventId: conflict.sides[pick % 2]!.eventId }, by);
      break;
    }
    default:
      event = makeEvent('note.added', { text: 'called the customer' }, by);
  }
  // The desktop records what its service knows it had: the events pulled without a gap.
  const withSeen: CaseEvent = { ...event, seen: d.pulled.length };
  // The console offers only what the same policy allows on what it shows.
  if (!decideCaseEvent({ event: withSeen, before: state, actor: d.actor, facts: facts(state), config }).allowed) return;
  d.own.push({ event: withSeen, acked: false, rejected: false });
}

type Step =
  | { op: 'author'; desktop: number; action: number; pick: number }
  | { op: 'sync'; desktop: number }
  | { op: 'deliver' | 'drop' | 'duplicate'; pick: number }
  | { op: 'toggle'; desktop: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('author' as const), desktop: fc.nat(4), action: fc.nat(10), pick: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('sync' as const), desktop: fc.nat(4) }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('deliver' as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('drop' as const, 'duplicate' as const), pick: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('toggle' as const), desktop: fc.nat(4) }) },
);

function run(count: number, steps: Step[]): World {
  const creation = makeEvent(
    'case.created',
    { customerId: CUSTOMER.id, caseType: 'billing_dispute', severity: 'S3', channel: 'phone', subject: 'Fee charged twice', ownerId: 'AGT-2', queueId: 'T1-EAST' },
    { caseId: CASE_ID, actorId: 'AGT-2', deviceId: 'desktop-agent', at: new Date(START).toISOString() },
  );
  // Every desktop starts with the case as opened (it was pulled before the run).
  const desktops: Desktop[] = SUPERVISORS.slice(0, count).map((actor, i) => ({ actor, deviceId: `desktop-${i}`, online: true, pulled: [creation], own: [] }));
  const world: World = { desktops, log: [creation], state: applyCaseEvent(null, creation), network: [], clock: START };
  for (const s of steps) {
    if ('desktop' in s && s.desktop >= count) continue;
    switch (s.op) {
      case 'author':
        author(world, s.desktop, s.action, s.pick);
        break;
      case 'sync':
        sync(world, s.desktop);
        break;
      case 'toggle':
        world.desktops[s.desktop]!.online = !world.desktops[s.desktop]!.online;
        break;
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        if (world.network.length === 0) break;
        const index = s.pick % world.network.length;
        const message = world.network[index]!;
        if (s.op === 'duplicate') world.network.push(message);
        else world.network.splice(index, 1);
        if (s.op === 'deliver') deliver(world, message);
        break;
      }
    }
  }
  // Everyone comes back (in a random order already mixed in above) and syncs until nothing is in flight.
  for (const d of world.desktops) d.online = true;
  for (let round = 0; round < 20; round += 1) {
    world.desktops.forEach((_, i) => sync(world, i));
    while (world.network.length > 0) deliver(world, world.network.shift()!);
  }
  return world;
}

type Aspect = 'severity' | 'type' | 'owner' | 'lifecycle';
/** The pairs that do not commute on the lifecycle (either order). */
const LIFECYCLE_PAIRS = [
  ['status.changed', 'case.resolved'],
  ['status.changed', 'case.closed'],
  ['case.resolved', 'case.resolved'],
  ['case.resolved', 'case.closed'],
  ['case.escalated', 'case.resolved'],
  ['case.reopened', 'case.closed'],
];
const SETTLED_ASPECTS: Record<string, Aspect[]> = { severity: ['severity'], type: ['type'], owner: ['owner'], escalation: ['owner', 'lifecycle'], resolution: ['lifecycle'], close: ['lifecycle'], status: ['lifecycle'] };

function aspectsOf(event: CaseEvent): Aspect[] {
  switch (event.type) {
    case 'severity.set':
      return ['severity'];
    case 'case.type_changed':
      return ['type'];
    case 'owner.assigned':
    case 'case.transferred':
      return ['owner'];
    case 'case.escalated':
      return ['owner', 'lifecycle'];
    case 'status.changed':
    case 'case.resolved':
    case 'case.closed':
    case 'case.reopened':
      return ['lifecycle'];
    case 'conflict.settled':
      return SETTLED_ASPECTS[event.payload.conflictId.split(':')[0]!] ?? [];
    default:
      return [];
  }
}

function clash(aspect: Aspect, a: CaseEvent, b: CaseEvent): boolean {
  if (aspect !== 'lifecycle' || a.type === 'conflict.settled' || b.type === 'conflict.settled') return true;
  return LIFECYCLE_PAIRS.some(([x, y]) => (x === a.type && y === b.type) || (x === b.type && y === a.type));
}

function projection(state: CaseState, aspect: Aspect): string {
  if (aspect === 'severity') return state.severity;
  if (aspect === 'type') return state.caseType;
  if (aspect === 'owner') return JSON.stringify([state.ownerId, state.queueId]);
  return JSON.stringify([state.status, state.resolution, state.resolutionCode, state.escalationLevel]);
}

/** Whether the case already is what the event asks for (then it needs no conflict). */
function alreadySo(state: CaseState, event: CaseEvent): boolean {
  switch (event.type) {
    case 'severity.set':
      return state.severity === event.payload.severity;
    case 'case.type_changed':
      return state.caseType === event.payload.caseType;
    case 'owner.assigned':
      return state.ownerId === event.payload.ownerId;
    case 'case.transferred':
      return state.ownerId === event.payload.toOwnerId && state.queueId === event.payload.toQueueId;
    case 'status.changed':
      return state.status === event.payload.to;
    case 'case.resolved':
      return state.status !== 'closed' && state.status === 'resolved' && state.resolution === event.payload.resolution;
    case 'case.closed':
      return state.status === 'closed';
    case 'case.reopened':
      return state.status !== 'resolved' && state.status !== 'closed';
    default:
      return false;
  }
}

interface Surfaced {
  pairs: number;
}

/** Walks the service's order: each change against every earlier one it did not see. */
function checkSurfaced(log: readonly CaseEvent[]): Surfaced {
  const states: (CaseState | null)[] = [null];
  for (const event of log) states.push(applyCaseEvent(states.at(-1)!, event));
  let pairs = 0;
  log.forEach((later, j) => {
    if (later.seen === undefined) return;
    const before = states[j]!;
    const after = states[j + 1]!;
    for (const aspect of aspectsOf(later)) {
      for (let i = later.seen; i < j; i += 1) {
        const earlier = log[i]!;
        if (earlier.deviceId === later.deviceId || !aspectsOf(earlier).includes(aspect) || !clash(aspect, earlier, later)) continue;
        if (projection(states[i]!, aspect) === projection(states[i + 1]!, aspect)) continue; // it changed nothing to clash with
        if (projection(states[i + 1]!, aspect) !== projection(before, aspect)) continue; // undone meanwhile: that change is its own pair
        pairs += 1;
        const held = after.conflicts.some((c) => c.sides[1].eventId === later.id || (later.type === 'conflict.settled' && c.sides[1].eventId === later.payload.keepEventId));
        const settledAsIs = later.type === 'conflict.settled' && projection(before, aspect) === projection(after, aspect);
        const why = `${later.type} (#${j}, saw ${later.seen}) made without seeing ${earlier.type} (#${i})`;
        expect(held || alreadySo(before, later) || settledAsIs, `${why} was applied over it or dropped silently`).toBe(true);
        expect(projection(after, aspect), `${why} changed the ${aspect} silently`).toBe(projection(before, aspect));
      }
    }
  });
  return { pairs };
}

describe('3–5 desktops and the service, with a faulty network', () => {
  it('converge on the same case, and surface every concurrent pair of changes that do not commute', () => {
    let surfacedPairs = 0;
    let conflictsSeen = 0;
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 5 }), fc.array(step, { minLength: 20, maxLength: 160 }), (count, steps) => {
        const world = run(count, steps);
        expect(world.network).toEqual([]);
        const serviceState = world.state!;
        // The service's stored state is the fold of its order (what every replica computes).
        expect(foldCase(world.log)).toEqual(serviceState);
        for (const d of world.desktops) {
          expect(d.own.every((own) => own.acked), `${d.deviceId} has unacknowledged events`).toBe(true);
          expect(d.pulled.map((e) => e.id)).toEqual(world.log.map((e) => e.id));
          expect(foldCase(localEvents(d)), `${d.deviceId} disagrees with the service`).toEqual(serviceState);
        }
        surfacedPairs += checkSurfaced(world.log).pairs;
        conflictsSeen += world.log.filter((e) => e.type === 'conflict.settled').length + serviceState.conflicts.length;
      }),
      { numRuns: 150 },
    );
    // The runs did exercise concurrency: pairs were found, held and settled.
    expect(surfacedPairs).toBeGreaterThan(50);
    expect(conflictsSeen).toBeGreaterThan(20);
  });
});
