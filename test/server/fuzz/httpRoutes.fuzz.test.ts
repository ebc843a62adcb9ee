import { connect, type AddressInfo } from 'node:net';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/server/app';
import { migrate } from '../../../src/server/db/migrate';
import { routeTable, type RouteEntry } from '../../../src/server/http/routeTable';
import { seedDemoBank } from '../../../src/server/seed/seedDemoBank';
import { parseCaseEvent } from '../../../src/shared/domain/caseEvent';
import { ApiError } from '../../../src/shared/sync/protocol';
import { parseTelephonyFact } from '../../../src/shared/telephony/facts';
import { findHostileValue } from '../../../src/shared/validation/hostileValue';
import { MAX_JSON_DEPTH, MAX_REQUEST_BODY_BYTES } from '../../../src/shared/validation/limits';
import { describeEachBackend } from '../helpers/backends';
import { signIn } from '../helpers/http';
import { defaultConfig } from '../../shared/sla/slaFixtures';
import { hostileText, malformedJsonText, mutationOf, percentEncode, queryMutationOf, toJsonText } from './hostileInput';
import { routeShapes, type RouteShape } from './routeShapes';

/** Fixed, so a failure is reproduced by running the suite again. */
const FUZZ_SEED = 20_261_206;
/** Requests spread over the routes; each route gets at least MIN_PER_ROUTE. */
const TOTAL_REQUESTS = 2_200;
const MIN_PER_ROUTE = 40;
/** One request taking longer than this is a hang. */
const REQUEST_DEADLINE_MS = 10_000;
const SEED_CLOCK = new Date('2026-03-02T15:00:00.000Z');
const CONNECTOR_TOKEN = 'fuzz-connector-token-0123456789abcdef';
const sla = defaultConfig();
const ROLES = ['agent', 'supervisor', 'branch', 'qa', 'compliance', 'admin'] as const;

/** Writes raw bytes, half-closes, and collects everything the server answers until it closes. */
function exchange(port: number, head: string, body?: Buffer): Promise<{ text: string; error: string | null }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let error: string | null = null;
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message));
    socket.on('close', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), error }));
    socket.write(head);
    if (body) socket.write(body);
    socket.end();
  });
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

interface Failure {
  route: string;
  request: string;
  problem: string;
}

const summarise = (request: FuzzRequest) =>
  `${request.method} ${request.url.slice(0, 300)}${request.url.length > 300 ? '…' : ''} headers=${JSON.stringify(request.headers).slice(0, 200)} body=${
    request.payload === undefined ? '(none)' : JSON.stringify(request.payload.slice(0, 300)) + (request.payload.length > 300 ? `… (${request.payload.length} chars)` : '')
  }`;

