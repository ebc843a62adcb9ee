import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ReadModelDb } from '../../../src/renderer/data/db';
import { nativeConnection, requested } from '../../../src/renderer/data/nativeReads';
import { createRecordSealer, UnreadableRecordError } from '../../../src/renderer/data/recordSealer';
import { testSealer } from '../support/seed';

const randomKey = () => crypto.getRandomValues(new Uint8Array(32));
const opened: ReadModelDb[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

describe('record sealer', () => {
  it('keeps only the named fields in the clear and opens what it sealed', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }).filter((key) => key !== 'sealed' && key !== 'id' && key !== '__proto__'), fc.jsonValue()), (fields) => {
        const sealer = createRecordSealer(randomKey());
        const record = { ...fields, id: 'c1' };
        const sealed = sealer.seal('cases', 'id', record, ['id']);
        expect(Object.keys(sealed).sort()).toEqual(['id', 'sealed']);
        expect(sealer.open('cases', 'id', sealed)).toEqual(JSON.parse(JSON.stringify(record)));
      }),
    );
  });

  it('refuses a record that was altered, moved to another key or table, or sealed with another key', () => {
    const sealer = createRecordSealer(randomKey());
    const sealed = sealer.seal('cases', 'id', { id: 'c1', subject: 'Card stolen' }, ['id']);
    const flipped = { ...sealed, sealed: sealed.sealed.slice() };
    flipped.sealed[30] = (flipped.sealed[30] ?? 0) ^ 1;
    expect(() => sealer.open('cases', 'id', flipped)).toThrow(UnreadableRecordError);
    expect(() => sealer.open('cases', 'id', { ...sealed, id: 'c2' })).toThrow(UnreadableRecordError);
    expect(() => sealer.open('events', 'id', sealed)).toThrow(UnreadableRecordError);
    expect(() => createRecordSealer(randomKey()).open('cases', 'id', sealed)).toThrow(UnreadableRecordError);
    expect(() => sealer.open('cases', 'id', { id: 'c1', subject: 'in the clear' })).toThrow(UnreadableRecordError);
  });
});

describe('the read model on disk', () => {
  it('holds indexed ids and keyed hashes in the clear, never the case subject, note, name or merchant', async () => {
    const db = new ReadModelDb(`sealed-${Date.now()}`, testSealer());
    opened.push(db);
    await db.cases.put({ id: 'AC-22222-33333', customerId: 'CUS-000001', ownerId: 'AGT-001', status: 'open', updatedAt: '2026-12-06T10:00:00Z', subject: 'Canary subject 7781' } as never);
    await db.customers.put({ id: 'CUS-000001', customer: { fullName: 'Canary Personname' }, accounts: [], recentTransactions: [{ merchant: 'Canary Merchant Ltd' }], fetchedAt: '2026-12-06' } as never);
    await db.events.put({ id: 'e1', caseId: 'AC-22222-33333', localSeq: 1, seq: null, synced: false, event: { payload: { text: 'note with 4111222233334444' } } } as never);
    await db.popIndex.put({ customerId: 'CUS-000001', phoneDigest: 'p', emailDigest: 'e', accountDigests: [], last4s: ['4444'], namePrefixes: db.namePrefixesOf('Canary Personname') });

    const connection = await nativeConnection(db);
    const raw = async (table: string, key: string) => requested(connection.transaction(table, 'readonly').objectStore(table).get(key));
    const onDisk = JSON.stringify([await raw('cases', 'AC-22222-33333'), await raw('customers', 'CUS-000001'), await raw('events', 'e1'), await raw('popIndex', 'CUS-000001')], (_, value: unknown) =>
      value instanceof Uint8Array ? new TextDecoder('utf-8', { fatal: false }).decode(value) : value,
    );
    for (const canary of ['Canary subject', 'Personname', 'personname', 'Canary Merchant', '4111222233334444']) expect(onDisk).not.toContain(canary);
    expect(onDisk).toContain('AGT-001');

    // Dexie, index queries and name search still see the plain records.
    expect((await db.cases.where('customerId').equals('CUS-000001').first())?.subject).toBe('Canary subject 7781');
    expect(await db.popIndex.where('namePrefixes').equals(db.namePrefix('perso')).primaryKeys()).toEqual(['CUS-000001']);
  });

  it('drops a cache sealed with another key and starts it afresh', async () => {
    const name = `resealed-${Date.now()}`;
    const first = new ReadModelDb(name, testSealer());
    expect(await first.verifySealing()).toBe('rebuilt');
    await first.cases.put({ id: 'c1', customerId: 'x', ownerId: 'a', status: 'open', updatedAt: 'now' } as never);
    expect(await first.verifySealing()).toBe('kept');
    first.close();
    const second = new ReadModelDb(name, testSealer());
    opened.push(second);
    expect(await second.verifySealing()).toBe('rebuilt');
    expect(await second.cases.count()).toBe(0);
  });
});
