import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/**
 * Reads migrations/NNN_name.sql in version order. Numbers are handed out per line of work
 * (docs: PLAN.md), so a gap only means another branch's migration has not been merged yet and
 * is allowed; a repeated number is a packaging mistake, so it throws. Every migration records
 * its own version, so one merged later than a higher number is still applied, once.
 */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = MIGRATION_FILE.exec(file);
    if (!match) throw new Error(`migration file ${file} must be named NNN_lower_case_name.sql`);
    const version = Number(match[1]);
    const previous = migrations.at(-1)?.version ?? 0;
    if (version === previous) throw new Error(`migration ${file} repeats version ${version}: give it its own number`);
    if (version < 1) throw new Error(`migration ${file} must be numbered from 001`);
    migrations.push({ version, name: match[2] ?? file, sql: await readFile(`${dir}/${file}`, 'utf8') });
  }
  return migrations;
}

/**
 * Applies every migration not yet recorded in schema_migrations, in order, in one
 * transaction: a failure leaves the schema exactly as it was. The table lock makes two
 * services starting together against one PostgreSQL apply each migration once.
 * Returns the versions applied by this call.
 */
export async function migrate(db: Database, migrations?: Migration[]): Promise<number[]> {
  const all = migrations ?? (await loadMigrations());
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  return db.transaction(async (tx) => {
    await tx.exec('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    const applied: number[] = [];
    for (const migration of all) {
      if (done.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return applied;
  });
}
