import type { LiveChanged, LiveEnded } from '../../shared/sync/protocol';
import { findSession } from '../auth/sessions';
import type { Database } from '../db/database';
import { defaultPolicyConfig } from '../sync/policyConfig';
import { visibleStreams } from '../sync/visibleStreams';
import type { LiveSignal } from './liveHub';

export interface LiveStreamOptions {
  db: Database;
  token: string;
  agentId: string;
  now: () => Date;
  /** The stream is open, as of `head`. */
  ready(head: number): void;
  /** A nudge for the desktop. */
  send(message: LiveChanged): void;
  /** The session is over: say why and close. */
  end(reason: LiveEnded): void;
}

export interface LiveStream {
  /** Decides what the desktop holds now, then says ready; false when the session is over (and the desktop was told). */
  open(head: number): Promise<boolean>;
  onSignal(signal: LiveSignal): void;
  /** Re-reads the session (expired or revoked: the stream ends). */
  checkSession(): void;
  close(): void;
}

const ENDED: Record<'unknown' | 'expired' | 'revoked', LiveEnded> = {
  expired: { code: 'session_expired', message: 'Your session has expired.' },
  revoked: { code: 'session_revoked', message: 'Your session was ended (signed out, signed in again elsewhere on this device, or by a supervisor).' },
  unknown: { code: 'invalid_token', message: 'Your session is not recognised (signed out, or the service was reset).' },
};

/**
 * One desktop's live stream. It tells the desktop only that something it may see changed — never
 * what — and only when the change touched a stream in its scope as the pull decides it (the same
 * visibleStreams with the same policy), before or after the change: an event on a case it holds,
 * on a case that just entered its scope (assigned, transferred to it), or on one that just left it.
 * The desktop then pulls, and the pull decides what it gets. Signals that arrive while one is being
 * decided fold into the next decision, so a busy service costs each stream one scope query at a time.
 */
export function createLiveStream(options: LiveStreamOptions): LiveStream {
  const { db, token, now } = options;
  let held = new Set<string>();
  let closed = false;
  let deciding = false;
  let pendingSeq = 0;
  let pendingStreams = new Set<string>();
  let pendingScope = false;
  let pendingSession = false;
  let pendingResync = false;
  let opened = false;
  let lastSent = 0;

  /** The session as the service has it now (null: ended, and the desktop was told). */
  async function session() {
    const lookup = await findSession(db, token, now());
    if (lookup.ok) return lookup.session;
    closed = true;
    options.end(ENDED[lookup.problem]);
    return null;
  }

  async function scope(agent: NonNullable<Awaited<ReturnType<typeof session>>>['agent']): Promise<Set<string> | null> {
    const config = await defaultPolicyConfig();
    // Without the roles file nobody's scope can be decided: say nothing (the pull answers 503 meanwhile).
    return config.ok ? visibleStreams(db, agent, now(), config.config) : null;
  }

  async function decide(): Promise<void> {
    if (deciding || closed || !opened) return;
    deciding = true;
    try {
      while (!closed && (pendingStreams.size > 0 || pendingScope || pendingSession || pendingResync)) {
        const streams = pendingStreams;
        const seq = pendingSeq;
        const scopeAsked = pendingScope;
        const resync = pendingResync;
        pendingStreams = new Set();
        pendingScope = false;
        pendingSession = false;
        pendingResync = false;
        const current = await session();
        if (!current) return;
        // Events only on streams the desktop already holds need no scope query: they are its to pull.
        const allHeld = [...streams].every((streamId) => held.has(streamId));
        if (resync) {
          // Notes were missed: the desktop pulls whatever its scope is now.
          const visible = await scope(current.agent);
          if (visible) held = visible;
          send({ seq, scope: true });
          continue;
        }
        if (streams.size > 0 && allHeld && !scopeAsked) {
          send({ seq, scope: false });
          continue;
        }
        if (streams.size === 0 && !scopeAsked) continue; // a session check alone
        const visible = await scope(current.agent);
        if (!visible || closed) continue;
        const touchesScope = [...streams].some((streamId) => held.has(streamId) || visible.has(streamId));
        const scopeChanged = scopeAsked && !sameMembers(held, visible);
        held = visible;
        if (touchesScope || scopeChanged) send({ seq, scope: scopeChanged });
      }
    } catch {
      // A failed query: this nudge is lost, the desktop's poll still runs, and the next signal decides again.
    } finally {
      deciding = false;
    }
  }

  function send(message: LiveChanged): void {
    if (closed) return;
    lastSent = Math.max(lastSent, message.seq);
    options.send({ seq: lastSent, scope: message.scope });
  }

  return {
    async open(head) {
      const current = await session();
      if (!current) return false;
      held = (await scope(current.agent)) ?? new Set();
      lastSent = head;
      if (closed) return false;
      options.ready(head);
      opened = true;
      void decide(); // signals that came while the scope was read
      return true;
    },
    onSignal(signal) {
      if (closed) return;
      if (signal.kind === 'events') {
        for (const touch of signal.touched) pendingStreams.add(touch.streamId);
        pendingSeq = Math.max(pendingSeq, signal.head);
      } else if (signal.kind === 'agent') {
        if (signal.agentId !== options.agentId) return;
        pendingScope = true;
        pendingSession = true;
      } else {
        pendingResync = true;
        pendingSeq = Math.max(pendingSeq, signal.head);
      }
      void decide();
    },
    checkSession() {
      if (closed) return;
      pendingSession = true;
      void decide();
    },
    close() {
      closed = true;
    },
  };
}

function sameMembers(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const item of a) if (!b.has(item)) return false;
  return true;
}
