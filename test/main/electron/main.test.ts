import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { secureWindowOptions } from '../../../src/main/windowSecurity';
import { ELECTRON_IPC_CHANNELS, invokeChannelName } from '../../../src/shared/ipc/electronIpc';
import { DEMO_PASSWORD, startCaseService, type CaseService, demoTotpCode } from '../../../src/server/index';

/**
 * The Electron binary is not installed here, so the shell runs against a recording stand-in
 * for the `electron` module: this checks the wiring main.ts does (hardening applied, sender
 * validation, IPC registered from the contract) with the real services behind it.
 */
const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const appListeners = new Map<string, Listener>();
  const ipcHandlers = new Map<string, Listener>();
  const windows: FakeWindow[] = [];
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (resolveReady = resolve));

  class FakeWindow {
    readonly webContents = {
      mainFrame: { url: 'app://console/index.html' } as { url: string },
      send: (...args: unknown[]) => void args,
    };
    readonly loaded: string[] = [];
    constructor(readonly options: unknown) {
      windows.push(this);
    }
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    focus() {}
    restore() {}
    async loadURL(url: string) {
      this.loaded.push(url);
    }
    static getAllWindows() {
      return windows;
    }
  }

  return {
    appListeners,
    ipcHandlers,
    windows,
    resolveReady,
    ready,
    calls: { protocolClients: [] as string[], registerSchemes: [] as unknown[], enableSandbox: 0, quit: 0, errorBoxes: [] as string[], ipcOn: 0, protocolHandlers: new Map<string, Listener>() },
    module: {} as Record<string, unknown>,
    FakeWindow,
  };
});

vi.mock('electron', () => {
  const { calls, appListeners, ipcHandlers, ready, FakeWindow } = electron;
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      enableSandbox: () => void calls.enableSandbox++,
      on: (event: string, listener: (...args: unknown[]) => unknown) => void appListeners.set(event, listener),
      whenReady: () => ready,
      getPath: () => '/nonexistent',
      getAppPath: () => process.cwd(),
      quit: () => void calls.quit++,
      setAsDefaultProtocolClient: (scheme: string) => (calls.protocolClients.push(scheme), true),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => void calls.registerSchemes.push(schemes),
      handle: (scheme: string, handler: (...args: unknown[]) => unknown) => void calls.protocolHandlers.set(scheme, handler),
    },
    net: { fetch: async () => new Response('missing', { status: 404 }) },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined, on: () => undefined } },
    ipcMain: {
      handle: (name: string, handler: (...args: unknown[]) => unknown) => void ipcHandlers.set(name, handler),
      on: () => void calls.ipcOn++,
    },
    BrowserWindow: FakeWindow,
    dialog: { showErrorBox: (_title: string, message: string) => void calls.errorBoxes.push(message) },
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text', encryptString: () => Buffer.alloc(0), decryptString: () => '' },
  };
});

let caseService: CaseService | undefined;
/** The shell keeps its data directory for the whole file (the link test signs in there), so not a per-test temp dir. */
let dataDir = '';

