/**
 * The Electron shell: app lifecycle, one hardened window, and the contract wired to ipcMain.
 * Everything with logic lives in plain modules (../services, ../windowSecurity) so it runs and
 * is tested without Electron; this file only applies it.
 *
 * Configuration (environment): AGENT_CONSOLE_SERVICE_URL (default http://127.0.0.1:4010),
 * AGENT_CONSOLE_DATA_DIR (default <userData>/data), AGENT_CONSOLE_CTI_PORT (CTI screen-pop endpoint
 * on 127.0.0.1, default 47810, "off" to not start it; token in <data dir>/cti-token).
 * Registers agentconsole:// so telephony systems can pop a contact with agentconsole://pop?ani=…
 */
import { join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { IpcResult } from '../../shared/ipc/contract';
import { ELECTRON_IPC_CHANNELS, ELECTRON_IPC_EVENTS, eventChannelName, invokeChannelName } from '../../shared/ipc/electronIpc';
import { findScreenPopLink, parseScreenPopLink, SCREEN_POP_SCHEME } from '../../shared/screenpop/popLink';
import { createConsoleService, type ConsoleService } from '../services/console/consoleService';
import { ctiPortSetting, startCtiIntake, type CtiIntakeServer } from '../services/screenpop/ctiIntake';
import {
  APP_ORIGIN,
  APP_SCHEME,
  appUrlToRelativePath,
  contentSecurityPolicy,
  isAllowedNavigation,
  isTrustedIpcSender,
  permissionDecision,
  secureWindowOptions,
  securityHeaders,
  windowOpenDecision,
} from '../windowSecurity';
import { createOsNotifier } from './osNotifications';
import { electronKeyProtectors } from './safeStorageKeyStore';
import { createPdfPrinter } from './printPdf';

const DEFAULT_SERVICE_URL = 'http://127.0.0.1:4010';
const rendererDir = resolve(fileURLToPath(new URL('../renderer/', import.meta.url)));
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
/** electron-vite dev serves the renderer over http; a packaged or built app uses app://console. */
const devRendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const appOrigin = devRendererUrl ? new URL(devRendererUrl).origin : APP_ORIGIN;

let mainWindow: BrowserWindow | null = null;
let consoleService: ConsoleService | null = null;
let servicesClosed = false;
let ctiIntake: CtiIntakeServer | null = null;
/** Pop links that arrive before the services are up (the link that launched the app, say). */
const pendingPopLinks: string[] = [];

// Must happen before 'ready': gives the renderer a standard, secure origin of its own.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // One journal has one writer: a second launch hands over to the first and leaves.
  app.quit();
} else {
  app.on('second-instance', (_event, argv: string[]) => {
    // Windows and Linux start a second instance with the clicked agentconsole:// link in its arguments.
    const link = findScreenPopLink(argv);
    if (link) openPopLink(link);
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // macOS delivers clicked links as an event, possibly before 'ready'.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openPopLink(url);
  });
  registerPopLinkScheme();
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (consoleService && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('will-quit', (event) => {
    if (servicesClosed || !consoleService) return;
    // Let the journal finish its last write and release its lock before the process ends.
    event.preventDefault();
    const closing = consoleService;
    consoleService = null;
    const closingCti = ctiIntake;
    ctiIntake = null;
    void Promise.resolve(closingCti?.close())
      .then(() => closing.close())
      .catch((error: unknown) => console.error('closing the console services failed', error))
      .finally(() => {
        servicesClosed = true;
        app.quit();
      });
  });
  app.whenReady().then(start, (error: unknown) => fail(error));
}

async function start(): Promise<void> {
  try {
    serveRenderer();
    denyPermissions();
    const dataDir = process.env.AGENT_CONSOLE_DATA_DIR ?? join(app.getPath('userData'), 'data');
    consoleService = await createConsoleService({
      dataDir,
      serviceUrl: process.env.AGENT_CONSOLE_SERVICE_URL ?? DEFAULT_SERVICE_URL,
      keyProtectors: electronKeyProtectors(),
      resourcesDir: process.env.AGENT_CONSOLE_RESOURCES_DIR ?? join(app.getAppPath(), 'resources'),
      printPdf: createPdfPrinter(() => mainWindow),
      notifyOs: createOsNotifier(() => {
        if (!mainWindow) return;
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.focus();
      }),
    });
    console.info(`Agent Console data in ${dataDir}; agents' data keys protected by ${consoleService.keyBackend}`);
    wireIpc(consoleService);
    createWindow();
    ctiIntake = await startElectronCti(dataDir, consoleService);
    const launchLink = findScreenPopLink(process.argv);
    if (launchLink) pendingPopLinks.push(launchLink);
    for (const link of pendingPopLinks.splice(0)) openPopLink(link);
  } catch (error) {
    fail(error);
  }
}

function fail(error: unknown): void {
  // Journal and key errors explain what to do; show them rather than a crash.
  const message = error instanceof Error ? error.message : String(error);
  console.error('Agent Console could not start', error);
  dialog.showErrorBox('Agent Console cannot start', message);
  servicesClosed = true;
  app.quit();
}

function createWindow(): void {
  mainWindow = new BrowserWindow(secureWindowOptions({ preloadPath, devTools: !app.isPackaged }));
  const window = mainWindow;
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(devRendererUrl ?? `${APP_ORIGIN}/index.html`);
}

/** app://console/… → files of the built renderer, with the CSP and security headers on every response. */
function serveRenderer(): void {
  const headers = securityHeaders(contentSecurityPolicy());
  const withHeaders = (response: Response): Response => {
    const merged = new Headers(response.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged });
  };
  const notFound = () => withHeaders(new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }));
  protocol.handle(APP_SCHEME, async (request) => {
    const relative = appUrlToRelativePath(request.url);
    if (!relative) return notFound();
    const file = resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + sep)) return notFound();
    const response = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (response?.ok) return withHeaders(response);
    // A single-page app: a path without an extension is a route, answered with the page.
    if (!/\.[a-z0-9]+$/i.test(relative)) {
      const page = await net.fetch(pathToFileURL(join(rendererDir, 'index.html')).toString()).catch(() => null);
      if (page?.ok) return withHeaders(page);
    }
    return notFound();
  });
}

