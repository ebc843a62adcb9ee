import { describe, expect, it } from 'vitest';
import { migrate } from '../../../src/server/db/migrate';
import { applyCaseEvents } from '../../../src/server/sync/applyCaseEvents';
import { MAX_FUTURE_SKEW_MS } from '../../../src/shared/sync/protocol';
import type { CaseState } from '../../../src/shared/domain/caseState';
import { describeEachBackend } from '../helpers/backends';
import { insertAgents, insertCustomers } from '../helpers/directory';
import { caseCreated, makeEvent, newCaseId, noteAdded } from '../helpers/events';

const NOW = new Date('2026-03-02T15:00:00.000Z');
const ACTOR = 'AGT-TEST';

describeEachBackend(
  'applyCaseEvents',
  (suite) => {
    const apply = (events: unknown[], agentId: string | null = ACTOR) =>
      suite.db.transaction((tx) => applyCaseEvents(tx, events, { pushedBy: agentId === null ? null : { agentId, deviceId: 'test-device' }, now: NOW }));
    const projection = async (caseId: string) => {
      const { rows } = await suite.db.query<{ state: CaseState; owner_id: string; status: string; last_seq: unknown }>(
        'SELECT state, owner_id, status, last_seq FROM cases WHERE case_id = $1',
        [caseId],
      );
      return rows[0];
    };

    it('appends events with consecutive seqs and folds them into the cases projection', async () => {
      const caseId = newCaseId();
      const created = caseCreated(caseId, ACTOR, new Date(NOW.getTime() - 60_000), 'CUS-000001');
      const note = noteAdded(caseId, ACTOR, new Date(NOW.getTime() - 30_000));
      const results = await apply([created, note]);
      expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
      const [first, second] = results.map((r) => (r.outcome === 'rejected' ? -1 : r.seq));
      expect(second).toBe((first ?? 0) + 1);
      const row = await projection(caseId);
      expect(row?.status).toBe('open');
      expect(row?.owner_id).toBe(ACTOR);
      expect(Number(row?.last_seq)).toBe(second);
      expect(row?.state).toMatchObject({ id: caseId, customerId: 'CUS-000001', noteCount: 1, eventCount: 2, status: 'open' });
    });

    it('answers a repeated event id with its original seq and applies it once, within and across batches', async () => {
      const caseId = newCaseId();
      const created = caseCreated(caseId, ACTOR, NOW);
      const note = noteAdded(caseId, ACTOR, NOW);
      const firstPush = await apply([created, note, note]);
      expect(firstPush.map((r) => r.outcome)).toEqual(['applied', 'applied', 'duplicate']);
      const noteSeq = firstPush[1]?.outcome === 'applied' ? firstPush[1].seq : -1;
      expect(firstPush[2]).toEqual({ eventId: note.id, outcome: 'duplicate', seq: noteSeq });
      // The response was "lost": the client sends the same batch again, id in upper case this time.
      const retry = await apply([created, { ...note, id: note.id.toUpperCase() }]);
      expect(retry.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate']);
      expect(retry[1]).toMatchObject({ seq: noteSeq });
      const { rows } = await suite.db.query<{ n: unknown }>('SELECT count(*) AS n FROM case_events WHERE case_id = $1', [caseId]);
      expect(Number(rows[0]?.n)).toBe(2);
      expect((await projection(caseId))?.state.noteCount).toBe(1);
    });

    it('rejects what can never apply, with a reason, and still applies the rest of the batch', async () => {
      const caseId = newCaseId();
      const good = caseCreated(caseId, ACTOR, NOW);
      const emptyNote = { ...noteAdded(caseId, ACTOR, NOW), payload: { text: '   ' } };
      const unknownType = { ...noteAdded(caseId, ACTOR, NOW), type: 'case.teleported' };
      const orphan = noteAdded(newCaseId(), ACTOR, NOW);
      const someoneElse = noteAdded(caseId, 'AGT-OTHER', NOW);
      const farFuture = noteAdded(caseId, ACTOR, new Date(NOW.getTime() + MAX_FUTURE_SKEW_MS + 60_000));
      const slightlyAhead = noteAdded(caseId, ACTOR, new Date(NOW.getTime() + 60 * 60_000), 'Clock a bit fast');
      const results = await apply([emptyNote, good, 42, unknownType, orphan, someoneElse, farFuture, slightlyAhead]);
      expect(results.map((r) => r.outcome)).toEqual(['rejected', 'applied', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'applied']);
      const reasons = results.map((r) => (r.outcome === 'rejected' ? r.reason : ''));
      expect(reasons[0]).toMatch(/payload\.text: a note cannot be empty/);
      expect(results[2]).toMatchObject({ eventId: '' });
      expect(reasons[3]).toMatch(/type/);
      expect(reasons[4]).toMatch(/does not exist/);
      expect(reasons[5]).toMatch(/authored by AGT-OTHER, but AGT-TEST is the one signed in/);
      expect(reasons[6]).toMatch(/ahead of the service clock/);
      expect((await projection(caseId))?.state.noteCount).toBe(1);
    });

    it('lets the service itself record events for any author (seed path)', async () => {
      const caseId = newCaseId();
      const results = await apply([caseCreated(caseId, 'AGT-A', NOW), noteAdded(caseId, 'AGT-B', NOW)], null);
      expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied']);
    });

    it('keeps the projection in step with the log when a case is created and resolved in later batches', async () => {
      const caseId = newCaseId();
      await apply([caseCreated(caseId, ACTOR, NOW)]);
      await apply([makeEvent('owner.assigned', { caseId, actorId: 'AGT-SUP', at: NOW, payload: { ownerId: 'AGT-NEXT' } })], 'AGT-SUP');
      await apply([makeEvent('case.resolved', { caseId, actorId: 'AGT-NEXT', at: NOW, payload: { resolution: 'Refunded' } })], 'AGT-NEXT');
      const row = await projection(caseId);
      expect(row).toMatchObject({ owner_id: 'AGT-NEXT', status: 'resolved' });
      expect(row?.state.resolution).toBe('Refunded');
    });

    it('stores each event as parsed, not as sent: trimmed, defaults filled, unknown fields dropped, any text intact', async () => {
      const caseId = newCaseId();
      const created = caseCreated(caseId, ACTOR, NOW);
      const text = 'Quote " backslash \\ newline \n tab \t line separator \u2028 é 🙂 end';
      const sentNote = { ...noteAdded(caseId, ACTOR, NOW, `  ${text}  `), fromNewerClient: { nested: [1, 2] } };
      const sentLink = makeEvent('contact.linked', { caseId, actorId: ACTOR, at: NOW, payload: { contactId: 'CT-1', channel: 'phone', direction: 'inbound' } as never });
      const results = await apply([created, sentNote, sentLink]);
      expect(results.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied']);
      const { rows } = await suite.db.query<{ event_id: string; body: unknown }>('SELECT event_id::text AS event_id, body FROM case_events WHERE case_id = $1', [caseId]);
      const stored = new Map(rows.map((row) => [row.event_id, row.body]));
      const { fromNewerClient: _dropped, ...note } = sentNote;
      expect(stored.get(sentNote.id)).toEqual({ ...note, payload: { text } });
      expect(stored.get(sentLink.id)).toEqual({ ...sentLink, payload: { ...sentLink.payload, summary: '' } });
      expect(stored.get(created.id)).toEqual(created);
    });
  },
  async (db) => {
    await migrate(db);
    await insertAgents(db, [
      { id: ACTOR, role: 'tier1_agent', teamId: 'T1-EAST' },
      { id: 'AGT-NEXT', role: 'tier1_agent', teamId: 'T1-EAST' },
      { id: 'AGT-SUP', role: 'supervisor', teamId: 'T1-EAST' },
    ]);
    await insertCustomers(db, [{ id: 'CUS-000001' }]);
  },
);

describe('applyCaseEvents without a database round trip', () => {
  it('answers an all-invalid batch without touching the database', async () => {
    const untouchable = {
      query: () => Promise.reject(new Error('must not query')),
      exec: () => Promise.reject(new Error('must not exec')),
    };
    const results = await applyCaseEvents(untouchable, [null, 'x', { id: 'not-a-uuid' }], { pushedBy: { agentId: ACTOR, deviceId: 'test-device' }, now: NOW });
    expect(results.map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(results[2]).toMatchObject({ eventId: 'not-a-uuid' });
  });
});
