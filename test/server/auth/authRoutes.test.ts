import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { totpCode } from '../../../src/server/auth/totp';
import { migrate } from '../../../src/server/db/migrate';
import { DEMO_PASSWORD, demoAgentByUsername } from '../../../src/server/seed/demoAgents';
import { demoTotpCode } from '../../../src/server/seed/demoMfa';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { BUNDLED_AUTH_SETTINGS } from '../../../src/shared/auth/authSettings';
import { ApiError, EndSessionsResponse, LoginResponse, MfaChallenge, RefreshResponse } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { freshDemoTotpCode, testClock } from '../helpers/freshTotp';
import { call, type Reply } from '../helpers/http';

const CLOCK = new Date('2026-03-02T15:00:00.000Z');
const MINUTE = 60_000;

describeEachBackend(
  'sign-in: lockout, short sessions, revocation, second factor',
  (suite) => {
    let app: FastifyInstance;
    let clockMs = CLOCK.getTime();
    const now = testClock(
      () => new Date(clockMs),
      (ms) => {
        clockMs += ms;
      },
    );

    beforeAll(async () => {
      app = buildApp({ db: suite.db, now });
      await app.ready();
    });
    afterAll(async () => {
      await app.close();
    });

    const login = (payload: Record<string, unknown>, remoteAddress = '10.0.0.1') =>
      app.inject({ method: 'POST', url: '/v1/auth/login', payload: { deviceId: 'desk-1', ...payload }, remoteAddress }).then((r) => ({ status: r.statusCode, headers: r.headers, body: r.json() as unknown }));
    const signIn = async (username: string, options: { deviceId?: string; remoteAddress?: string } = {}) => {
      const reply = await login({ username, password: DEMO_PASSWORD, otp: freshDemoTotpCode(username, now), deviceId: options.deviceId ?? 'desk-1' }, options.remoteAddress);
      expect(reply.status).toBe(200);
      return LoginResponse.parse(reply.body);
    };
    const errorCode = (reply: Reply) => ApiError.parse(reply.body).error.code;
    const me = (token: string) => call(app, { method: 'GET', url: '/v1/me', token });

    it('locks a user name after 5 failures with 423 and Retry-After, the same for an unknown user, and logs it', async () => {
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push(await login({ username: 'agent02', password: 'wrong-password' }, `10.1.0.${i}`));
      expect(answers.slice(0, 4).map((a) => a.status)).toEqual([401, 401, 401, 401]);
      expect(answers[4]?.status).toBe(423);
      expect(answers[4]?.headers['retry-after']).toBe(String(15 * 60));
      // Locked: even the right password (and code) is refused until the lock runs out.
      const right = await login({ username: 'agent02', password: DEMO_PASSWORD, otp: freshDemoTotpCode('agent02', now) }, '10.1.1.1');
      expect(right.status).toBe(423);
      expect(ApiError.parse(right.body).error.code).toBe('account_locked');

      const unknown = [];
      for (let i = 0; i < 6; i += 1) unknown.push(await login({ username: 'nobody-here', password: 'wrong-password' }, `10.2.0.${i}`));
      expect(unknown.map((a) => a.status)).toEqual([401, 401, 401, 401, 423, 423]);
      expect(unknown[4]?.body).toEqual(answers[4]?.body);
      expect(unknown[0]?.body).toEqual(answers[0]?.body);

      const { rows } = await suite.db.query<{ event: string }>("SELECT event FROM auth_audit WHERE username = 'agent02' ORDER BY id");
      expect(rows.map((r) => r.event)).toEqual(['sign_in_failed', 'sign_in_failed', 'sign_in_failed', 'sign_in_failed', 'sign_in_failed', 'locked_out', 'refused_while_locked']);

      clockMs += 15 * MINUTE + 1000;
      try {
        await signIn('agent02', { remoteAddress: '10.1.2.1' });
      } finally {
        clockMs = CLOCK.getTime();
      }
    });

    it('throttles one source address trying many user names with 429 and Retry-After', async () => {
      const answers = [];
      for (const username of ['agent03', 'agent04', 'agent05', 'agent06', 'agent07']) answers.push(await login({ username, password: 'nope-nope' }, '10.3.0.1'));
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 429]);
      expect(Number(answers[4]?.headers['retry-after'])).toBe(15 * 60);
      expect((await login({ username: 'agent08', password: DEMO_PASSWORD, otp: freshDemoTotpCode('agent08', now) }, '10.3.0.1')).status).toBe(429);
      // The user names themselves were not locked: from elsewhere, agent03 signs in.
      await signIn('agent03', { remoteAddress: '10.3.0.2' });
    });

    it('issues access tokens of at most an hour, refreshes them with a rotating refresh token, and revokes the sign-in when one is reused', async () => {
      const session = await signIn('agent04', { remoteAddress: '10.4.0.1' });
      expect(Date.parse(session.expiresAt) - clockMs).toBe(BUNDLED_AUTH_SETTINGS.sessions.accessTokenMinutes * MINUTE);
      expect(Date.parse(session.expiresAt) - clockMs).toBeLessThanOrEqual(60 * MINUTE);
      clockMs += 61 * MINUTE;
      try {
        expect(errorCode(await me(session.token))).toBe('session_expired');
        const refreshed = await call(app, { method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
        expect(refreshed.status).toBe(200);
        const next = RefreshResponse.parse(refreshed.body);
        expect(next.refreshToken).not.toBe(session.refreshToken);
        expect(next.authenticatedAt).toBe(session.authenticatedAt);
        expect((await me(next.token)).status).toBe(200);
        // The old refresh token again: someone has a copy, so the whole sign-in ends.
        const reused = await call(app, { method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
        expect(errorCode(reused)).toBe('session_revoked');
        expect(errorCode(await me(next.token))).toBe('session_revoked');
        expect(errorCode(await call(app, { method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: next.refreshToken } }))).toBe('session_revoked');
      } finally {
        clockMs = CLOCK.getTime();
      }
    });

    it('signs out: the token and its refresh token stop working at once', async () => {
      const session = await signIn('agent05', { remoteAddress: '10.5.0.1' });
      expect((await me(session.token)).status).toBe(200);
      expect(await call(app, { method: 'POST', url: '/v1/auth/logout', token: session.token })).toEqual({ status: 200, body: { ok: true } });
      expect(errorCode(await me(session.token))).toBe('session_revoked');
      expect(errorCode(await call(app, { method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } }))).toBe('session_revoked');
      expect((await call(app, { method: 'POST', url: '/v1/auth/logout', token: session.token })).status).toBe(401);
    });

    it('keeps one session per device and at most three devices per user', async () => {
      const first = await signIn('agent06', { deviceId: 'desk-a', remoteAddress: '10.6.0.1' });
      const again = await signIn('agent06', { deviceId: 'desk-a', remoteAddress: '10.6.0.1' });
      expect(errorCode(await me(first.token))).toBe('session_revoked');
      expect((await me(again.token)).status).toBe(200);
      clockMs += 1000;
      const b = await signIn('agent06', { deviceId: 'desk-b', remoteAddress: '10.6.0.1' });
      clockMs += 1000;
      const c = await signIn('agent06', { deviceId: 'desk-c', remoteAddress: '10.6.0.1' });
      clockMs += 1000;
      const d = await signIn('agent06', { deviceId: 'desk-d', remoteAddress: '10.6.0.1' });
      clockMs = CLOCK.getTime();
      expect(errorCode(await me(again.token))).toBe('session_revoked');
      for (const live of [b, c, d]) expect((await me(live.token)).status).toBe(200);
    });

    it('lets a supervisor end a team member’s sessions and an administrator anyone’s; a Tier 1 agent is refused', async () => {
      const agent = await signIn('agent', { remoteAddress: '10.7.0.1' });
      const compliance = await signIn('compliance', { remoteAddress: '10.7.0.1' });
      const supervisor = await signIn('supervisor', { remoteAddress: '10.7.0.1' });
      const admin = await signIn('admin', { remoteAddress: '10.7.0.1' });
      const end = (agentId: string, token: string) => call(app, { method: 'POST', url: `/v1/agents/${agentId}/sessions/end`, token });
      const refused = await end(demoAgentByUsername('supervisor').id, agent.token);
      expect(refused.status).toBe(403);
      expect(errorCode(refused)).toBe('forbidden');
      expect((await me(supervisor.token)).status).toBe(200);
      expect((await end(demoAgentByUsername('compliance').id, supervisor.token)).status).toBe(403);
      expect(EndSessionsResponse.parse((await end(demoAgentByUsername('agent').id, supervisor.token)).body)).toEqual({ agentId: 'AGT-001', ended: 1 });
      expect(errorCode(await me(agent.token))).toBe('session_revoked');
      expect(EndSessionsResponse.parse((await end(demoAgentByUsername('compliance').id, admin.token)).body).ended).toBe(1);
      expect(errorCode(await me(compliance.token))).toBe('session_revoked');
      expect((await end('AGT-999', admin.token)).status).toBe(404);
    });

    it('asks for the second factor after the right password, and counts wrong codes as failures', async () => {
      const noCode = await login({ username: 'specialist', password: DEMO_PASSWORD }, '10.8.0.1');
      expect(noCode.status).toBe(401);
      expect(MfaChallenge.parse(noCode.body).error.code).toBe('mfa_required');
      expect(MfaChallenge.parse(noCode.body).enrolment).toBeUndefined();
      const wrong = await login({ username: 'specialist', password: DEMO_PASSWORD, otp: '000000' === demoTotpCode('specialist', now()) ? '111111' : '000000' }, '10.8.0.2');
      expect(errorCode(wrong)).toBe('mfa_invalid');
      const { rows } = await suite.db.query<{ failures: number }>("SELECT failures FROM sign_in_throttle WHERE key = 'user:specialist'");
      expect(Number(rows[0]?.failures)).toBe(1);
      await signIn('specialist', { remoteAddress: '10.8.0.3' });
    });

    it('enrols a user without a second factor: a secret for the QR code, then recovery codes once, each usable once', async () => {
      const offer = await login({ username: 'agent12', password: DEMO_PASSWORD }, '10.9.0.1');
      expect(offer.status).toBe(401);
      const challenge = MfaChallenge.parse(offer.body);
      expect(challenge.error.code).toBe('mfa_enrolment_required');
      const enrolment = challenge.enrolment;
      if (!enrolment) throw new Error('no enrolment offered');
      expect(enrolment.otpauthUri).toContain(`secret=${enrolment.secret}`);
      expect(enrolment.otpauthUri).toContain('issuer=Agent%20Console');
      // Asking again shows the same secret (the QR code already scanned stays valid).
      expect(MfaChallenge.parse((await login({ username: 'agent12', password: DEMO_PASSWORD }, '10.9.0.1')).body).enrolment?.secret).toBe(enrolment.secret);

      const confirmed = await login({ username: 'agent12', password: DEMO_PASSWORD, otp: totpCode(enrolment.secret, now()) }, '10.9.0.1');
      expect(confirmed.status).toBe(200);
      const codes = LoginResponse.parse(confirmed.body).recoveryCodes ?? [];
      expect(codes).toHaveLength(BUNDLED_AUTH_SETTINGS.mfa.recoveryCodes);
      expect(MfaChallenge.parse((await login({ username: 'agent12', password: DEMO_PASSWORD }, '10.9.0.1')).body).error.code).toBe('mfa_required');

      const recovery = codes[0] ?? '';
      const withRecovery = await login({ username: 'agent12', password: DEMO_PASSWORD, otp: recovery.toUpperCase() }, '10.9.0.1');
      expect(withRecovery.status).toBe(200);
      expect(LoginResponse.parse(withRecovery.body).recoveryCodes).toBeUndefined();
      expect(errorCode(await login({ username: 'agent12', password: DEMO_PASSWORD, otp: recovery }, '10.9.0.1'))).toBe('mfa_invalid');
    });

    it('signs in without a second factor a role the configuration does not require it of', async () => {
      const relaxed = buildApp({ db: suite.db, now, auth: { ...BUNDLED_AUTH_SETTINGS, mfa: { ...BUNDLED_AUTH_SETTINGS.mfa, requiredRoles: ['supervisor'] } } });
      try {
        const reply = await relaxed.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'agent07', password: DEMO_PASSWORD, deviceId: 'x' }, remoteAddress: '10.10.0.1' });
        expect(reply.statusCode).toBe(200);
        const supervisor = await relaxed.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'supervisor', password: DEMO_PASSWORD, deviceId: 'x' }, remoteAddress: '10.10.0.1' });
        expect(MfaChallenge.parse(supervisor.json()).error.code).toBe('mfa_required');
      } finally {
        await relaxed.close();
      }
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { now: CLOCK, size: { customers: 20, transactions: 50, openCases: 3, resolvedCases: 1 } });
  },
);
