import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, randomSchemaName, type Database } from '../../../src/server/db/database';

export type BackendName = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL only when DATABASE_URL is set (the suite shows it as skipped otherwise). */
export const BACKENDS: readonly { name: BackendName; available: boolean }[] = [
  { name: 'pglite', available: true },
  { name: 'postgres', available: Boolean(process.env.DATABASE_URL) },
];

let sharedPglite: Promise<PGlite> | undefined;

/** One embedded database per test file (opening one costs seconds); suites isolate themselves in schemas. */
export function sharedPgliteInstance(): Promise<PGlite> {
  sharedPglite ??= PGlite.create();
  return sharedPglite;
}

/** Opens a database in a fresh random schema; dispose() drops the schema so no state outlives the suite. */
export async function openTestDatabase(backend: BackendName): Promise<{ db: Database; dispose(): Promise<void> }> {
  const schema = randomSchemaName();
  const db =
    backend === 'pglite'
      ? await openDatabase({ pglite: await sharedPgliteInstance(), schema })
      : await openDatabase({ databaseUrl: process.env.DATABASE_URL, schema });
  return {
    db,
    async dispose() {
      await db.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await db.close();
    },
  };
}

export interface BackendSuite {
  readonly backend: BackendName;
  /** The suite's database, available from beforeAll on. */
  readonly db: Database;
}

/**
 * Runs the same suite against every backend, each in its own fresh schema. `setup` runs once
 * after the database opens (migrate, seed) so the suite's tests share it.
 */
export function describeEachBackend(title: string, body: (suite: BackendSuite) => void, setup?: (db: Database) => Promise<void>): void {
  for (const { name, available } of BACKENDS) {
    describe.skipIf(!available)(`${title} [${name}]`, () => {
      let opened: { db: Database; dispose(): Promise<void> } | undefined;
      const suite: BackendSuite = {
        backend: name,
        get db() {
          if (!opened) throw new Error('the suite database is opened in beforeAll');
          return opened.db;
        },
      };
      beforeAll(async () => {
        opened = await openTestDatabase(name);
        if (setup) await setup(opened.db);
      }, 120_000);
      afterAll(async () => {
        await opened?.dispose();
      });
      body(suite);
    });
  }
}
