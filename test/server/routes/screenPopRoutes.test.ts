import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { migrate } from '../../../src/server/db/migrate';
import { SHARED_PHONE_EVERY } from '../../../src/server/seed/generateDemoBank';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { blindIndexMessage } from '../../../src/shared/screenpop/identifiers';
import { matchCustomers } from '../../../src/shared/screenpop/matching';
import { BranchCustomerIdsResponse, DigestKeyResponse, PopCustomersResponse, PopLookupResponse, RevealResponse } from '../../../src/shared/screenpop/popProtocol';
import { ApiError } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { call, signIn } from '../helpers/http';

const SEED_CLOCK = new Date('2026-03-02T15:00:00.000Z');
/** Large enough for one household line (customers 399 and 400 share a phone). */
const BANK = { customers: SHARED_PHONE_EVERY + 20, transactions: 3_000, openCases: 30, resolvedCases: 5 };

const digestUnder = (key: string, kind: 'account' | 'phone' | 'email', value: string) =>
  createHmac('sha256', Buffer.from(key, 'base64url')).update(blindIndexMessage(kind, value)).digest('hex').slice(0, 32);

describeEachBackend(
  'screen-pop routes',
  (suite) => {
    let app: FastifyInstance;
    let agentToken: string;
    let specialistToken: string;
    let branchToken: string;

    beforeAll(async () => {
      app = buildApp({ db: suite.db, now: () => SEED_CLOCK });
      await app.ready();
      agentToken = (await signIn(app, 'agent')).token;
      specialistToken = (await signIn(app, 'specialist')).token;
      branchToken = (await signIn(app, 'branch')).token;
    });
    afterAll(async () => {
      await app.close();
    });

    const firstCustomerWithAccount = async () => {
      const { rows } = await suite.db.query<{ id: string; phone: string; email: string; account_id: string; account_number: string }>(
        `SELECT c.id, c.phone, c.email, a.id AS account_id, a.account_number FROM customers c JOIN accounts a ON a.customer_id = c.id ORDER BY c.id, a.id LIMIT 1`,
      );
      const row = rows[0];
      if (!row) throw new Error('no customer with an account');
      return row;
    };

    it('answers customers with the digests of their identifiers under the key it issued to the session, never the identifiers', async () => {
      const target = await firstCustomerWithAccount();
      const issued = DigestKeyResponse.parse((await call(app, { method: 'POST', url: '/v1/screen-pop/digest-key', token: agentToken, payload: {} })).body);
      const reply = await call(app, { method: 'POST', url: '/v1/screen-pop/customers', token: agentToken, payload: { ids: [target.id, 'CUS-999999'] } });
      expect(reply.status).toBe(200);
      const { keyId, customers } = PopCustomersResponse.parse(reply.body);
      expect(keyId).toBe(issued.keyId);
      expect(customers.map((c) => c.detail.customer.id)).toEqual([target.id]);
      const [customer] = customers;
      expect(customer?.digests.accounts[target.account_id]).toBe(digestUnder(issued.key, 'account', target.account_number));
      expect(customer?.digests.phone).toBe(digestUnder(issued.key, 'phone', target.phone));
      expect(customer?.digests.email).toBe(digestUnder(issued.key, 'email', target.email));
      expect(Object.keys(customer?.digests.accounts ?? {}).sort()).toEqual(customer?.detail.accounts.map((a) => a.id).sort());
      const body = JSON.stringify(reply.body);
      expect(body).not.toContain(target.account_number);
      expect(body).not.toContain(target.phone);
      expect(body).not.toContain(target.email);
    });

    it('brings along everyone who shares a line with a requested customer, so a working set never knows only one of them', async () => {
      const { rows } = await suite.db.query<{ ids: string[] }>('SELECT array_agg(id ORDER BY id) AS ids FROM customers GROUP BY phone HAVING count(*) > 1 ORDER BY 1 LIMIT 1');
      const household = rows[0]?.ids;
      if (!household || household.length < 2) throw new Error('the demo bank has no shared phone');
      const reply = await call(app, { method: 'POST', url: '/v1/screen-pop/customers', token: agentToken, payload: { ids: [household[0]] } });
      const { customers } = PopCustomersResponse.parse(reply.body);
      expect(customers.map((c) => c.detail.customer.id).sort()).toEqual([...household].sort());
    });

    it('finds a customer by the phone ending the console shows, and says when a search matched more than it sent', async () => {
      const { rows } = await suite.db.query<{ id: string; phone: string }>('SELECT id, phone FROM customers ORDER BY id DESC LIMIT 1');
      const target = rows[0];
      if (!target) throw new Error('no customer');
      const byEnding = await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: agentToken, payload: { query: target.phone.slice(-4), limit: 50 } });
      expect(PopLookupResponse.parse(byEnding.body).customers.map((c) => c.detail.customer.id)).toContain(target.id);

      const { rows: counted } = await suite.db.query<{ n: number }>("SELECT count(*)::int AS n FROM customers WHERE lower(full_name) LIKE '%a%'");
      const many = Number(counted[0]?.n);
      expect(many).toBeGreaterThan(3);
      const cut = PopLookupResponse.parse((await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: agentToken, payload: { query: 'a', limit: 3 } })).body);
      expect({ sent: cut.customers.length, more: cut.more }).toEqual({ sent: 3, more: true });
      const exact = PopLookupResponse.parse((await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: agentToken, payload: { query: target.id } })).body);
      expect({ sent: exact.customers.length, more: exact.more }).toEqual({ sent: 1, more: false });
    });

    it('answers a search with the customer, and keeps beside it whoever shares their line', async () => {
      const { rows } = await suite.db.query<{ ids: string[] }>('SELECT array_agg(id ORDER BY id) AS ids FROM customers GROUP BY phone HAVING count(*) > 1 ORDER BY 1 LIMIT 1');
      const [searched, ...others] = rows[0]?.ids ?? [];
      if (!searched || others.length === 0) throw new Error('the demo bank has no shared phone');
      const reply = await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: agentToken, payload: { query: searched } });
      const found = PopLookupResponse.parse(reply.body);
      expect(found.customers.map((c) => c.detail.customer.id)).toEqual([searched]);
      expect(found.sharedHolders.map((c) => c.detail.customer.id).sort()).toEqual(others.sort());
    });

    it('refuses a digest key chosen by the client, on every route, and requests without a token', async () => {
      const chosen = randomBytes(32).toString('base64url');
      for (const [url, payload] of [
        ['/v1/screen-pop/customers', { ids: ['CUS-000001'], digestKey: chosen }],
        ['/v1/screen-pop/lookup', { identifiers: { accountNumber: '100000121234' }, digestKey: chosen }],
        ['/v1/screen-pop/lookup', { query: 'CUS-000001', digestKey: chosen }],
      ] as const) {
        const bad = await call(app, { method: 'POST', url, token: agentToken, payload });
        expect(bad.status).toBe(400);
        expect(ApiError.parse(bad.body).error.message).toContain('digestKey');
        expect(JSON.stringify(bad.body)).not.toMatch(/[0-9a-f]{32}/);
      }
      expect((await call(app, { method: 'POST', url: '/v1/screen-pop/customers', payload: { ids: ['CUS-000001'] } })).status).toBe(401);
      expect((await call(app, { method: 'POST', url: '/v1/screen-pop/digest-key', payload: {} })).status).toBe(401);
    });

    it('looks up a contact by each identifier and reports the hits per identifier', async () => {
      const target = await firstCustomerWithAccount();
      const lookup = async (identifiers: Record<string, string>) => {
        const reply = await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: agentToken, payload: { identifiers } });
        expect(reply.status).toBe(200);
        return PopLookupResponse.parse(reply.body);
      };
      const byPhone = await lookup({ ani: target.phone });
      expect(byPhone.hits).toEqual({ ani: [target.id] });
      expect(byPhone.customers[0]?.detail.customer.id).toBe(target.id);
      expect((await lookup({ accountNumber: target.account_number })).hits).toEqual({ accountNumber: [target.id] });
      expect((await lookup({ email: target.email.toUpperCase() })).hits).toEqual({ email: [target.id] });
      const unknown = await lookup({ ani: '+19995550000' });
      expect(unknown).toEqual({ keyId: expect.any(String), customers: [], hits: { ani: [] }, sharedHolders: [], more: false });

      const { rows } = await suite.db.query<{ case_id: string; customer_id: string }>('SELECT case_id, customer_id FROM cases WHERE customer_id IS NOT NULL ORDER BY case_id LIMIT 1');
      const aCase = rows[0];
      if (!aCase) throw new Error('no case');
      expect((await lookup({ caseId: aCase.case_id.toLowerCase() })).hits).toEqual({ caseId: [aCase.customer_id] });
    });

    it('finds both customers on a household line, and the shared matching rule asks the agent to choose', async () => {
      const { rows } = await suite.db.query<{ phone: string; n: unknown }>('SELECT phone, count(*) AS n FROM customers GROUP BY phone HAVING count(*) > 1');
      const line = rows[0];
      if (!line) throw new Error('the demo bank has no shared phone');
      const reply = await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: agentToken, payload: { identifiers: { ani: line.phone } } });
      const found = PopLookupResponse.parse(reply.body);
      expect(found.customers).toHaveLength(2);
      expect(matchCustomers(found.hits).kind).toBe('several');
    });

    it('searches by free text too', async () => {
      const target = await firstCustomerWithAccount();
      const reply = await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: agentToken, payload: { query: target.id } });
      expect(PopLookupResponse.parse(reply.body).customers.map((c) => c.detail.customer.id)).toEqual([target.id]);
      const both = await call(app, { method: 'POST', url: '/v1/screen-pop/lookup', token: agentToken, payload: { query: 'x', identifiers: { ani: '+15550000000' } } });
      expect(both.status).toBe(400);
    });

    it('gives branch staff their own branch and nobody else’s', async () => {
      const own = await call(app, { method: 'GET', url: '/v1/branches/BR-001/customer-ids', token: branchToken });
      const ids = BranchCustomerIdsResponse.parse(own.body).customerIds;
      const { rows } = await suite.db.query<{ n: unknown }>("SELECT count(*) AS n FROM customers WHERE branch_id = 'BR-001'");
      expect(ids.length).toBe(Number(rows[0]?.n));
      expect((await call(app, { method: 'GET', url: '/v1/branches/BR-002/customer-ids', token: branchToken })).status).toBe(403);
      expect((await call(app, { method: 'GET', url: '/v1/branches/BR-001/customer-ids', token: agentToken })).status).toBe(403);
    });

    it('reveals an account number to a permitted role and audits it; refuses and audits a tier 1 agent', async () => {
      const target = await firstCustomerWithAccount();
      const payload = { field: 'account_number', targetId: target.account_id, reason: 'Customer asked for their full account number for a wire form', caseId: 'AC-7K4MP-9QX2H' };
      const granted = await call(app, { method: 'POST', url: `/v1/customers/${target.id}/reveal`, token: specialistToken, payload });
      expect(granted.status).toBe(200);
      const { value, auditId } = RevealResponse.parse(granted.body);
      expect(value).toBe(target.account_number);

      const denied = await call(app, { method: 'POST', url: `/v1/customers/${target.id}/reveal`, token: agentToken, payload });
      expect(denied.status).toBe(403);
      expect(JSON.stringify(denied.body)).not.toContain(target.account_number);

      const audit = await suite.db.query<{ audit_id: string; agent_id: string; outcome: string; reason: string; case_id: string }>(
        'SELECT audit_id::text AS audit_id, agent_id, outcome, reason, case_id FROM sensitive_access_audit WHERE customer_id = $1 ORDER BY at, outcome DESC',
        [target.id],
      );
      expect(audit.rows.map((row) => [row.agent_id, row.outcome])).toEqual(
        expect.arrayContaining([
          ['AGT-013', 'revealed'],
          ['AGT-001', 'denied'],
        ]),
      );
      expect(audit.rows.find((row) => row.outcome === 'revealed')).toMatchObject({ audit_id: auditId, reason: payload.reason, case_id: 'AC-7K4MP-9QX2H' });
    });

    it('never reveals a card number (none is stored) and needs a reason', async () => {
      const target = await firstCustomerWithAccount();
      const card = await call(app, { method: 'POST', url: `/v1/customers/${target.id}/reveal`, token: specialistToken, payload: { field: 'card_number', targetId: target.account_id, reason: 'checking', caseId: 'AC-7K4MP-9QX2H' } });
      expect(card.status).toBe(422);
      expect(ApiError.parse(card.body).error.code).toBe('not_stored');
      const noReason = await call(app, { method: 'POST', url: `/v1/customers/${target.id}/reveal`, token: specialistToken, payload: { field: 'phone', targetId: target.id, reason: ' ', caseId: 'AC-7K4MP-9QX2H' } });
      expect(noReason.status).toBe(400);
      const otherCustomersAccount = await call(app, { method: 'POST', url: `/v1/customers/CUS-000002/reveal`, token: specialistToken, payload: { field: 'account_number', targetId: target.account_id, reason: 'a mistake', caseId: 'AC-7K4MP-9QX2H' } });
      expect(otherCustomersAccount.status).toBe(404);
      const phone = await call(app, { method: 'POST', url: `/v1/customers/${target.id}/reveal`, token: specialistToken, payload: { field: 'phone', targetId: target.id, reason: 'call back', caseId: 'AC-7K4MP-9QX2H' } });
      expect(RevealResponse.parse(phone.body).value).toBe(target.phone);
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { now: SEED_CLOCK, size: BANK });
  },
);
