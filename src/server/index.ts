import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { BEARER_TOKEN_PATTERN, loadOrCreateBearerToken } from '../main/services/storage/bearerTokenFile';
import { buildApp } from './app';
import type { AuthSettings } from '../shared/auth/authSettings';
import { openDatabase, type Database } from './db/database';
import { migrate } from './db/migrate';
import type { SeedSize } from './seed/generateDemoBank';
import { seedDemoBank } from './seed/seedDemoBank';
import { consoleServiceLog, type ServiceLog } from './sla/serviceLog';
import { startSlaEscalation, type SlaEscalation, type SlaEscalationOptions } from './sla/startSlaEscalation';
import { createSlaConfigStore, slaConfigLocation } from './sla/loadSlaConfigFromDir';
import { BUNDLED_NOTIFICATION_TEMPLATES } from '../shared/notifications/notificationTemplates';
import type { NotificationDispatcher } from './notifications/notificationDispatcher';
import { startCustomerNotifications, type NotificationServiceOptions } from './notifications/startNotifications';

export { buildApp, type AppOptions } from './app';
export { openDatabase, randomSchemaName, type Database, type DatabaseOptions, type Queryable } from './db/database';
export { migrate } from './db/migrate';
export { seedDemoBank, type SeedSummary } from './seed/seedDemoBank';
export { DEFAULT_SEED_SIZE, type SeedSize } from './seed/generateDemoBank';
export { DEMO_AGENTS, DEMO_PASSWORD, formatDemoCredentials, type DemoAgent } from './seed/demoAgents';
export { DEMO_UNENROLLED_USERS, demoTotpCode, demoTotpSecret } from './seed/demoMfa';
export { startSlaEscalation, type SlaEscalation, type SlaEscalationOptions } from './sla/startSlaEscalation';
export { DEFAULT_ESCALATION_STEPS, type EscalationStep } from './sla/escalationMatrix';
export { webhookEndpointsFromEnvironment, readWebhookEndpointsFile, WEBHOOKS_ENV, type WebhookEndpoint } from './webhooks/webhookConfig';
export { verifyWebhookSignature, signWebhookBody } from './webhooks/webhookSignature';
export { notificationSettingsFromEnvironment, type NotificationSettings, type SmtpSettings, type SmsWebhookSettings } from './notifications/notificationConfig';
export type { NotificationServiceOptions } from './notifications/startNotifications';

export interface CaseServiceOptions {
  /** Embedded database folder (files in `<dataDir>/pgdata`); ignored when databaseUrl is set; omitted: in memory. */
  dataDir?: string;
  /** PostgreSQL connection string; takes precedence over dataDir. */
  databaseUrl?: string;
  /** PostgreSQL schema to run in (created if missing); default public. */
  schema?: string;
  /** Default 127.0.0.1: the service is not exposed beyond this machine unless asked. */
  host?: string;
  /** 0 (default) picks a free port; read it back from the result. */
  port?: number;
  /** Seed the demo bank into an empty database: true (default, full size), false, or smaller sizes for tests. */
  seed?: boolean | Partial<SeedSize>;
  now?: () => Date;
  logger?: boolean;
  /**
   * SLA sweeps, automatic escalations and webhooks: off unless asked for (true or options), so
   * embedders and tests see only the events they write; the CLI turns it on.
   */
  escalation?: boolean | SlaEscalationOptions;
  /**
   * The telephony connector's bearer token (32+ URL-safe characters). Omitted: made once in
   * `<dataDir>/telephony-token` (0600) when there is a data directory; with neither, the
   * connector route answers 503.
   */
  telephonyToken?: string;
  /** Lockout, token lifetimes and the second factor; default resources/auth.json (bundled). */
  auth?: AuthSettings;
  /**
   * The customer-notification delivery worker (e-mail over SMTP, SMS through the provider's
   * webhook): off unless asked for (true: no sender configured, so rows are marked not_configured);
   * the CLI turns it on with the senders in its environment. Notifications are queued either way.
   */
  notifications?: boolean | NotificationServiceOptions;
}

