import type { Database } from '../db/database';
import type { RetryPolicy } from '../outbox/retryPolicy';
import type { WebhookEndpoint } from '../webhooks/webhookConfig';
import { createWebhookDispatcher, type WebhookDispatcher } from '../webhooks/webhookDispatcher';
import { BUNDLED_LIFECYCLE_SETTINGS } from '../../shared/cases/lifecycleSettings';
import { createAutoCloseSweeper, type AutoCloseSweeper } from '../lifecycle/autoCloseSweeper';
import { createEscalationSweeper, type EscalationSweeper } from './escalationSweeper';
import { EscalationSteps, type EscalationStep } from './escalationMatrix';
import { createSlaConfigStore, slaConfigLocation, type SlaConfigReload, type SlaConfigStore } from './loadSlaConfigFromDir';
import type { Scheduler } from './periodicTask';
import type { ServiceLog } from './serviceLog';

export interface SlaEscalationOptions {
  /** Folder with calendars/*.json and sla-policies.json; default the repository's resources/. */
  resourcesDir?: string;
  /** Default 30 s. */
  sweepIntervalMs?: number;
  /** The escalation steps; default those of resources/escalation-matrix.json (DEFAULT_ESCALATION_STEPS). */
  steps?: readonly EscalationStep[];
  /** Webhook endpoints (validated, see webhookConfig.ts), or a getter when they can be reloaded. */
  webhooks?: readonly WebhookEndpoint[] | (() => readonly WebhookEndpoint[]);
  webhookRetry?: Partial<RetryPolicy>;
  /** Default 5 s. */
  webhookIntervalMs?: number;
  /** Default 10 s. */
  webhookTimeoutMs?: number;
  /** Timers for both loops (tests pass a manual one). */
  scheduler?: Scheduler;
  /** Sweep at once on start (default), so a restart catches up on breaches without waiting an interval. */
  sweepOnStart?: boolean;
  /** Resolved cases untouched this long are closed; default resources/case-lifecycle.json. */
  closeResolvedAfterQuietHours?: number;
  /** Default 5 minutes. */
  autoCloseIntervalMs?: number;
}

export interface SlaEscalation {
  config: SlaConfigStore;
  sweeper: EscalationSweeper;
  webhooks: WebhookDispatcher;
  /** Closes resolved cases after the quiet period (the service's own case.closed). */
  autoClose: AutoCloseSweeper;
  /** Re-reads the SLA files; a rejected file keeps the configuration in force (and is logged). */
  reloadConfig(): Promise<SlaConfigReload>;
  stop(): Promise<void>;
}

/** Loads the SLA configuration and starts the escalation sweeper and the webhook sender. */
export async function startSlaEscalation(
  options: SlaEscalationOptions & { db: Database; now: () => Date; log: ServiceLog; /** An already loaded store, shared with the config route. */ config?: SlaConfigStore },
): Promise<SlaEscalation> {
  const { db, now, log } = options;
  const steps = options.steps ? EscalationSteps.parse(options.steps) : undefined;
  const webhookOption = options.webhooks;
  const endpoints = typeof webhookOption === 'function' ? webhookOption : () => webhookOption ?? [];
  const config = options.config ?? (await createSlaConfigStore({ location: slaConfigLocation(options.resourcesDir), log }));
  const webhooks = createWebhookDispatcher({
    db,
    endpoints,
    now,
    log,
    retry: options.webhookRetry,
    intervalMs: options.webhookIntervalMs,
    timeoutMs: options.webhookTimeoutMs,
    scheduler: options.scheduler,
  });
  const sweeper = createEscalationSweeper({
    db,
    config: config.current,
    webhookEndpoints: endpoints,
    steps,
    now,
    log,
    intervalMs: options.sweepIntervalMs,
    scheduler: options.scheduler,
    onWebhooksQueued: webhooks.trigger,
  });
  const quietHours = options.closeResolvedAfterQuietHours ?? BUNDLED_LIFECYCLE_SETTINGS.closeResolvedAfterQuietHours;
  const autoClose = createAutoCloseSweeper({ db, quietHours: () => quietHours, now, log, intervalMs: options.autoCloseIntervalMs, scheduler: options.scheduler });
  webhooks.start();
  sweeper.start();
  autoClose.start();
  if (options.sweepOnStart ?? true) {
    sweeper.sweepNow().catch((error: unknown) => log.error(`SLA sweep failed: ${error instanceof Error ? error.message : String(error)}`));
    // Deliveries left pending by an earlier run (or another instance) go out now, not after an interval.
    webhooks.trigger();
  }
  return {
    config,
    sweeper,
    webhooks,
    autoClose,
    reloadConfig: config.reload,
    async stop() {
      await autoClose.stop();
      await sweeper.stop();
      await webhooks.stop();
    },
  };
}
