import { expect, it } from 'vitest';
import { Channel } from '../../../src/shared/domain/enums';
import { migrate } from '../../../src/server/db/migrate';
import { DEMO_AGENTS, DEMO_PASSWORD } from '../../../src/server/seed/demoAgents';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { verifyPassword } from '../../../src/server/auth/passwords';
import type { Database } from '../../../src/server/db/database';
import { describeEachBackend, openTestDatabase } from '../helpers/backends';

const CLOCK = new Date('2026-03-02T15:00:00.000Z');
const SMALL = { customers: 120, transactions: 1_200, openCases: 24, resolvedCases: 4 };

async function count(db: Database, sql: string): Promise<number> {
  const { rows } = await db.query<{ n: unknown }>(sql);
  return Number(rows[0]?.n);
}

async function snapshot(db: Database) {
  const customers = await db.query('SELECT id, full_name, phone, email, tier FROM customers ORDER BY id');
  const events = await db.query<{ seq: unknown; event_id: string; body: unknown }>('SELECT seq, event_id::text AS event_id, body FROM case_events ORDER BY seq');
  const accounts = await db.query('SELECT id, account_number, balance_cents::text AS balance FROM accounts ORDER BY id');
  return {
    counts: {
      customers: customers.rows.length,
      accounts: accounts.rows.length,
      transactions: await count(db, 'SELECT count(*) AS n FROM transactions'),
      events: events.rows.length,
      cases: await count(db, 'SELECT count(*) AS n FROM cases'),
    },
    firstCustomer: customers.rows[0],
    customers: customers.rows,
    accounts: accounts.rows,
    events: events.rows.map((row) => ({ seq: Number(row.seq), id: row.event_id, body: row.body })),
  };
}

describeEachBackend('seedDemoBank', (suite) => {
  it('seeds the default-size bank into an empty database once', async () => {
    const { db } = suite;
    await migrate(db);
    const summary = await seedDemoBank(db, { now: CLOCK });
    expect(summary).not.toBeNull();
    expect(await count(db, 'SELECT count(*) AS n FROM customers')).toBeGreaterThanOrEqual(2_000);
    expect(await count(db, 'SELECT count(*) AS n FROM transactions')).toBeGreaterThanOrEqual(50_000);
    expect(await count(db, "SELECT count(*) AS n FROM cases WHERE status IN ('new', 'open', 'waiting_on_customer')")).toBeGreaterThanOrEqual(300);
    expect(await count(db, "SELECT count(*) AS n FROM cases WHERE status IN ('new', 'open', 'waiting_on_customer') AND owner_id = 'AGT-001'")).toBeGreaterThanOrEqual(15);
    expect(await count(db, "SELECT count(DISTINCT state->>'channel') AS n FROM cases WHERE status <> 'resolved'")).toBe(Channel.options.length);
    expect(await count(db, 'SELECT count(*) AS n FROM agents')).toBe(DEMO_AGENTS.length);
    expect(await count(db, 'SELECT value AS n FROM sync_counter')).toBe(summary?.caseEvents);
    // Seeding again must never add to (or wipe) what is there.
    expect(await seedDemoBank(db, { now: CLOCK })).toBeNull();
    expect(await count(db, 'SELECT count(*) AS n FROM agents')).toBe(DEMO_AGENTS.length);
  }, 180_000); // the default bank, with its 60 days of contact-centre history, takes a while to load

  it('stores salted password hashes that verify the demo password', async () => {
    const { rows } = await suite.db.query<{ password_hash: string }>('SELECT password_hash FROM agents ORDER BY id LIMIT 2');
    const [first, second] = rows.map((row) => row.password_hash);
    expect(first).toMatch(/^scrypt\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(DEMO_PASSWORD, first ?? '')).toBe(true);
    expect(await verifyPassword('demo-2026!', first ?? '')).toBe(false);
  });

  it('produces identical data in two fresh databases from the same clock', async () => {
    const [a, b] = await Promise.all([openTestDatabase(suite.backend), openTestDatabase(suite.backend)]);
    try {
      for (const { db } of [a, b]) {
        await migrate(db);
        await seedDemoBank(db, { now: CLOCK, size: SMALL });
      }
      const [first, second] = [await snapshot(a.db), await snapshot(b.db)];
      expect(first.counts).toEqual(second.counts);
      expect(first.counts).toMatchObject({ customers: SMALL.customers, transactions: SMALL.transactions });
      expect(first.firstCustomer).toEqual(second.firstCustomer);
      expect(first.customers).toEqual(second.customers);
      expect(first.accounts).toEqual(second.accounts);
      expect(first.events).toEqual(second.events);
      // The demo password is hashed once per process (a production-cost scrypt per agent), not again for each bank.
      const hashes = async (db: Database) => (await db.query<{ id: string; password_hash: string }>('SELECT id, password_hash FROM agents ORDER BY id')).rows;
      expect(await hashes(a.db)).toEqual(await hashes(b.db));
    } finally {
      await a.dispose();
      await b.dispose();
    }
  }, 180_000); // the default bank, with its 60 days of contact-centre history, takes a while to load
});
