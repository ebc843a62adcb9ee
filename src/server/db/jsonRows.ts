import type { Queryable } from './database';

/**
 * The rows of `select` as one JSON value (json_agg of each row as an object keyed by its column
 * names), parsed here in one JSON.parse. Why: the embedded database decodes every value of every
 * row one by one in JavaScript, which for a few thousand rows costs several times what the query
 * does (a supervisor's scope, a pull page); one text value is decoded natively. Columns come back
 * as JSON gives them: text, numbers (bigint as a number), booleans, null, and json/jsonb as parsed
 * JSON, never a Date. In no particular order (an aggregate does not keep its input's, and sorting
 * wide rows inside the database can spill them to disk): sort what comes back.
 */
export async function queryJsonRows<R>(q: Queryable, select: string, params: readonly unknown[] = []): Promise<R[]> {
  const { rows } = await q.query<{ rows: string }>(`SELECT coalesce(json_agg(r), '[]')::text AS rows FROM (${select}) AS r`, params);
  return JSON.parse(rows[0]?.rows ?? '[]') as R[];
}
