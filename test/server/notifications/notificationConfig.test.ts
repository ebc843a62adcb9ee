import { describe, expect, it } from 'vitest';
import { notificationSettingsFromEnvironment } from '../../../src/server/notifications/notificationConfig';

describe('customer notification settings from the environment', () => {
  it('configures nothing when nothing is set (npm start): both channels are "not configured"', () => {
    expect(notificationSettingsFromEnvironment({})).toEqual({ smtp: null, sms: null });
  });

  it('reads an SMTP server with STARTTLS by default and port 587, and an SMS webhook', () => {
    const settings = notificationSettingsFromEnvironment({
      AGENT_CONSOLE_SMTP_HOST: 'smtp.bank.example',
      AGENT_CONSOLE_SMTP_USER: 'console',
      AGENT_CONSOLE_SMTP_PASSWORD: 'secret password',
      AGENT_CONSOLE_MAIL_FROM: 'Northwind Bank <service@bank.example>',
      AGENT_CONSOLE_SMS_WEBHOOK_URL: 'https://sms.provider.example/send',
      AGENT_CONSOLE_SMS_WEBHOOK_SECRET: 'at-least-16-characters',
    });
    expect(settings.smtp).toEqual({ host: 'smtp.bank.example', port: 587, tls: 'starttls', user: 'console', password: 'secret password', from: 'Northwind Bank <service@bank.example>' });
    expect(settings.sms).toEqual({ url: 'https://sms.provider.example/send', secret: 'at-least-16-characters' });
  });

  it('refuses, naming the setting, a plain connection to a remote server, a missing sender address, a half-given login and a plain-http SMS provider', () => {
    const attempt = (env: Record<string, string>) => () => notificationSettingsFromEnvironment(env);
    expect(attempt({ AGENT_CONSOLE_SMTP_HOST: 'smtp.bank.example', AGENT_CONSOLE_SMTP_TLS: 'none', AGENT_CONSOLE_MAIL_FROM: 'a@b.example' })).toThrow(/tls: none \(no TLS\) is accepted only for a loopback host/);
    expect(attempt({ AGENT_CONSOLE_SMTP_HOST: '127.0.0.1', AGENT_CONSOLE_SMTP_TLS: 'none' })).toThrow(/from:/);
    expect(attempt({ AGENT_CONSOLE_SMTP_HOST: 'smtp.bank.example', AGENT_CONSOLE_SMTP_USER: 'console', AGENT_CONSOLE_MAIL_FROM: 'a@b.example' })).toThrow(/user: give both the user and the password/);
    expect(attempt({ AGENT_CONSOLE_SMS_WEBHOOK_URL: 'http://sms.provider.example/send', AGENT_CONSOLE_SMS_WEBHOOK_SECRET: 'at-least-16-characters' })).toThrow(/must use https/);
    expect(attempt({ AGENT_CONSOLE_SMS_WEBHOOK_URL: 'https://sms.provider.example/send' })).toThrow(/secret/);
    // A secret is never echoed back in the error.
    expect(attempt({ AGENT_CONSOLE_SMS_WEBHOOK_URL: 'http://x.example', AGENT_CONSOLE_SMS_WEBHOOK_SECRET: 'the-secret-value-xyz' })).not.toThrow(/the-secret-value-xyz/);
  });
});
