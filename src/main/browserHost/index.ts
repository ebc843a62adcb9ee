/**
 * Browser host: the main-process services in a plain Node process, the built renderer
 * served to any browser on this machine, and the IPC contract over a local WebSocket.
 * This is how a machine without the Electron binary runs the console, and how the e2e
 * tests drive it in Chromium.
 *
 * Wire format (schemas in src/shared/ipc/wire.ts, shared with src/renderer/bridge):
 *   link      http://127.0.0.1:PORT/launch?code=<one-time code>  exchanged once for an HttpOnly, SameSite=Strict session
 *             cookie, then a 303 to the clean / (launchSessions.ts): the browser's history keeps only a spent code
 *   socket    ws://127.0.0.1:PORT/ipc   with that cookie (the page), or ?token=<host token> (programs on this machine)
 *             Origin must be http://127.0.0.1:PORT or http://localhost:PORT
 *             refused: close code 4403 (origin) or 4401 (no session), after the handshake so the page can tell which
 *   request   {"id": "1", "channel": "<IpcChannel>", "request": {...}}        id: string ≤64 chars or integer
 *   reply     {"id": "1", "result": {"ok": true, "value": ...}} | {"id": "1", "result": {"ok": false, "error": {"code", "message", "hint"?}}}
 *   push      {"event": "<IpcEventName>", "payload": {...}}
 *   malformed frames get {"id": <id or null>, "result": {"ok": false, "error": {"code": "malformed_message", ...}}}; the socket stays open.
 *   Frames over 1 MiB close the socket (1009).
 *
 * Every HTTP response carries a strict CSP (scripts and styles only from this origin, no
 * inline script, connect only to this origin and its WebSocket, no framing), and requests
 * for any Host other than this loopback address are refused (DNS-rebinding defence).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { createConsoleService, type ConsoleService, type ConsoleServiceOptions } from '../services/console/consoleService';
import { DEFAULT_CTI_PORT, startCtiIntake, type CtiIntakeServer } from '../services/screenpop/ctiIntake';
import type { KeyProtector } from '../services/keys/keyStore';
import { contentSecurityPolicy, securityHeaders } from '../windowSecurity';
import { loadOrCreateBearerToken } from '../services/storage/bearerTokenFile';
import { createIpcSocketServer } from './ipcSocket';
import { createLaunchSessions, LAUNCH_CODE_PARAM, LAUNCH_PATH } from './launchSessions';

export const HOST_TOKEN_FILE = 'host-token';

export interface BrowserHostOptions {
  dataDir: string;
  serviceUrl: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default: the console serves one agent on this machine. */
  host?: string;
  /** The built renderer (electron-vite build output); default <repo>/out/renderer. */
  rendererDir?: string;
  /** Default: each agent's password protects their data key (there is no OS keyring here). */
  keyProtectors?: KeyProtector[];
  /** Passed through to the console service (tests shorten backoff, inject clocks). */
  console?: Partial<Omit<ConsoleServiceOptions, 'dataDir' | 'serviceUrl' | 'keyProtectors'>>;
  logger?: boolean;
  /** The CTI screen-pop endpoint: port (default 47810, 0 for any free port), or false to not start it. */
  cti?: { port?: number } | false;
  /**
   * Keep the page token in `<dataDir>/host-token` (0600) and reuse it, so an open tab reconnects by
   * itself after the host restarts on the same port; default: a fresh token every launch.
   */
  keepToken?: boolean;
}

