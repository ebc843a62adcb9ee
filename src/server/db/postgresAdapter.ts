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
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function runQuery<R extends Row>(target: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) {
  const result = await target.query<R>(sql, params ? [...params] : undefined);
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}
