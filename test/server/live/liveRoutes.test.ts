import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { migrate } from '../../../src/server/db/migrate';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { ApiError, PushResponse } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { caseCreated, newCaseId, noteAdded } from '../helpers/events';
import { call, signIn } from '../helpers/http';
import { changedSeqs, openLive, type OpenedLive } from './liveStreamClient';

const SMALL_BANK = { customers: 60, transactions: 300, openCases: 10, resolvedCases: 2 };

describeEachBackend(
  'live push: GET /v1/sync/live',
  (suite) => {
    let app: FastifyInstance;
    let url: string;
    const streams: OpenedLive[] = [];
    const open = async (token: string | null) => {
      const live = await openLive(url, token);
      streams.push(live);
      return live;
    };
    const push = async (token: string, events: unknown[]) => {
      const reply = await call(app, { method: 'POST', url: '/v1/sync/push', token, payload: { events } });
      expect(reply.status).toBe(200);
      const { results } = PushResponse.parse(reply.body);
      expect(results.map((result) => (result.outcome === 'rejected' ? result.reason : 'ok'))).toEqual(events.map(() => 'ok'));
      return results.map((result) => (result.outcome === 'rejected' ? Number.NaN : result.seq));
    };

    beforeAll(async () => {
      app = buildApp({ db: suite.db });
      await app.listen({ host: '127.0.0.1', port: 0 });
      url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      for (const live of streams) live.close();
      await app.close();
    });

    it('refuses a request without a valid session before any stream opens', async () => {
      for (const token of [null, 'not-a-token']) {
        const live = await open(token);
        expect(live.status).toBe(401);
        expect(ApiError.parse(live.messages[0]?.data).error.code).toMatch(/unauthenticated|invalid_token/);
      }
    });

    it('nudges a desktop for changes in its scope only: the owner hears of their case, an agent of another team hears nothing of it', async () => {
      const east = await signIn(app, 'agent', 'live-east');
      const west = await signIn(app, 'agent07', 'live-west');
      expect(west.agent.teamId).toBe('T1-WEST');
      const eastLive = await open(east.token);
      const westLive = await open(west.token);
      await eastLive.next((message) => message.event === 'ready');
      await westLive.next((message) => message.event === 'ready');

      const eastCase = newCaseId();
      const [eastSeq] = await push(east.token, [caseCreated(eastCase, east.agent.id, new Date(), null, 'T1-EAST', 'live-east')]);
      await eastLive.next((message) => message.event === 'changed' && (message.data as { seq: number }).seq >= eastSeq!);

      const westCase = newCaseId();
      const [westSeq] = await push(west.token, [caseCreated(westCase, west.agent.id, new Date(), null, 'T1-WEST', 'live-west')]);
      await westLive.next((message) => message.event === 'changed' && (message.data as { seq: number }).seq >= westSeq!);
      // A later change in each one's scope: by the time it arrives, the other's event has been decided.
      const [eastNote] = await push(east.token, [{ ...noteAdded(eastCase, east.agent.id, new Date()), deviceId: 'live-east' }]);
      const [westNote] = await push(west.token, [{ ...noteAdded(westCase, west.agent.id, new Date()), deviceId: 'live-west' }]);
      await eastLive.next((message) => message.event === 'changed' && (message.data as { seq: number }).seq >= eastNote!);
      await westLive.next((message) => message.event === 'changed' && (message.data as { seq: number }).seq >= westNote!);

      expect(changedSeqs(eastLive)).not.toContain(westSeq);
      expect(changedSeqs(westLive)).not.toContain(eastSeq);
      expect(changedSeqs(westLive)).not.toContain(eastNote);
      expect(changedSeqs(westLive).every((seq) => seq === westSeq || seq === westNote)).toBe(true);
    });

    it('ends the stream, saying why, when a supervisor ends the session', async () => {
      const jordan = await signIn(app, 'agent02', 'live-jordan');
      const supervisor = await signIn(app, 'supervisor', 'live-supervisor');
      const live = await open(jordan.token);
      await live.next((message) => message.event === 'ready');
      const ended = await call(app, { method: 'POST', url: `/v1/agents/${jordan.agent.id}/sessions/end`, token: supervisor.token });
      expect(ended.status).toBe(200);
      const end = await live.next((message) => message.event === 'end', 5_000);
      expect(end.data).toMatchObject({ code: 'session_revoked' });
      await live.ended;
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { size: SMALL_BANK });
  },
);
