import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { TOTP_PERIOD_SECONDS, hashRecoveryCode, totpCode, totpMatchedStep, totpStep } from '../../../src/server/auth/totp';
import { migrate } from '../../../src/server/db/migrate';
import { DEMO_PASSWORD, demoAgentByUsername } from '../../../src/server/seed/demoAgents';
import { demoTotpSecret } from '../../../src/server/seed/demoMfa';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { ApiError, LoginResponse, MfaChallenge } from '../../../src/shared/sync/protocol';
import { describeEachBackend } from '../helpers/backends';
import { steppingClock } from '../helpers/freshTotp';

/** At the start of a step, so the step before, this one and the one after are all accepted. */
const CLOCK = new Date('2026-03-03T09:00:00.000Z');
const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;
const STEP = totpStep(CLOCK);

function codeOf(username: string, step: number): string {
  return totpCode(demoTotpSecret(username), new Date(step * PERIOD_MS));
}

it('names the time step a code belongs to, within one step either side', () => {
  const secret = demoTotpSecret('agent');
  expect(totpMatchedStep(secret, codeOf('agent', STEP), CLOCK)).toBe(STEP);
  expect(totpMatchedStep(secret, codeOf('agent', STEP - 1), CLOCK)).toBe(STEP - 1);
  expect(totpMatchedStep(secret, codeOf('agent', STEP + 1), CLOCK)).toBe(STEP + 1);
  expect(totpMatchedStep(secret, codeOf('agent', STEP + 2), CLOCK)).toBeNull();
  expect(totpMatchedStep(secret, 'abcdef', CLOCK)).toBeNull();
});

