import type { Database } from '../db/database';
import type { CaseOutbox } from '../notifications/caseOutbox';

/** What every route needs: the database and the service clock (injectable so tests can move time). */
export interface RouteContext {
  db: Database;
  now: () => Date;
  /** Templates and webhook endpoints for what pushed events change (default: bundled templates, no endpoints). */
  caseOutbox?: () => CaseOutbox;
  /** Called after a push committed: wakes the notification and webhook senders. */
  afterCaseWrite?: () => void;
}
