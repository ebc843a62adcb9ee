import type { ReadModelDb } from './db';

/**
 * Plain IndexedDB reads on the read model's own connection, for the few paths where Dexie's
 * promise and zone bookkeeping is most of the cost (the screen pop's first paint measured about
 * 1.5 ms of it in a 3 ms lookup). Everything that writes, and every live query, stays on Dexie.
 */

/** The read model's IndexedDB connection, opening it first if the console has not yet. */
export async function nativeConnection(db: ReadModelDb): Promise<IDBDatabase> {
  if (!db.isOpen()) await db.open();
  return db.backendDB();
}

/**
 * One request as a native promise. Its continuations run in the microtask checkpoint after the
 * success event, while the transaction is still active, so one transaction can chain reads.
 */
export function requested<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('an IndexedDB read failed'));
  });
}
