import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { migrate } from '../../../src/server/db/migrate';
import type { Database } from '../../../src/server/db/database';
import { applyCaseEvents } from '../../../src/server/sync/applyCaseEvents';
import { loadPolicyConfig } from '../../../src/server/sync/policyConfig';
import { pullEvents } from '../../../src/server/sync/pullEvents';
import type { CaseEvent } from '../../../src/shared/domain/caseEvent';
import type { CaseState } from '../../../src/shared/domain/caseState';
import type { PolicyActor } from '../../../src/shared/policy/actor';
import type { PolicyConfig } from '../../../src/shared/policy/casePolicy';
import { canSeeCase } from '../../../src/shared/policy/caseScope';
import { DESKTOP_RETENTION } from '../../../src/shared/sync/desktopRetention';
import type { PullResponse, SequencedEvent } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { insertAgents, insertCustomers } from '../helpers/directory';
import { makeEvent, newCaseId } from '../helpers/events';

const NOW = new Date('2026-03-02T15:00:00.000Z');
const person = (id: string, role: PolicyActor['role'], teamId: string, skills: string[] = []): PolicyActor => ({ id, role, teamId, branchId: null, skills, displayName: id });
const ALEX = person('AGT-001', 'tier1_agent', 'T1-EAST', ['senior']);
const JORDAN = person('AGT-002', 'tier1_agent', 'T1-EAST');
const GRACE = person('AGT-007', 'tier1_agent', 'T1-WEST', ['senior']);
const RACHEL = person('AGT-014', 'supervisor', 'T1-EAST');
const NINA = person('AGT-013', 'specialist', 'T2-FRAUD-DISPUTES', ['fraud', 'disputes']);
const TOMAS = person('AGT-017', 'specialist', 'T2-AML', ['aml']);
const OLIVIA = person('AGT-016', 'compliance', 'COMPLIANCE');
const PEOPLE = [ALEX, JORDAN, GRACE, RACHEL, NINA, TOMAS, OLIVIA];
const QUEUES = ['T1-EAST', 'T1-WEST', 'FRAUD', 'COMPLIANCE'];
const CUSTOMER = 'CUS-200001';

let config: PolicyConfig;
beforeAll(async () => {
  const loaded = await loadPolicyConfig();
  if (!loaded.ok) throw new Error(loaded.reason);
  config = loaded.config;
});

/** A desktop as the sync engine keeps it: a cursor, and per stream the events it holds. */
class Desktop {
  cursor = 0;
  readonly held = new Map<string, Set<string>>();
  constructor(
    readonly db: Database,
    readonly agent: PolicyActor,
    readonly deviceId = `desk-${randomUUID().slice(0, 8)}`,
  ) {}

  /** Pulls until the service has no more; a lost answer is asked for again, never applied. */
  async sync(options: { limit?: number; maxBytes?: number; loseFirstAnswer?: boolean; now?: Date } = {}): Promise<{ removed: string[]; received: string[]; pages: SequencedEvent[][] }> {
    const removed: string[] = [];
    const received: string[] = [];
    const pages: SequencedEvent[][] = [];
    let lose = options.loseFirstAnswer ?? false;
    for (let page = 0; page < 1000; page += 1) {
      const answer = await this.pullOnce(options);
      if (lose) {
        lose = false;
        continue;
      }
      for (const streamId of answer.removedCaseIds) {
        this.held.delete(streamId);
        removed.push(streamId);
      }
      for (const { event } of answer.events) {
        const events = this.held.get(event.caseId) ?? new Set<string>();
        events.add(event.id);
        this.held.set(event.caseId, events);
        received.push(event.id);
      }
      this.cursor = answer.cursor;
      pages.push(answer.events);
      if (!answer.hasMore) return { removed, received, pages };
    }
    throw new Error('the pull never ended');
  }

  /** One page, stored as the desktop stores it. */
  async page(options: { limit?: number } = {}): Promise<PullResponse> {
    const answer = await this.pullOnce(options);
    for (const streamId of answer.removedCaseIds) this.held.delete(streamId);
    for (const { event } of answer.events) this.held.set(event.caseId, (this.held.get(event.caseId) ?? new Set<string>()).add(event.id));
    this.cursor = answer.cursor;
    return answer;
  }

  private pullOnce(options: { limit?: number; maxBytes?: number; now?: Date }): Promise<PullResponse> {
    return pullEvents(this.db, { agent: this.agent, deviceId: this.deviceId }, this.cursor, options.limit ?? 500, options.now ?? NOW, config, options.maxBytes);
  }
}

