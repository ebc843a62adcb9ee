import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from './db/database';
import { decoyPasswordHash } from './auth/passwords';
import { createClientErrorHandler } from './http/clientErrors';
import { frameworkErrorHandler, installErrorHandlers } from './http/errorHandler';
import { trackRoutes } from './http/routeTable';
import { closeUnusedConnectionsOnClose } from './http/unusedConnections';
import { registerSlaConfigRoutes } from './http/slaConfigRoutes';
import { registerAuthRoutes } from './routes/authRoutes';
import { registerDirectoryRoutes } from './routes/directoryRoutes';
import { registerScreenPopRoutes } from './routes/screenPopRoutes';
import { registerSyncRoutes } from './routes/syncRoutes';
import { createLiveHub } from './live/liveHub';
import { registerLiveRoutes } from './live/liveRoutes';
import { registerWebhookRoutes } from './webhooks/webhookRoutes';
import { registerNotificationRoutes } from './notifications/notificationRoutes';
import type { CaseOutbox } from './notifications/caseOutbox';
import { registerTelephonyRoutes } from './telephony/telephonyRoutes';
import { ReportData } from './reports/reportData';
import { registerReportRoutes } from './reports/reportRoutes';
import { registerQaRoutes } from './reports/qaRoutes';
import { BUNDLED_STAFFING_SETTINGS } from '../shared/staffing/staffingSettings';
import type { SlaConfig } from '../shared/sla/policy';
import { MAX_REQUEST_BODY_BYTES, MAX_REQUEST_HEADER_BYTES } from '../shared/validation/limits';
import { BUNDLED_LOOKUP_LIMITS, type LookupLimits } from '../shared/screenpop/lookupLimits';
import { createLookupRateLimit } from './customers/lookupRateLimit';
import { BUNDLED_AUTH_SETTINGS, type AuthSettings } from '../shared/auth/authSettings';

export interface AppOptions {
  /** A migrated database (see migrate()). */
  db: Database;
  now?: () => Date;
  logger?: boolean;
  /** The SLA configuration in force, served to desktops at GET /v1/config/sla (absent or null: 503). */
  slaConfig?: () => SlaConfig | null;
  /** The telephony connector's bearer token (POST /v1/telephony/facts); absent or null: that route answers 503. */
  connectorToken?: () => string | null;
  /** Per-agent look-up allowance and digest-key lifetime (default resources/customer-lookups.json). */
  lookupLimits?: () => LookupLimits;
  /** Lockout, token lifetimes and the second factor (default resources/auth.json as bundled). */
  auth?: AuthSettings;
  /** Templates and webhook endpoints for customer notifications and webhooks written with pushed events. */
  caseOutbox?: () => CaseOutbox;
  /** Called after a push committed (wakes the senders). */
  afterCaseWrite?: () => void;
}

const clocks = new WeakMap<FastifyInstance, () => Date>();

/** The service's clock (injected in tests): what a time-based code such as TOTP is checked against. */
export function serviceClock(app: FastifyInstance): () => Date {
  return clocks.get(app) ?? (() => new Date());
}

/** The HTTP service without a listening socket: tests drive it with app.inject(). */
export function buildApp(options: AppOptions): FastifyInstance {
  // Limits documented in the README (Limits): bodies over the limit are answered 413, heads 431.
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: MAX_REQUEST_BODY_BYTES,
    http: { maxHeaderSize: MAX_REQUEST_HEADER_BYTES },
    clientErrorHandler: createClientErrorHandler(),
    frameworkErrors: frameworkErrorHandler,
  });
  trackRoutes(app);
  closeUnusedConnectionsOnClose(app);
  const context = {
    db: options.db,
    now: options.now ?? (() => new Date()),
    ...(options.caseOutbox ? { caseOutbox: options.caseOutbox } : {}),
    ...(options.afterCaseWrite ? { afterCaseWrite: options.afterCaseWrite } : {}),
  };
  clocks.set(app, context.now);
  // Computed now, so the first sign-in with an unknown user name is not slower than the rest.
  void decoyPasswordHash();
  installErrorHandlers(app);
  app.get('/v1/health', async () => ({ ok: true }));
  registerAuthRoutes(app, context, options.auth ?? BUNDLED_AUTH_SETTINGS);
  registerSyncRoutes(app, context);
  // Live push: one listener on the database per process, fanning notes out to connected desktops.
  registerLiveRoutes(app, context, createLiveHub(options.db));
  const lookupLimits = options.lookupLimits ?? (() => BUNDLED_LOOKUP_LIMITS);
  const lookups = { limits: lookupLimits, rateLimit: createLookupRateLimit(lookupLimits, context.now) };
  registerDirectoryRoutes(app, context, lookups);
  registerScreenPopRoutes(app, context, lookups);
  registerWebhookRoutes(app, context);
  registerNotificationRoutes(app, context);
  registerSlaConfigRoutes(app, context, { slaConfig: options.slaConfig ?? (() => null) });
  registerTelephonyRoutes(app, context, { connectorToken: options.connectorToken ?? (() => null) });
  // Reports and QA read one folded copy of the events, refreshed when the tables change.
  const reportData = new ReportData(options.db);
  const slaConfig = options.slaConfig ?? (() => null);
  registerReportRoutes(app, context, { data: reportData, slaConfig });
  registerQaRoutes(app, context, { data: reportData, timeZone: () => slaConfig()?.calendars.get(BUNDLED_STAFFING_SETTINGS.calendar)?.timeZone ?? 'UTC' });
  return app;
}
