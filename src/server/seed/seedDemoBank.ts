import { hashPassword } from '../auth/passwords';
import type { Database } from '../db/database';
import { insertRows } from '../db/insertRows';
import { applyCaseEvents } from '../sync/applyCaseEvents';
import { insertTelephonyFacts } from '../telephony/recordTelephonyFacts';
import { DEMO_AGENTS, DEMO_PASSWORD } from './demoAgents';
import { demoNotifyVia } from './demoNotifyVia';
import { enrolDemoAgents } from './enrolDemoAgents';
import { DEFAULT_SEED_SIZE, generateDemoBank, type SeedSize } from './generateDemoBank';

export interface SeedSummary {
  agents: number;
  customers: number;
  accounts: number;
  transactions: number;
  caseEvents: number;
  telephonyFacts: number;
}

/**
 * Loads the demo bank into an empty database, all in one transaction so an interrupted
 * seed leaves nothing behind and the next start simply seeds again. A database that
 * already has agents is left alone (returns null): seeding never touches real or earlier data.
 */
export async function seedDemoBank(db: Database, options: { now?: Date; size?: Partial<SeedSize> } = {}): Promise<SeedSummary | null> {
  const now = options.now ?? new Date();
  const size = { ...DEFAULT_SEED_SIZE, ...options.size };
  if (await hasAgents(db)) return null;
  const bank = generateDemoBank(now, size);
  // scrypt is deliberately slow; it runs on libuv's thread pool while the bulk inserts below keep the database busy.
  const passwordHashes = demoPasswordHashes();
  passwordHashes.catch(() => undefined); // awaited inside the transaction; this only keeps an early rollback from leaving it unhandled

  return db.transaction(async (tx) => {
    // Two services starting on one empty PostgreSQL: the second waits here, then finds agents and stops.
    if (db.kind === 'postgres') await tx.exec('LOCK TABLE agents IN EXCLUSIVE MODE');
    if (await hasAgents(tx)) return null;
    await insertRows(
      tx,
      'customers',
      ['id', 'full_name', 'tier', 'segment', 'phone', 'email', 'branch_id', { name: 'customer_since', cast: 'date' }, 'notify_via'],
      bank.customers.map((c) => [c.id, c.fullName, c.tier, c.segment, c.phone, c.email, c.branchId, c.customerSince, demoNotifyVia(c.id)]),
    );
    await insertRows(
      tx,
      'accounts',
      [
        'id',
        'customer_id',
        'kind',
        'account_number',
        'masked_number',
        'last4',
        'balance_cents',
        'pending_cents',
        'pending_count',
        'currency',
        { name: 'opened_on', cast: 'date' },
      ],
      bank.accounts.map((a) => [a.id, a.customerId, a.kind, a.accountNumber, a.maskedNumber, a.last4, a.balanceCents, a.pendingCents, a.pendingCount, a.currency, a.openedOn]),
    );
    await insertRows(
      tx,
      'transactions',
      ['id', 'account_id', 'customer_id', { name: 'posted_at', cast: 'timestamptz' }, 'description', 'amount_cents', 'status', 'card_last4'],
      bank.transactions.map((t) => [t.id, t.accountId, t.customerId, t.postedAt, t.description, t.amountCents, t.status, t.cardLast4]),
    );
    const hashes = await passwordHashes;
    await insertRows(
      tx,
      'agents',
      ['id', 'username', 'display_name', 'role', 'team_id', 'branch_id', 'time_zone', { name: 'skills', cast: 'text[]' }, 'password_hash'],
      DEMO_AGENTS.map((agent, i) => [agent.id, agent.username, agent.displayName, agent.role, agent.teamId, agent.branchId, agent.timeZone, agent.skills, hashes[i]]),
    );
    await enrolDemoAgents(tx, now);
    // History is nobody's news: the demo's past cases queue no customer notifications or webhooks.
    const outcomes = await applyCaseEvents(tx, bank.caseEvents, { pushedBy: null, now, outbox: false });
    await insertTelephonyFacts(tx, bank.telephonyFacts, now);
    const failed = outcomes.find((outcome) => outcome.outcome !== 'applied');
    if (failed) throw new Error(`demo seed produced an event the service refuses: ${JSON.stringify(failed)}`);
    return {
      agents: DEMO_AGENTS.length,
      customers: bank.customers.length,
      accounts: bank.accounts.length,
      transactions: bank.transactions.length,
      caseEvents: bank.caseEvents.length,
      telephonyFacts: bank.telephonyFacts.length,
    };
  });
}

let madeHashes: Promise<string[]> | undefined;

/**
 * The demo agents' password hashes, a salt of their own each, made once per process and stored by
 * every demo bank it seeds: each is a production-cost scrypt (~0.2 s of CPU), and all hash the one
 * published demo password, so hashing it afresh for every bank (the e2e suite seeds one per test)
 * protects nothing and costs seconds each time.
 */
function demoPasswordHashes(): Promise<string[]> {
  const hashing = (madeHashes ??= Promise.all(DEMO_AGENTS.map(() => hashPassword(DEMO_PASSWORD))));
  hashing.catch(() => {
    if (madeHashes === hashing) madeHashes = undefined;
  });
  return hashing;
}

async function hasAgents(db: Pick<Database, 'query'>): Promise<boolean> {
  const { rows } = await db.query('SELECT EXISTS (SELECT 1 FROM agents) AS present');
  return rows[0]?.present === true;
}
