import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * How a browser tab gets into the host without the host token ever reaching the browser.
 *
 * The printed link carries a one-time launch code (`/launch?code=…`). The host exchanges it once
 * for a session cookie (HttpOnly, SameSite=Strict, path /) and redirects to the clean `/`, so the
 * browser's history keeps only a spent code. The cookie is `<id>.<HMAC(host token, id)>`: checked
 * without any stored state, so a tab that reloads or reconnects after the host restarts with the
 * same kept token (`npm start`: .data/desktop/host-token) still gets in, and it reveals nothing
 * of the token itself.
 */
export const SESSION_COOKIE = 'agent_console_session';
export const LAUNCH_PATH = '/launch';
export const LAUNCH_CODE_PARAM = 'code';

/** Codes minted but not yet used; older ones are forgotten past this many (each `host.url` read mints one). */
const MAX_OPEN_CODES = 64;

export interface LaunchSessions {
  /** A fresh one-time code for a launch link. */
  mintCode(): string;
  /** Spends a code: the cookie value for the tab that presented it, or null when unknown or already used. */
  redeem(code: string | undefined): string | null;
  /** Whether a request's Cookie header carries a session this host issued (under its token). */
  admits(cookieHeader: string | undefined): boolean;
  /** The Set-Cookie header value for a session. */
  setCookie(value: string): string;
}

export function createLaunchSessions(hostToken: string): LaunchSessions {
  const open = new Set<string>();
  const sign = (id: string) => createHmac('sha256', hostToken).update(`agent-console/host-session/v1:${id}`).digest('base64url');
  return {
    mintCode() {
      const code = randomBytes(24).toString('base64url');
      open.add(code);
      if (open.size > MAX_OPEN_CODES) open.delete(open.values().next().value as string);
      return code;
    },
    redeem(code) {
      if (!code || !open.delete(code)) return null;
      const id = randomBytes(16).toString('base64url');
      return `${id}.${sign(id)}`;
    },
    admits(cookieHeader) {
      const value = readCookie(cookieHeader, SESSION_COOKIE);
      if (!value) return false;
      const [id, mac, ...rest] = value.split('.');
      if (!id || !mac || rest.length > 0) return false;
      const expected = Buffer.from(sign(id));
      const presented = Buffer.from(mac);
      return presented.length === expected.length && timingSafeEqual(presented, expected);
    },
    setCookie(value) {
      return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict`;
    },
  };
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}
