import fc from 'fast-check';
import { expect, it } from 'vitest';
import { queryJsonRows } from '../../../src/server/db/jsonRows';
import { describeEachBackend } from '../helpers/backends';

describeEachBackend(
  'rows as one JSON value',
  (suite) => {
    it('gives the same rows as a plain query, columns as JSON gives them', async () => {
      const rows = await queryJsonRows<{ id: string; seq: number; note: string | null; body: unknown; flag: boolean }>(
        suite.db,
        'SELECT id, seq, note, body, flag FROM json_rows_sample WHERE seq > $1',
        [1],
      );
      expect(rows.sort((a, b) => a.seq - b.seq)).toEqual([
        { id: 'b', seq: 2, note: null, body: { text: 'ünïcödé "quoted"\nline', n: [1, 2] }, flag: false },
        { id: 'c', seq: 9_007_199_254_740_991, note: "it's", body: [], flag: true },
      ]);
      expect(await queryJsonRows(suite.db, 'SELECT id FROM json_rows_sample WHERE seq < 0')).toEqual([]);
    });

    it('property: any text survives the round trip', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.string({ unit: 'binary' }).map((text) => text.replaceAll('\u0000', '')), { maxLength: 20 }), async (texts) => {
          const rows = await queryJsonRows<{ n: number; text: string }>(suite.db, 'SELECT n::int AS n, text FROM unnest($1::text[]) WITH ORDINALITY AS t(text, n)', [texts]);
          expect(rows.sort((a, b) => a.n - b.n).map((row) => row.text)).toEqual(texts);
        }),
        { numRuns: 30 },
      );
    });
  },
  async (db) => {
    await db.exec('CREATE TABLE json_rows_sample (id text PRIMARY KEY, seq bigint NOT NULL, note text, body jsonb NOT NULL, flag boolean NOT NULL)');
    await db.query('INSERT INTO json_rows_sample VALUES ($1, 1, $2, $3, true), ($4, 2, NULL, $5, false), ($6, $7, $8, $9, true)', [
      'a',
      'first',
      JSON.stringify({}),
      'b',
      JSON.stringify({ text: 'ünïcödé "quoted"\nline', n: [1, 2] }),
      'c',
      '9007199254740991',
      "it's",
      JSON.stringify([]),
    ]);
  },
);
