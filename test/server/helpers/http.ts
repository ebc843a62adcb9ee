import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../../src/server/seed/demoAgents';
import { LoginResponse } from '../../../src/shared/sync/protocol';
import { freshDemoTotpCode, testClockOf } from './freshTotp';

export interface Reply {
  status: number;
  body: unknown;
}

/** app.inject with a bearer token and the JSON body parsed. */
export async function call(app: FastifyInstance, options: InjectOptions & { token?: string }): Promise<Reply> {
  const { token, ...rest } = options;
  const response = await app.inject({ ...rest, headers: { ...rest.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
}

/** Signs in with the password and the next code the user's authenticator app has not shown yet. */
export async function signIn(app: FastifyInstance, username: string, deviceId = 'test-device'): Promise<LoginResponse> {
  const reply = await call(app, { method: 'POST', url: '/v1/auth/login', payload: { username, password: DEMO_PASSWORD, deviceId, otp: freshDemoTotpCode(username, testClockOf(app)) } });
  expect(reply.status).toBe(200);
  return LoginResponse.parse(reply.body);
}