describeEachBackend(
  'TOTP replay protection: a code signs in once (RFC 6238 §5.2)',
  (suite) => {
    let app: FastifyInstance;
    const clock = steppingClock(CLOCK);

    beforeAll(async () => {
      app = buildApp({ db: suite.db, now: clock });
      await app.ready();
    });
    afterAll(async () => {
      await app.close();
    });

    // Each sign-in from an address of its own: the per-address throttle is not what these tests are about.
    let sent = 0;
    const login = (username: string, otp: string, deviceId = 'desk-1', remoteAddress = `10.20.${Math.floor(++sent / 250)}.${sent % 250}`) =>
      app
        .inject({ method: 'POST', url: '/v1/auth/login', payload: { username, password: DEMO_PASSWORD, deviceId, otp }, remoteAddress })
        .then((r) => ({ status: r.statusCode, body: r.json() as unknown }));
    const problem = (reply: { body: unknown }) => ApiError.parse(reply.body).error;

    it('accepts a code once; the same code again is refused as already used, audited and counted like a wrong code', async () => {
      const code = codeOf('agent', STEP);
      expect((await login('agent', code)).status).toBe(200);
      const again = await login('agent', code, 'desk-2');
      expect(again.status).toBe(401);
      expect(problem(again).code).toBe('mfa_replayed');
      expect(problem(again).message).toMatch(/^That code was already used/);
      expect(problem(again).message).not.toMatch(/older/);
      expect(problem(again).hint).toMatch(/next code|recovery code/);

      const agentId = demoAgentByUsername('agent').id;
      const { rows } = await suite.db.query<{ event: string; detail: string | null }>('SELECT event, detail FROM auth_audit WHERE agent_id = $1 ORDER BY id', [agentId]);
      expect(rows.map((row) => [row.event, row.detail])).toEqual([
        ['signed_in', null],
        ['second_factor_failed', 'code already used'],
      ]);
      const throttle = await suite.db.query<{ failures: number }>("SELECT failures FROM sign_in_throttle WHERE key = 'user:agent'");
      expect(Number(throttle.rows[0]?.failures)).toBe(1);
    });

    it('refuses a code of an earlier step once a later one was used, and takes the next step', async () => {
      expect((await login('agent02', codeOf('agent02', STEP + 1))).status).toBe(200);
      for (const earlier of [STEP, STEP - 1]) {
        const refused = problem(await login('agent02', codeOf('agent02', earlier)));
        expect(refused.code).toBe('mfa_replayed');
        expect(refused.message).toMatch(/^That is an older code/);
      }
      // Outside the window it is simply wrong, not replayed.
      expect(problem(await login('agent02', codeOf('agent02', STEP + 2))).code).toBe('mfa_invalid');
      clock.advance(PERIOD_MS);
      try {
        expect((await login('agent02', codeOf('agent02', STEP + 2))).status).toBe(200);
      } finally {
        clock.advance(-PERIOD_MS);
      }
    });

    it('says a code older than the one used is older, not already used: enter the code shown now; still audited and counted', async () => {
      expect((await login('agent04', codeOf('agent04', STEP + 1))).status).toBe(200);
      // Read a minute late, e.g. from a second device: never used, but older than the code that was.
      const older = await login('agent04', codeOf('agent04', STEP - 1), 'desk-2');
      expect(older.status).toBe(401);
      expect(problem(older).code).toBe('mfa_replayed');
      expect(problem(older).message).toMatch(/^That is an older code/);
      expect(problem(older).message).toMatch(/Enter the code your authenticator app shows now/);
      expect(problem(older).message).not.toMatch(/already used:/);
      // The very code used, again: a replay, in its own words.
      expect(problem(await login('agent04', codeOf('agent04', STEP + 1), 'desk-3')).message).toMatch(/^That code was already used/);

      const agentId = demoAgentByUsername('agent04').id;
      const { rows } = await suite.db.query<{ event: string; detail: string | null }>('SELECT event, detail FROM auth_audit WHERE agent_id = $1 ORDER BY id', [agentId]);
      expect(rows.map((row) => [row.event, row.detail])).toEqual([
        ['signed_in', null],
        ['second_factor_failed', 'code older than one already used'],
        ['second_factor_failed', 'code already used'],
      ]);
      const throttle = await suite.db.query<{ failures: number }>("SELECT failures FROM sign_in_throttle WHERE key = 'user:agent04'");
      expect(Number(throttle.rows[0]?.failures)).toBe(2);
    });

    it('locks the user name after five replays, as after five wrong codes', async () => {
      const code = codeOf('agent03', STEP);
      expect((await login('agent03', code)).status).toBe(200);
      const answers = [];
      for (let i = 0; i < 5; i += 1) answers.push(await login('agent03', code));
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 423]);
      expect(problem(answers[4] ?? { body: null }).code).toBe('account_locked');
    });

    it('counts the code that confirms an enrolment as used; a recovery code still signs in after a replay', async () => {
      const offer = MfaChallenge.parse((await app.inject({ method: 'POST', url: '/v1/auth/login', payload: { username: 'agent12', password: DEMO_PASSWORD, deviceId: 'desk-1' } })).json());
      const secret = offer.enrolment?.secret ?? '';
      const code = totpCode(secret, CLOCK);
      const confirmed = await login('agent12', code);
      expect(confirmed.status).toBe(200);
      const recovery = LoginResponse.parse(confirmed.body).recoveryCodes?.[0] ?? '';
      expect(problem(await login('agent12', code, 'desk-2')).code).toBe('mfa_replayed');
      expect((await login('agent12', recovery, 'desk-2')).status).toBe(200);
    });

    it('spends a recovery code once: of four sign-ins racing with it exactly one gets through, and it is refused after', async () => {
      // The demo enrols its agents without recovery codes; give agent11 two the test knows.
      const codes = ['aaaa-bbbb-cccc', 'dddd-eeee-ffff'];
      await suite.db.query('UPDATE mfa_enrolments SET recovery_hashes = $2::text[] WHERE agent_id = $1', [demoAgentByUsername('agent11')!.id, codes.map(hashRecoveryCode)]);
      const answers = await Promise.all([1, 2, 3, 4].map((n) => login('agent11', codes[0]!, `recovery-race-${n}`)));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect((await login('agent11', codes[0]!, 'recovery-again')).status).toBe(401);
      expect((await login('agent11', codes[1]!, 'recovery-other')).status).toBe(200);
      const left = await suite.db.query<{ recovery_hashes: string[] }>('SELECT recovery_hashes FROM mfa_enrolments WHERE agent_id = $1', [demoAgentByUsername('agent11')!.id]);
      expect(left.rows[0]?.recovery_hashes).toEqual([]);
    });

    it('lets exactly one of four sign-ins racing with the same code through', async () => {
      const code = codeOf('specialist', STEP);
      const answers = await Promise.all([1, 2, 3, 4].map((n) => login('specialist', code, `race-${n}`)));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 401).map((a) => problem(a).code)).toEqual(['mfa_replayed', 'mfa_replayed', 'mfa_replayed']);
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { now: CLOCK, size: { customers: 10, transactions: 20, openCases: 2, resolvedCases: 0 } });
  },
);
