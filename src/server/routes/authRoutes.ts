import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BUNDLED_AUTH_SETTINGS, mfaRequiredFor, type AuthSettings } from '../../shared/auth/authSettings';
import type { Agent } from '../../shared/domain/agent';
import { judgeSessionOversight, sessionOversightReach } from '../../shared/policy/sessionOversight';
import {
  EndSessionsParams,
  type ActiveSessionsResponse,
  LoginRequest,
  RefreshRequest,
  type EndSessionsResponse,
  type LoginResponse,
  type MeResponse,
  type MfaChallenge,
  type RefreshResponse,
} from '../../shared/sync/protocol';
import { findAgentForLogin } from '../agents/listAgents';
import { recordAuthEvent, type AuthAuditEntry } from '../auth/authAudit';
import { checkSecondFactor, confirmEnrolment, findEnrolment, pendingSecret } from '../auth/mfaEnrolments';
import { decoyPasswordHash, verifyPassword } from '../auth/passwords';
import { createSession, endedByReason, listLiveSignIns, refreshSession, revokeAgentSessions, revokeFamily, sessionPolicy, type IssuedSession } from '../auth/sessions';
import { clearUserFailures, currentLock, recordFailure, throttleKeys, type Lock } from '../auth/signInThrottle';
import { totpUri } from '../auth/totp';
import { authenticate, revokedMessage } from '../http/authenticate';
import { HttpProblem, parseRequest } from '../http/problems';
import type { RouteContext } from './context';

/** Every route here, for the fuzz suite and the permission tests. */
export const AUTH_ROUTES = [
  { method: 'POST', url: '/v1/auth/login', permission: null },
  { method: 'POST', url: '/v1/auth/refresh', permission: null },
  { method: 'POST', url: '/v1/auth/logout', permission: null },
  { method: 'GET', url: '/v1/me', permission: null },
  { method: 'POST', url: '/v1/agents/:agentId/sessions/end', permission: 'end_sessions' },
  { method: 'GET', url: '/v1/sessions', permission: 'end_sessions' },
] as const;

const WRONG_CREDENTIALS = new HttpProblem(
  401,
  'invalid_credentials',
  'Wrong user name or password.',
  'Check the user name and that Caps Lock is off; a supervisor can reset a forgotten password.',
);

/**
 * A used code and a code older than a used one share the code `mfa_replayed` (the console keeps the
 * code step for it, and the lock counts it as a wrong attempt: right for both), but not the words:
 * an older code is usually one read late, e.g. from a second device, and the fix is the code shown now.
 */
const MFA_REPLAYED = new HttpProblem(
  401,
  'mfa_replayed',
  'That code was already used: each code from your authenticator app signs in once. Wait for the next code and enter it.',
  'A new code appears every 30 seconds; or enter one of your recovery codes instead.',
);

const MFA_OLDER_THAN_USED = new HttpProblem(
  401,
  'mfa_replayed',
  'That is an older code: a newer one was already used to sign in, so it no longer works. Enter the code your authenticator app shows now.',
  'A new code appears every 30 seconds; or enter one of your recovery codes instead.',
);

