import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CaseServiceError,
  CaseServiceProtocolError,
  CaseServiceUnreachableError,
  createCaseServiceClient,
} from '../../../../src/main/services/caseService/caseServiceClient';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse, body: string) => void): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => handler(request, response, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const agent = { id: 'AGT-001', username: 'agent', displayName: 'Alex Morgan', role: 'tier1_agent', teamId: 'T1-EAST', branchId: null, timeZone: 'America/New_York' };

describe('case service client', () => {
  it('sends JSON with the bearer token and validates the answer', async () => {
    const seen: { method?: string; url?: string; auth?: string; body?: string } = {};
    const url = await serve((request, response, body) => {
      Object.assign(seen, { method: request.method, url: request.url, auth: request.headers.authorization, body });
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ events: [], cursor: 0, hasMore: false }));
    });
    const client = createCaseServiceClient({ baseUrl: `${url}/` });
    expect(await client.pull('tok-123', 4, 50)).toEqual({ events: [], cursor: 0, hasMore: false, removedCaseIds: [] });
    expect(seen).toMatchObject({ method: 'GET', url: '/v1/sync/pull?after=4&limit=50', auth: 'Bearer tok-123' });
  });

  it('turns an ApiError body into a typed error carrying the service’s message', async () => {
    const url = await serve((_request, response) => {
      response.statusCode = 401;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ error: { code: 'invalid_credentials', message: 'Wrong user name or password.', hint: 'Check Caps Lock.' } }));
    });
    const failure = await createCaseServiceClient({ baseUrl: url })
      .login({ username: 'agent', password: 'nope', deviceId: 'd' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CaseServiceError);
    expect(failure).toMatchObject({ status: 401, code: 'invalid_credentials', message: 'Wrong user name or password.', hint: 'Check Caps Lock.', isUnauthorized: true });
  });

  it('reports a non-protocol error status without a body as a typed error', async () => {
    const url = await serve((_request, response) => {
      response.statusCode = 502;
      response.end('<html>bad gateway</html>');
    });
    const failure = await createCaseServiceClient({ baseUrl: url }).agents('t').catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 502, code: 'http_502', isTransient: true });
  });

  it('treats a refused connection as unreachable', async () => {
    const url = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const failure = await createCaseServiceClient({ baseUrl: url }).health().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CaseServiceUnreachableError);
    expect((failure as Error).message).toMatch(/cannot be reached \(connection refused\)/);
  });

  it('treats a service that does not answer in time as unreachable', async () => {
    const url = await serve(() => undefined); // never responds
    const failure = await createCaseServiceClient({ baseUrl: url, timeoutMs: 100 }).health().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CaseServiceUnreachableError);
    expect((failure as Error).message).toMatch(/no answer within/);
  });

  it('refuses a success answer that breaks the protocol', async () => {
    const url = await serve((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ token: 'short', agent, expiresAt: 'tomorrow' }));
    });
    const failure = await createCaseServiceClient({ baseUrl: url })
      .login({ username: 'agent', password: 'x', deviceId: 'd' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CaseServiceProtocolError);
    expect((failure as Error).message).toMatch(/unexpected answer to POST \/v1\/auth\/login/);
  });
});
