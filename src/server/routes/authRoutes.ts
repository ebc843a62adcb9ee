import type { FastifyInstance } from 'fastify';
import { LoginRequest, type LoginResponse, type MeResponse } from '../../shared/sync/protocol';
import { findAgentForLogin } from '../agents/listAgents';
import { decoyPasswordHash, verifyPassword } from '../auth/passwords';
import { createSession } from '../auth/sessions';
import { authenticate } from '../http/authenticate';
import { HttpProblem, parseRequest } from '../http/problems';
import type { RouteContext } from './context';

export function registerAuthRoutes(app: FastifyInstance, { db, now }: RouteContext): void {
  app.post('/v1/auth/login', async (request): Promise<LoginResponse> => {
    const login = parseRequest(LoginRequest, request.body, 'sign-in request');
    const found = await findAgentForLogin(db, login.username);
    // Same work and the same answer whether the user name or the password is wrong.
    const matches = await verifyPassword(login.password, found?.passwordHash ?? (await decoyPasswordHash()));
    if (!found || !matches) {
      throw new HttpProblem(
        401,
        'invalid_credentials',
        'Wrong user name or password.',
        'Check the user name and that Caps Lock is off; a supervisor can reset a forgotten password.',
      );
    }
    const session = await createSession(db, found.agent.id, login.deviceId, now());
    return { token: session.token, agent: found.agent, expiresAt: session.expiresAt.toISOString() };
  });

  app.get('/v1/me', async (request): Promise<MeResponse> => {
    const session = await authenticate(request, db, now());
    return { agent: session.agent, expiresAt: session.expiresAt.toISOString() };
  });
}
