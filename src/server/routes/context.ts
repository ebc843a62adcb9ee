import type { Database } from '../db/database';

/** What every route needs: the database and the service clock (injectable so tests can move time). */
export interface RouteContext {
  db: Database;
  now: () => Date;
}
