import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../src/server/db/migrate';
import { describeEachBackend } from '../helpers/backends';

describe('loadMigrations', () => {
  it('reads the shipped migrations in version order starting at 1', async () => {
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const versions = migrations.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(migrations[0]?.sql).toMatch(/CREATE TABLE case_events/);
  });

  it('allows a gap (a number handed to a branch not merged yet), refuses a repeated number and a badly named file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    try {
      await writeFile(path.join(dir, '001_first.sql'), 'SELECT 1;');
      await writeFile(path.join(dir, '003_third.sql'), 'SELECT 1;');
      expect((await loadMigrations(dir)).map((m) => m.version)).toEqual([1, 3]);
      await writeFile(path.join(dir, '003_another.sql'), 'SELECT 1;');
      await expect(loadMigrations(dir)).rejects.toThrow(/repeats version 3/);
      await rm(path.join(dir, '003_another.sql'));
      await rm(path.join(dir, '003_third.sql'));
      await writeFile(path.join(dir, '002 Second.sql'), 'SELECT 1;');
      await expect(loadMigrations(dir)).rejects.toThrow(/must be named/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describeEachBackend('migrate', (suite) => {
  it('applies every migration once and is a no-op the second time', async () => {
    const { db } = suite;
    const all = await loadMigrations();
    expect(await migrate(db)).toEqual(all.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => Number(row.version))).toEqual(all.map((m) => m.version));
    const counter = await db.query<{ value: unknown }>('SELECT value FROM sync_counter');
    expect(counter.rows.map((row) => Number(row.value))).toEqual([0]);
  });

  it('rolls back every step of a run when one migration fails', async () => {
    const { db } = suite;
    await db.exec('DROP TABLE IF EXISTS schema_migrations');
    const broken = [
      { version: 1, name: 'good', sql: 'CREATE TABLE made_by_good (x integer);' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE made_by_bad (x integer); SELECT * FROM no_such_table;' },
    ];
    await expect(migrate(db, broken)).rejects.toThrow();
    const { rows } = await db.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('made_by_good', 'made_by_bad')",
      [db.schema],
    );
    expect(rows).toEqual([]);
    const recorded = await db.query('SELECT version FROM schema_migrations');
    expect(recorded.rows).toEqual([]);
  });
});
