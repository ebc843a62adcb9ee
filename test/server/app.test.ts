import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CASE_REFERENCE } from '../../src/shared/cases/streams';
import { buildApp } from '../../src/server/app';
import { migrate } from '../../src/server/db/migrate';
import { DEMO_AGENTS } from '../../src/server/seed/demoAgents';
import { seedDemoBank } from '../../src/server/seed/seedDemoBank';
import {
  AgentsResponse,
  ApiError,
  CustomerBatchResponse,
  CustomerSearchResponse,
  MAX_PULL_BATCH,
  MeResponse,
  PullResponse,
  PushResponse,
} from '../../src/shared/sync/protocol';
import { describeEachBackend } from './helpers/backends';
import { caseCreated, newCaseId, noteAdded } from './helpers/events';
import { call, signIn } from './helpers/http';

const SEED_CLOCK = new Date('2026-03-02T15:00:00.000Z');
const SMALL_BANK = { customers: 300, transactions: 4_000, openCases: 40, resolvedCases: 8 };

describeEachBackend(
  'case service HTTP API',
  (suite) => {
    let app: FastifyInstance;
    let clockMs = SEED_CLOCK.getTime();
    let agentToken: string;
    const agent = DEMO_AGENTS[0];
    if (!agent) throw new Error('demo agents are missing');
    const now = () => new Date(clockMs);

    beforeAll(async () => {
      app = buildApp({ db: suite.db, now });
      await app.ready();
      agentToken = (await signIn(app, 'agent')).token;
    });
    afterAll(async () => {
      await app.close();
    });

    const push = (events: unknown[], token = agentToken) => call(app, { method: 'POST', url: '/v1/sync/push', token, payload: { events } });
    const pull = (after: number, limit: number, token = agentToken) => call(app, { method: 'GET', url: `/v1/sync/pull?after=${after}&limit=${limit}`, token });
    const latestSeq = async () => {
      const { rows } = await suite.db.query<{ last: unknown }>('SELECT coalesce(max(seq), 0) AS last FROM case_events');
      return Number(rows[0]?.last);
    };
    const expectError = (reply: { status: number; body: unknown }, status: number, code: string) => {
      expect(reply.status).toBe(status);
      const parsed = ApiError.parse(reply.body);
      expect(parsed.error.code).toBe(code);
      return parsed.error;
    };

    it('answers health without a token', async () => {
      expect(await call(app, { method: 'GET', url: '/v1/health' })).toEqual({ status: 200, body: { ok: true } });
    });

    it('signs in with the demo password and tells who the token belongs to', async () => {
      // Another device: one session per device, so the suite's own token (test-device) stays valid.
      const login = await signIn(app, 'AGENT ', 'second-device');
      expect(login.agent).toMatchObject({ username: 'agent', displayName: 'Alex Morgan', role: 'tier1_agent', teamId: 'T1-EAST', timeZone: 'America/New_York' });
      expect(Date.parse(login.expiresAt)).toBeGreaterThan(clockMs);
      const me = await call(app, { method: 'GET', url: '/v1/me', token: login.token });
      expect(MeResponse.parse(me.body)).toEqual({ agent: login.agent, expiresAt: login.expiresAt });
    });

    it('gives the same answer for a wrong password and an unknown user', async () => {
      const wrongPassword = await call(app, { method: 'POST', url: '/v1/auth/login', payload: { username: 'agent', password: 'demo-2026!', deviceId: 'd' } });
      const unknownUser = await call(app, { method: 'POST', url: '/v1/auth/login', payload: { username: 'nobody', password: 'Demo-2026!', deviceId: 'd' } });
      const first = expectError(wrongPassword, 401, 'invalid_credentials');
      expect(first.message).toBe('Wrong user name or password.');
      expect(first.hint).toBeTruthy();
      expect(unknownUser).toEqual(wrongPassword);
    });

    it('refuses requests without a valid, unexpired token', async () => {
      expect(expectError(await call(app, { method: 'GET', url: '/v1/me' }), 401, 'unauthenticated').message).toMatch(/token is missing/);
      expectError(await call(app, { method: 'GET', url: '/v1/agents', token: 'not-a-real-token' }), 401, 'invalid_token');
      expectError(await call(app, { method: 'GET', url: '/v1/sync/pull', headers: { authorization: 'Basic abc' } }), 401, 'unauthenticated');
      const login = await signIn(app, 'agent02');
      clockMs += 13 * 60 * 60 * 1000;
      try {
        const expired = expectError(await call(app, { method: 'GET', url: '/v1/me', token: login.token }), 401, 'session_expired');
        expect(expired.hint).toMatch(/Sign in again/);
      } finally {
        clockMs = SEED_CLOCK.getTime();
      }
    });

    it('answers malformed requests with 400 and an ApiError, never a 500', async () => {
      const badJson = await call(app, { method: 'POST', url: '/v1/sync/push', token: agentToken, headers: { 'content-type': 'application/json' }, payload: '{"events": [' });
      expectError(badJson, 400, 'malformed_json');
      expectError(await call(app, { method: 'POST', url: '/v1/auth/login', payload: { username: 'agent' } }), 400, 'invalid_request');
      expectError(await push([]), 400, 'invalid_request');
      expectError(await call(app, { method: 'POST', url: '/v1/sync/push', token: agentToken, payload: '<events/>', headers: { 'content-type': 'application/xml' } }), 415, 'unsupported_media_type');
      expectError(await pull(-1, 10), 400, 'invalid_request');
      expectError(await pull(0, MAX_PULL_BATCH + 1), 400, 'invalid_request');
      expectError(await call(app, { method: 'GET', url: '/v1/nowhere' }), 404, 'not_found');
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), fc.constantFrom('/v1/sync/push', '/v1/auth/login', '/v1/customers/batch'), async (body, url) => {
          const reply = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
          expect(reply.statusCode).toBeLessThan(500);
          if (reply.statusCode >= 400) ApiError.parse(JSON.parse(reply.body));
        }),
        { numRuns: 60 },
      );
    });

    it('applies pushed events, dedupes a retried batch and rejects bad events without blocking good ones', async () => {
      const caseId = newCaseId();
      const created = caseCreated(caseId, agent.id, now(), 'CUS-000001');
      const note = noteAdded(caseId, agent.id, now());
      const malformed = { ...noteAdded(caseId, agent.id, now()), payload: {} };
      const impostor = noteAdded(caseId, 'AGT-002', now());
      const future = noteAdded(caseId, agent.id, new Date(clockMs + 24 * 60 * 60 * 1000));
      const first = PushResponse.parse((await push([created, malformed, note, impostor, future])).body).results;
      expect(first.map((r) => r.outcome)).toEqual(['applied', 'rejected', 'applied', 'rejected', 'rejected']);
      expect(first[1]).toMatchObject({ eventId: malformed.id, reason: expect.stringMatching(/payload\.text/) });

      const retry = PushResponse.parse((await push([created, note])).body).results;
      expect(retry).toEqual([
        { eventId: created.id, outcome: 'duplicate', seq: first[0]?.outcome === 'applied' ? first[0].seq : -1 },
        { eventId: note.id, outcome: 'duplicate', seq: first[2]?.outcome === 'applied' ? first[2].seq : -1 },
      ]);
      const { rows } = await suite.db.query<{ n: unknown }>('SELECT count(*) AS n FROM case_events WHERE event_id = $1', [note.id]);
      expect(Number(rows[0]?.n)).toBe(1);
      const projection = await suite.db.query<{ status: string; owner_id: string; customer_id: string }>(
        'SELECT status, owner_id, customer_id FROM cases WHERE case_id = $1',
        [caseId],
      );
      expect(projection.rows[0]).toEqual({ status: 'open', owner_id: agent.id, customer_id: 'CUS-000001' });
    });

    it('pages through pulled events with a cursor', async () => {
      // This desktop first takes what it may see, so the pages below hold only the new events.
      let start = 0;
      for (let more = true; more; ) {
        const page = PullResponse.parse((await pull(start, 1000)).body);
        start = page.cursor;
        more = page.hasMore;
      }
      const caseId = newCaseId();
      const events = [caseCreated(caseId, agent.id, now()), ...Array.from({ length: 4 }, (_, i) => noteAdded(caseId, agent.id, now(), `note ${i}`))];
      PushResponse.parse((await push(events)).body);
      const seen: string[] = [];
      let cursor = start;
      let pages = 0;
      for (;;) {
        const page = PullResponse.parse((await pull(cursor, 2)).body);
        pages += 1;
        seen.push(...page.events.map((e) => e.event.id));
        expect(page.cursor).toBe(page.events.at(-1)?.seq ?? cursor);
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(events.map((e) => e.id));
      expect(cursor).toBe(start + 5);
    });

    it('never lets a concurrent reader skip an event while many agents push at once', async () => {
      const writers = await Promise.all(DEMO_AGENTS.slice(1, 5).map((a) => signIn(app, a.username)));
      // Readers that may see every case (compliance), each its own desktop; what they are sent of
      // the time before `start` (their scope arriving whole) is not what this test is about.
      // One after another: each takes the next TOTP code, and a later code landing first would make the earlier one a replay.
      const readers = [];
      for (const n of [1, 2, 3]) readers.push(await signIn(app, 'compliance', `reader-${n}`));
      for (const reader of readers) {
        for (let cursor = 0, more = true; more; ) {
          const page = PullResponse.parse((await pull(cursor, 1000, reader.token)).body);
          cursor = page.cursor;
          more = page.hasMore;
        }
      }
      const start = await latestSeq();
      let writing = true;
      const readStream = async (token: string): Promise<number[]> => {
        const seqs: number[] = [];
        let cursor = start;
        const deadline = Date.now() + 25_000;
        while (Date.now() < deadline) {
          const stillWriting = writing;
          const page = PullResponse.parse((await pull(cursor, 7, token)).body);
          seqs.push(...page.events.map((e) => e.seq).filter((seq) => seq > start));
          cursor = page.cursor;
          if (!stillWriting && !page.hasMore) return seqs;
          // Caught up: give the writers room instead of spinning.
          if (page.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
        }
        throw new Error('reader did not catch up');
      };
      const writeAll = async () => {
        await Promise.all(
          writers.map(async (writer) => {
            for (let batch = 0; batch < 6; batch += 1) {
              const caseId = newCaseId();
              const events = [caseCreated(caseId, writer.agent.id, now(), null, writer.agent.teamId), noteAdded(caseId, writer.agent.id, now()), noteAdded(caseId, writer.agent.id, now())];
              const results = PushResponse.parse((await push(events, writer.token)).body).results;
              expect(results.every((r) => r.outcome === 'applied')).toBe(true);
            }
          }),
        );
        writing = false;
      };
      const [, ...streams] = await Promise.all([writeAll(), ...readers.map((reader) => readStream(reader.token))]);
      const expected = Array.from({ length: 4 * 6 * 3 }, (_, i) => start + 1 + i);
      for (const stream of streams) expect(stream).toEqual(expected);
    });

    it('finds customers by phone, name, account or card last 4, and case id', async () => {
      const search = async (q: string) => CustomerSearchResponse.parse((await call(app, { method: 'GET', url: `/v1/customers/search?q=${encodeURIComponent(q)}`, token: agentToken })).body).customers;
      const { rows } = await suite.db.query<{ id: string; phone: string; full_name: string; last4: string }>(
        `SELECT c.id, c.phone, c.full_name, a.last4 FROM customers c JOIN accounts a ON a.customer_id = c.id ORDER BY c.id LIMIT 1`,
      );
      const target = rows[0];
      if (!target) throw new Error('seed has no customers with accounts');
      expect((await search(target.phone)).map((c) => c.id)).toEqual([target.id]);
      const local = target.phone.slice(2); // typed without +1, with punctuation
      expect((await search(`(${local.slice(0, 3)}) ${local.slice(3, 6)}-${local.slice(6)}`)).map((c) => c.id)).toEqual([target.id]);
      const byName = await search(target.full_name.toLowerCase());
      expect(byName.map((c) => c.id)).toContain(target.id);
      const firstName = target.full_name.split(' ')[0] ?? '';
      expect((await search(firstName.slice(0, 3))).every((c) => c.fullName.toLowerCase().includes(firstName.slice(0, 3).toLowerCase()))).toBe(true);
      expect((await search(target.last4)).map((c) => c.id)).toContain(target.id);

      const card = await suite.db.query<{ customer_id: string; card_last4: string }>(
        'SELECT customer_id, card_last4 FROM transactions WHERE card_last4 IS NOT NULL ORDER BY id LIMIT 1',
      );
      const cardRow = card.rows[0];
      if (!cardRow) throw new Error('seed has no card transactions');
      expect((await search(cardRow.card_last4)).map((c) => c.id)).toContain(cardRow.customer_id);

      const caseRow = await suite.db.query<{ case_id: string; customer_id: string }>('SELECT case_id, customer_id FROM cases WHERE customer_id IS NOT NULL ORDER BY case_id LIMIT 1');
      const aCase = caseRow.rows[0];
      if (!aCase) throw new Error('seed has no cases');
      expect((await search(aCase.case_id.toLowerCase())).map((c) => c.id)).toEqual([aCase.customer_id]);
      // Every seeded case has the one reference format, found however it is read out over the phone.
      expect(aCase.case_id).toMatch(CASE_REFERENCE);
      expect((await search(aCase.case_id.toLowerCase().replaceAll('-', ' '))).map((c) => c.id)).toEqual([aCase.customer_id]);
      expect(await search('zzqqxx-nobody')).toEqual([]);
      expectError(await call(app, { method: 'GET', url: '/v1/customers/search?q=%20', token: agentToken }), 400, 'invalid_request');
    });

    it('returns customer details with masked account numbers and the 10 newest transactions', async () => {
      const { rows } = await suite.db.query<{ customer_id: string }>(
        'SELECT customer_id FROM transactions GROUP BY customer_id HAVING count(*) > 10 ORDER BY customer_id LIMIT 2',
      );
      const ids = [...rows.map((r) => r.customer_id).reverse(), 'CUS-NOPE'];
      const reply = await call(app, { method: 'POST', url: '/v1/customers/batch', token: agentToken, payload: { ids } });
      const details = CustomerBatchResponse.parse(reply.body).customers;
      expect(details.map((d) => d.customer.id)).toEqual(ids.slice(0, 2));
      const fullNumbers = await suite.db.query<{ account_number: string }>('SELECT account_number FROM accounts WHERE customer_id = ANY($1::text[])', [ids]);
      const raw = JSON.stringify(reply.body);
      expect(fullNumbers.rows.length).toBeGreaterThan(0);
      for (const { account_number } of fullNumbers.rows) expect(raw).not.toContain(account_number);
      for (const detail of details) {
        expect(detail.accounts.length).toBeGreaterThan(0);
        for (const account of detail.accounts) expect(account.maskedNumber).toMatch(/^••••\d{4}$/);
        expect(detail.recentTransactions).toHaveLength(10);
        const times = detail.recentTransactions.map((t) => t.postedAt);
        expect([...times].sort().reverse()).toEqual(times);
      }
    });

    it('lists the agents without any secret', async () => {
      const reply = await call(app, { method: 'GET', url: '/v1/agents', token: agentToken });
      const { agents } = AgentsResponse.parse(reply.body);
      expect(agents.map((a) => a.username).sort()).toEqual(DEMO_AGENTS.map((a) => a.username).sort());
      expect(JSON.stringify(reply.body)).not.toMatch(/scrypt|password/i);
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { now: SEED_CLOCK, size: SMALL_BANK });
  },
);