afterAll(async () => {
  const willQuit = electron.appListeners.get('will-quit');
  willQuit?.({ preventDefault: () => undefined });
  await vi.waitFor(() => expect(electron.calls.quit).toBeGreaterThan(0));
  await caseService?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('Electron shell wiring', () => {
  // The case service the shell talks to is set-up, not what these tests check: a new embedded database
  // (PGlite's initdb) and the demo seed's scrypt hashes take seconds of CPU, kept out of the first test's time.
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'agent-console-electron-'));
    process.env.AGENT_CONSOLE_DATA_DIR = dataDir;
    caseService = await startCaseService({ port: 0, seed: { customers: 20, transactions: 100, openCases: 2, resolvedCases: 1 }, logger: false });
    process.env.AGENT_CONSOLE_SERVICE_URL = caseService.url;
    process.env.AGENT_CONSOLE_CTI_PORT = '0';
  });

  it('hardens the app, opens one secure window and serves the contract only to that window’s main frame', async () => {
    await import('../../../src/main/electron/main');
    expect(electron.calls.registerSchemes).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]);
    expect(electron.calls.enableSandbox).toBe(1);
    electron.resolveReady();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
    expect(electron.calls.errorBoxes).toEqual([]);

    const [window] = electron.windows;
    if (!window) throw new Error('no window');
    const options = window.options as ReturnType<typeof secureWindowOptions>;
    expect(options.webPreferences.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(options).toEqual(secureWindowOptions({ preloadPath: options.webPreferences.preload, devTools: false }));
    expect(window.loaded).toEqual(['app://console/index.html']);

    // Exactly the contract's channels, asynchronous only.
    expect([...electron.ipcHandlers.keys()].sort()).toEqual(ELECTRON_IPC_CHANNELS.map(invokeChannelName).sort());
    expect(electron.calls.ipcOn).toBe(0);
    const handler = electron.ipcHandlers.get(invokeChannelName('session.current'));
    if (!handler) throw new Error('no handler');
    const fromApp = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    expect(await handler(fromApp, {})).toEqual({ ok: true, value: { agent: null, storage: null, lock: null } });
    const forbidden = { ok: false, error: { code: 'forbidden_sender', message: expect.any(String) } };
    expect(await handler({ ...fromApp, senderFrame: { url: 'app://console/index.html' } }, {})).toEqual(forbidden); // an iframe
    expect(await handler({ sender: { mainFrame: fromApp.senderFrame }, senderFrame: fromApp.senderFrame }, {})).toEqual(forbidden); // another webContents
    window.webContents.mainFrame.url = 'https://evil.example/';
    expect(await handler(fromApp, {})).toEqual(forbidden); // the window was navigated away
    window.webContents.mainFrame.url = 'app://console/index.html';
    // Requests are still validated behind the sender check.
    const append = electron.ipcHandlers.get(invokeChannelName('events.append'));
    expect(await append?.(fromApp, { id: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    // No key is made (or stored in the clear) before an agent signs in: only the device id exists.
    expect((await readFile(`${dataDir}/device-id`, 'utf8')).trim()).toMatch(/^desktop-[0-9a-f]{16}$/);
  });

  it('blocks navigation away, new windows and webviews on every web contents', () => {
    const created = electron.appListeners.get('web-contents-created');
    const handlers = new Map<string, (event: { url?: string; preventDefault: () => void }) => void>();
    let openHandler: (() => unknown) | undefined;
    created?.({}, { setWindowOpenHandler: (handler: () => unknown) => (openHandler = handler), on: (event: string, handler: never) => handlers.set(event, handler) });
    expect(openHandler?.()).toEqual({ action: 'deny' });
    const prevented = (event: string, url?: string) => {
      let blocked = false;
      handlers.get(event)?.({ url, preventDefault: () => (blocked = true) });
      return blocked;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'app://console/index.html#/queue')).toBe(false);
    expect(prevented('will-attach-webview')).toBe(true);
  });

  it('answers app:// requests with the security headers, and nothing outside the renderer folder', async () => {
    const handle = electron.calls.protocolHandlers.get('app');
    const response = (await handle?.(new Request('app://console/%2e%2e/%2e%2e/package.json'))) as Response;
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('registers agentconsole:// and turns a link handed to a second instance into a screen pop', async () => {
    expect(electron.calls.protocolClients).toEqual(['agentconsole']);
    const secondInstance = electron.appListeners.get('second-instance');
    const [window] = electron.windows;
    if (!window || !secondInstance) throw new Error('not wired');
    const sent: Array<[string, unknown]> = [];
    window.webContents.send = (...args: unknown[]) => void sent.push([args[0] as string, args[1]]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Nobody signed in: the link is not kept to pop, late, at the next sign-in.
    secondInstance({}, ['/opt/agent-console', 'agentconsole://pop?ani=%2B15551234567&contactId=link-0']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('No agent is signed in'));
    warn.mockRestore();
    const login = electron.ipcHandlers.get(invokeChannelName('session.login'));
    const fromApp = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
    expect(await login?.(fromApp, { username: 'agent', password: DEMO_PASSWORD, otp: demoTotpCode('agent') })).toMatchObject({ ok: true });
    secondInstance({}, ['/opt/agent-console', 'agentconsole://pop?ani=%2B15551234567&contactId=link-1']);
    secondInstance({}, ['/opt/agent-console', 'agentconsole://pop?ani=not-a-number']);
    await vi.waitFor(() => expect(sent.filter(([name]) => name === 'agent-console:event:screenpop.requested')).toHaveLength(1));
    expect(sent.find(([name]) => name === 'agent-console:event:screenpop.requested')?.[1]).toMatchObject({ source: 'link', channel: 'phone', intake: { ani: '+15551234567', contactId: 'link-1' } });
  });
});
