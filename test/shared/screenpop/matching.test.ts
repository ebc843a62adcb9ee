import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDENTIFIER_TRUST_ORDER, matchCustomers, type IdentifierHits } from '../../../src/shared/screenpop/matching';

describe('matchCustomers', () => {
  it('is one customer when one identifier finds one', () => {
    expect(matchCustomers({ ani: ['CUS-1'] })).toEqual({ kind: 'single', customerId: 'CUS-1', decidedBy: 'ani' });
  });

  it('offers a chooser for a shared phone, and nobody for nothing found', () => {
    expect(matchCustomers({ ani: ['CUS-2', 'CUS-1'] })).toEqual({ kind: 'several', customerIds: ['CUS-1', 'CUS-2'], decidedBy: 'ani' });
    expect(matchCustomers({ ani: [], email: [] })).toEqual({ kind: 'none' });
    expect(matchCustomers({})).toEqual({ kind: 'none' });
  });

  it('lets an e-mail pick the right person on a shared line', () => {
    expect(matchCustomers({ ani: ['CUS-1', 'CUS-2'], email: ['CUS-2'] })).toEqual({ kind: 'single', customerId: 'CUS-2', decidedBy: 'ani' });
  });

  it('trusts the account number over a contradicting phone, and a case over both', () => {
    expect(matchCustomers({ accountNumber: ['CUS-7'], ani: ['CUS-1'] })).toMatchObject({ kind: 'single', customerId: 'CUS-7', decidedBy: 'accountNumber' });
    expect(matchCustomers({ caseId: ['CUS-9'], accountNumber: ['CUS-7'], ani: ['CUS-9', 'CUS-1'] })).toMatchObject({ kind: 'single', customerId: 'CUS-9', decidedBy: 'caseId' });
  });

  it('falls back to a less trusted identifier when a more trusted one found nobody', () => {
    expect(matchCustomers({ accountNumber: [], ani: ['CUS-3'] })).toMatchObject({ kind: 'single', customerId: 'CUS-3', decidedBy: 'ani' });
  });

  const ids = fc.uniqueArray(fc.constantFrom('CUS-1', 'CUS-2', 'CUS-3', 'CUS-4'), { maxLength: 4 });
  const hitsArb: fc.Arbitrary<IdentifierHits> = fc.record({ caseId: ids, accountNumber: ids, ani: ids, email: ids }, { requiredKeys: [] });

  it('always answers customers the most trusted finding identifier found, in order, without duplicates (property)', () => {
    fc.assert(
      fc.property(hitsArb, (hits) => {
        const outcome = matchCustomers(hits);
        const first = IDENTIFIER_TRUST_ORDER.find((name) => (hits[name]?.length ?? 0) > 0);
        if (!first) {
          expect(outcome.kind).toBe('none');
          return;
        }
        const chosen = outcome.kind === 'single' ? [outcome.customerId] : outcome.kind === 'several' ? outcome.customerIds : [];
        expect(chosen.length).toBeGreaterThan(0);
        expect(new Set(chosen).size).toBe(chosen.length);
        for (const id of chosen) expect(hits[first]).toContain(id);
        expect(outcome).toMatchObject({ decidedBy: first });
      }),
    );
  });

  it('does not depend on the order hits are listed in (property)', () => {
    fc.assert(
      fc.property(hitsArb, (hits) => {
        const reversed: IdentifierHits = Object.fromEntries(Object.entries(hits).map(([name, list]) => [name, [...(list ?? [])].reverse()]));
        expect(matchCustomers(reversed)).toEqual(matchCustomers(hits));
      }),
    );
  });
});
