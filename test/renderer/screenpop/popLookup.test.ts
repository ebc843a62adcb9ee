import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Dexie from 'dexie';
import type { CaseState } from '../../../src/shared/domain/caseState';
import type { CustomerDetail } from '../../../src/shared/domain/customer';
import type { ScreenPopIntake } from '../../../src/shared/screenpop/intake';
import { matchCustomers } from '../../../src/shared/screenpop/matching';
import type { PopRequest } from '../../../src/shared/screenpop/popContract';
import type { PopCustomer } from '../../../src/shared/screenpop/popCustomer';
import { ReadModelDb } from '../../../src/renderer/data/db';
import { completeSnapshot, customerPartOf, loadPopSnapshot, readLocalPop } from '../../../src/renderer/screenpop/popLookup';
import { storePopCustomers } from '../../../src/renderer/screenpop/popStorage';
import { fakeDigest } from '../support/screenPopFake';
import { ava, ben, created, customer, envelope, testSealer } from '../support/seed';

/** Ava and her partner Cleo share a home phone; Ben has a line of his own. */
const cleo = customer('cust-cleo', 'Cleo Thompson', 'standard', ava.customer.phone);
const accountNumbers: Record<string, string> = { 'cust-ava-chk': '100000014821', 'cust-ben-chk': '100000099999', 'cust-cleo-chk': '100000055555' };

function popCustomer(detail: CustomerDetail): PopCustomer {
  return {
    detail,
    digests: {
      phone: fakeDigest('phone', detail.customer.phone) as string,
      email: fakeDigest('email', detail.customer.email) as string,
      accounts: Object.fromEntries(detail.accounts.map((account) => [account.id, fakeDigest('account', accountNumbers[account.id] as string) as string])),
    },
  };
}

function popRequest(intake: ScreenPopIntake): PopRequest {
  return {
    popId: crypto.randomUUID(),
    source: 'cti',
    channel: intake.channel,
    intake,
    customerId: null,
    receivedAt: '2025-03-03T14:00:00.000Z',
    digests: {
      ani: intake.ani ? fakeDigest('phone', intake.ani) : null,
      accountNumber: intake.accountNumber ? fakeDigest('account', intake.accountNumber) : null,
      email: intake.email ? fakeDigest('email', intake.email) : null,
    },
    linkedCaseId: null,
  };
}

const avaCase = created('CASE-AVA-1', { subject: 'Card used abroad', ownerId: 'agent-dana', customerId: ava.customer.id, at: '2025-03-01T10:00:00.000Z' });
const contacts = [
  envelope('CASE-AVA-1', 'contact.linked', { contactId: 'c-1', channel: 'phone', direction: 'inbound', summary: 'First call' }, '2025-03-01T10:00:00.000Z'),
  envelope('CASE-AVA-1', 'note.added', { text: 'Not a contact' }, '2025-03-01T11:00:00.000Z'),
  envelope('CASE-AVA-1', 'contact.linked', { contactId: 'c-2', channel: 'chat', direction: 'outbound', summary: 'Follow-up' }, '2025-03-02T09:30:00.000Z'),
];
const avaState = { id: 'CASE-AVA-1', customerId: ava.customer.id, status: 'open', ownerId: 'agent-dana', updatedAt: '2025-03-02T09:30:00.000Z' } as CaseState;

const db = new ReadModelDb('pop-lookup-test', testSealer());

beforeAll(async () => {
  const withTransactions: CustomerDetail = {
    ...ava,
    recentTransactions: Array.from({ length: 12 }, (_, i) => ({
      id: `txn-${String(i).padStart(2, '0')}`,
      accountId: 'cust-ava-chk',
      postedAt: new Date(Date.UTC(2025, 2, 1 + (i % 6), i)).toISOString(),
      description: `Purchase ${i}`,
      amountCents: -100 * (i + 1),
      status: 'posted' as const,
      cardLast4: null,
    })),
  };
  await storePopCustomers(db, [withTransactions, ben, cleo].map(popCustomer));
  await db.cases.put(avaState);
  await db.events.bulkPut([avaCase, ...contacts].map((event, i) => ({ id: event.id, caseId: event.caseId, localSeq: i + 1, seq: i + 1, synced: true, event })));
});

afterAll(async () => {
  await db.delete();
});

