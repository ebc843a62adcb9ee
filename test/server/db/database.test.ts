import { describe, expect, it } from 'vitest';
import { openDatabase, randomSchemaName, validSchemaName } from '../../../src/server/db/database';
import { insertRows } from '../../../src/server/db/insertRows';
import { BACKENDS, describeEachBackend, openTestDatabase, sharedPgliteInstance } from '../helpers/backends';

describe('schema names', () => {
  it('accepts plain identifiers and refuses anything that could break out of SQL', () => {
    expect(validSchemaName('test_abc123')).toBe('test_abc123');
    expect(validSchemaName(randomSchemaName())).toMatch(/^test_/);
    for (const bad of ['', 'Public', 'a-b', 'x"; DROP SCHEMA public; --', '1abc', 'a'.repeat(64)]) {
      expect(() => validSchemaName(bad)).toThrow(/schema name/);
    }
  });
});

describeEachBackend('database handle', (suite) => {
  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const { db } = suite;
    await db.exec('CREATE TABLE notes (id integer PRIMARY KEY, text text NOT NULL)');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO notes VALUES ($1, $2)', [1, 'kept']);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO notes VALUES ($1, $2)', [2, 'lost']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await db.query<{ id: number }>('SELECT id FROM notes ORDER BY id');
    expect(rows.map((row) => Number(row.id))).toEqual([1]);
  });

  it('inserts thousands of rows in chunks and refuses a row of the wrong width', async () => {
    const { db } = suite;
    await db.exec('CREATE TABLE bulk (id integer PRIMARY KEY, label text NOT NULL, data jsonb NOT NULL)');
    const rows = Array.from({ length: 2_345 }, (_, i) => [i, `row ${i}`, JSON.stringify({ i })]);
    await insertRows(db, 'bulk', ['id', 'label', { name: 'data', cast: 'jsonb' }], rows, { chunkRows: 1_000 });
    const { rows: counted } = await db.query<{ n: unknown; last: unknown }>("SELECT count(*) AS n, max((data->>'i')::int) AS last FROM bulk");
    expect(Number(counted[0]?.n)).toBe(2_345);
    expect(Number(counted[0]?.last)).toBe(2_344);
    await expect(insertRows(db, 'bulk', ['id', 'label', 'data'], [[1, 'short']])).rejects.toThrow(/2 values for 3 columns/);
  });

  it('keeps each schema to itself', async () => {
    const other = await openTestDatabase(suite.backend);
    try {
      await other.db.exec('CREATE TABLE only_here (x integer)');
      await expect(suite.db.query('SELECT * FROM only_here')).rejects.toThrow();
      await other.db.query('INSERT INTO only_here VALUES (1)');
      // Interleaved use of two handles must not leak one's search_path into the other.
      const [mine, theirs] = await Promise.all([
        suite.db.query<{ schema: string }>('SELECT current_schema() AS schema'),
        other.db.query<{ schema: string }>('SELECT current_schema() AS schema'),
      ]);
      expect(mine.rows[0]?.schema).toBe(suite.db.schema);
      expect(theirs.rows[0]?.schema).toBe(other.db.schema);
    } finally {
      await other.dispose();
    }
  });
});

describe.skipIf(!BACKENDS.find((b) => b.name === 'pglite')?.available)('shared PGlite', () => {
  it('stays open for other handles when one handle closes', async () => {
    const pglite = await sharedPgliteInstance();
    const first = await openDatabase({ pglite, schema: randomSchemaName() });
    await first.close();
    await expect(first.query('SELECT 1')).rejects.toThrow(/closed/);
    const second = await openDatabase({ pglite, schema: randomSchemaName() });
    const { rows } = await second.query<{ one: number }>('SELECT 1 AS one');
    expect(rows[0]?.one).toBe(1);
    await second.close();
  });
});
