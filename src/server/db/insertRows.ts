import type { Queryable } from './database';

export interface Column {
  name: string;
  /** SQL type cast for the parameter, e.g. 'jsonb' for a value passed as JSON text. */
  cast?: string;
}

/** Rows per statement: large enough to amortise the round trip, small enough to stay far below PostgreSQL's 65,535 parameters. */
export const INSERT_CHUNK_ROWS = 1000;

/**
 * Multi-row INSERT in chunks. One statement per thousand rows instead of one per row is
 * what keeps seeding tens of thousands of rows into PGlite to a few seconds.
 */
export async function insertRows(
  db: Queryable,
  table: string,
  columns: readonly (string | Column)[],
  rows: readonly (readonly unknown[])[],
  options: { chunkRows?: number; suffix?: string } = {},
): Promise<void> {
  const cols = columns.map((column) => (typeof column === 'string' ? { name: column } : column));
  const chunkRows = Math.max(1, Math.min(options.chunkRows ?? INSERT_CHUNK_ROWS, Math.floor(60_000 / cols.length)));
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk = rows.slice(start, start + chunkRows);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      if (row.length !== cols.length) throw new Error(`insert into ${table}: row has ${row.length} values for ${cols.length} columns`);
      const placeholders = cols.map((column, index) => {
        params.push(row[index]);
        return column.cast ? `$${params.length}::${column.cast}` : `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const sql = `INSERT INTO ${table} (${cols.map((column) => column.name).join(', ')}) VALUES ${tuples.join(', ')}${options.suffix ? ` ${options.suffix}` : ''}`;
    await db.query(sql, params);
  }
}
