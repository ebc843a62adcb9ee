import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { catchUp } from '../../../src/renderer/data/catchUp';
import { ReadModelDb } from '../../../src/renderer/data/db';
import { withValidation } from '../../../src/renderer/bridge/validatingBridge';
import { created, dana, envelope, seededBridge, testSealer } from '../support/seed';
import { FakeConsoleBridge } from '../support/fakeBridge';

const opened: ReadModelDb[] = [];
let dbCounter = 0;
function freshDb(): ReadModelDb {
  const db = new ReadModelDb(`catch-up-test-${++dbCounter}`, testSealer());
  opened.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function signedIn(bridge: FakeConsoleBridge): Promise<FakeConsoleBridge> {
  await bridge.invoke('session.login', { username: 'dana', password: 'correct horse' });
  return bridge;
}

describe('catch-up', () => {
  it('stores every event and folds each case with the shared reducer', async () => {
    const fake = await signedIn(seededBridge());
    const db = freshDb();
    const outcome = await catchUp(withValidation(fake), db);
    expect(outcome).toEqual({ ok: true, applied: 6 });
    expect(await db.events.count()).toBe(6);
    expect((await db.cases.toArray()).map((state) => state.id).sort()).toEqual(['case-done', 'case-fee', 'case-fraud', 'case-sams']);
    expect(await db.cases.get('case-fraud')).toEqual(fake.caseState('case-fraud'));
    expect((await db.cases.get('case-fraud'))?.status).toBe('open');
    expect((await db.cases.get('case-done'))?.status).toBe('resolved');
    expect(await db.readCursor()).toBe(fake.localSeq);
  });

  it('drops a case main says left this desktop, keeping the rest, and moves past a page of removals only', async () => {
    const fake = await signedIn(seededBridge());
    const db = freshDb();
    await catchUp(withValidation(fake), db);
    expect(await db.cases.get('case-sams')).toBeDefined();
    fake.removeCase('case-sams');
    expect(await catchUp(withValidation(fake), db)).toEqual({ ok: true, applied: 0 });
    expect(await db.cases.get('case-sams')).toBeUndefined();
    expect(await db.events.where('caseId').equals('case-sams').count()).toBe(0);
    expect((await db.cases.toArray()).map((state) => state.id).sort()).toEqual(['case-done', 'case-fee', 'case-fraud']);
    expect(await db.readCursor()).toBe(fake.localSeq);
  });

  it('leaves a change the service refused out of the case, and keeps it with its reason for the timeline', async () => {
    const fake = await signedIn(new FakeConsoleBridge([dana], { dana: 'correct horse' }, []));
    fake.receive(created('case-1', { subject: 'Refusal test', ownerId: dana.id, customerId: null, at: '2025-03-03T10:00:00.000Z' }), 1);
    const refused = envelope('case-1', 'severity.set', { severity: 'S1' }, '2025-03-03T10:01:00.000Z');
    fake.receive(refused, null);
    const db = freshDb();
    await catchUp(withValidation(fake), db);
    expect((await db.cases.get('case-1'))?.severity).toBe('S1');
    fake.refuse(refused.id, 'your role (Tier 1 agent) cannot change the severity');
    await catchUp(withValidation(fake), db);
    expect((await db.cases.get('case-1'))?.severity).not.toBe('S1');
    expect((await db.events.get(refused.id))?.rejectedReason).toBe('your role (Tier 1 agent) cannot change the severity');
  });

  it('folds confirmed events in service sequence order, not in the order they arrived', async () => {
    const fake = await signedIn(new FakeConsoleBridge([dana], { dana: 'correct horse' }, []));
    fake.receive(created('case-1', { subject: 'Order test', ownerId: dana.id, customerId: null, at: '2025-03-03T10:00:00.000Z' }), 1);
    // Arrives first locally but the service placed it later.
    fake.receive(envelope('case-1', 'severity.set', { severity: 'S2' }, '2025-03-03T10:05:00.000Z'), 5);
    fake.receive(envelope('case-1', 'severity.set', { severity: 'S4' }, '2025-03-03T10:06:00.000Z'), 4);
    const db = freshDb();
    await catchUp(withValidation(fake), db);
    expect((await db.cases.get('case-1'))?.severity).toBe('S2');
  });

  it('puts this desktop’s unconfirmed events after every confirmed one, in local order', async () => {
    const fake = await signedIn(new FakeConsoleBridge([dana], { dana: 'correct horse' }, []));
    fake.receive(created('case-1', { subject: 'Local test', ownerId: dana.id, customerId: null, at: '2025-03-03T10:00:00.000Z' }), 1);
    fake.receive(envelope('case-1', 'severity.set', { severity: 'S1' }, '2025-03-03T10:01:00.000Z'), null);
    fake.receive(envelope('case-1', 'severity.set', { severity: 'S2' }, '2025-03-03T10:02:00.000Z'), null);
    fake.receive(envelope('case-1', 'severity.set', { severity: 'S4' }, '2025-03-03T10:03:00.000Z'), 7);
    const db = freshDb();
    await catchUp(withValidation(fake), db);
    expect((await db.cases.get('case-1'))?.severity).toBe('S2');
  });

  it('is idempotent: running again, or from scratch over the same data, changes nothing', async () => {
    const fake = await signedIn(seededBridge());
    const db = freshDb();
    const bridge = withValidation(fake);
    await catchUp(bridge, db);
    const firstCases = await db.cases.toArray();
    const firstEvents = await db.events.toArray();
    expect(await catchUp(bridge, db)).toEqual({ ok: true, applied: 0 });
    await db.writeCursor(0);
    expect(await catchUp(bridge, db)).toEqual({ ok: true, applied: 6 });
    expect(await db.cases.toArray()).toEqual(firstCases);
    expect(await db.events.toArray()).toEqual(firstEvents);
  });

  it('picks up an event again when the service confirms it', async () => {
    const fake = await signedIn(seededBridge());
    const db = freshDb();
    const bridge = withValidation(fake);
    await catchUp(bridge, db);
    const appended = await fake.invoke('events.append', { id: '00000000-0000-4000-8000-999999999999', caseId: 'case-fee', type: 'note.added', payload: { text: 'Called back.' } });
    expect(appended.ok).toBe(true);
    await catchUp(bridge, db);
    expect(await db.events.get('00000000-0000-4000-8000-999999999999')).toMatchObject({ synced: false, seq: null });
    fake.confirm('00000000-0000-4000-8000-999999999999', 40);
    await catchUp(bridge, db);
    expect(await db.events.get('00000000-0000-4000-8000-999999999999')).toMatchObject({ synced: true, seq: 40 });
    expect((await db.cases.get('case-fee'))?.noteCount).toBe(1);
  });

  it('starts over when main’s change counter goes backwards (its store was rebuilt)', async () => {
    const fake = await signedIn(seededBridge());
    const db = freshDb();
    await catchUp(withValidation(fake), db);
    const rebuilt = await signedIn(new FakeConsoleBridge([dana], { dana: 'correct horse' }, []));
    rebuilt.receive(created('case-new', { subject: 'Only case now', ownerId: dana.id, customerId: null, at: '2025-03-03T10:00:00.000Z' }), 1);
    await catchUp(withValidation(rebuilt), db);
    expect((await db.cases.toArray()).map((state) => state.id)).toEqual(['case-new']);
  });

  it('reports a failed request and leaves the cursor where it was', async () => {
    const fake = await signedIn(seededBridge());
    const db = freshDb();
    fake.failNext('events.since', { code: 'busy', message: 'Journal busy.' });
    expect(await catchUp(withValidation(fake), db)).toEqual({ ok: false, error: { code: 'busy', message: 'Journal busy.' } });
    expect(await db.readCursor()).toBe(0);
  });

  it('converges on main’s fold whatever the delivery order and batching', async () => {
    const severities = ['S1', 'S2', 'S3', 'S4'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ severity: fc.constantFrom(...severities), confirmed: fc.boolean(), catchUpAfter: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        // Service sequence numbers unrelated to arrival order.
        fc.uniqueArray(fc.integer({ min: 2, max: 10_000 }), { minLength: 12, maxLength: 12 }),
        async (steps, seqs) => {
          const fake = await signedIn(new FakeConsoleBridge([dana], { dana: 'correct horse' }, []));
          const db = freshDb();
          const bridge = withValidation(fake);
          fake.receive(created('case-p', { subject: 'Property', ownerId: dana.id, customerId: null, at: '2025-03-03T10:00:00.000Z' }), 1);
          for (const [index, step] of steps.entries()) {
            const at = new Date(Date.parse('2025-03-03T10:00:00.000Z') + (index + 1) * 60_000).toISOString();
            fake.receive(envelope('case-p', 'severity.set', { severity: step.severity }, at), step.confirmed ? (seqs[index] ?? null) : null);
            if (step.catchUpAfter) await catchUp(bridge, db);
          }
          await catchUp(bridge, db);
          expect(await db.cases.get('case-p')).toEqual(fake.caseState('case-p'));
          await db.delete();
        },
      ),
      { numRuns: 40 },
    );
  });
});
