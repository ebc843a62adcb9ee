import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBrowserHost, type BrowserHost } from '../../../src/main/browserHost/index';
import { createMemoryKeyProtector } from '../../../src/main/services/keys/passwordKeyProtector';
import { parseCaseEvent } from '../../../src/shared/domain/caseEvent';
import { ipcContract } from '../../../src/shared/ipc/contract';
import { MAX_WIRE_FRAME_BYTES, WS_CLOSE_BAD_ORIGIN, WS_CLOSE_BAD_TOKEN } from '../../../src/shared/ipc/wire';
import { parseScreenPopIntake, type ScreenPopIntake } from '../../../src/shared/screenpop/intake';
import { findHostileValue } from '../../../src/shared/validation/hostileValue';
import { MAX_JSON_DEPTH } from '../../../src/shared/validation/limits';
import { tempDir } from '../../main/support';
import { hostileText, hostileValue, malformedJsonText, mutationOf, RawJson, toJsonText } from './hostileInput';

/**
 * The desktop's own ways in: the browser host's WebSocket (the IPC contract, every channel taken
 * from the contract at run time) and the CTI endpoint a softphone calls. Hostile frames and
 * requests must be answered (never an internal error, never silence) and leave nothing invalid behind.
 */
const FUZZ_SEED = 20_261_207;
const FRAMES_PER_CHANNEL = 14;
const CTI_REQUESTS = 260;
const ANSWER_DEADLINE_MS = 10_000;
/** Channels that end the session, lock the console or wipe the agent's data: fuzzed last, so the others run signed in and unlocked. */
const ENDING_CHANNELS = ['session.lock', 'session.unlock', 'session.logout', 'storage.startAfresh'];

const AGENT = { id: 'AGT-001', username: 'agent', displayName: 'Alex Morgan', role: 'tier1_agent', teamId: 'T1-EAST', branchId: null, timeZone: 'America/New_York', skills: [] };

/** A case service that only signs in; every other call finds it unreachable (the console keeps working offline). */
const loginOnlyService: typeof fetch = async (input) => {
  if (!String(input instanceof Request ? input.url : input).endsWith('/v1/auth/login')) throw new TypeError('fetch failed');
  const session = {
    token: 'x'.repeat(40),
    agent: AGENT,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    refreshToken: 'r'.repeat(40),
    refreshExpiresAt: new Date(Date.now() + 12 * 3_600_000).toISOString(),
    authenticatedAt: new Date().toISOString(),
  };
  return new Response(JSON.stringify(session), { headers: { 'content-type': 'application/json' } });
};

const SHAPE_EVENT_ID = '8b3e4c6a-1d5f-4e0a-93b4-2f1e0d9c8b76';

/** Plausible requests for channels whose shape matters most; every other channel starts from {}. */
const IPC_SHAPES: Record<string, unknown> = {
  'session.login': { username: 'agent', password: 'demo-password' },
  'events.append': { id: SHAPE_EVENT_ID, caseId: 'AC-7K4MP-9QX2H', type: 'note.added', payload: { text: 'Called about a fee' } },
  'events.since': { afterLocalSeq: 0 },
  'customers.get': { ids: ['CUS-000001'] },
};

/** What an agent types, straight into the events that carry it: notes, messages, workflow answers. */
const TARGETED: Record<string, fc.Arbitrary<unknown>> = {
  'events.append': fc.oneof(
    hostileText.map((text) => ({ ...(IPC_SHAPES['events.append'] as object), payload: { text } })),
    hostileText.map((summary) => ({ ...(IPC_SHAPES['events.append'] as object), type: 'message.sent', payload: { channel: 'email', kind: 'response', summary } })),
    hostileValue.map((value) => ({
      ...(IPC_SHAPES['events.append'] as object),
      type: 'workflow.answered',
      payload: { workflowId: 'card-dispute', version: 1, stepId: 'facts', fieldId: 'amount', value },
    })),
  ),
};

interface Socket {
  ws: WebSocket;
  answers: Map<string, (frame: { result: { ok: boolean; error?: { code: string } } }) => void>;
  closed: Promise<number>;
}

