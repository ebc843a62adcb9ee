import { parseArgs } from 'node:util';
import { formatConfigIssue, type LoadResult } from '../shared/sla/configIssue';
import { formatDemoCredentials, startCaseService } from './index';
import { notificationSettingsFromEnvironment } from './notifications/notificationConfig';
import { readWebhookEndpointsFile, webhookEndpointsFromEnvironment, type WebhookEndpoint } from './webhooks/webhookConfig';

/**
 * Runs the case service: `npx tsx src/server/cli.ts --data-dir .data/server --port 4010`.
 * DATABASE_URL, when set, selects PostgreSQL instead of the embedded database.
 * SLA escalation runs unless --no-escalation; webhook endpoints come from --webhooks <file> or
 * AGENT_CONSOLE_WEBHOOKS (JSON `[{"url": "...", "secret": "..."}]`). SIGHUP reloads the SLA
 * files (--sla-resources, default resources/) and the webhook file, keeping what is in force
 * when a file is rejected. Customer notifications go out by e-mail when AGENT_CONSOLE_SMTP_HOST
 * (and AGENT_CONSOLE_MAIL_FROM …) is set and by SMS when AGENT_CONSOLE_SMS_WEBHOOK_URL is; a channel
 * left unset is logged on each case as "not configured".
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: '.data/server' },
      port: { type: 'string', default: '4010' },
      host: { type: 'string', default: '127.0.0.1' },
      schema: { type: 'string' },
      'no-seed': { type: 'boolean', default: false },
      'no-escalation': { type: 'boolean', default: false },
      'sla-resources': { type: 'string' },
      'sweep-seconds': { type: 'string', default: '30' },
      webhooks: { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be a port number (0-65535), got "${values.port}"`);
  const sweepSeconds = Number(values['sweep-seconds']);
  if (!(sweepSeconds >= 1 && sweepSeconds <= 3600)) throw new Error(`--sweep-seconds must be between 1 and 3600, got "${values['sweep-seconds']}"`);
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const webhookFile = values.webhooks;
  const readEndpoints = (): Promise<LoadResult<WebhookEndpoint[]>> =>
    webhookFile ? readWebhookEndpointsFile(webhookFile) : Promise.resolve(webhookEndpointsFromEnvironment(process.env));
  const initialEndpoints = await readEndpoints();
  if (!initialEndpoints.ok) throw new Error(`webhook configuration rejected:\n${initialEndpoints.errors.map((issue) => `  ${formatConfigIssue(issue)}`).join('\n')}`);
  let endpoints = initialEndpoints.value;
  const notificationSettings = notificationSettingsFromEnvironment(process.env);

  const service = await startCaseService({
    dataDir: values['data-dir'],
    databaseUrl,
    schema: values.schema,
    host: values.host,
    port,
    seed: !values['no-seed'],
    logger: !values.quiet,
    telephonyToken: process.env.AGENT_CONSOLE_TELEPHONY_TOKEN || undefined,
    escalation: values['no-escalation'] ? false : { resourcesDir: values['sla-resources'], sweepIntervalMs: sweepSeconds * 1000, webhooks: () => endpoints },
    notifications: notificationSettings,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    service.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGHUP', () => {
    const escalation = service.escalation;
    if (!escalation) return;
    void (async () => {
      const sla = await escalation.reloadConfig();
      console.log(sla.ok ? `SIGHUP: SLA configuration reloaded (policies version ${sla.policyVersion})` : 'SIGHUP: SLA configuration rejected, see the errors above');
      if (!webhookFile) return;
      const reloaded = await readEndpoints();
      if (reloaded.ok) endpoints = reloaded.value;
      console.log(
        reloaded.ok
          ? `SIGHUP: ${endpoints.length} webhook endpoint(s) loaded`
          : `SIGHUP: webhook file rejected, keeping ${endpoints.length} endpoint(s):\n${reloaded.errors.map((issue) => `  ${formatConfigIssue(issue)}`).join('\n')}`,
      );
    })();
  });
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Announced only once the signal handlers are in place: a process that is descheduled right after
  // printing could otherwise get a SIGHUP (sent on seeing this line) while it still kills by default.
  console.log(`Case service listening on ${service.url} (${databaseUrl ? 'PostgreSQL' : `embedded database in ${values['data-dir']}`})`);
  if (service.telephonyTokenPath) console.log(`Telephony connector: POST ${service.url}/v1/telephony/facts with the bearer token in ${service.telephonyTokenPath}`);
  if (!values['no-seed']) console.log(`Demo sign-ins:\n${formatDemoCredentials()}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
