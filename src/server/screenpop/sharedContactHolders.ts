import type { Queryable } from '../db/database';

/** Most extra customers one working-set request may bring in through shared lines (a household has two or three). */
export const MAX_SHARED_HOLDERS = 200;

/**
 * Everyone, beyond the given customers, who shares a phone number or an email address with one
 * of them. A desktop's working set must hold every holder of an identifier it holds: otherwise a
 * call from a shared household line would match only the one holder the desktop happens to know
 * and pop the wrong customer, instead of asking the agent who is calling.
 */
export async function sharedContactHolders(db: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `SELECT DISTINCT other.id
       FROM customers requested
       JOIN customers other ON other.id <> ALL($1::text[]) AND (other.phone = requested.phone OR lower(other.email) = lower(requested.email))
      WHERE requested.id = ANY($1::text[])
      ORDER BY other.id
      LIMIT ${MAX_SHARED_HOLDERS}`,
    [ids],
  );
  return rows.map((row) => row.id);
}
