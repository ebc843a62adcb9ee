import { describe, expect, it } from 'vitest';
import { foldCase } from '../../../src/shared/cases/reducer';
import { CASE_REFERENCE } from '../../../src/shared/cases/streams';
import { CaseEvent, parseCaseEvent } from '../../../src/shared/domain/caseEvent';
import { Account, Customer, Transaction } from '../../../src/shared/domain/customer';
import { CaseType, Channel, OPEN_STATUSES } from '../../../src/shared/domain/enums';
import { DEMO_AGENTS, demoAgentByUsername } from '../../../src/server/seed/demoAgents';
import { DEFAULT_SEED_SIZE, SHARED_PHONE_EVERY, generateDemoBank, type DemoBank } from '../../../src/server/seed/generateDemoBank';

const CLOCK = new Date('2026-03-02T15:00:00.000Z');

function foldAll(bank: DemoBank) {
  const byCase = new Map<string, CaseEvent[]>();
  for (const event of bank.caseEvents) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), event]);
  return [...byCase.values()].map((events) => foldCase(events)).filter((state) => state !== null);
}

describe('generateDemoBank at the default size', () => {
  const bank = generateDemoBank(CLOCK);
  const cases = foldAll(bank);
  const open = cases.filter((c) => OPEN_STATUSES.includes(c.status));

  it('is big enough to feel like a bank', () => {
    expect(DEFAULT_SEED_SIZE.customers).toBeGreaterThanOrEqual(2_000);
    expect(bank.customers.length).toBe(DEFAULT_SEED_SIZE.customers);
    expect(bank.transactions.length).toBeGreaterThanOrEqual(50_000);
    expect(open.length).toBeGreaterThanOrEqual(300);
    expect(cases.some((c) => c.status === 'resolved' || c.status === 'closed')).toBe(true);
    expect(new Set(bank.customers.map((c) => c.tier))).toEqual(new Set(['standard', 'premium', 'vip', 'business']));
    expect(new Set(bank.accounts.map((a) => a.kind))).toEqual(new Set(['checking', 'savings', 'credit_card', 'loan', 'business_checking']));
    expect(new Set(bank.customers.map((c) => c.branchId)).size).toBe(10);
  });

  it('gives every case the one AC- reference format, printed on its acknowledgements, and keeps resolved and closed cases for history', () => {
    expect(cases.every((c) => CASE_REFERENCE.test(c.id))).toBe(true);
    // Messages to the customer quote the case's own reference, never an older format.
    const quoting = bank.caseEvents.filter((event) => event.type === 'message.sent' && /\b(AC|CASE)-/.test(event.payload.summary));
    expect(quoting.length).toBeGreaterThan(0);
    for (const event of quoting) if (event.type === 'message.sent') expect(event.payload.summary).toContain(event.caseId);
    expect(cases.some((c) => c.status === 'resolved')).toBe(true);
    expect(cases.some((c) => c.status === 'closed')).toBe(true);
    // The recent work beside the months of history has both too, so queues and reports show some.
    const recent = cases.filter((c) => CLOCK.getTime() - Date.parse(c.createdAt) <= 30 * 86_400_000);
    expect(recent.some((c) => c.status === 'resolved')).toBe(true);
    expect(recent.some((c) => c.status === 'closed')).toBe(true);
  });

  it('spreads open cases over every channel, case type and severity', () => {
    expect(new Set(open.map((c) => c.channel))).toEqual(new Set(Channel.options));
    expect(new Set(open.map((c) => c.caseType))).toEqual(new Set(CaseType.options));
    expect(new Set(open.map((c) => c.severity))).toEqual(new Set(['S1', 'S2', 'S3', 'S4']));
    const ages = open.map((c) => CLOCK.getTime() - Date.parse(c.createdAt));
    expect(Math.max(...ages)).toBeLessThanOrEqual(4 * 86_400_000);
    expect(Math.min(...ages)).toBeLessThan(6 * 3_600_000);
  });

  it('gives the demo users the queues the demo needs', () => {
    const owned = (username: string) => open.filter((c) => c.ownerId === demoAgentByUsername(username).id);
    expect(owned('agent').length).toBeGreaterThanOrEqual(15);
    expect(owned('branch').filter((c) => c.channel === 'walk_in').length).toBeGreaterThanOrEqual(3);
    for (const username of ['specialist', 'supervisor', 'compliance']) expect(owned(username).length).toBeGreaterThan(0);
    const agentIds = new Set(DEMO_AGENTS.map((a) => a.id));
    expect(cases.every((c) => (c.ownerId === null || agentIds.has(c.ownerId)) && agentIds.has(c.createdBy))).toBe(true);
  });

  it('produces only valid, past records with no full card or account number leaving the account row', () => {
    for (const event of bank.caseEvents) {
      expect(parseCaseEvent(event).ok).toBe(true);
      expect(Date.parse(event.at)).toBeLessThanOrEqual(CLOCK.getTime());
    }
    expect(new Set(bank.caseEvents.map((e) => e.id)).size).toBe(bank.caseEvents.length);
    for (const customer of bank.customers) Customer.parse(customer);
    // Unique except the household lines, where two customers share one number.
    expect(new Set(bank.customers.map((c) => c.phone)).size).toBe(bank.customers.length - Math.floor(bank.customers.length / SHARED_PHONE_EVERY));
    const shared = bank.customers.find((c, i) => i > 0 && c.phone === bank.customers[i - 1]?.phone);
    expect(shared?.id).toBe(`CUS-${String(SHARED_PHONE_EVERY).padStart(6, '0')}`);
    for (const account of bank.accounts) {
      Account.parse(account);
      expect(account.maskedNumber).toBe(`••••${account.accountNumber.slice(-4)}`);
    }
    expect(new Set(bank.accounts.map((a) => a.accountNumber)).size).toBe(bank.accounts.length);
    const sixMonthsAgo = CLOCK.getTime() - 190 * 86_400_000;
    for (const transaction of bank.transactions) {
      Transaction.parse(transaction);
      expect(Date.parse(transaction.postedAt)).toBeGreaterThan(sixMonthsAgo);
      expect(Date.parse(transaction.postedAt)).toBeLessThanOrEqual(CLOCK.getTime());
    }
    expect(bank.transactions.some((t) => t.cardLast4 !== null)).toBe(true);
    expect(bank.transactions.some((t) => t.status === 'pending')).toBe(true);
  });

  it('keeps pending totals consistent with the pending transactions', () => {
    for (const account of bank.accounts.slice(0, 500)) {
      const pending = bank.transactions.filter((t) => t.accountId === account.id && t.status === 'pending');
      expect(account.pendingCount).toBe(pending.length);
      expect(account.pendingCents).toBe(pending.reduce((sum, t) => sum + t.amountCents, 0));
    }
  });
});