describeEachBackend(
  'fuzz: every HTTP route of the case service',
  (suite) => {
    let clock = SEED_CLOCK;
    let app: FastifyInstance;
    const tokens: Record<string, string> = {};
    let agentId = '';

    beforeAll(async () => {
      app = buildApp({ db: suite.db, now: () => clock, connectorToken: () => CONNECTOR_TOKEN, slaConfig: () => sla });
      await app.ready();
      // A token that was valid and has expired: issued a month ago.
      clock = new Date(SEED_CLOCK.getTime() - 30 * 24 * 3_600_000);
      tokens.expired = (await signIn(app, 'agent', 'fuzz-old-desktop')).token;
      clock = SEED_CLOCK;
      for (const role of ROLES) {
        const session = await signIn(app, role, `fuzz-${role}`);
        tokens[role] = session.token;
        if (role === 'agent') agentId = session.agent.id;
      }
      // Routes that end sessions get a sign-in of their own, and the refresh route a refresh token of its own.
      tokens.disposable = (await signIn(app, 'supervisor', 'fuzz-disposable')).token;
      tokens.refresh = (await signIn(app, 'specialist', 'fuzz-refresh')).refreshToken;
    });
    afterAll(async () => {
      await app.close();
    });

    const authorization = (auth: RouteShape['auth']): fc.Arbitrary<string | undefined> => {
      const wrong = fc.constantFrom(
        undefined,
        `Bearer ${tokens.expired}`,
        'Bearer ',
        'Bearer not-a-token',
        `Bearer ${'a'.repeat(4_000)}`,
        "Bearer ' OR '1'='1",
        `Basic ${Buffer.from('agent:password').toString('base64')}`,
        `bearer ${tokens.agent}x`,
        `Bearer ${tokens.agent} extra`,
      );
      if (auth === 'disposable') return fc.oneof({ weight: 4, arbitrary: fc.constant(`Bearer ${tokens.disposable}`) }, { weight: 1, arbitrary: wrong });
      if (auth === 'connector') return fc.oneof({ weight: 3, arbitrary: fc.constant(`Bearer ${CONNECTOR_TOKEN}`) }, { weight: 1, arbitrary: wrong });
      const valid = fc.constantFrom(...ROLES.map((role) => `Bearer ${tokens[role]}`));
      return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: wrong });
    };

    const requestFor = (route: RouteEntry, shape: RouteShape): fc.Arbitrary<FuzzRequest> => {
      const paramNames = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]!);
      const params = fc.oneof(
        { weight: 1, arbitrary: fc.constant(shape.params ?? {}) },
        { weight: 2, arbitrary: fc.tuple(...paramNames.map(() => hostileText)).map((values) => Object.fromEntries(paramNames.map((name, i) => [name, values[i]!]))) },
      );
      const query = shape.query
        ? fc.oneof({ weight: 1, arbitrary: fc.constant(Object.entries(shape.query)) }, { weight: 3, arbitrary: queryMutationOf(shape.query) })
        : fc.oneof({ weight: 3, arbitrary: fc.constant([] as [string, string][]) }, { weight: 1, arbitrary: queryMutationOf({}) });
      const body =
        route.method === 'POST'
          ? fc.oneof(
              { weight: 1, arbitrary: fc.constant(JSON.stringify(shape.body ?? {})) },
              { weight: 7, arbitrary: mutationOf(shape.body ?? {}).map(toJsonText) },
              { weight: 1, arbitrary: malformedJsonText },
            )
          : fc.constant(undefined);
      const contentType = fc.oneof(
        { weight: 10, arbitrary: fc.constant('application/json') },
        { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x') },
      );
      return fc.record({ params, query, body, contentType, auth: authorization(shape.auth ?? 'user') }).map(({ params: values, query: entries, body: payload, contentType: type, auth }) => {
        const path = route.url.replace(/:(\w+)/g, (_, name: string) => percentEncode(values[name] ?? ''));
        const search = entries.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&');
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers.authorization = auth;
        if (payload !== undefined) headers['content-type'] = type;
        return { method: route.method, url: search ? `${path}?${search}` : path, headers, ...(payload !== undefined ? { payload } : {}) };
      });
    };

    async function send(request: FuzzRequest, stream = false): Promise<{ status: number; body: string } | 'hang'> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), REQUEST_DEADLINE_MS)));
      const inject = { method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.payload !== undefined ? { payload: request.payload } : {}) };
      const answer = stream
        ? app.inject({ ...inject, payloadAsStream: true }).then(async (response) => {
            const body = response.stream();
            if (response.statusCode === 200) {
              body.destroy();
              const type = String(response.headers['content-type'] ?? '');
              return { status: type.startsWith('text/event-stream') ? 200 : 500, body: `content-type ${type}` };
            }
            const chunks: Buffer[] = [];
            for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
            return { status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') };
          })
        : app.inject(inject).then((response) => ({ status: response.statusCode, body: response.body }));
      try {
        return await Promise.race([answer, deadline]);
      } finally {
        clearTimeout(timer);
      }
    }

    function judge(route: string, request: FuzzRequest, reply: { status: number; body: string } | 'hang'): Failure | null {
      if (reply === 'hang') return { route, request: summarise(request), problem: `no answer within ${REQUEST_DEADLINE_MS} ms` };
      if (reply.status >= 500) return { route, request: summarise(request), problem: `answered ${reply.status}: ${reply.body.slice(0, 300)}` };
      if (reply.status >= 400 && request.method !== 'HEAD') {
        let body: unknown;
        try {
          body = JSON.parse(reply.body);
        } catch {
          body = reply.body;
        }
        if (!ApiError.safeParse(body).success) return { route, request: summarise(request), problem: `answered ${reply.status} without a problem body: ${reply.body.slice(0, 300)}` };
      }
      return null;
    }

    it(
      'answers thousands of malformed and hostile requests with 4xx problem bodies, never 5xx, never a hang; stays healthy and stores nothing invalid',
      async () => {
        const routes = routeTable(app).filter((route) => route.method !== 'HEAD');
        const shapes = routeShapes(agentId, tokens.refresh);
        const missing = routes.map((route) => `${route.method} ${route.url}`).filter((key) => !(key in shapes));
        expect(missing, 'routes without a shape in test/server/fuzz/routeShapes.ts (add one for each new route)').toEqual([]);

        const fixedRuns = routes.map((route) => shapes[`${route.method} ${route.url}`]!.runs).filter((runs) => runs !== undefined);
        const perRoute = Math.max(MIN_PER_ROUTE, Math.ceil((TOTAL_REQUESTS - fixedRuns.reduce((sum, runs) => sum + runs, 0)) / (routes.length - fixedRuns.length)));
        const failures: Failure[] = [];
        let sent = 0;
        for (const [index, route] of routes.entries()) {
          const key = `${route.method} ${route.url}`;
          const requests = fc.sample(requestFor(route, shapes[key]!), { seed: FUZZ_SEED + index, numRuns: shapes[key]!.runs ?? perRoute });
          for (const request of requests) {
            const failure = judge(key, request, await send(request, shapes[key]!.stream === true));
            sent += 1;
            if (failure) failures.push(failure);
          }
        }
        // Methods and paths no route has.
        const strays = fc.sample(
          fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), fc.oneof(hostileText, fc.constantFrom(...routes.map((route) => route.url)))),
          { seed: FUZZ_SEED - 1, numRuns: 100 },
        );
        for (const [method, path] of strays) {
          const request: FuzzRequest = { method, url: `/v1/${percentEncode(path)}`, headers: { authorization: `Bearer ${tokens.agent}` } };
          const failure = judge('(no route)', request, await send(request));
          sent += 1;
          if (failure) failures.push(failure);
        }

        expect(sent).toBeGreaterThanOrEqual(2_000);
        expect(failures.slice(0, 15), `${failures.length} of ${sent} requests failed`).toEqual([]);

        const health = await app.inject({ method: 'GET', url: '/v1/health' });
        expect(health.statusCode).toBe(200);
        const me = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${tokens.agent}` } });
        expect(me.statusCode).toBe(200);

        const parsedBody = (body: unknown) => (typeof body === 'string' ? JSON.parse(body) : body);
        const events = await suite.db.query<{ body: unknown }>('SELECT body FROM case_events');
        const badEvents = events.rows.map((row) => parseCaseEvent(parsedBody(row.body))).filter((parsed) => !parsed.ok);
        expect(badEvents).toEqual([]);
        const facts = await suite.db.query<{ body: unknown }>('SELECT body FROM telephony_facts');
        expect(facts.rows.map((row) => parseTelephonyFact(parsedBody(row.body))).filter((parsed) => !parsed.ok)).toEqual([]);
        for (const table of ['case_events', 'supervision_events', 'cases']) {
          const column = table === 'cases' ? 'state' : 'body';
          const { rows } = await suite.db.query<{ value: unknown }>(`SELECT ${column} AS value FROM ${table}`);
          expect(rows.map((row) => findHostileValue(parsedBody(row.value), MAX_JSON_DEPTH + 4)).filter(Boolean), table).toEqual([]);
        }
      },
      240_000,
    );

    it('over a real socket: a 9 MB body gets 413, a 64 KB header 431, bytes that are not HTTP 400 — each answered and read, never a reset', async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      const big = Buffer.alloc(MAX_REQUEST_BODY_BYTES + 1024 * 1024, 0x20);
      const bodyReply = await exchange(port, `POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tokens.agent}\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`, big);
      expect(bodyReply.error).toBeNull();
      expect(bodyReply.text).toMatch(/^HTTP\/1\.1 413 /);
      expect(JSON.parse(bodyReply.text.slice(bodyReply.text.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'payload_too_large' } });

      const headerReply = await exchange(port, `GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
      expect(headerReply.error).toBeNull();
      expect(headerReply.text).toMatch(/^HTTP\/1\.1 431 /);
      expect(headerReply.text).toContain('"code":"headers_too_large"');

      const garbage = await exchange(port, 'NOT-HTTP \u0000\r\n\r\n');
      expect(garbage.error).toBeNull();
      expect(garbage.text).toMatch(/^HTTP\/1\.1 400 /);
      expect(garbage.text).toContain('"code":"malformed_http"');

      const health = await fetch(`http://127.0.0.1:${port}/v1/health`);
      expect(health.status).toBe(200);
    });
  },
  async (db) => {
    await migrate(db);
    await seedDemoBank(db, { now: SEED_CLOCK, size: { customers: 80, transactions: 400, openCases: 12, resolvedCases: 4 } });
  },
);
