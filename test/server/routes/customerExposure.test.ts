import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { migrate } from '../../../src/server/db/migrate';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { isMaskedEmail, isMaskedPhone } from '../../../src/shared/privacy/masking';
import { blindIndexMessage } from '../../../src/shared/screenpop/identifiers';
import { BUNDLED_LOOKUP_LIMITS } from '../../../src/shared/screenpop/lookupLimits';
import { DigestKeyResponse, PopCustomersResponse, PopLookupResponse } from '../../../src/shared/screenpop/popProtocol';
import { ApiError, CustomerBatchResponse, CustomerSearchResponse } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { call, signIn } from '../helpers/http';

const SEED_CLOCK = new Date('2026-03-02T15:00:00.000Z');
const BANK = { customers: 120, transactions: 800, openCases: 20, resolvedCases: 4 };
const LIMITS = { ...BUNDLED_LOOKUP_LIMITS, lookupsPerMinute: 1000, batchesPerMinute: 1000, digestKeyHours: 2 };

type Held = { id: string; phone: string; email: string; branch_id: string; account_number: string };

describeEachBackend(
  'customer details by role: redaction, service-issued digest keys, rate limit, audit',
  (suite) => {
    let app: FastifyInstance;
    let clock = SEED_CLOCK;
    const limits = { ...LIMITS };
    const tokens: Record<string, string> = {};
    let everyone: Held[] = [];

    /** Access tokens live an hour: a test that moves the service clock further signs everyone in again there. */
    async function signInEveryone(at: Date = clock): Promise<void> {
      clock = at;
      for (const user of ['agent', 'branch', 'specialist', 'supervisor', 'admin']) tokens[user] = (await signIn(app, user)).token;
    }

    beforeAll(async () => {
      app = buildApp({ db: suite.db, now: () => clock, lookupLimits: () => limits });
      await app.ready();
      await signInEveryone();
      everyone = (
        await suite.db.query<Held>(
          `SELECT c.id, c.phone, c.email, c.branch_id, min(a.account_number) AS account_number
             FROM customers c JOIN accounts a ON a.customer_id = c.id GROUP BY c.id ORDER BY c.id`,
        )
      ).rows;
    });
    afterAll(async () => {
      await app.close();
    });

    const of = (branch: string) => everyone.filter((customer) => customer.branch_id === branch);
    const token = (user: string) => tokens[user] ?? '';

    /** Every route that answers customer details, asked about the given customers by the given user. */
    async function askEverywhere(user: string, customers: readonly Held[]): Promise<{ route: string; status: number; body: unknown; customers: { id: string; phone: string; email: string }[] }[]> {
      const ids = customers.map((customer) => customer.id);
      const [first] = customers;
      if (!first) throw new Error('no customers to ask about');
      const replies: { route: string; status: number; body: unknown; customers: { id: string; phone: string; email: string }[] }[] = [];
      const batch = await call(app, { method: 'POST', url: '/v1/customers/batch', token: token(user), payload: { ids } });
      replies.push({ route: 'batch', ...batch, customers: CustomerBatchResponse.parse(batch.body).customers.map((detail) => detail.customer) });
      const search = await call(app, { method: 'GET', url: `/v1/customers/search?${new URLSearchParams({ q: first.id })}`, token: token(user) });
      replies.push({ route: 'search', ...search, customers: CustomerSearchResponse.parse(search.body).customers });
      const bySearchedPhone = await call(app, { method: 'GET', url: `/v1/customers/search?${new URLSearchParams({ q: first.phone })}`, token: token(user) });
      replies.push({ route: 'search by phone', ...bySearchedPhone, customers: CustomerSearchResponse.parse(bySearchedPhone.body).customers });
      const workingSet = await call(app, { method: 'POST', url: '/v1/screen-pop/customers', token: token(user), payload: { ids } });
      replies.push({ route: 'working set', ...workingSet, customers: PopCustomersResponse.parse(workingSet.body).customers.map((c) => c.detail.customer) });
      for (const identifiers of [{ ani: first.phone }, { email: first.email }, { accountNumber: first.account_number }]) {
        const pop = await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: token(user), payload: { identifiers, contactId: 'call-77' } });
        const parsed = PopLookupResponse.parse(pop.body);
        replies.push({ route: `pop ${Object.keys(identifiers).join()}`, ...pop, customers: [...parsed.customers, ...parsed.sharedHolders].map((c) => c.detail.customer) });
      }
      const query = await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: token(user), payload: { query: first.id } });
      replies.push({ route: 'pop query', ...query, customers: PopLookupResponse.parse(query.body).customers.map((c) => c.detail.customer) });
      return replies;
    }

    it('gives a Tier 1 agent only masked phone numbers, e-mail addresses and account numbers from every route', async () => {
      const asked = everyone.slice(0, 40);
      for (const reply of await askEverywhere('agent', asked)) {
        expect(reply.status, reply.route).toBe(200);
        expect(reply.customers.length, reply.route).toBeGreaterThan(0);
        for (const customer of reply.customers) {
          expect(isMaskedPhone(customer.phone), `${reply.route} ${customer.phone}`).toBe(true);
          expect(isMaskedEmail(customer.email), `${reply.route} ${customer.email}`).toBe(true);
        }
        const body = JSON.stringify(reply.body);
        for (const held of asked) {
          expect(body).not.toContain(held.phone);
          expect(body).not.toContain(held.email);
          expect(body).not.toContain(held.account_number);
        }
      }
    });

    it('gives branch staff of BR-001 only masked details of BR-002 customers, and their own branch’s in full', async () => {
      const others = of('BR-002').slice(0, 30);
      expect(others.length).toBeGreaterThan(0);
      for (const reply of await askEverywhere('branch', others)) {
        expect(reply.status, reply.route).toBe(200);
        for (const customer of reply.customers.filter((c) => others.some((other) => other.id === c.id))) {
          expect(isMaskedPhone(customer.phone), reply.route).toBe(true);
          expect(isMaskedEmail(customer.email), reply.route).toBe(true);
        }
        const body = JSON.stringify(reply.body);
        for (const held of others) {
          expect(body).not.toContain(held.phone);
          expect(body).not.toContain(held.email);
          expect(body).not.toContain(held.account_number);
        }
      }
      const own = of('BR-001').slice(0, 5);
      const batch = CustomerBatchResponse.parse((await call(app, { method: 'POST', url: '/v1/customers/batch', token: token('branch'), payload: { ids: own.map((c) => c.id) } })).body);
      expect(batch.customers.map((detail) => [detail.customer.phone, detail.customer.email])).toEqual(own.map((c) => [c.phone, c.email]));

      // The reveal route holds to the same rule.
      const reveal = await call(app, {
        method: 'POST',
        url: `/v1/customers/${others[0]?.id ?? ''}/reveal`,
        token: token('branch'),
        payload: { field: 'phone', targetId: others[0]?.id, reason: 'walk-in asked', caseId: 'AC-7K4MP-9QX2H' },
      });
      expect(reveal.status).toBe(403);
      expect(JSON.stringify(reveal.body)).not.toContain(others[0]?.phone);
    });

    it('gives a role with the reveal right full phone numbers and e-mail addresses, still never an account number', async () => {
      const asked = everyone.slice(0, 20);
      for (const user of ['specialist', 'supervisor']) {
        for (const reply of await askEverywhere(user, asked)) {
          expect(reply.status, reply.route).toBe(200);
          for (const customer of reply.customers) {
            const held = everyone.find((c) => c.id === customer.id);
            expect([customer.phone, customer.email], `${user} ${reply.route}`).toEqual([held?.phone, held?.email]);
          }
          for (const held of asked) expect(JSON.stringify(reply.body)).not.toContain(held.account_number);
        }
      }
    });

    it('refuses every customer route, and a digest key, to a role that may not look customers up', async () => {
      const [target] = everyone;
      if (!target) throw new Error('no customer');
      const refusals = [
        await call(app, { method: 'GET', url: `/v1/customers/search?q=${target.id}`, token: token('admin') }),
        await call(app, { method: 'POST', url: '/v1/customers/batch', token: token('admin'), payload: { ids: [target.id] } }),
        await call(app, { method: 'POST', url: '/v1/screen-pop/customers', token: token('admin'), payload: { ids: [target.id] } }),
        await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: token('admin'), payload: { identifiers: { ani: target.phone } } }),
        await call(app, { method: 'POST', url: '/v1/screen-pop/digest-key', token: token('admin'), payload: {} }),
      ];
      expect(refusals.map((reply) => [reply.status, ApiError.parse(reply.body).error.code])).toEqual(refusals.map(() => [403, 'not_permitted']));
      expect(JSON.stringify(refusals.map((reply) => reply.body))).not.toContain(target.id);
    });

    it('issues a digest key per session, answers under it, rotates it on schedule, and never takes one from the client', async () => {
      const [target] = everyone;
      if (!target) throw new Error('no customer');
      const keyOf = async (user: string) => DigestKeyResponse.parse((await call(app, { method: 'POST', url: '/v1/screen-pop/digest-key', token: token(user), payload: {} })).body);
      const first = await keyOf('agent');
      expect(await keyOf('agent')).toEqual(first);
      // Another session (the same agent on another desktop, or after signing in again) has its own key.
      const second = (await signIn(app, 'agent', 'other-device')).token;
      const otherSession = DigestKeyResponse.parse((await call(app, { method: 'POST', url: '/v1/screen-pop/digest-key', token: second, payload: {} })).body);
      expect(otherSession.keyId).not.toBe(first.keyId);
      expect(otherSession.key).not.toBe(first.key);

      const pop = PopLookupResponse.parse((await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: token('agent'), payload: { identifiers: { ani: target.phone } } })).body);
      expect(pop.keyId).toBe(first.keyId);
      const digest = createHmac('sha256', Buffer.from(first.key, 'base64url')).update(blindIndexMessage('phone', target.phone)).digest('hex').slice(0, 32);
      expect(pop.customers.find((c) => c.detail.customer.id === target.id)?.digests.phone).toBe(digest);

      // The key the client sends is refused, not used.
      const chosen = await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: token('agent'), payload: { identifiers: { ani: target.phone }, digestKey: 'A'.repeat(43) } });
      expect(chosen.status).toBe(400);

      // Within one session, the key changes at the next period boundary (sessions last an hour, periods longer).
      const periodMs = limits.digestKeyHours * 3_600_000;
      const boundary = (Math.floor(SEED_CLOCK.getTime() / periodMs) + 1) * periodMs;
      try {
        clock = new Date(boundary - 10 * 60_000);
        const session = (await signIn(app, 'agent', 'rotation-device')).token;
        const keyIn = async () => DigestKeyResponse.parse((await call(app, { method: 'POST', url: '/v1/screen-pop/digest-key', token: session, payload: {} })).body);
        const before = await keyIn();
        clock = new Date(boundary + 60_000);
        const rotated = await keyIn();
        expect(rotated.keyId).not.toBe(before.keyId);
        expect(Date.parse(rotated.expiresAt)).toBeGreaterThan(clock.getTime());
        const later = PopCustomersResponse.parse((await call(app, { method: 'POST', url: '/v1/screen-pop/customers', token: session, payload: { ids: [target.id] } })).body);
        expect(later.keyId).toBe(rotated.keyId);
        const under = (key: string) => createHmac('sha256', Buffer.from(key, 'base64url')).update(blindIndexMessage('phone', target.phone)).digest('hex').slice(0, 32);
        expect(later.customers[0]?.digests.phone).toBe(under(rotated.key));
        expect(later.customers[0]?.digests.phone).not.toBe(under(before.key));
      } finally {
        clock = SEED_CLOCK;
      }
    });

    it('answers 429 with Retry-After once an agent spends the minute’s look-ups, per agent, and again after the minute', async () => {
      const [target] = everyone;
      if (!target) throw new Error('no customer');
      const start = new Date(SEED_CLOCK.getTime() + 5 * 3_600_000);
      await signInEveryone(start);
      limits.lookupsPerMinute = 3;
      limits.batchesPerMinute = 2;
      try {
        const batch = () => app.inject({ method: 'POST', url: '/v1/customers/batch', headers: { authorization: `Bearer ${token('supervisor')}` }, payload: { ids: [target.id] } });
        expect((await batch()).statusCode).toBe(200);
        expect((await batch()).statusCode).toBe(200);
        expect((await batch()).statusCode).toBe(429);
        const lookup = (user: string) => app.inject({ method: 'POST', url: '/v1/screen-pop/lookup', headers: { authorization: `Bearer ${token(user)}` }, payload: { identifiers: { accountNumber: target.account_number } } });
        const search = (user: string) => app.inject({ method: 'GET', url: `/v1/customers/search?q=${target.id}`, headers: { authorization: `Bearer ${token(user)}` } });
        expect((await lookup('agent')).statusCode).toBe(200);
        expect((await search('agent')).statusCode).toBe(200);
        expect((await lookup('agent')).statusCode).toBe(200);
        clock = new Date(start.getTime() + 20_000);
        const refused = await lookup('agent');
        expect(refused.statusCode).toBe(429);
        expect(refused.headers['retry-after']).toBe('40');
        expect(ApiError.parse(refused.json()).error.code).toBe('too_many_lookups');
        expect((await search('agent')).statusCode).toBe(429);
        // Another agent has an allowance of their own.
        expect((await lookup('specialist')).statusCode).toBe(200);
        clock = new Date(start.getTime() + 61_000);
        expect((await lookup('agent')).statusCode).toBe(200);
      } finally {
        limits.lookupsPerMinute = LIMITS.lookupsPerMinute;
        limits.batchesPerMinute = LIMITS.batchesPerMinute;
        clock = SEED_CLOCK;
      }
    });

    it('writes every look-up to the access audit with the actor, the customer and the contact or case, and records pops and searches for scoped sync', async () => {
      const [a, b, c] = of('BR-002');
      if (!a || !b || !c) throw new Error('too few BR-002 customers');
      const at = new Date(SEED_CLOCK.getTime() + 7 * 3_600_000);
      await signInEveryone(at);
      try {
        await call(app, { method: 'GET', url: `/v1/customers/search?${new URLSearchParams({ q: a.id, caseId: 'AC-7K4MP-9QX3J' })}`, token: token('agent') });
        await call(app, { method: 'POST', url: '/v1/customers/batch', token: token('agent'), payload: { ids: [b.id], caseId: 'AC-7K4MP-9QX4K' } });
        await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: token('agent'), payload: { identifiers: { ani: c.phone }, contactId: 'call-4242' } });
        await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: token('specialist'), payload: { query: a.id, caseId: 'AC-7K4MP-9QX5L' } });
      } finally {
        clock = SEED_CLOCK;
      }
      const { rows } = await suite.db.query<{ agent_id: string; customer_id: string; via: string; case_id: string | null; contact_id: string | null; masked: boolean }>(
        'SELECT agent_id, customer_id, via, case_id, contact_id, masked FROM customer_lookup_audit WHERE at = $1 ORDER BY agent_id, via, customer_id',
        [at],
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          { agent_id: 'AGT-001', customer_id: a.id, via: 'search', case_id: 'AC-7K4MP-9QX3J', contact_id: null, masked: true },
          { agent_id: 'AGT-001', customer_id: b.id, via: 'batch', case_id: 'AC-7K4MP-9QX4K', contact_id: null, masked: true },
          { agent_id: 'AGT-001', customer_id: c.id, via: 'pop_lookup', case_id: null, contact_id: 'call-4242', masked: true },
          { agent_id: 'AGT-013', customer_id: a.id, via: 'pop_lookup', case_id: 'AC-7K4MP-9QX5L', contact_id: null, masked: false },
        ]),
      );
      const looked = await suite.db.query<{ agent_id: string; customer_id: string }>('SELECT agent_id, customer_id FROM customer_lookups WHERE last_looked_up_at = $1 ORDER BY agent_id, customer_id', [at]);
      const pairs = looked.rows.map((row) => `${row.agent_id} ${row.customer_id}`);
      expect(pairs).toEqual(expect.arrayContaining([`AGT-001 ${a.id}`, `AGT-001 ${c.id}`, `AGT-013 ${a.id}`]));
      // A batch read is audited, but is not "looking a customer up" for scoped sync.
      expect(pairs).not.toContain(`AGT-001 ${b.id}`);
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { now: SEED_CLOCK, size: BANK });
  },
);
