import type { FastifyRequest } from 'fastify';
import { findSession, touchSession, type Session } from '../auth/sessions';
import type { Database } from '../db/database';
import { HttpProblem } from './problems';

const SIGN_IN_HINT = 'Sign in again (POST /v1/auth/login) and send the token as "Authorization: Bearer <token>".';

/** The request's bearer token, if it carries one in the form `Authorization: Bearer <token>`. */
export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Resolves the bearer token to the signed-in agent, or answers 401 with what to do about it. */
export async function authenticate(request: FastifyRequest, db: Database, now: Date): Promise<Session> {
  const token = bearerToken(request);
  if (!token) throw new HttpProblem(401, 'unauthenticated', 'This request needs a signed-in agent: the bearer token is missing.', SIGN_IN_HINT);
  const lookup = await findSession(db, token, now);
  if (lookup.ok) {
    await touchSession(db, lookup.session.familyId, now);
    return lookup.session;
  }
  if (lookup.problem === 'expired') throw new HttpProblem(401, 'session_expired', 'Your session has expired.', SIGN_IN_HINT);
  if (lookup.problem === 'revoked') throw new HttpProblem(401, 'session_revoked', revokedMessage(lookup.endedBy), SIGN_IN_HINT);
  throw new HttpProblem(401, 'invalid_token', 'Your session is not recognised (signed out, or the service was reset).', SIGN_IN_HINT);
}

/** Says who ended a sign-in when a supervisor or administrator did, so the person signed out knows whom to ask. */
export function revokedMessage(endedBy: string | undefined): string {
  return endedBy ? `Your session was ended by ${endedBy}.` : 'Your session was ended (signed out, signed in again elsewhere on this device, or by a supervisor).';
}
