/**
 * The security decisions for the console window, as plain data and pure functions so they
 * are unit-tested without Electron (the shell in src/main/electron applies them). The
 * browser host uses the same Content-Security-Policy builder.
 */

/** The renderer is served from a privileged custom scheme, so it has a real origin the checks below can pin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface CspOptions {
  /** Extra sources for connect-src beyond 'self' (e.g. the browser host's ws:// origin). */
  connectSources?: readonly string[];
}

/** No inline scripts, no eval, nothing from elsewhere, no framing: the renderer only talks to its own origin. */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.connectSources ?? [])]],
    ['manifest-src', ["'self'"]],
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/**
 * Headers for every response that carries the renderer. The CSP travels only here, never in a
 * meta element: frame-ancestors is ignored there (with an error on every load). Permissions-Policy
 * names only features Chromium knows (an unknown one is a warning on every load); Bluetooth
 * needs a permission the windows refuse anyway (permissionDecision).
 */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
  };
}

/** Structurally what Electron's WebPreferences accepts; kept here so this module needs no Electron types. */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  enableWebSQL: false;
  devTools: boolean;
}

export function secureWebPreferences(preloadPath: string, options: { devTools?: boolean } = {}): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    enableWebSQL: false,
    devTools: options.devTools ?? false,
  };
}

export interface SecureWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: false;
  backgroundColor: string;
  autoHideMenuBar: true;
  webPreferences: SecureWebPreferences;
}

export function secureWindowOptions(options: { preloadPath: string; title?: string; devTools?: boolean }): SecureWindowOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: options.title ?? 'Agent Console',
    // Shown on 'ready-to-show' so the agent never sees a blank frame.
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath, { devTools: options.devTools ?? false }),
  };
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // Custom schemes report origin "null"; build it from scheme and host instead.
    return parsed.origin !== 'null' ? parsed.origin : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function isAppUrl(url: string | undefined | null, appOrigin: string = APP_ORIGIN): boolean {
  return typeof url === 'string' && originOf(url) === appOrigin;
}

/** In-page routing stays inside the app; any navigation elsewhere (a link, a redirect, a drop) is refused. */
export function isAllowedNavigation(targetUrl: string, appOrigin: string = APP_ORIGIN): boolean {
  return isAppUrl(targetUrl, appOrigin);
}

/** The console never opens windows: links to elsewhere are refused, not handed to a browser. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Nothing the console does needs camera, microphone, notifications from the page, geolocation, … */
export function permissionDecision(_permission: string): boolean {
  return false;
}

/**
 * Whether an IPC message may be served: it must come from the app's main window, from its
 * main frame (not an iframe an injected page could add), while that frame shows the app.
 */
export function isTrustedIpcSender(sender: { isFromMainWindow: boolean; isMainFrame: boolean; frameUrl: string | undefined | null }, appOrigin: string = APP_ORIGIN): boolean {
  return sender.isFromMainWindow && sender.isMainFrame && isAppUrl(sender.frameUrl, appOrigin);
}

/** Resolves an app:// URL to a file under `rootDir`, or null if it would escape it. */
export function appUrlToRelativePath(url: string, appOrigin: string = APP_ORIGIN): string | null {
  if (!isAppUrl(url, appOrigin)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const segments = pathname.split(/[/\\]+/).filter((segment) => segment.length > 0);
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  return segments.length === 0 ? 'index.html' : segments.join('/');
}
