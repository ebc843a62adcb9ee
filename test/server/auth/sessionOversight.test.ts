import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { migrate } from '../../../src/server/db/migrate';
import { DEMO_PASSWORD } from '../../../src/server/seed/demoAgents';
import { demoTotpCode } from '../../../src/server/seed/demoMfa';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { ActiveSessionsResponse, ApiError, LoginResponse } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { call } from '../helpers/http';

const CLOCK = new Date('2026-03-02T15:00:00.000Z');
const STEP_MS = 30_000;

describeEachBackend(
  'session oversight: who may see and end whose sign-ins',
  (suite) => {
    let app: FastifyInstance;
    let clockMs = CLOCK.getTime();
    const now = () => new Date(clockMs);
    beforeAll(async () => {
      app = buildApp({ db: suite.db, now });
      await app.ready();
    });
    afterAll(async () => {
      await app.close();
    });

    const signIn = async (username: string, deviceId: string) => {
      // Each sign-in a TOTP step later: a code is accepted once (RFC 6238 §5.2).
      clockMs += STEP_MS;
      const reply = await call(app, { method: 'POST', url: '/v1/auth/login', payload: { username, password: DEMO_PASSWORD, deviceId, otp: demoTotpCode(username, now()) } });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return LoginResponse.parse(reply.body);
    };
    const list = (token: string) => call(app, { method: 'GET', url: '/v1/sessions', token });
    const end = (agentId: string, token: string) => call(app, { method: 'POST', url: `/v1/agents/${agentId}/sessions/end`, token });
    const problem = (body: unknown) => ApiError.parse(body).error;

    it('a Tier 1 agent may neither list nor end sessions (403)', async () => {
      const agent = await signIn('agent02', 'desk-jordan');
      const listed = await list(agent.token);
      expect(listed.status).toBe(403);
      expect(problem(listed.body).message).toMatch(/Your role \(Tier 1 agent\) cannot end other users' sessions/);
      expect((await end('AGT-003', agent.token)).status).toBe(403);
    });

    it('a supervisor sees their team with each live sign-in (device, signed in at, last seen), ends one person’s, and that person is told by whom', async () => {
      const alex = await signIn('agent', 'desk-alex');
      const signedInAt = now().toISOString();
      clockMs += 5 * 60_000;
      expect((await call(app, { method: 'GET', url: '/v1/me', token: alex.token })).status).toBe(200);
      const lastSeenAt = now().toISOString();
      const rachel = await signIn('supervisor', 'desk-rachel');

      const listed = ActiveSessionsResponse.parse((await list(rachel.token)).body);
      const teams = new Set(listed.people.map((person) => person.teamId));
      expect([...teams]).toEqual(['T1-EAST']);
      expect(listed.people.some((person) => person.agentId === 'AGT-014')).toBe(false);
      const alexRow = listed.people.find((person) => person.agentId === 'AGT-001');
      expect(alexRow).toMatchObject({ displayName: 'Alex Morgan', role: 'tier1_agent', sessions: [{ deviceId: 'desk-alex', signedInAt, lastSeenAt }] });
      expect(listed.people.find((person) => person.agentId === 'AGT-003')?.sessions).toEqual([]);

      expect((await end('AGT-007', rachel.token)).status).toBe(403); // Grace Kim, T1-WEST
      expect((await end('AGT-001', rachel.token)).body).toEqual({ agentId: 'AGT-001', ended: 1 });
      const refused = await call(app, { method: 'GET', url: '/v1/me', token: alex.token });
      expect(refused.status).toBe(401);
      expect(problem(refused.body)).toMatchObject({ code: 'session_revoked', message: 'Your session was ended by Rachel Chen.' });
      const renewal = await call(app, { method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: alex.refreshToken } });
      expect(problem(renewal.body)).toMatchObject({ code: 'session_revoked', message: 'Your session was ended by Rachel Chen.' });
      expect(ActiveSessionsResponse.parse((await list(rachel.token)).body).people.find((person) => person.agentId === 'AGT-001')?.sessions).toEqual([]);

      const { rows } = await suite.db.query<{ event: string; agent_id: string; detail: string }>("SELECT event, agent_id, detail FROM auth_audit WHERE event IN ('sessions_listed', 'sessions_ended') ORDER BY id");
      expect(rows.map((row) => [row.event, row.agent_id])).toEqual([
        ['sessions_listed', 'AGT-014'],
        ['sessions_ended', 'AGT-001'],
        ['sessions_listed', 'AGT-014'],
      ]);
    });

    it('an administrator sees and ends anyone’s', async () => {
      const grace = await signIn('agent07', 'desk-grace');
      const admin = await signIn('admin', 'desk-admin');
      const listed = ActiveSessionsResponse.parse((await list(admin.token)).body);
      expect(new Set(listed.people.map((person) => person.teamId)).size).toBeGreaterThan(2);
      expect(listed.people.find((person) => person.agentId === 'AGT-007')?.sessions.map((s) => s.deviceId)).toEqual(['desk-grace']);
      expect((await end('AGT-007', admin.token)).body).toEqual({ agentId: 'AGT-007', ended: 1 });
      expect(problem((await call(app, { method: 'GET', url: '/v1/me', token: grace.token })).body).message).toBe('Your session was ended by Chris Adeyemi.');
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { now: CLOCK, size: { customers: 20, transactions: 50, openCases: 3, resolvedCases: 1 } });
  },
);