describe('local screen-pop look-up', () => {
  it('finds a caller by their own number, with their record and case history read beside it', async () => {
    const local = await readLocalPop(db, popRequest({ channel: 'phone', ani: ben.customer.phone }));
    expect(local.outcome).toEqual({ kind: 'single', customerId: ben.customer.id, decidedBy: 'ani' });
    expect(local.records.map((record) => record.customer.fullName)).toEqual(['Ben Carter']);
    expect(local.records[0]?.customer).not.toHaveProperty('phone');
    expect(await local.caseHistory).toEqual({ cases: [], contacts: [] });
  });

  it('finds by account number and by e-mail through their keyed hashes', async () => {
    expect((await readLocalPop(db, popRequest({ channel: 'phone', accountNumber: '100000055555' }))).outcome).toMatchObject({ kind: 'single', customerId: cleo.customer.id });
    expect((await readLocalPop(db, popRequest({ channel: 'email', email: ben.customer.email }))).outcome).toMatchObject({ kind: 'single', customerId: ben.customer.id });
  });

  it('finds by case reference, whatever its case', async () => {
    const local = await readLocalPop(db, popRequest({ channel: 'chat', caseId: 'case-ava-1' }));
    expect(local.outcome).toMatchObject({ kind: 'single', customerId: ava.customer.id, decidedBy: 'caseId' });
  });

  it('gives everyone on a shared line, with their records, for the chooser', async () => {
    const local = await readLocalPop(db, popRequest({ channel: 'phone', ani: ava.customer.phone }));
    expect(local.outcome).toEqual({ kind: 'several', customerIds: [ava.customer.id, cleo.customer.id], decidedBy: 'ani' });
    expect(local.records.map((record) => record.id).sort()).toEqual([ava.customer.id, cleo.customer.id]);
    expect(local.caseHistory).toBeNull();
  });

  it('lets a second identifier pick the caller on a shared line', async () => {
    const local = await readLocalPop(db, popRequest({ channel: 'phone', ani: ava.customer.phone, email: cleo.customer.email }));
    expect(local.outcome).toMatchObject({ kind: 'single', customerId: cleo.customer.id });
  });

  it('finds nobody for an unknown number, an unknown case or an identifier with no digest', async () => {
    for (const intake of [{ channel: 'phone', ani: '+15550000000' }, { channel: 'chat', caseId: 'CASE-NOPE' }] as const) {
      const local = await readLocalPop(db, popRequest(intake));
      expect(local).toMatchObject({ outcome: { kind: 'none' }, records: [], caseHistory: null });
    }
    const noDigest = { ...popRequest({ channel: 'phone', ani: ben.customer.phone }), digests: { ani: null, accountNumber: null, email: null } };
    expect((await readLocalPop(db, noDigest)).hits).toEqual({ ani: [] });
  });

  it('agrees with the matching rule for any mix of identifiers', async () => {
    const phones = [ava.customer.phone, ben.customer.phone, '+15550000000'];
    const emails = [ava.customer.email, ben.customer.email, cleo.customer.email, 'nobody@example.com'];
    const accounts = [...Object.values(accountNumbers), '100000000000'];
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ani: fc.constantFrom(...phones), email: fc.constantFrom(...emails), accountNumber: fc.constantFrom(...accounts), caseId: fc.constantFrom('CASE-AVA-1', 'CASE-NOPE') }, { requiredKeys: [] }),
        async (identifiers) => {
          fc.pre(Object.keys(identifiers).length > 0);
          const local = await readLocalPop(db, popRequest({ channel: 'phone', ...identifiers }));
          expect(local.outcome).toEqual(matchCustomers(local.hits));
          const expected = local.outcome.kind === 'single' ? [local.outcome.customerId] : local.outcome.kind === 'several' ? local.outcome.customerIds : [];
          expect(local.records.map((record) => record.id).sort()).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reads the case history as cases and their contacts, newest contact first, other events left out', async () => {
    const snapshot = await loadPopSnapshot(db, ava.customer.id);
    expect(snapshot?.cases?.map((state) => state.id)).toEqual(['CASE-AVA-1']);
    expect(snapshot?.contacts?.map((contact) => [contact.channel, contact.direction, contact.summary])).toEqual([
      ['chat', 'outbound', 'Follow-up'],
      ['phone', 'inbound', 'First call'],
    ]);
    expect(snapshot?.transactions.map((transaction) => transaction.id)).toEqual(['txn-11', 'txn-05', 'txn-10', 'txn-04', 'txn-09', 'txn-03', 'txn-08', 'txn-02', 'txn-07', 'txn-01']);
    expect(await loadPopSnapshot(db, 'cust-nobody')).toBeNull();
  });

  it('shows the customer without waiting for case history held up past its budget', async () => {
    const record = (await readLocalPop(db, popRequest({ channel: 'phone', ani: ben.customer.phone }))).records[0];
    if (!record) throw new Error('Ben is not in the read model');
    const late = new Promise<never>(() => undefined);
    const snapshot = await completeSnapshot(customerPartOf(record), late, 20);
    expect(snapshot).toMatchObject({ customer: { id: ben.customer.id }, cases: null, contacts: null });
  });
});

describe('local screen-pop look-up on a first launch', () => {
  it('waits for the read model’s schema upgrade instead of failing a pop that arrives during it', async () => {
    const fresh = new ReadModelDb(`pop-lookup-first-launch-${Date.now()}`, testSealer());
    try {
      // The pop arrives while the console's first open is still creating the schema.
      let during: Promise<unknown> | undefined;
      fresh.on('populate', () => {
        during = Dexie.ignoreTransaction(() => readLocalPop(fresh, popRequest({ channel: 'phone', ani: ben.customer.phone })));
      });
      await fresh.open();
      expect(during).toBeDefined();
      expect(await during).toMatchObject({ outcome: { kind: 'none' } });
      expect(await loadPopSnapshot(fresh, ben.customer.id)).toBeNull();
    } finally {
      await fresh.delete();
    }
  });
});
