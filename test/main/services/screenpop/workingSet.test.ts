import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createBlindIndexer, type HeldDigestKey } from '../../../../src/main/services/screenpop/blindIndex';
import { identifierDigest } from '../../../../src/server/screenpop/customerDigests';
import type { ScreenPopClient } from '../../../../src/main/services/screenpop/screenPopClient';
import { openWorkingSet } from '../../../../src/main/services/screenpop/workingSet';
import type { CustomerDetail } from '../../../../src/shared/domain/customer';
import type { ServicePopCustomer } from '../../../../src/shared/screenpop/popProtocol';
import { tempDir, testDigestKey, testKey } from '../../support';

const unused = () => Promise.reject(new Error('not used by this test'));
const held = testDigestKey();
const serviceKey = Buffer.from(held.key, 'base64url');
const client: ScreenPopClient = { digestKey: async () => held, customers: unused, lookup: unused, branchCustomerIds: unused, reveal: unused };

/** A customer as the service answers them: digests under the key it issued to the session. */
function found(id: string, phone: string, email = `${id}@example.com`, accountDigest = 'a'.repeat(32)): ServicePopCustomer {
  const detail: CustomerDetail = {
    customer: { id, fullName: `Customer ${id}`, tier: 'standard', segment: 'consumer', phone, email, branchId: 'BR-001', customerSince: '2015-06-01' },
    accounts: [{ id: `${id}-chk`, customerId: id, kind: 'checking', maskedNumber: '••••0001', balanceCents: 0, pendingCents: 0, pendingCount: 0, currency: 'USD', openedOn: '2015-06-01' }],
    recentTransactions: [],
  };
  return { detail, digests: { phone: identifierDigest(serviceKey, 'phone', phone), email: identifierDigest(serviceKey, 'email', email), accounts: { [`${id}-chk`]: accountDigest } } };
}

async function workingSet(key: HeldDigestKey | null = held) {
  return openWorkingSet({ dataDir: await tempDir(), key: testKey(), indexer: createBlindIndexer(key), client, session: () => null, teamCustomerIds: async () => [], recentCustomerIds: () => [], onChange: () => undefined });
}

describe('working set', () => {
  it('finds remembered customers by phone, e-mail and account, and forgets keys a later answer no longer has', async () => {
    const set = await workingSet();
    try {
      await set.remember([found('CUS-1', '+15550000001'), found('CUS-2', '+15550000001', 'two@example.com', 'b'.repeat(32))], held.keyId);
      expect([...(set.find({ ani: '+15550000001' }).ani ?? [])].sort()).toEqual(['CUS-1', 'CUS-2']);
      expect(set.find({ email: 'TWO@example.com' }).email).toEqual(['CUS-2']);
      // CUS-2 moved to a line of their own and changed e-mail.
      await set.remember([found('CUS-2', '+15550000002', 'new@example.com', 'b'.repeat(32))], held.keyId);
      expect(set.find({ ani: '+15550000001' }).ani).toEqual(['CUS-1']);
      expect(set.find({ ani: '+15550000002' }).ani).toEqual(['CUS-2']);
      expect(set.find({ email: 'two@example.com' }).email).toEqual([]);
      expect(set.get(['CUS-2'])[0]?.detail.customer.phone).toBe('+15550000002');
    } finally {
      await set.close();
    }
  });

  it('answers, after any sequence of look-ups, exactly who holds each phone in the latest answers', async () => {
    const phones = ['+15550000001', '+15550000002', '+15550000003'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.constantFrom(...phones)), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (answers) => {
        const set = await workingSet();
        try {
          const latest = new Map<string, string>();
          for (const answer of answers) {
            await set.remember(answer.map(([n, phone]) => found(`CUS-${n}`, phone)), held.keyId);
            for (const [n, phone] of answer) latest.set(`CUS-${n}`, phone);
          }
          for (const phone of phones) {
            const expected = [...latest].filter(([, held]) => held === phone).map(([id]) => id).sort();
            expect([...(set.find({ ani: phone }).ani ?? [])].sort()).toEqual(expected);
          }
        } finally {
          await set.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('indexes nothing under a key it does not hold: answers made under another key are kept but not matched until re-fetched', async () => {
    const set = await workingSet(testDigestKey());
    try {
      await set.remember([found('CUS-1', '+15550000001')], held.keyId);
      // No session to fetch the new key with: the answer is kept, its digests are not trusted.
      expect(set.get(['CUS-1'])).toHaveLength(1);
      expect(set.find({ ani: '+15550000001' }).ani).toEqual([]);
    } finally {
      await set.close();
    }
  });

  it('takes a rotated key when an answer names it, and re-fetches the whole set under it', async () => {
    const rotated = testDigestKey();
    const rotatedKey = Buffer.from(rotated.key, 'base64url');
    const under = (key: Buffer, customer: ServicePopCustomer): ServicePopCustomer => ({
      ...customer,
      digests: { ...customer.digests, phone: identifierDigest(key, 'phone', customer.detail.customer.phone), email: identifierDigest(key, 'email', customer.detail.customer.email) },
    });
    let issued = held;
    const asked: string[][] = [];
    const rotating: ScreenPopClient = {
      ...client,
      digestKey: async () => issued,
      customers: async (_token, ids) => {
        asked.push(ids);
        const key = Buffer.from(issued.key, 'base64url');
        return { keyId: issued.keyId, customers: ids.map((id) => under(key, found(id, id === 'CUS-1' ? '+15550000001' : '+15550000002'))) };
      },
    };
    const agent = { id: 'AGT-1', username: 'a', displayName: 'A', role: 'tier1_agent' as const, teamId: 'T1', branchId: null, timeZone: 'UTC', skills: [] };
    const set = await openWorkingSet({
      dataDir: await tempDir(),
      key: testKey(),
      indexer: createBlindIndexer(),
      client: rotating,
      session: () => ({ token: 't', agent }),
      teamCustomerIds: async () => ['CUS-1'],
      recentCustomerIds: () => [],
      onChange: () => undefined,
    });
    try {
      await set.refresh();
      expect(set.find({ ani: '+15550000001' }).ani).toEqual(['CUS-1']);
      // The service rotated the key; the next answer is made under the new one.
      issued = rotated;
      await set.remember([under(rotatedKey, found('CUS-2', '+15550000002'))], rotated.keyId);
      expect(set.find({ ani: '+15550000002' }).ani).toEqual(['CUS-2']);
      await set.refresh();
      // CUS-1's old digests were re-fetched under the new key and still find them.
      expect(set.find({ ani: '+15550000001' }).ani).toEqual(['CUS-1']);
      expect(set.get(['CUS-1'])[0]?.digests.phone).toBe(identifierDigest(rotatedKey, 'phone', '+15550000001'));
      expect(asked.at(-1)?.sort()).toEqual(['CUS-1', 'CUS-2']);
    } finally {
      await set.close();
    }
  });
});
