import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database';

interface SharedState {
  /** Chains every operation on one PGlite so a handle can switch search_path without another handle's statement slipping in between. */
  tail: Promise<unknown>;
  currentSchema: string | null;
}

const sharedStates = new WeakMap<PGlite, SharedState>();

function stateOf(pglite: PGlite): SharedState {
  let state = sharedStates.get(pglite);
  if (!state) {
    state = { tail: Promise.resolve(), currentSchema: null };
    sharedStates.set(pglite, state);
  }
  return state;
}

export async function openPgliteDatabase(options: { dataDir?: string; shared?: PGlite; schema: string }): Promise<Database> {
  const { schema } = options;
  let pglite = options.shared;
  const owned = !pglite;
  if (!pglite) {
    if (options.dataDir) {
      // PGlite creates only the last folder of the path itself.
      await mkdir(options.dataDir, { recursive: true });
      pglite = await PGlite.create(path.join(options.dataDir, 'pgdata'));
    } else {
      pglite = await PGlite.create();
    }
  }
  const db = pglite;
  const state = stateOf(db);
  let closed = false;

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new Error('the database is closed'));
    const run = state.tail.then(async () => {
      if (state.currentSchema !== schema) {
        await db.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"; SET search_path TO "${schema}"`);
        state.currentSchema = schema;
      }
      return work();
    });
    state.tail = run.catch(() => undefined);
    return run;
  }

  return {
    kind: 'pglite',
    schema,
    query<R extends Row = Row>(sql: string, params?: readonly unknown[]) {
      return exclusive(() => runQuery<R>(db, sql, params));
    },
    exec(sql: string) {
      return exclusive(async () => {
        await db.exec(sql);
      });
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return exclusive(() => db.transaction((tx) => fn(wrapTransaction(tx))));
    },
    async listen(channel: string, onPayload: (payload: string | null) => void) {
      if (closed) throw new Error('the database is closed');
      // Not through `exclusive`: LISTEN does not depend on search_path, and PGlite queues it behind any open transaction itself.
      const stop = await db.listen(channel, (payload) => onPayload(payload));
      return async () => {
        if (!db.closed) await stop();
      };
    },
    async close() {
      if (closed) return;
      await exclusive(async () => undefined);
      closed = true;
      // Closing flushes and releases the data directory so the same folder can be reopened.
      if (owned) await db.close();
    },
  };
}

function wrapTransaction(tx: Transaction): Queryable {
  return {
    query: <R extends Row = Row>(sql: string, params?: readonly unknown[]) => runQuery<R>(tx, sql, params),
    exec: async (sql: string) => {
      await tx.exec(sql);
    },
  };
}

async function runQuery<R extends Row>(target: Pick<PGlite, 'query'> | Transaction, sql: string, params?: readonly unknown[]) {
  const result = await target.query<R>(sql, params ? [...params] : undefined);
  return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
}
