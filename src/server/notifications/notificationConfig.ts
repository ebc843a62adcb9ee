import { z } from 'zod';
import { formatConfigIssue } from '../../shared/sla/configIssue';
import { isLoopbackHost } from '../webhooks/webhookConfig';

/**
 * The mail server customer e-mail goes through. `tls`: `starttls` (default; the connection is
 * upgraded and refused if the server cannot), `implicit` (TLS from the first byte, port 465), or
 * `none`, accepted only for a loopback host (a relay on this machine), since a plain connection
 * would expose customers' addresses and the server password on the wire.
 */
export const SmtpSettings = z
  .strictObject({
    host: z.string().trim().min(1).max(253),
    port: z.coerce.number().int().min(1).max(65_535).default(587),
    tls: z.enum(['starttls', 'implicit', 'none']).default('starttls'),
    user: z.string().min(1).max(256).optional(),
    password: z.string().min(1).max(1024).optional(),
    /** The From of every message, e.g. `Northwind Bank <service@bank.example>`. */
    from: z.string().trim().min(3).max(320),
  })
  .refine((smtp) => smtp.tls !== 'none' || isLoopbackHost(smtp.host), { path: ['tls'], message: 'none (no TLS) is accepted only for a loopback host such as 127.0.0.1' })
  .refine((smtp) => (smtp.user === undefined) === (smtp.password === undefined), { path: ['user'], message: 'give both the user and the password, or neither' });
export type SmtpSettings = z.infer<typeof SmtpSettings>;

/** The SMS provider's webhook: each message is POSTed there as JSON, signed with the shared secret. */
export const SmsWebhookSettings = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).refine((value) => {
    const url = new URL(value);
    return url.protocol === 'https:' || isLoopbackHost(url.hostname);
  }, 'must use https (plain http is accepted only for a loopback address such as 127.0.0.1)'),
  secret: z.string().min(16, 'use a secret of at least 16 characters').max(512),
});
export type SmsWebhookSettings = z.infer<typeof SmsWebhookSettings>;

export interface NotificationSettings {
  smtp: SmtpSettings | null;
  sms: SmsWebhookSettings | null;
}

export const NOTIFICATION_ENV = {
  smtpHost: 'AGENT_CONSOLE_SMTP_HOST',
  smtpPort: 'AGENT_CONSOLE_SMTP_PORT',
  smtpTls: 'AGENT_CONSOLE_SMTP_TLS',
  smtpUser: 'AGENT_CONSOLE_SMTP_USER',
  smtpPassword: 'AGENT_CONSOLE_SMTP_PASSWORD',
  mailFrom: 'AGENT_CONSOLE_MAIL_FROM',
  smsUrl: 'AGENT_CONSOLE_SMS_WEBHOOK_URL',
  smsSecret: 'AGENT_CONSOLE_SMS_WEBHOOK_SECRET',
} as const;

/**
 * The senders configured in the environment. A channel whose variables are unset has no sender:
 * its notifications are still queued and logged on the case, marked "not configured" and never
 * sent later (a message days late would mislead). Throws, naming the variable, on a bad value.
 */
export function notificationSettingsFromEnvironment(env: Readonly<Record<string, string | undefined>>): NotificationSettings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const problems: string[] = [];
  let smtp: SmtpSettings | null = null;
  if (value(NOTIFICATION_ENV.smtpHost)) {
    const parsed = SmtpSettings.safeParse({
      host: value(NOTIFICATION_ENV.smtpHost),
      port: value(NOTIFICATION_ENV.smtpPort),
      tls: value(NOTIFICATION_ENV.smtpTls),
      user: value(NOTIFICATION_ENV.smtpUser),
      password: env[NOTIFICATION_ENV.smtpPassword] || undefined,
      from: value(NOTIFICATION_ENV.mailFrom),
    });
    if (parsed.success) smtp = parsed.data;
    else problems.push(...parsed.error.issues.map((issue) => formatConfigIssue({ file: 'SMTP settings (AGENT_CONSOLE_SMTP_*, AGENT_CONSOLE_MAIL_FROM)', path: issue.path.join('.'), reason: issue.message })));
  }
  let sms: SmsWebhookSettings | null = null;
  if (value(NOTIFICATION_ENV.smsUrl)) {
    const parsed = SmsWebhookSettings.safeParse({ url: value(NOTIFICATION_ENV.smsUrl), secret: env[NOTIFICATION_ENV.smsSecret] });
    if (parsed.success) sms = parsed.data;
    else problems.push(...parsed.error.issues.map((issue) => formatConfigIssue({ file: 'SMS webhook settings (AGENT_CONSOLE_SMS_WEBHOOK_*)', path: issue.path.join('.'), reason: issue.message })));
  }
  if (problems.length > 0) throw new Error(`customer notification settings rejected:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  return { smtp, sms };
}