describeEachBackend(
  'scoped pull',
  (suite) => {
    let clock = NOW.getTime() - 3_600_000;
    const tick = () => new Date((clock += 1_000));
    const push = (actor: PolicyActor, events: CaseEvent[]) =>
      suite.db.transaction((tx) => applyCaseEvents(tx, events, { pushedBy: { agentId: actor.id, deviceId: `device-${actor.id}` }, now: NOW }));
    const ev = <T extends Parameters<typeof makeEvent>[0]>(type: T, caseId: string, actor: PolicyActor, payload: Parameters<typeof makeEvent<T>>[1]['payload']) =>
      makeEvent(type, { caseId, actorId: actor.id, at: tick(), payload, deviceId: `device-${actor.id}` });
    const open = async (owner: PolicyActor, queueId: string, caseType: 'complaint' | 'aml_investigation' | 'fraud' = 'complaint', customerId: string | null = null) => {
      const caseId = newCaseId();
      const [outcome] = await push(owner, [ev('case.created', caseId, owner, { customerId, caseType, severity: 'S3', channel: 'email', subject: 'Scoped', ownerId: owner.id, queueId })]);
      expect(outcome?.outcome === 'rejected' ? outcome.reason : outcome?.outcome).toBe('applied');
      return caseId;
    };
    const eventIds = async (streamId: string) => new Set((await suite.db.query<{ id: string }>('SELECT event_id::text AS id FROM case_events WHERE case_id = $1', [streamId])).rows.map((row) => row.id));

    /** What the shared policy says this person may hold, computed here from the tables, not by the service's query. */
    const expectedVisible = async (actor: PolicyActor): Promise<Set<string>> => {
      const { rows } = await suite.db.query<{ case_id: string; state: CaseState }>('SELECT case_id, state FROM cases');
      const team = new Map(PEOPLE.map((p) => [p.id, p.teamId]));
      const customers = new Map([[CUSTOMER, { id: CUSTOMER, tier: 'standard' as const, branchId: 'BR-002', staff: false }]]);
      const lookups = await suite.db.query<{ customer_id: string }>('SELECT customer_id FROM customer_lookups WHERE agent_id = $1', [actor.id]);
      const popped = new Set(lookups.rows.map((row) => row.customer_id));
      return new Set(
        rows
          .filter(({ state }) =>
            canSeeCase(state, actor, { customer: state.customerId ? (customers.get(state.customerId) ?? null) : null, ownerTeamId: state.ownerId ? (team.get(state.ownerId) ?? null) : null, customerPoppedByActor: state.customerId !== null && popped.has(state.customerId), inQaSample: false }, config),
          )
          .map((row) => row.case_id),
      );
    };
    const expectExactlyVisible = async (desktop: Desktop) => {
      const visible = await expectedVisible(desktop.agent);
      expect([...desktop.held.keys()].sort()).toEqual([...visible].sort());
      for (const streamId of visible) expect(desktop.held.get(streamId), `events of ${streamId}`).toEqual(await eventIds(streamId));
    };

    it("gives a Tier 1 agent their own cases and their team's queue, never another team's, an AML case or others' notes", async () => {
      const own = await open(ALEX, 'T1-EAST');
      const westCase = await open(GRACE, 'T1-WEST');
      const aml = await open(TOMAS, 'AML', 'aml_investigation');
      const jordans = await open(JORDAN, 'T1-EAST');
      await push(JORDAN, [ev('note.added', jordans, JORDAN, { text: 'Private to the owner and their supervisor' })]);
      const queued = await open(JORDAN, 'T1-EAST');
      const [handedBack] = await push(JORDAN, [ev('case.transferred', queued, JORDAN, { toQueueId: 'T1-EAST', toOwnerId: null, note: 'Back to the queue' })]);
      expect(handedBack?.outcome).toBe('applied');
      const alex = new Desktop(suite.db, ALEX);
      await alex.sync();
      expect(alex.held.has(own)).toBe(true);
      expect(alex.held.has(queued)).toBe(true);
      for (const hidden of [westCase, aml, jordans]) expect(alex.held.has(hidden)).toBe(false);
      await expectExactlyVisible(alex);
      const rachel = new Desktop(suite.db, RACHEL);
      await rachel.sync();
      expect(rachel.held.has(jordans) && rachel.held.has(own)).toBe(true);
      expect(rachel.held.has(westCase) || rachel.held.has(aml)).toBe(false);
      const olivia = new Desktop(suite.db, OLIVIA);
      await olivia.sync();
      expect(olivia.held.has(aml) && olivia.held.has(westCase)).toBe(true);
    });

    it('removes a case transferred away on the next pull, and sends it whole when it comes back', async () => {
      const caseId = await open(ALEX, 'T1-EAST');
      await push(ALEX, [ev('note.added', caseId, ALEX, { text: 'Before the transfer' })]);
      const alex = new Desktop(suite.db, ALEX);
      await alex.sync();
      expect(alex.held.get(caseId)?.size).toBe(2);
      await push(ALEX, [ev('case.transferred', caseId, ALEX, { toQueueId: 'T1-WEST', toOwnerId: null, note: 'West handles this branch' })]);
      await push(GRACE, [ev('owner.assigned', caseId, GRACE, { ownerId: GRACE.id, from: null }), ev('note.added', caseId, GRACE, { text: 'Only West sees this' })]);
      const left = await alex.sync();
      expect(left.removed).toContain(caseId);
      expect(alex.held.has(caseId)).toBe(false);
      await push(GRACE, [ev('case.transferred', caseId, GRACE, { toQueueId: 'T1-EAST', toOwnerId: null, note: 'Back to East' })]);
      await alex.sync();
      expect(alex.held.get(caseId)).toEqual(await eventIds(caseId));
      await expectExactlyVisible(alex);
    });

    it('resends a removal and a backfill whose answer was lost', async () => {
      const leaving = await open(ALEX, 'T1-EAST');
      const alex = new Desktop(suite.db, ALEX);
      await alex.sync();
      await push(ALEX, [ev('case.transferred', leaving, ALEX, { toQueueId: 'T1-WEST', toOwnerId: null, note: 'To West' })]);
      const arriving = await open(GRACE, 'T1-WEST');
      await push(GRACE, [ev('note.added', arriving, GRACE, { text: 'History East must get' }), ev('case.transferred', arriving, GRACE, { toQueueId: 'T1-EAST', toOwnerId: null, note: 'To East' })]);
      await alex.sync({ loseFirstAnswer: true });
      expect(alex.held.has(leaving)).toBe(false);
      expect(alex.held.get(arriving)).toEqual(await eventIds(arriving));
      await expectExactlyVisible(alex);
    });

    it("shows the cases of a customer the agent looked up, for the roles file's window", async () => {
      const jordans = await open(JORDAN, 'T1-EAST', 'complaint', CUSTOMER);
      const alex = new Desktop(suite.db, ALEX);
      await alex.sync();
      expect(alex.held.has(jordans)).toBe(false);
      await suite.db.query('INSERT INTO customer_lookups (agent_id, customer_id, last_looked_up_at) VALUES ($1, $2, $3) ON CONFLICT (agent_id, customer_id) DO UPDATE SET last_looked_up_at = EXCLUDED.last_looked_up_at', [ALEX.id, CUSTOMER, new Date(NOW.getTime() - 3_600_000)]);
      await alex.sync();
      expect(alex.held.get(jordans)).toEqual(await eventIds(jordans));
      await suite.db.query('UPDATE customer_lookups SET last_looked_up_at = $1 WHERE agent_id = $2', [new Date(NOW.getTime() - 13 * 3_600_000), ALEX.id]);
      const later = await alex.sync();
      expect(later.removed).toContain(jordans);
      await suite.db.query('DELETE FROM customer_lookups WHERE agent_id = $1', [ALEX.id]);
    });

    it('lets a finished case go once the desktop retention is over, and sends it whole again when looked up or reopened', async () => {
      const caseId = await open(ALEX, 'T1-EAST', 'complaint', CUSTOMER);
      const [resolved] = await push(ALEX, [ev('case.resolved', caseId, ALEX, { resolution: 'Fee refunded' })]);
      expect(resolved?.outcome).toBe('applied');
      const resolvedId = (await suite.db.query<{ id: string }>("SELECT event_id::text AS id FROM case_events WHERE case_id = $1 AND body->>'type' = 'case.resolved'", [caseId])).rows[0]?.id;
      await push(ALEX, [ev('case.closed', caseId, ALEX, { resolutionEventId: resolvedId })]);
      const alex = new Desktop(suite.db, ALEX);
      await alex.sync();
      expect(alex.held.get(caseId)).toEqual(await eventIds(caseId));
      const at = (days: number) => new Date(NOW.getTime() + days * 24 * 3_600_000);
      expect((await alex.sync({ now: at(DESKTOP_RETENTION.finishedDays - 1) })).removed).not.toContain(caseId);
      const later = at(DESKTOP_RETENTION.finishedDays + 1);
      expect((await alex.sync({ now: later })).removed).toContain(caseId);
      expect(alex.held.has(caseId)).toBe(false);

      // Fetched on demand: a look-up of its customer brings it back whole, for the look-up's window.
      await suite.db.query('INSERT INTO customer_lookups (agent_id, customer_id, last_looked_up_at) VALUES ($1, $2, $3) ON CONFLICT (agent_id, customer_id) DO UPDATE SET last_looked_up_at = EXCLUDED.last_looked_up_at', [ALEX.id, CUSTOMER, new Date(later.getTime() - 3_600_000)]);
      await alex.sync({ now: later });
      expect(alex.held.get(caseId)).toEqual(await eventIds(caseId));
      await suite.db.query('DELETE FROM customer_lookups WHERE agent_id = $1', [ALEX.id]);
      expect((await alex.sync({ now: later })).removed).toContain(caseId);

      // Reopened, it is open work again: whole, whatever its age.
      const [reopened] = await push(ALEX, [ev('case.reopened', caseId, ALEX, { reason: 'The customer called again' })]);
      expect(reopened?.outcome === 'rejected' ? reopened.reason : reopened?.outcome).toBe('applied');
      await alex.sync({ now: later });
      expect(alex.held.get(caseId)).toEqual(await eventIds(caseId));
    });

    it('pages in seq order with a resumable cursor', async () => {
      const alex = new Desktop(suite.db, ALEX);
      await alex.sync();
      const caseId = await open(ALEX, 'T1-EAST');
      await push(ALEX, [ev('note.added', caseId, ALEX, { text: 'one' }), ev('note.added', caseId, ALEX, { text: 'two' })]);
      const seen: number[] = [];
      let after = alex.cursor;
      for (;;) {
        const page = await pullEvents(suite.db, { agent: ALEX, deviceId: alex.deviceId }, after, 2, NOW, config);
        seen.push(...page.events.map((e) => e.seq));
        after = page.cursor;
        if (!page.hasMore) break;
        expect(page.events).toHaveLength(2);
      }
      expect(seen).toHaveLength(3);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      const empty = await pullEvents(suite.db, { agent: ALEX, deviceId: alex.deviceId }, after, 2, NOW, config);
      expect(empty).toEqual({ events: [], cursor: after, hasMore: false, removedCaseIds: [] });
    });

    it('bounds a page by the bytes of its events as well as by their count, and still sends each event once, in order', async () => {
      const alex = new Desktop(suite.db, ALEX);
      await alex.sync();
      const caseId = await open(ALEX, 'T1-EAST');
      await push(ALEX, Array.from({ length: 12 }, (_, n) => ev('note.added', caseId, ALEX, { text: `Note ${n} `.padEnd(300, 'x') })));
      const bound = 1_500;
      const { pages, received } = await alex.sync({ maxBytes: bound });
      expect(pages.length).toBeGreaterThan(3);
      for (const page of pages) {
        const bytes = page.reduce((sum, { event }) => sum + Buffer.byteLength(JSON.stringify(event)), 0);
        // The service measures its own JSON text of each event (a few spaces more than this).
        if (page.length > 1) expect(bytes).toBeLessThanOrEqual(bound);
      }
      expect(received).toHaveLength(13);
      expect(new Set(received)).toEqual(await eventIds(caseId));
      const seqs = pages.flat().map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      // A bound smaller than one event still moves: one event a page.
      const single = new Desktop(suite.db, ALEX);
      const tiny = await single.sync({ maxBytes: 10 });
      expect(tiny.pages.filter((page) => page.length > 0).every((page) => page.length === 1)).toBe(true);
      expect(new Set(single.held.get(caseId))).toEqual(await eventIds(caseId));
    });

    it('applies a transfer made between two pages of one sync on the very next page', async () => {
      const alex = new Desktop(suite.db, ALEX);
      const leaving = await open(ALEX, 'T1-EAST');
      await alex.sync();
      const arriving = await open(GRACE, 'T1-WEST');
      await push(GRACE, [ev('note.added', arriving, GRACE, { text: 'West history East must get whole' })]);
      for (let n = 0; n < 3; n += 1) await open(ALEX, 'T1-EAST');
      const first = await alex.page({ limit: 2 });
      expect(first.hasMore).toBe(true);
      expect(alex.held.has(leaving)).toBe(true);
      await push(ALEX, [ev('case.transferred', leaving, ALEX, { toQueueId: 'T1-WEST', toOwnerId: null, note: 'To West mid-sync' })]);
      const westOnly = ev('note.added', leaving, GRACE, { text: 'Written after it left East' });
      await push(GRACE, [ev('owner.assigned', leaving, GRACE, { ownerId: GRACE.id, from: null }), westOnly]);
      await push(GRACE, [ev('case.transferred', arriving, GRACE, { toQueueId: 'T1-EAST', toOwnerId: null, note: 'To East mid-sync' })]);
      const next = await alex.page({ limit: 2 });
      expect(next.removedCaseIds).toContain(leaving);
      const rest = await alex.sync({ limit: 2 });
      const after = [...next.events.map((e) => e.event.id), ...rest.received];
      expect(after).not.toContain(westOnly.id);
      expect([...next.events, ...rest.pages.flat()].some(({ event }) => event.caseId === leaving)).toBe(false);
      expect(alex.held.has(leaving)).toBe(false);
      expect(alex.held.get(arriving)).toEqual(await eventIds(arriving));
      await expectExactlyVisible(alex);
    });

    it('property: after any transfers, takes and notes, each desktop holds exactly what its user may see, every event of it', async () => {
      const actorArb = fc.constantFrom(...PEOPLE.filter((p) => p !== TOMAS));
      const op = fc.oneof(
        fc.record({ kind: fc.constant('open' as const), by: actorArb }),
        fc.record({ kind: fc.constant('transfer' as const), by: actorArb, pick: fc.nat(), to: fc.constantFrom(...QUEUES) }),
        fc.record({ kind: fc.constant('take' as const), by: actorArb, pick: fc.nat() }),
        fc.record({ kind: fc.constant('assign' as const), pick: fc.nat(), target: fc.constantFrom(ALEX, JORDAN) }),
        fc.record({ kind: fc.constant('note' as const), by: actorArb, pick: fc.nat() }),
        fc.record({ kind: fc.constant('sync' as const), desk: fc.nat(), lose: fc.boolean(), limit: fc.integer({ min: 1, max: 7 }) }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 30 }), async (ops) => {
          const desktops = PEOPLE.map((agent) => new Desktop(suite.db, agent));
          const cases: string[] = [];
          const stateOf = async (caseId: string) => (await suite.db.query<{ state: CaseState }>('SELECT state FROM cases WHERE case_id = $1', [caseId])).rows[0]!.state;
          for (const step of ops) {
            const caseId = cases.length > 0 && 'pick' in step ? cases[step.pick % cases.length]! : null;
            switch (step.kind) {
              case 'open': {
                const queue = config.queues.queues.find((q) => q.teamDefault && q.teams.includes(step.by.teamId))!.id;
                cases.push(await open(step.by, queue));
                break;
              }
              case 'transfer': {
                // By whoever holds the case (or the actor drawn, when it waits in a queue), so most transfers happen.
                const ownerId = caseId ? (await stateOf(caseId)).ownerId : null;
                const owner = PEOPLE.find((p) => p.id === ownerId);
                if (caseId) await push(owner ?? step.by, [ev('case.transferred', caseId, owner ?? step.by, { toQueueId: step.to, toOwnerId: null, note: 'Moved' })]);
                break;
              }
              case 'take':
                if (caseId) await push(step.by, [ev('owner.assigned', caseId, step.by, { ownerId: step.by.id, from: null })]);
                break;
              case 'assign':
                if (caseId) await push(RACHEL, [ev('owner.assigned', caseId, RACHEL, { ownerId: step.target.id, from: (await stateOf(caseId)).ownerId })]);
                break;
              case 'note':
                if (caseId) await push(step.by, [ev('note.added', caseId, step.by, { text: 'Noted' })]);
                break;
              case 'sync':
                await desktops[step.desk % desktops.length]!.sync({ loseFirstAnswer: step.lose, limit: step.limit });
                break;
            }
          }
          for (const desktop of desktops) {
            await desktop.sync({ limit: 50 });
            await expectExactlyVisible(desktop);
          }
        }),
        { numRuns: 15, seed: 9_0305 },
      );
    }, 240_000);
  },
  async (db) => {
    await migrate(db);
    await insertAgents(db, PEOPLE.map(({ id, role, teamId, skills }) => ({ id, role, teamId, skills: [...skills] })));
    await insertCustomers(db, [{ id: CUSTOMER }]);
  },
);