function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
  session.defaultSession.on('will-download', (event) => event.preventDefault());
}

/** Applied to every web contents, including any a bug might create: no navigation away, no new windows, no webviews. */
function hardenContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => windowOpenDecision());
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function wireIpc(service: ConsoleService): void {
  for (const channel of ELECTRON_IPC_CHANNELS) {
    // invoke/handle only: a synchronous channel would block the renderer on main.
    ipcMain.handle(invokeChannelName(channel), async (event: IpcMainInvokeEvent, request: unknown): Promise<IpcResult<unknown>> => {
      if (!isFromAppWindow(event)) {
        return { ok: false, error: { code: 'forbidden_sender', message: 'This request did not come from the Agent Console window and was refused.' } };
      }
      return service.dispatchIpc(channel, request);
    });
  }
  for (const name of ELECTRON_IPC_EVENTS) {
    service.on(name, (payload) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(eventChannelName(name), payload);
    });
  }
}

function isFromAppWindow(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return isTrustedIpcSender(
    {
      isFromMainWindow: mainWindow !== null && !mainWindow.isDestroyed() && event.sender === mainWindow.webContents,
      isMainFrame: frame !== null && frame === event.sender.mainFrame,
      frameUrl: frame?.url,
    },
    appOrigin,
  );
}

function registerPopLinkScheme(): void {
  // Unpackaged (electron .), the OS must be told how to start this app with its script.
  const script = process.argv[1];
  const registered = process.defaultApp && script ? app.setAsDefaultProtocolClient(SCREEN_POP_SCHEME, process.execPath, [resolve(script)]) : app.setAsDefaultProtocolClient(SCREEN_POP_SCHEME);
  if (!registered) console.warn(`Could not register ${SCREEN_POP_SCHEME}:// links with the operating system; telephony links will not open the console.`);
}

/** agentconsole://pop?… → the same intake and pop as the CTI endpoint; a bad link is logged, never shown as an error box. */
function openPopLink(link: string): void {
  if (!consoleService) {
    pendingPopLinks.push(link);
    return;
  }
  const parsed = parseScreenPopLink(link);
  if (!parsed.ok) {
    console.warn(`Ignored a ${SCREEN_POP_SCHEME}:// link: ${parsed.reason}`);
    return;
  }
  const outcome = consoleService.receivePop(parsed.intake, 'link');
  if ('refused' in outcome) {
    console.warn(`Ignored a ${SCREEN_POP_SCHEME}:// link: ${outcome.refused.message}`);
    return;
  }
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
}

/** The softphone way in; a port already taken costs only this endpoint, with a warning. */
async function startElectronCti(dataDir: string, service: ConsoleService): Promise<CtiIntakeServer | null> {
  let setting: { port: number } | false;
  try {
    setting = ctiPortSetting(process.env.AGENT_CONSOLE_CTI_PORT);
  } catch (error) {
    console.warn(`${error instanceof Error ? error.message : String(error)} The CTI endpoint is not started.`);
    return null;
  }
  if (!setting) return null;
  const { port } = setting;
  try {
    const server = await startCtiIntake({ dataDir, port, onIntake: (intake, arrivedAt) => service.receivePop(intake, 'cti', arrivedAt) });
    console.info(`CTI screen pops: POST ${server.url} with the bearer token in ${server.tokenPath}`);
    return server;
  } catch (error) {
    console.warn(`The CTI screen-pop endpoint could not start on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