function minutes(seconds: number): string {
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/** 423 for a locked user name, 429 for an address sending too many failures; both say when to try again. */
function lockProblem(lock: Lock, reply: FastifyReply): HttpProblem {
  reply.header('Retry-After', String(lock.retryAfterSeconds));
  if (lock.kind === 'user') {
    return new HttpProblem(
      423,
      'account_locked',
      `Too many failed sign-ins for this user name: it is locked for ${minutes(lock.retryAfterSeconds)}.`,
      'Wait and try again, or ask a supervisor; every failed attempt is logged.',
    );
  }
  return new HttpProblem(429, 'too_many_attempts', `Too many failed sign-ins from this computer: try again in ${minutes(lock.retryAfterSeconds)}.`, 'Every failed attempt is logged.');
}

function loginResponse(agent: Agent, issued: IssuedSession, recoveryCodes?: string[]): LoginResponse {
  return {
    token: issued.token,
    agent,
    expiresAt: issued.expiresAt.toISOString(),
    refreshToken: issued.refreshToken,
    refreshExpiresAt: issued.refreshExpiresAt.toISOString(),
    authenticatedAt: issued.authenticatedAt.toISOString(),
    ...(recoveryCodes ? { recoveryCodes } : {}),
  };
}

export function registerAuthRoutes(app: FastifyInstance, { db, now }: RouteContext, settings: AuthSettings = BUNDLED_AUTH_SETTINGS): void {
  const policy = sessionPolicy(settings);
  const audit = (request: FastifyRequest, at: Date, entry: AuthAuditEntry) => recordAuthEvent(db, request.log, at, { address: request.ip, ...entry });

  app.post('/v1/auth/login', async (request, reply): Promise<LoginResponse | MfaChallenge> => {
    const login = parseRequest(LoginRequest, request.body, 'sign-in request');
    const at = now();
    const keys = throttleKeys(settings, login.username, request.ip);
    const lock = await currentLock(db, keys, at);
    if (lock) {
      await audit(request, at, { event: 'refused_while_locked', username: login.username, detail: lock.kind });
      throw lockProblem(lock, reply);
    }
    const failed = async (event: 'sign_in_failed' | 'second_factor_failed', agentId: string | null, problem: HttpProblem, detail: string | null = null): Promise<never> => {
      await audit(request, at, { event, username: login.username, agentId, detail });
      const triggered = await recordFailure(db, keys, at);
      if (triggered) {
        await audit(request, at, { event: 'locked_out', username: login.username, agentId, detail: triggered.kind });
        throw lockProblem(triggered, reply);
      }
      throw problem;
    };

    const found = await findAgentForLogin(db, login.username);
    // Same work and the same answer whether the user name or the password is wrong.
    const matches = await verifyPassword(login.password, found?.passwordHash ?? (await decoyPasswordHash()));
    if (!found || !matches) return failed('sign_in_failed', null, WRONG_CREDENTIALS);

    let recoveryCodes: string[] | undefined;
    if (mfaRequiredFor(found.agent.role, settings)) {
      const enrolment = await findEnrolment(db, found.agent.id);
      if (!login.otp) {
        if (enrolment?.confirmed) {
          reply.code(401);
          return { error: { code: 'mfa_required', message: 'Enter the 6-digit code from your authenticator app.', hint: 'Lost your phone? Enter one of your recovery codes instead.' } };
        }
        const secret = await pendingSecret(db, found.agent.id);
        reply.code(401);
        return {
          error: {
            code: 'mfa_enrolment_required',
            message: 'Your role signs in with a second factor: scan the QR code with an authenticator app, then enter the code it shows.',
            hint: 'Keep the recovery codes shown after this step somewhere safe.',
          },
          enrolment: { secret, otpauthUri: totpUri(secret, settings.mfa.issuer, found.agent.username) },
        };
      }
      const secret = enrolment?.secret ?? (await pendingSecret(db, found.agent.id));
      const check = await checkSecondFactor(db, found.agent.id, enrolment ?? { secret, confirmed: false, recoveryHashes: [] }, login.otp, at);
      // A replayed or older code counts as a failure like a wrong one: someone may be trying a code they watched being typed.
      if (!check.ok && check.refusal === 'already_used') return failed('second_factor_failed', found.agent.id, MFA_REPLAYED, 'code already used');
      if (!check.ok && check.refusal === 'older_than_used') return failed('second_factor_failed', found.agent.id, MFA_OLDER_THAN_USED, 'code older than one already used');
      if (!check.ok) {
        return failed(
          'second_factor_failed',
          found.agent.id,
          new HttpProblem(401, 'mfa_invalid', 'That code is not right.', 'Enter the current code from your authenticator app (it changes every 30 seconds), or a recovery code.'),
        );
      }
      if (!enrolment?.confirmed) {
        recoveryCodes = await confirmEnrolment(db, found.agent.id, at, settings.mfa.recoveryCodes);
        await audit(request, at, { event: 'mfa_enrolled', username: found.agent.username, agentId: found.agent.id });
      }
    }

    await clearUserFailures(db, keys);
    const issued = await createSession(db, found.agent.id, login.deviceId, at, policy);
    await audit(request, at, { event: 'signed_in', username: found.agent.username, agentId: found.agent.id, detail: issued.ended > 0 ? `ended ${issued.ended} earlier session(s)` : null });
    return loginResponse(found.agent, issued, recoveryCodes);
  });

  app.post('/v1/auth/refresh', async (request): Promise<RefreshResponse> => {
    const { refreshToken } = parseRequest(RefreshRequest, request.body, 'refresh request');
    const at = now();
    const outcome = await refreshSession(db, refreshToken, at, policy);
    if (outcome.ok) return loginResponse(outcome.agent, outcome.issued);
    await audit(request, at, { event: outcome.problem === 'reused' ? 'refresh_reused' : 'refresh_refused', agentId: outcome.agentId ?? null, detail: outcome.problem });
    const hint = 'Sign in again with your password and second factor.';
    if (outcome.problem === 'expired') throw new HttpProblem(401, 'session_expired', 'Your sign-in has run its course.', hint);
    if (outcome.problem === 'reused') throw new HttpProblem(401, 'session_revoked', 'This sign-in was ended: its refresh token was used twice, so every token of it was revoked.', hint);
    if (outcome.problem === 'revoked') throw new HttpProblem(401, 'session_revoked', revokedMessage(outcome.endedBy), hint);
    throw new HttpProblem(401, 'invalid_token', 'This refresh token is not recognised.', hint);
  });

  app.post('/v1/auth/logout', async (request) => {
    const at = now();
    const session = await authenticate(request, db, at);
    await revokeFamily(db, session.familyId, at, 'signed_out');
    await audit(request, at, { event: 'signed_out', username: session.agent.username, agentId: session.agent.id });
    return { ok: true as const };
  });

  app.get('/v1/me', async (request): Promise<MeResponse> => {
    const session = await authenticate(request, db, now());
    return { agent: session.agent, expiresAt: session.expiresAt.toISOString() };
  });

  app.post('/v1/agents/:agentId/sessions/end', async (request): Promise<EndSessionsResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    const actor = session.agent;
    const refusal = judgeSessionOversight(actor, null);
    if (!refusal.ok) throw new HttpProblem(403, 'forbidden', refusal.reason, refusal.hint);
    const { agentId } = parseRequest(EndSessionsParams, request.params, 'agent');
    const { rows } = await db.query<{ team_id: string }>('SELECT team_id FROM agents WHERE id = $1', [agentId]);
    const target = rows[0];
    if (!target) throw new HttpProblem(404, 'not_found', `No agent ${agentId}.`);
    const ruling = judgeSessionOversight(actor, { id: agentId, teamId: target.team_id });
    if (!ruling.ok) throw new HttpProblem(403, 'forbidden', ruling.reason, ruling.hint);
    const ended = await revokeAgentSessions(db, agentId, at, endedByReason(actor.id));
    await audit(request, at, { event: 'sessions_ended', agentId, username: null, detail: `by ${actor.id}: ${ended} sign-in(s)` });
    return { agentId, ended };
  });

  /** Whose sessions the caller may end, with their live sign-ins (the console's Sessions screen). Reading it is audited too. */
  app.get('/v1/sessions', async (request): Promise<ActiveSessionsResponse> => {
    const at = now();
    const session = await authenticate(request, db, at);
    const actor = session.agent;
    const refusal = judgeSessionOversight(actor, null);
    if (!refusal.ok) throw new HttpProblem(403, 'forbidden', refusal.reason, refusal.hint);
    const everyone = sessionOversightReach(actor) === 'everyone';
    const { rows } = await db.query<{ id: string; display_name: string; role: string; team_id: string }>(
      `SELECT id, display_name, role, team_id FROM agents WHERE ${everyone ? 'TRUE' : 'team_id = $1'} ORDER BY display_name, id`,
      everyone ? [] : [actor.teamId],
    );
    const people = rows.filter((row) => row.id !== actor.id);
    const live = await listLiveSignIns(db, people.map((row) => row.id), at);
    await audit(request, at, { event: 'sessions_listed', agentId: actor.id, username: actor.username, detail: everyone ? 'everyone' : `team ${actor.teamId}` });
    return {
      people: people.map((row) => ({
        agentId: row.id,
        displayName: row.display_name,
        role: row.role,
        teamId: row.team_id,
        sessions: live
          .filter((signIn) => signIn.agentId === row.id)
          .map((signIn) => ({ deviceId: signIn.deviceId, signedInAt: signIn.signedInAt.toISOString(), lastSeenAt: signIn.lastSeenAt.toISOString(), expiresAt: signIn.expiresAt.toISOString() })),
      })),
    };
  });
}