export interface CaseService {
  url: string;
  port: number;
  db: Database;
  app: FastifyInstance;
  /** The SLA sweeper and webhook sender, when started (options.escalation). */
  escalation: SlaEscalation | null;
  /** The customer-notification delivery worker, when started (options.notifications). */
  notifications: NotificationDispatcher | null;
  /** Where the telephony connector's token is kept (null when it was passed in, or there is none). */
  telephonyTokenPath: string | null;
  /** Stops accepting requests, waits for those in flight, then releases the database (the data folder can be reopened). */
  close(): Promise<void>;
}

export async function startCaseService(options: CaseServiceOptions = {}): Promise<CaseService> {
  const now = options.now ?? (() => new Date());
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, schema: options.schema });
  let app: FastifyInstance | undefined;
  let escalation: SlaEscalation | null = null;
  let notifications: NotificationDispatcher | null = null;
  let telephonyTokenPath: string | null = null;
  try {
    await migrate(db);
    const seed = options.seed ?? true;
    if (seed !== false) await seedDemoBank(db, { now: now(), size: seed === true ? undefined : seed });
    // The SLA configuration is served to desktops whether or not this instance sweeps for breaches.
    const escalationOptions = options.escalation === true ? {} : options.escalation || null;
    const slaConfig = await createSlaConfigStore({ location: slaConfigLocation(escalationOptions?.resourcesDir), log: consoleServiceLog });
    const connector = await telephonyConnectorToken(options);
    telephonyTokenPath = connector?.path ?? null;
    const webhookOption = escalationOptions?.webhooks;
    const webhookEndpoints = typeof webhookOption === 'function' ? webhookOption : () => webhookOption ?? [];
    app = buildApp({
      db,
      now,
      logger: options.logger,
      ...(options.auth ? { auth: options.auth } : {}),
      slaConfig: () => slaConfig.current(),
      connectorToken: () => connector?.token ?? null,
      caseOutbox: () => ({ templates: BUNDLED_NOTIFICATION_TEMPLATES, webhookEndpoints: webhookEndpoints() }),
      afterCaseWrite: () => {
        notifications?.trigger();
        escalation?.webhooks.trigger();
      },
    });
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const started = app;
    const log: ServiceLog = options.logger
      ? { info: (message) => started.log.info(message), warn: (message) => started.log.warn(message), error: (message) => started.log.error(message) }
      : consoleServiceLog;
    if (escalationOptions) escalation = await startSlaEscalation({ ...escalationOptions, db, now, log, config: slaConfig });
    const notificationOptions = options.notifications === true ? {} : options.notifications || null;
    if (notificationOptions) notifications = startCustomerNotifications({ ...notificationOptions, db, now, log });
  } catch (error) {
    await notifications?.stop().catch(() => undefined);
    await escalation?.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
  const started = app;
  const address = started.server.address();
  if (!address || typeof address === 'string') throw new Error('the case service is not listening on a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    db,
    app: started,
    escalation,
    notifications,
    telephonyTokenPath,
    close() {
      closing ??= (async () => {
        await notifications?.stop();
        await escalation?.stop();
        await started.close();
        await db.close();
      })();
      return closing;
    },
  };
}

export const TELEPHONY_TOKEN_FILE = 'telephony-token';

async function telephonyConnectorToken(options: CaseServiceOptions): Promise<{ token: string; path: string | null } | null> {
  if (options.telephonyToken !== undefined) {
    if (!BEARER_TOKEN_PATTERN.test(options.telephonyToken)) throw new Error('the telephony connector token must be 32–256 URL-safe characters (A–Z, a–z, 0–9, - and _)');
    return { token: options.telephonyToken, path: null };
  }
  if (!options.dataDir) return null;
  const path = join(options.dataDir, TELEPHONY_TOKEN_FILE);
  return { token: await loadOrCreateBearerToken(path, 'telephony connector token'), path };
}