function open(host: BrowserHost, options: { token?: string; origin?: string } = {}): Promise<Socket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ipc?token=${encodeURIComponent(options.token ?? host.token)}`, { origin: options.origin ?? host.origin });
  const answers: Socket['answers'] = new Map();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { id?: unknown; result?: { ok: boolean } };
    if (frame.result && (typeof frame.id === 'string' || typeof frame.id === 'number')) answers.get(String(frame.id))?.(frame as never);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve({ ws, answers, closed }));
    ws.on('error', reject);
  });
}

function ask(socket: Socket, id: string, frame: string): Promise<{ result: { ok: boolean; error?: { code: string } } } | 'silence'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('silence'), ANSWER_DEADLINE_MS);
    socket.answers.set(id, (answer) => {
      clearTimeout(timer);
      socket.answers.delete(id);
      resolve(answer);
    });
    socket.ws.send(frame);
  });
}

describe('fuzz: the browser host’s WebSocket contract and the CTI endpoint', () => {
  let host: BrowserHost;
  const intakes: ScreenPopIntake[] = [];

  beforeAll(async () => {
    const dataDir = await tempDir();
    host = await startBrowserHost({
      dataDir: join(dataDir, 'desktop'),
      serviceUrl: 'http://127.0.0.1:9',
      port: 0,
      rendererDir: join(dataDir, 'no-renderer'),
      keyProtectors: [createMemoryKeyProtector()],
      console: { warn: () => undefined, logError: () => undefined, requestTimeoutMs: 300, fetch: loginOnlyService },
      cti: { port: 0 },
    });
    const receive = host.console.receivePop.bind(host.console);
    host.console.receivePop = (intake, ...rest) => {
      intakes.push(intake);
      return receive(intake, ...rest);
    };
  });
  afterAll(async () => {
    await host.close();
  });

  it('answers every hostile frame on every IPC channel, never with an internal error, and records nothing invalid', async () => {
    let socket = await open(host);
    const login = await ask(socket, 'login', JSON.stringify({ id: 'login', channel: 'session.login', request: { username: 'agent', password: 'demo-password' } }));
    expect(login).toMatchObject({ result: { ok: true } });

    const channels = Object.keys(ipcContract).sort((a, b) => Number(ENDING_CHANNELS.includes(a)) - Number(ENDING_CHANNELS.includes(b)));
    const failures: string[] = [];
    let sent = 0;
    for (const [index, channel] of channels.entries()) {
      const targeted = TARGETED[channel];
      const requests = fc.sample(
        fc.oneof({ weight: 4, arbitrary: mutationOf(IPC_SHAPES[channel] ?? {}) }, { weight: 1, arbitrary: hostileValue }, ...(targeted ? [{ weight: 8, arbitrary: targeted }] : [])),
        { seed: FUZZ_SEED + index, numRuns: targeted ? FRAMES_PER_CHANNEL * 6 : FRAMES_PER_CHANNEL },
      );
      for (const request of requests) {
        const id = `f${sent}`;
        // A fresh event id each time: a reused one would be refused as a duplicate before its payload is judged.
        if (typeof request === 'object' && request !== null && (request as { id?: unknown }).id === SHAPE_EVENT_ID) {
          (request as { id: string }).id = `${SHAPE_EVENT_ID.slice(0, 24)}${String(sent).padStart(12, '0')}`;
        }
        const frame = `{"id":${JSON.stringify(id)},"channel":${JSON.stringify(channel)},"request":${toJsonText(request)}}`;
        sent += 1;
        if (Buffer.byteLength(frame) > MAX_WIRE_FRAME_BYTES) continue;
        const answer = await ask(socket, id, frame);
        if (answer === 'silence') failures.push(`${channel}: no answer within ${ANSWER_DEADLINE_MS} ms to ${frame.slice(0, 300)}`);
        else if (answer.result.error?.code === 'internal_error') failures.push(`${channel}: internal error for ${frame.slice(0, 300)}`);
      }
    }
    // Frames that are not requests at all: still answered, the socket stays open.
    const junk = fc.sample(
      fc.oneof(
        malformedJsonText,
        hostileText.map((text) => JSON.stringify({ id: 'j', channel: text, request: {} })),
        hostileValue.map((value) => `{"id":"j","channel":"session.current","request":{},"extra":${toJsonText(value)}}`),
        fc.constant(toJsonText({ id: 'j', channel: 'session.current', request: new RawJson(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) })),
      ),
      { seed: FUZZ_SEED - 1, numRuns: 80 },
    );
    for (const frame of junk) {
      socket.ws.send(frame);
      sent += 1;
    }
    const stillThere = await ask(socket, 'after-junk', JSON.stringify({ id: 'after-junk', channel: 'sync.status', request: {} }));
    expect(stillThere, 'the socket answers after malformed frames').not.toBe('silence');

    expect(sent).toBeGreaterThanOrEqual(400);
    expect(failures.slice(0, 10), `${failures.length} of ${sent} frames failed`).toEqual([]);

    // An oversize frame closes that socket (1009), nothing more; a new one is served.
    socket.ws.send('x'.repeat(MAX_WIRE_FRAME_BYTES + 1));
    expect(await socket.closed).toBe(1009);
    socket = await open(host);
    const relogin = await ask(socket, 'relogin', JSON.stringify({ id: 'relogin', channel: 'session.login', request: { username: 'agent', password: 'demo-password' } }));
    expect(relogin).toMatchObject({ result: { ok: true } });
    const journal = host.console.journal.since(0).events;
    expect(journal.length, 'some fuzzed appends were valid and recorded, so the check below means something').toBeGreaterThan(0);
    expect(journal.map((stored) => parseCaseEvent(stored.event)).filter((parsed) => !parsed.ok)).toEqual([]);
    expect(journal.map((stored) => findHostileValue(stored.event, MAX_JSON_DEPTH + 2)).filter(Boolean)).toEqual([]);
    socket.ws.close();

    // Wrong launch tokens and foreign origins are shut out.
    for (const token of ['', 'not-the-token', `${host.token}x`, `${host.token}\u0000`, "' OR '1'='1"]) {
      expect(await (await open(host, { token })).closed).toBe(WS_CLOSE_BAD_TOKEN);
    }
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${host.port}.evil.example`]) {
      expect(await (await open(host, { origin })).closed).toBe(WS_CLOSE_BAD_ORIGIN);
    }
  }, 180_000);

  it('answers hostile CTI requests with 4xx JSON, never 5xx, and pops only valid contacts', async () => {
    const cti = host.cti;
    if (!cti) throw new Error('the CTI endpoint did not start');
    const valid = { ani: '+15551234567', channel: 'phone', contactId: 'call-8812', accountNumber: '12345678', caseId: 'AC-7K4MP-9QX2H', email: 'a@example.com' };
    const request = fc.record({
      body: fc.oneof(
        { weight: 1, arbitrary: fc.constant(JSON.stringify(valid)) },
        { weight: 6, arbitrary: mutationOf(valid).map(toJsonText) },
        { weight: 1, arbitrary: malformedJsonText },
        { weight: 1, arbitrary: fc.constant(JSON.stringify({ ...valid, contactId: 'x'.repeat(20_000) })) },
      ),
      auth: fc.oneof({ weight: 5, arbitrary: fc.constant(`Bearer ${cti.token}`) }, { weight: 1, arbitrary: fc.constantFrom('', 'Bearer wrong', `Bearer ${cti.token}x`, `Basic ${cti.token}`) }),
      contentType: fc.oneof({ weight: 6, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-8', '') }),
      method: fc.oneof({ weight: 9, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE') }),
    });
    const failures: string[] = [];
    const samples = fc.sample(request, { seed: FUZZ_SEED + 1_000, numRuns: CTI_REQUESTS });
    for (const sample of samples) {
      const headers: Record<string, string> = { 'content-type': sample.contentType };
      if (sample.auth) headers.authorization = sample.auth;
      const response = await fetch(cti.url, { method: sample.method, headers, ...(sample.method === 'GET' ? {} : { body: sample.body }), signal: AbortSignal.timeout(ANSWER_DEADLINE_MS) });
      const text = await response.text();
      if (response.status >= 500) failures.push(`${sample.method} ${sample.body.slice(0, 200)} → ${response.status} ${text.slice(0, 200)}`);
      else if (response.status >= 400 && !/"error":\{"code"/.test(text)) failures.push(`${sample.method} ${sample.body.slice(0, 200)} → ${response.status} without an error body`);
    }
    expect(failures.slice(0, 10), `${failures.length} of ${samples.length} CTI requests failed`).toEqual([]);
    for (const intake of intakes) {
      expect(parseScreenPopIntake(intake).ok).toBe(true);
      expect(findHostileValue(intake, MAX_JSON_DEPTH)).toBeNull();
    }
    const healthy = await fetch(cti.url, { method: 'POST', headers: { authorization: `Bearer ${cti.token}`, 'content-type': 'application/json' }, body: JSON.stringify(valid) });
    expect(healthy.status).toBeLessThan(500);
  }, 120_000);
});
