import type { Database } from '../db/database';
import { LIVE_CHANNEL, parseLiveNote } from './liveChannel';

/** An event committed on a stream (case or contact). */
export interface Touch {
  seq: number;
  streamId: string;
}

export type LiveSignal =
  /** Events committed since the last signal, in seq order. */
  | { kind: 'events'; touched: Touch[]; head: number }
  /** Something about this agent changed without an event (look-ups, sessions ended). */
  | { kind: 'agent'; agentId: string }
  /** Notes may have been missed (the listening connection was re-established): re-check everything. */
  | { kind: 'resync'; head: number };

export interface LiveHub {
  /** Resolves once this process listens, so nothing committed after it is missed. */
  subscribe(listener: (signal: LiveSignal) => void): Promise<() => void>;
  /** The highest seq this process has read (signals after it are still to come). */
  head(): number;
  close(): Promise<void>;
}

/** Rows read per query when catching up after a note. */
const READ_PAGE = 2_000;

/**
 * One per service process: listens on the live channel of its database (so notes from every
 * process on the same PostgreSQL arrive), reads which streams the newly committed events touched —
 * once for all connected desktops — and hands that to each stream, which decides what its desktop
 * may hear. Listening starts with the first subscriber.
 */
export function createLiveHub(db: Database): LiveHub {
  const listeners = new Set<(signal: LiveSignal) => void>();
  let starting: Promise<void> | null = null;
  let stopListening: (() => Promise<void>) | null = null;
  let closed = false;
  let lastSeen = 0;
  let reading = false;
  let again = false;
  let resyncDue = false;

  const dispatch = (signal: LiveSignal) => {
    for (const listener of listeners) listener(signal);
  };

  async function head(): Promise<number> {
    const { rows } = await db.query<{ value: unknown }>('SELECT value FROM sync_counter WHERE id = 1');
    return Number(rows[0]?.value ?? 0);
  }

  /** Reads what committed past lastSeen; notes that arrive meanwhile fold into one more round. */
  async function catchUp(): Promise<void> {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        const resync = resyncDue;
        resyncDue = false;
        for (;;) {
          const { rows } = await db.query<{ seq: unknown; case_id: string }>('SELECT seq, case_id FROM case_events WHERE seq > $1 ORDER BY seq LIMIT $2', [lastSeen, READ_PAGE]);
          if (rows.length === 0) break;
          const touched = rows.map((row) => ({ seq: Number(row.seq), streamId: row.case_id }));
          lastSeen = touched[touched.length - 1]!.seq;
          dispatch({ kind: 'events', touched, head: lastSeen });
          if (rows.length < READ_PAGE) break;
        }
        if (resync) dispatch({ kind: 'resync', head: lastSeen });
      } while (again && !closed);
    } catch {
      // The database is unreachable or closing: the next note (or the desktops' polls) will do.
    } finally {
      reading = false;
    }
  }

  function onPayload(payload: string | null): void {
    if (closed) return;
    if (payload === null) {
      resyncDue = true;
      void catchUp();
      return;
    }
    const note = parseLiveNote(payload);
    if (!note || note.schema !== db.schema) return;
    if (note.kind === 'agent') dispatch({ kind: 'agent', agentId: note.agentId });
    else if (note.seq > lastSeen) void catchUp();
  }

  function start(): Promise<void> {
    starting ??= (async () => {
      stopListening = await db.listen(LIVE_CHANNEL, onPayload);
      // Read after listening: a commit between the two is both below the head and notified, never neither.
      lastSeen = await head();
    })().catch((error: unknown) => {
      starting = null; // the next connection tries again
      throw error;
    });
    return starting;
  }

  return {
    async subscribe(listener) {
      if (closed) throw new Error('the live hub is closed');
      await start();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    head: () => lastSeen,
    async close() {
      closed = true;
      listeners.clear();
      await starting?.catch(() => undefined);
      await stopListening?.().catch(() => undefined);
    },
  };
}
