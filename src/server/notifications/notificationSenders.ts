import nodemailer from 'nodemailer';
import type { NotificationChannel } from '../../shared/notifications/notificationTemplates';
import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from '../webhooks/webhookSignature';
import type { SmsWebhookSettings, SmtpSettings } from './notificationConfig';

/** One queued message as a sender gets it. */
export interface OutgoingNotification {
  id: string;
  caseId: string;
  channel: NotificationChannel;
  recipient: string;
  subject: string | null;
  body: string;
}

/** A failure no retry can fix (the mail server refused the address, say): the row is failed at once. */
export class PermanentDeliveryError extends Error {}

/** Delivers one channel's messages; throws to fail the attempt. */
export interface NotificationSender {
  readonly channel: NotificationChannel;
  send(message: OutgoingNotification): Promise<void>;
  close(): Promise<void>;
}

/** E-mail over SMTP (nodemailer, pooled connections); a 5xx answer is permanent, anything else is retried. */
export function smtpSender(settings: SmtpSettings, timeoutMs: number): NotificationSender {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'implicit',
    requireTLS: settings.tls === 'starttls',
    ignoreTLS: settings.tls === 'none',
    ...(settings.user && settings.password ? { auth: { user: settings.user, pass: settings.password } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    channel: 'email',
    async send(message) {
      try {
        await transport.sendMail({
          from: settings.from,
          to: message.recipient,
          subject: message.subject ?? '',
          text: message.body,
          // The outbox row id: a message retried after a lost answer can be recognised as the same one.
          messageId: `<${message.id}@agent-console.notifications>`,
          headers: { 'X-Case-Reference': message.caseId },
        });
      } catch (error) {
        const code = (error as { responseCode?: unknown }).responseCode;
        const text = smtpErrorText(error);
        if (typeof code === 'number' && code >= 500) throw new PermanentDeliveryError(text);
        throw new Error(text);
      }
    },
    async close() {
      transport.close();
    },
  };
}

function smtpErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const response = (error as { response?: unknown }).response;
  return (typeof response === 'string' && response ? `mail server answered: ${response}` : error.message).slice(0, 500);
}

/**
 * SMS through the provider's webhook: POST `{"id","to","text","reference"}` with
 * `x-agentconsole-signature: sha256=<HMAC-SHA256 of the body>` and the time it was signed.
 * A 2xx is delivered; 4xx other than 408/429 is permanent; the rest is retried.
 */
export function smsWebhookSender(settings: SmsWebhookSettings, timeoutMs: number, send: typeof fetch = fetch): NotificationSender {
  return {
    channel: 'sms',
    async send(message) {
      const body = JSON.stringify({ id: message.id, to: message.recipient, text: message.body, reference: message.caseId });
      let response: Response;
      try {
        response = await send(settings.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'AgentConsole-Notifications/1',
            [SIGNATURE_HEADER]: signWebhookBody(body, settings.secret),
            [TIMESTAMP_HEADER]: new Date().toISOString(),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) throw new Error(`no answer within ${timeoutMs} ms`);
        const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
        throw new Error(`${error instanceof Error ? error.message : String(error)}${cause instanceof Error ? `: ${cause.message}` : ''}`.slice(0, 500));
      }
      await response.body?.cancel().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return;
      const text = `SMS provider answered HTTP ${response.status}`;
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new PermanentDeliveryError(text);
      throw new Error(text);
    },
    async close() {},
  };
}