export interface BrowserHost {
  /** Open this in a browser: a fresh one-time launch link each time it is read (the code dies once used). */
  readonly url: string;
  /** http://HOST:PORT, without the token. */
  origin: string;
  port: number;
  /** The host token: for programs on this machine (?token= on the socket); never given to the browser. */
  token: string;
  console: ConsoleService;
  /** The CTI endpoint (POST url with "Authorization: Bearer <token>"); null when not started. */
  cti: Pick<CtiIntakeServer, 'url' | 'port' | 'token' | 'tokenPath'> | null;
  close(): Promise<void>;
}

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const host = options.host ?? '127.0.0.1';
  const rendererDir = resolve(options.rendererDir ?? DEFAULT_RENDERER_DIR);
  const token = options.keepToken ? await loadOrCreateBearerToken(join(options.dataDir, HOST_TOKEN_FILE), 'console host token') : randomBytes(32).toString('base64url');
  const consoleService = await createConsoleService({
    dataDir: options.dataDir,
    serviceUrl: options.serviceUrl,
    ...(options.keyProtectors ? { keyProtectors: options.keyProtectors } : {}),
    ...options.console,
  });

  let port = 0;
  let cti: CtiIntakeServer | null = null;
  const allowedHosts = () => [`${host}:${port}`, ...(host === '127.0.0.1' ? [`localhost:${port}`] : [])];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);
  const app = Fastify({ logger: options.logger ?? false });
  const launches = createLaunchSessions(token);
  const sockets = createIpcSocketServer({ console: consoleService, token, allowedOrigins, admitsSession: (cookie) => launches.admits(cookie) });

  try {
    app.addHook('onRequest', async (request, reply) => {
      if (!allowedHosts().includes(request.headers.host ?? '')) {
        return reply.code(421).type('text/plain').send('Misdirected request: this host serves only its own loopback address.');
      }
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      const csp = contentSecurityPolicy({ connectSources: allowedHosts().map((h) => `ws://${h}`) });
      for (const [name, value] of Object.entries(securityHeaders(csp))) reply.header(name, value);
      reply.header('Cache-Control', 'no-store');
      return payload;
    });

    // The printed link: its code is spent here, once, for the session cookie; the page then lives at the clean /.
    app.get(LAUNCH_PATH, async (request, reply) => {
      const code = (request.query as Record<string, unknown>)[LAUNCH_CODE_PARAM];
      const session = launches.redeem(typeof code === 'string' ? code : undefined);
      if (session) return reply.header('Set-Cookie', launches.setCookie(session)).redirect('/', 303);
      if (launches.admits(request.headers.cookie)) return reply.redirect('/', 303); // an old link in a tab that is in already
      return reply
        .code(403)
        .type('text/plain')
        .send('This Agent Console link was used already (each link opens the console once). Open the newest link the host printed, or run "npm start" again.');
    });

    const rendererBuilt = existsSync(join(rendererDir, 'index.html'));
    if (rendererBuilt) {
      await app.register(fastifyStatic, { root: rendererDir, index: 'index.html', wildcard: true });
      // The renderer is a single page: unknown paths that look like pages get it; missing assets stay 404.
      app.setNotFoundHandler((request, reply) => {
        if (request.method === 'GET' && !/\.[a-z0-9]+$/i.test(request.url.split('?')[0] ?? '')) return reply.sendFile('index.html');
        return reply.code(404).type('text/plain').send('Not found');
      });
    } else {
      app.get('/', async (_request, reply) =>
        reply.code(503).type('text/plain').send(`The console UI is not built: ${rendererDir} has no index.html. Run "npx electron-vite build" and start the host again.`),
      );
    }

    app.server.on('upgrade', (request, socket, head) => sockets.handleUpgrade(request, socket, head));
    await app.listen({ host, port: options.port ?? 0 });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('the browser host is not listening on a TCP port');
    port = address.port;
    cti = await startHostCti(options, consoleService);
  } catch (error) {
    await cti?.close().catch(() => undefined);
    await sockets.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    await consoleService.close().catch(() => undefined);
    throw error;
  }

  const origin = `http://${host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    get url() {
      return `${origin}${LAUNCH_PATH}?${LAUNCH_CODE_PARAM}=${launches.mintCode()}`;
    },
    origin,
    port,
    token,
    console: consoleService,
    cti: cti ? { url: cti.url, port: cti.port, token: cti.token, tokenPath: cti.tokenPath } : null,
    close() {
      closing ??= (async () => {
        await cti?.close();
        await sockets.close();
        await app.close();
        await consoleService.close();
      })();
      return closing;
    },
  };
}

/**
 * The softphone way in. The default port being taken (another console on this machine) costs
 * only the CTI endpoint, with a warning; a port asked for explicitly must be had.
 */
async function startHostCti(options: BrowserHostOptions, consoleService: ConsoleService): Promise<CtiIntakeServer | null> {
  if (options.cti === false) return null;
  const port = options.cti?.port ?? DEFAULT_CTI_PORT;
  try {
    return await startCtiIntake({
      dataDir: options.dataDir,
      port,
      onIntake: (intake, arrivedAt) => consoleService.receivePop(intake, 'cti', arrivedAt),
    });
  } catch (error) {
    if (options.cti?.port === undefined && (error as { code?: string }).code === 'EADDRINUSE') {
      console.warn(`The CTI screen-pop endpoint could not start: port ${port} is in use. Start with --cti-port to choose another.`);
      return null;
    }
    throw error;
  }
}