describe('generateDemoBank determinism', () => {
  const size = { customers: 150, transactions: 1_500, openCases: 30, resolvedCases: 5 };

  it('yields identical data for the same clock', () => {
    expect(generateDemoBank(CLOCK, size)).toEqual(generateDemoBank(CLOCK, size));
  });

  it('keeps the same people when only the clock moves, with times shifted by the same amount', () => {
    // Without the contact-centre history: its weekly pattern repeats only every seven days.
    const later = new Date(CLOCK.getTime() + 86_400_000);
    const a = generateDemoBank(CLOCK, { ...size, historyDays: 0 });
    const b = generateDemoBank(later, { ...size, historyDays: 0 });
    expect(b.customers.map((c) => [c.id, c.fullName, c.phone])).toEqual(a.customers.map((c) => [c.id, c.fullName, c.phone]));
    expect(b.caseEvents.map((e) => e.id)).toEqual(a.caseEvents.map((e) => e.id));
    expect(Date.parse(b.caseEvents[0]?.at ?? '') - Date.parse(a.caseEvents[0]?.at ?? '')).toBe(86_400_000);
  });

  it('does not change who the customers are when more transactions are asked for', () => {
    const a = generateDemoBank(CLOCK, size);
    const b = generateDemoBank(CLOCK, { ...size, transactions: 3_000 });
    expect(b.customers).toEqual(a.customers);
    expect(b.transactions).toHaveLength(3_000);
  });
});
