import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { migrate } from '../../../src/server/db/migrate';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { ApiError } from '../../../src/shared/sync/protocol';
import { TelephonyFactsResponse } from '../../../src/shared/telephony/facts';
import { describeEachBackend } from '../helpers/backends';
import { call, signIn } from '../helpers/http';

const CLOCK = new Date('2026-03-02T15:00:00.000Z');
const CONNECTOR_TOKEN = 'connector-token-for-tests-0123456789abcdef';

const offered = (id: string, contactId = `call-${id}`) => ({ kind: 'contact.offered', id, at: '2026-03-02T14:00:00.000Z', contactId, channel: 'phone', queue: 'retail-voice' });

describeEachBackend(
  'telephony connector route',
  (suite) => {
    let app: FastifyInstance;
    let unconfigured: FastifyInstance;
    beforeAll(async () => {
      app = buildApp({ db: suite.db, now: () => CLOCK, connectorToken: () => CONNECTOR_TOKEN });
      unconfigured = buildApp({ db: suite.db, now: () => CLOCK });
      await Promise.all([app.ready(), unconfigured.ready()]);
    });
    afterAll(async () => {
      await Promise.all([app.close(), unconfigured.close()]);
    });
    const post = (payload: Record<string, unknown>, token: string | null = CONNECTOR_TOKEN, target = app) => call(target, { method: 'POST', url: '/v1/telephony/facts', token: token ?? undefined, payload });

    it('records offered, answered, abandoned, handled and agent-state facts', async () => {
      const facts = [
        offered('f1', 'call-1'),
        { kind: 'contact.answered', id: 'f2', at: '2026-03-02T14:00:12.000Z', contactId: 'call-1', channel: 'phone', queue: 'retail-voice', waitSeconds: 12, agentId: 'AGT-001' },
        { kind: 'contact.handled', id: 'f3', at: '2026-03-02T14:06:12.000Z', contactId: 'call-1', channel: 'phone', queue: 'retail-voice', agentId: 'AGT-001', handleSeconds: 360, talkSeconds: 300, wrapSeconds: 60 },
        offered('f4', 'chat-9'),
        { kind: 'contact.abandoned', id: 'f5', at: '2026-03-02T14:01:00.000Z', contactId: 'chat-9', channel: 'chat', queue: 'chat', waitSeconds: 60 },
        { kind: 'agent.state', id: 'f6', at: '2026-03-02T13:00:00.000Z', agentId: 'AGT-001', state: 'ready' },
      ];
      const reply = await post({ facts });
      expect(reply.status).toBe(200);
      expect(TelephonyFactsResponse.parse(reply.body).results.map((r) => r.outcome)).toEqual(['recorded', 'recorded', 'recorded', 'recorded', 'recorded', 'recorded']);
      const { rows } = await suite.db.query<{ kind: string; contact_id: string | null; agent_id: string | null }>(
        "SELECT kind, contact_id, agent_id FROM telephony_facts WHERE fact_id IN ('f1','f2','f6') ORDER BY fact_id",
      );
      expect(rows).toEqual([
        { kind: 'contact.offered', contact_id: 'call-1', agent_id: null },
        { kind: 'contact.answered', contact_id: 'call-1', agent_id: 'AGT-001' },
        { kind: 'agent.state', contact_id: null, agent_id: 'AGT-001' },
      ]);
    });

    it('records a retried batch once and answers duplicates', async () => {
      const first = await post({ facts: [offered('r1'), offered('r2')] });
      const retry = await post({ facts: [offered('r1'), offered('r2'), offered('r3'), offered('r3')] });
      expect(TelephonyFactsResponse.parse(first.body).results.map((r) => r.outcome)).toEqual(['recorded', 'recorded']);
      expect(TelephonyFactsResponse.parse(retry.body).results.map((r) => r.outcome)).toEqual(['duplicate', 'duplicate', 'recorded', 'duplicate']);
      const { rows } = await suite.db.query<{ n: unknown }>("SELECT count(*) AS n FROM telephony_facts WHERE fact_id LIKE 'r%'");
      expect(Number(rows[0]?.n)).toBe(3);
    });

    it('rejects a bad fact with the field that is wrong and keeps the good ones', async () => {
      const reply = await post({
        facts: [
          offered('b1'),
          { ...offered('b2'), channel: 'pigeon' },
          { kind: 'contact.answered', id: 'b3', at: '2026-03-02T14:00:00.000Z', contactId: 'x', channel: 'phone', queue: 'retail-voice', waitSeconds: -3, agentId: 'AGT-001' },
          { ...offered('b4'), at: '2026-03-05T14:00:00.000Z' },
          { ...offered('b5'), at: '2026-03-02T14:00:00+01:00' },
        ],
      });
      const results = TelephonyFactsResponse.parse(reply.body).results;
      expect(results.map((r) => r.outcome)).toEqual(['recorded', 'rejected', 'rejected', 'rejected', 'rejected']);
      expect(results[1]?.reason).toMatch(/channel/);
      expect(results[2]?.reason).toMatch(/waitSeconds/);
      expect(results[3]?.reason).toMatch(/ahead of the service clock/);
    });

    it('refuses requests without the connector token — an agent session is not enough', async () => {
      const agentToken = (await signIn(app, 'agent')).token;
      for (const token of [null, 'not-the-token', agentToken]) {
        const reply = await post({ facts: [offered('t1')] }, token);
        expect(reply.status).toBe(401);
        expect(ApiError.parse(reply.body).error.code).toBe('unauthorized');
      }
      expect((await post({ facts: [offered('t1')] }, null)).body).toMatchObject({ error: { code: 'unauthorized' } });
      const { rows } = await suite.db.query("SELECT 1 FROM telephony_facts WHERE fact_id = 't1'");
      expect(rows).toEqual([]);
    });

    it('answers 503 when no connector token is configured, 400 for a body that is not a batch', async () => {
      const reply = await post({ facts: [offered('u1')] }, CONNECTOR_TOKEN, unconfigured);
      expect(reply.status).toBe(503);
      expect(ApiError.parse(reply.body).error.code).toBe('connector_not_configured');
      const empty = await post({ facts: [] });
      expect(empty.status).toBe(400);
      expect(ApiError.parse(empty.body).error.message).toMatch(/at least one fact/);
      const tooMany = await post({ facts: Array.from({ length: 1001 }, (_, i) => offered(`m${i}`)) });
      expect(tooMany.status).toBe(400);
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { now: CLOCK, size: { customers: 4, transactions: 4, openCases: 1, resolvedCases: 0 } });
  },
);
