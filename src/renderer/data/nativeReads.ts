import type { ReadModelDb } from './db';

/**
 * Plain IndexedDB reads on the read model's own connection, for the few paths where Dexie's
 * promise and zone bookkeeping is most of the cost (the screen pop's first paint measured about
 * 1.5 ms of it in a 3 ms lookup). Everything that writes, and every live query, stays on Dexie.
 */

/** Connections Dexie has finished opening (schema upgrade included); a reopened database gets a new one. */
const readyConnections = new WeakMap<ReadModelDb, IDBDatabase>();

/**
 * The read model's IndexedDB connection once Dexie has finished opening it. Dexie hands out the
 * connection while a first launch's schema upgrade is still running, and a read started then
 * fails ("a version change transaction is running"), so the first use waits for the open.
 */
export async function nativeConnection(db: ReadModelDb): Promise<IDBDatabase> {
  const known = readyConnections.get(db);
  if (known && db.isOpen() && db.backendDB() === known) return known;
  await db.open();
  const connection = db.backendDB();
  readyConnections.set(db, connection);
  return connection;
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
