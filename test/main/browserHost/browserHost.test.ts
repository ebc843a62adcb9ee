import { request as httpRequest } from 'node:http';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HOST_TOKEN_FILE, startBrowserHost, type BrowserHost } from '../../../src/main/browserHost/index';
import { createMemoryKeyProtector } from '../../../src/main/services/keys/passwordKeyProtector';
import { WireServerMessage, WS_CLOSE_BAD_ORIGIN, WS_CLOSE_BAD_TOKEN } from '../../../src/shared/ipc/wire';
import { noteEvent, tempDir } from '../support';

const hosts: BrowserHost[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

async function start(options: { withRenderer?: boolean } = {}): Promise<BrowserHost> {
  const dataDir = await tempDir();
  let rendererDir = join(dataDir, 'no-renderer');
  if (options.withRenderer !== false) {
    rendererDir = join(dataDir, 'renderer');
    await mkdir(join(rendererDir, 'assets'), { recursive: true });
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Agent Console</title><script type="module" src="/assets/index.js"></script>');
    await writeFile(join(rendererDir, 'assets', 'index.js'), 'console.log("hi")');
  }
  const host = await startBrowserHost({
    dataDir: join(dataDir, 'desktop'),
    serviceUrl: 'http://127.0.0.1:9',
    port: 0,
    rendererDir,
    keyProtectors: [createMemoryKeyProtector()],
    console: { warn: () => undefined, requestTimeoutMs: 500, fetch: loginOnlyService },
  });
  hosts.push(host);
  return host;
}

/** A case service that only signs in (everything else is unreachable), for tests that need a session. */
const loginOnlyService: typeof fetch = async (input) => {
  if (!String(input instanceof Request ? input.url : input).endsWith('/v1/auth/login')) throw new TypeError('fetch failed');
  const agent = { id: 'AGT-001', username: 'agent', displayName: 'Alex Morgan', role: 'tier1_agent', teamId: 'T1-EAST', branchId: null, timeZone: 'America/New_York', skills: [] };
  const session = {
    token: 'x'.repeat(40),
    agent,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    refreshToken: 'r'.repeat(40),
    refreshExpiresAt: new Date(Date.now() + 12 * 3_600_000).toISOString(),
    authenticatedAt: new Date().toISOString(),
  };
  return new Response(JSON.stringify(session), { headers: { 'content-type': 'application/json' } });
};

function get(host: BrowserHost, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Connection {
  socket: WebSocket;
  messages: unknown[];
  closed: Promise<{ code: number; reason: string }>;
  next(): Promise<unknown>;
}

function connect(url: string, origin: string | undefined, headers: Record<string, string> = {}): Promise<Connection> {
  const socket = new WebSocket(url, { ...(origin ? { origin } : {}), headers });
  sockets.push(socket);
  const messages: unknown[] = [];
  const waiters: ((message: unknown) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as unknown;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else messages.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return new Promise((resolve, reject) => {
    socket.on('open', () =>
      resolve({
        socket,
        messages,
        closed,
        next: () => (messages.length > 0 ? Promise.resolve(messages.shift()) : new Promise((r) => waiters.push(r))),
      }),
    );
    socket.on('error', reject);
  });
}

const socketUrl = (host: BrowserHost, token = host.token) => `ws://127.0.0.1:${host.port}/ipc?token=${encodeURIComponent(token)}`;

describe('browser host', () => {
  it('prints a one-time launch link: spent once for an HttpOnly, SameSite=Strict session cookie and a redirect to the clean page', async () => {
    const host = await start();
    const link = new URL(host.url);
    expect(link.origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(link.pathname).toBe('/launch');
    expect(host.url).not.toContain(host.token);
    expect(new URL(host.url).searchParams.get('code')).not.toBe(link.searchParams.get('code')); // each read, a fresh code

    const first = await get(host, `${link.pathname}${link.search}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/^agent_console_session=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(host.token);

    const again = await get(host, `${link.pathname}${link.search}`);
    expect(again.status).toBe(403);
    expect(again.body).toMatch(/used already/);
    expect(again.headers['set-cookie']).toBeUndefined();

    const session = cookie.split(';')[0]!;
    const page = await connect(`ws://127.0.0.1:${host.port}/ipc`, host.origin, { cookie: session });
    page.socket.send(JSON.stringify({ id: 1, channel: 'session.current', request: {} }));
    expect(await page.next()).toMatchObject({ id: 1, result: { ok: true } });

    const forged = await connect(`ws://127.0.0.1:${host.port}/ipc`, host.origin, { cookie: `${session.slice(0, -2)}xx` });
    expect((await forged.closed).code).toBe(WS_CLOSE_BAD_TOKEN);
    const other = await start();
    expect(other.token).not.toBe(host.token);
    const elsewhere = await connect(`ws://127.0.0.1:${other.port}/ipc`, other.origin, { cookie: session });
    expect((await elsewhere.closed).code).toBe(WS_CLOSE_BAD_TOKEN);
  });

  it('keeps its token in the data directory when asked, so a page reconnects by itself after a restart on the same port', async () => {
    const dataDir = join(await tempDir(), 'desktop');
    const options = { dataDir, serviceUrl: 'http://127.0.0.1:9', keyProtectors: [createMemoryKeyProtector()], console: { warn: () => undefined }, cti: false as const, keepToken: true };
    const first = await startBrowserHost({ ...options, port: 0 });
    const port = first.port;
    const url = socketUrl(first);
    const link = new URL(first.url);
    const session = String((await get(first, `${link.pathname}${link.search}`)).headers['set-cookie']).split(';')[0]!;
    await first.close();
    const again = await startBrowserHost({ ...options, port });
    hosts.push(again);
    expect(again.token).toBe(first.token);
    expect((await stat(join(dataDir, HOST_TOKEN_FILE))).mode & 0o777).toBe(0o600);
    const program = await connect(url, again.origin);
    program.socket.send(JSON.stringify({ id: 1, channel: 'session.current', request: {} }));
    expect(await program.next()).toMatchObject({ id: 1, result: { ok: true } });
    // The tab opened before the restart: its cookie still admits it, with no new link.
    const page = await connect(`ws://127.0.0.1:${port}/ipc`, again.origin, { cookie: session });
    page.socket.send(JSON.stringify({ id: 2, channel: 'session.current', request: {} }));
    expect(await page.next()).toMatchObject({ id: 2, result: { ok: true } });
  });

  it('serves the built renderer with a strict Content-Security-Policy', async () => {
    const host = await start();
    const page = await get(host, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Agent Console</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(host, '/assets/index.js')).body).toContain('console.log');
    expect((await get(host, '/cases/CASE-1')).body).toContain('<title>Agent Console</title>');
    expect((await get(host, '/assets/missing.js')).status).toBe(404);
    expect((await get(host, '/../../etc/passwd')).body).not.toContain('root:');
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const host = await start();
    const response = await get(host, '/', { host: `attacker.example:${host.port}` });
    expect(response.status).toBe(421);
  });

  it('says how to build the renderer when it is missing', async () => {
    const host = await start({ withRenderer: false });
    const response = await get(host, '/');
    expect(response.status).toBe(503);
    expect(response.body).toMatch(/electron-vite build/);
  });

  it('closes a socket with a wrong or missing token with 4401', async () => {
    const host = await start();
    const wrong = await connect(socketUrl(host, 'not-the-token'), host.origin);
    expect((await wrong.closed).code).toBe(WS_CLOSE_BAD_TOKEN);
    const missing = await connect(`ws://127.0.0.1:${host.port}/ipc`, host.origin);
    expect((await missing.closed).code).toBe(WS_CLOSE_BAD_TOKEN);
  });

  it('closes a socket from another origin with 4403, even with the right token', async () => {
    const host = await start();
    const foreign = await connect(socketUrl(host), 'http://evil.example');
    foreign.socket.send(JSON.stringify({ id: '1', channel: 'session.current', request: {} }));
    expect((await foreign.closed).code).toBe(WS_CLOSE_BAD_ORIGIN);
    expect(foreign.messages).toEqual([]);
    const noOrigin = await connect(socketUrl(host), undefined);
    expect((await noOrigin.closed).code).toBe(WS_CLOSE_BAD_ORIGIN);
  });

  it('answers requests with the contract result, matched by id', async () => {
    const host = await start();
    const client = await connect(socketUrl(host), host.origin);
    client.socket.send(JSON.stringify({ id: 'a1', channel: 'session.current', request: {} }));
    expect(await client.next()).toEqual({ id: 'a1', result: { ok: true, value: { agent: null, storage: null, lock: null } } });
    client.socket.send(JSON.stringify({ id: 2, channel: 'sync.status', request: {} }));
    const status = WireServerMessage.parse(await client.next());
    expect(status).toMatchObject({ id: 2, result: { ok: true, value: { state: 'offline', pending: 0 } } });
    client.socket.send(JSON.stringify({ id: 'a3', channel: 'events.append', request: { id: 'x' } }));
    expect(await client.next()).toMatchObject({ id: 'a3', result: { ok: false, error: { code: 'invalid_request' } } });
    // localhost is the same page under its other loopback name.
    const viaLocalhost = await connect(socketUrl(host), `http://localhost:${host.port}`);
    viaLocalhost.socket.send(JSON.stringify({ id: 'b', channel: 'session.current', request: {} }));
    expect(await viaLocalhost.next()).toMatchObject({ id: 'b', result: { ok: true } });
  });

  it('answers malformed messages with an error and keeps serving', async () => {
    const host = await start();
    const client = await connect(socketUrl(host), host.origin);
    const replies: unknown[] = [];
    for (const frame of ['not json', '42', 'null', JSON.stringify({ id: 'm1' }), JSON.stringify({ id: 'm2', channel: 'session.current', request: {}, extra: 1 }), JSON.stringify({ id: { nested: true }, channel: 'x' })]) {
      client.socket.send(frame);
      replies.push(await client.next());
    }
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    replies.push(await client.next());
    for (const reply of replies) expect(reply).toMatchObject({ result: { ok: false, error: { code: 'malformed_message' } } });
    expect(replies.map((r) => (r as { id: unknown }).id)).toEqual([null, null, null, 'm1', 'm2', null, null]);
    client.socket.send(JSON.stringify({ id: 'u', channel: '__proto__', request: {} }));
    expect(await client.next()).toMatchObject({ id: 'u', result: { ok: false, error: { code: 'unknown_channel' } } });
    client.socket.send(JSON.stringify({ id: 'ok', channel: 'session.current', request: {} }));
    expect(await client.next()).toEqual({ id: 'ok', result: { ok: true, value: { agent: null, storage: null, lock: null } } });
  });

  it('closes a socket that sends an oversized frame without taking the host down', async () => {
    const host = await start();
    const big = await connect(socketUrl(host), host.origin);
    big.socket.send('x'.repeat(2 * 1024 * 1024));
    expect((await big.closed).code).toBe(1009);
    const after = await connect(socketUrl(host), host.origin);
    after.socket.send(JSON.stringify({ id: '1', channel: 'session.current', request: {} }));
    expect(await after.next()).toMatchObject({ id: '1', result: { ok: true } });
  });

  it('pushes notifications to connected pages', async () => {
    const host = await start();
    const client = await connect(socketUrl(host), host.origin);
    client.socket.send(JSON.stringify({ id: 'login', channel: 'session.login', request: { username: 'agent', password: 'pw' } }));
    const messages: unknown[] = [];
    for (;;) {
      const message = (await client.next()) as { id?: string };
      if (message.id === 'login') break;
      messages.push(message);
    }
    await host.console.sync.whenIdle();
    await host.console.journal.appendLocal(noteEvent());
    const pushed: unknown[] = [];
    for (let i = 0; i < 2; i++) pushed.push(await client.next());
    expect(pushed).toContainEqual({ event: 'events.changed', payload: { localSeq: 1 } });
    expect(pushed).toContainEqual({ event: 'sync.statusChanged', payload: expect.objectContaining({ pending: 1 }) });
    for (const message of pushed) WireServerMessage.parse(message);
  });
});
