import Dexie, { type Table } from 'dexie';

interface AnnouncedRecord {
  key: string;
  /** When it was announced (epoch ms), so old entries can be pruned. */
  at: number;
}

/** Long after any clock could be in the same state again; keeps the store small. */
const KEEP_MS = 400 * 24 * 3_600_000;

class AnnouncedAlertsDb extends Dexie {
  declare announced: Table<AnnouncedRecord, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ announced: 'key, at' });
  }
}

export function announcedAlertsDbName(agentId: string): string {
  return `agent-console-sla-alerts-${agentId}`;
}

/**
 * Which SLA alerts this agent has already been given, kept in IndexedDB so a reload or a
 * restart does not repeat them. Separate from the read-model database on purpose: that one is
 * a disposable cache dropped at sign-out, while this is the record of what the agent was told.
 * It holds case and clock ids only, nothing about customers.
 */
export class AnnouncedAlerts {
  private readonly db: AnnouncedAlertsDb;
  private readonly keys = new Set<string>();
  readonly ready: Promise<void>;

  constructor(agentId: string, now: number = Date.now()) {
    const db = new AnnouncedAlertsDb(announcedAlertsDbName(agentId));
    const keys = this.keys;
    this.db = db;
    this.ready = (async () => {
      await db.announced.where('at').below(now - KEEP_MS).delete();
      for (const key of await db.announced.toCollection().primaryKeys()) keys.add(key);
    })();
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Marks these as announced (in memory at once, on disk before the promise resolves). */
  async remember(keys: readonly string[], at: number): Promise<void> {
    for (const key of keys) this.keys.add(key);
    await this.db.announced.bulkPut(keys.map((key) => ({ key, at })));
  }

  /** Closes the connection but lets it reopen on next use (React may mount the provider again). */
  close(): void {
    this.db.close({ disableAutoOpen: false });
  }
}
