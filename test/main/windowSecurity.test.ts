import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  appUrlToRelativePath,
  contentSecurityPolicy,
  isAllowedNavigation,
  isTrustedIpcSender,
  permissionDecision,
  secureWebPreferences,
  secureWindowOptions,
  securityHeaders,
  windowOpenDecision,
} from '../../src/main/windowSecurity';

describe('window security settings', () => {
  it('turns on every isolation option and off every escape hatch', () => {
    const preferences = secureWebPreferences('/app/out/preload/index.cjs');
    expect(preferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      devTools: false,
    });
  });

  it('builds window options around those preferences, hidden until ready', () => {
    const options = secureWindowOptions({ preloadPath: '/p.cjs' });
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(options.show).toBe(false);
    expect(secureWindowOptions({ preloadPath: '/p.cjs', devTools: true }).webPreferences).toMatchObject({ devTools: true, sandbox: true, contextIsolation: true });
  });

  it('has a CSP with no inline or eval script, no framing and connections only to itself', () => {
    const csp = contentSecurityPolicy();
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toMatchObject({
      'default-src': "'none'",
      'script-src': "'self'",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
      'form-action': "'none'",
    });
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(contentSecurityPolicy({ connectSources: ['ws://127.0.0.1:5173'] })).toContain("connect-src 'self' ws://127.0.0.1:5173");
    expect(securityHeaders(csp)).toMatchObject({ 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY' });
  });

  it('names in Permissions-Policy only features Chromium knows (an unknown one warns on every load)', () => {
    const features = securityHeaders(contentSecurityPolicy())['Permissions-Policy']?.split(', ').map((entry) => entry.split('=')[0]);
    expect(features).toEqual(['camera', 'microphone', 'geolocation', 'usb', 'serial', 'hid', 'payment']);
  });

  it('refuses navigation anywhere but the app, new windows and every permission', () => {
    expect(isAllowedNavigation(`${APP_ORIGIN}/index.html#/cases/1`)).toBe(true);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'not a url', 'http://127.0.0.1:5173/']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) expect(permissionDecision(permission)).toBe(false);
  });

  it('serves IPC only to the main frame of the main window while it shows the app', () => {
    const trusted = { isFromMainWindow: true, isMainFrame: true, frameUrl: `${APP_ORIGIN}/index.html` };
    expect(isTrustedIpcSender(trusted)).toBe(true);
    expect(isTrustedIpcSender({ ...trusted, isMainFrame: false })).toBe(false);
    expect(isTrustedIpcSender({ ...trusted, isFromMainWindow: false })).toBe(false);
    expect(isTrustedIpcSender({ ...trusted, frameUrl: 'https://evil.example/' })).toBe(false);
    expect(isTrustedIpcSender({ ...trusted, frameUrl: undefined })).toBe(false);
    expect(isTrustedIpcSender({ ...trusted, frameUrl: 'http://localhost:5173/' }, 'http://localhost:5173')).toBe(true);
  });

  it('maps app:// URLs to files inside the renderer folder only', () => {
    expect(appUrlToRelativePath(`${APP_ORIGIN}/`)).toBe('index.html');
    expect(appUrlToRelativePath(`${APP_ORIGIN}/assets/index-1.js?v=2`)).toBe('assets/index-1.js');
    // Dot segments the URL parser resolves stay inside the root; encoded ones it leaves are refused.
    expect(appUrlToRelativePath(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`)).toBe('etc/passwd');
    for (const url of [`${APP_ORIGIN}/assets/..%2f..%2fsecret`, `${APP_ORIGIN}/..%5c..%5csecret`, `${APP_ORIGIN}/a%00b`, 'app://other/index.html', `${APP_ORIGIN}/%E0%A4%A`]) {
      expect(appUrlToRelativePath(url), url).toBeNull();
    }
    fc.assert(
      fc.property(fc.array(fc.constantFrom('..', '.', '%2e%2e', '%2f', '%5c', 'a', 'b.js', '%00', '/', '\\'), { maxLength: 8 }), (parts) => {
        const relative = appUrlToRelativePath(`${APP_ORIGIN}/${parts.join('')}`);
        if (relative === null) return;
        expect(relative.startsWith('/')).toBe(false);
        expect(relative.split(/[\\/]/)).not.toContain('..');
      }),
    );
  });
});
