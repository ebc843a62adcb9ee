import { describe, expect, it } from 'vitest';
import { formatHandleTime } from '../../../src/renderer/screenpop/HandleTimer';
import { parseCents } from '../../../src/renderer/screenpop/RefundAction';
import { toPopIndexRecord } from '../../../src/renderer/screenpop/popStorage';
import { ReadModelDb } from '../../../src/renderer/data/db';
import { ava, testSealer } from '../support/seed';

describe('screen-pop formatting', () => {
  it('shows handle time as mm:ss, with hours once past one', () => {
    expect(formatHandleTime(0)).toBe('00:00');
    expect(formatHandleTime(65_400)).toBe('01:05');
    expect(formatHandleTime(3_723_000)).toBe('1:02:03');
    expect(formatHandleTime(-5_000)).toBe('00:00');
  });

  it('reads dollar amounts into whole cents and refuses anything else', () => {
    expect(parseCents('12')).toBe(1200);
    expect(parseCents('12.5')).toBe(1250);
    expect(parseCents(' $0.07 ')).toBe(7);
    for (const bad of ['', '12.345', '-3', '1,000', 'ten']) expect(parseCents(bad)).toBeNull();
  });
});

describe('pop index records', () => {
  it('keep lookup keys only: digests, last 4s and keyed name prefixes, never the name, phone or e-mail', () => {
    const db = new ReadModelDb('pop-index-record-test', testSealer());
    const record = toPopIndexRecord(db, { detail: ava, digests: { phone: 'a'.repeat(32), email: 'b'.repeat(32), accounts: { [`${ava.customer.id}-chk`]: 'c'.repeat(32) } } });
    expect(record).toMatchObject({ customerId: 'cust-ava', phoneDigest: 'a'.repeat(32), emailDigest: 'b'.repeat(32), accountDigests: ['c'.repeat(32)], last4s: ['4821', ava.customer.phone.slice(-4)] });
    // "ava" (3 prefixes) and "thompson" (8): what a typed "tho" or "ava" is looked up by.
    expect(record.namePrefixes).toHaveLength(11);
    expect(record.namePrefixes).toContain(db.namePrefix('tho'));
    expect(record.namePrefixes).toContain(db.namePrefix('ava'));
    expect(record.namePrefixes).not.toContain(db.namePrefix('thx'));
    const stored = JSON.stringify(record);
    for (const secret of [ava.customer.phone.slice(2), ava.customer.email, 'Thompson', 'thompson']) expect(stored).not.toContain(secret);
  });
});
