import pg from 'pg';
import type { Database, Queryable, Row } from './database';

export async function openPostgresDatabase(databaseUrl: string, schema: string): Promise<Database> {
  const bootstrap = new pg.Client({ connectionString: databaseUrl });
  await bootstrap.connect();
  try {
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await bootstrap.end();
  }
  // search_path as a connection option, so every pooled connection (not just the first) runs in the schema.
  const pool = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path="${schema}"`, max: 10 });
  // An idle client that loses its connection emits here; without a listener the process would crash.
  pool.on('error', () => undefined);
  let closed = false;
  const listeners = new Set<() => Promise<void>>();

  return {
    kind: 'postgres',
    schema,
    query: <R extends Row = Row>(sql: string, params?: readonly unknown[]) => runQuery<R>(pool, sql, params),
    exec: async (sql: string) => {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: <R extends Row = Row>(sql: string, params?: readonly unknown[]) => runQuery<R>(client, sql, params),
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error; // the connection is unusable: drop it rather than return it to the pool
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async listen(channel: string, onPayload: (payload: string | null) => void) {
      if (closed) throw new Error('the database is closed');
      const listener = await listenOn(databaseUrl, channel, onPayload);
      const stop = async () => {
        listeners.delete(stop);
        await listener.stop();
      };
      listeners.add(stop);
      return stop;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
}

/** LISTEN needs a connection of its own (a pooled one would be handed to others); after a loss it reconnects and says so with null. */
async function listenOn(databaseUrl: string, channel: string, onPayload: (payload: string | null) => void): Promise<{ stop(): Promise<void> }> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (message) => {
      if (message.channel === channel) onPayload(message.payload ?? '');
    });
    next.on('error', () => lose(next));
    next.on('end', () => lose(next));
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => undefined);
      return;
    }
    client = next;
  }

  function lose(lost: pg.Client): void {
    if (stopped || client !== lost) return;
    client = null;
    lost.end().catch(() => undefined);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (stopped || retry) return;
    const delay = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
    attempt += 1;
    retry = setTimeout(() => {
      retry = null;
      if (stopped) return;
      connect().then(
        () => {
          attempt = 0;
          onPayload(null); // whatever was notified while the connection was down is not known
        },
        () => scheduleReconnect(),
      );
    }, delay);
    retry.unref?.();
  }

  await connect();
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}

async function runQuery<R extends Row>(target: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) {
  const result = await target.query<R>(sql, params ? [...params] : undefined);
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}
