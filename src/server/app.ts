import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from './db/database';
import { decoyPasswordHash } from './auth/passwords';
import { installErrorHandlers } from './http/errorHandler';
import { registerSlaConfigRoutes } from './http/slaConfigRoutes';
import { registerAuthRoutes } from './routes/authRoutes';
import { registerDirectoryRoutes } from './routes/directoryRoutes';
import { registerScreenPopRoutes } from './routes/screenPopRoutes';
import { registerSyncRoutes } from './routes/syncRoutes';
import { registerWebhookRoutes } from './webhooks/webhookRoutes';
import { registerTelephonyRoutes } from './telephony/telephonyRoutes';
import { ReportData } from './reports/reportData';
import { registerReportRoutes } from './reports/reportRoutes';
import { registerQaRoutes } from './reports/qaRoutes';
import { BUNDLED_STAFFING_SETTINGS } from '../shared/staffing/staffingSettings';
import type { SlaConfig } from '../shared/sla/policy';

export interface AppOptions {
  /** A migrated database (see migrate()). */
  db: Database;
  now?: () => Date;
  logger?: boolean;
  /** The SLA configuration in force, served to desktops at GET /v1/config/sla (absent or null: 503). */
  slaConfig?: () => SlaConfig | null;
  /** The telephony connector's bearer token (POST /v1/telephony/facts); absent or null: that route answers 503. */
  connectorToken?: () => string | null;
}

/** Room for a full push batch of large events; anything bigger is a client bug, answered with 413. */
const BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** The HTTP service without a listening socket: tests drive it with app.inject(). */
export function buildApp(options: AppOptions): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: BODY_LIMIT_BYTES });
  const context = { db: options.db, now: options.now ?? (() => new Date()) };
  // Computed now, so the first sign-in with an unknown user name is not slower than the rest.
  void decoyPasswordHash();
  installErrorHandlers(app);
  app.get('/v1/health', async () => ({ ok: true }));
  registerAuthRoutes(app, context);
  registerSyncRoutes(app, context);
  registerDirectoryRoutes(app, context);
  registerScreenPopRoutes(app, context);
  registerWebhookRoutes(app, context);
  registerSlaConfigRoutes(app, context, { slaConfig: options.slaConfig ?? (() => null) });
  registerTelephonyRoutes(app, context, { connectorToken: options.connectorToken ?? (() => null) });
  // Reports and QA read one folded copy of the events, refreshed when the tables change.
  const reportData = new ReportData(options.db);
  const slaConfig = options.slaConfig ?? (() => null);
  registerReportRoutes(app, context, { data: reportData, slaConfig });
  registerQaRoutes(app, context, { data: reportData, timeZone: () => slaConfig()?.calendars.get(BUNDLED_STAFFING_SETTINGS.calendar)?.timeZone ?? 'UTC' });
  return app;
}
