import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUNDLED_NOTIFICATION_TEMPLATES,
  fill,
  NoticeKind,
  parseNotificationTemplates,
  renderNotice,
  SMS_MAX_LENGTH,
  type NotificationTemplates,
} from '../../../src/shared/notifications/notificationTemplates';

const bundledJson = (): NotificationTemplates => structuredClone(BUNDLED_NOTIFICATION_TEMPLATES) as NotificationTemplates;

describe('notification templates', () => {
  it('every notice of the bundled file carries the tracking reference and a plain-language status on both channels', () => {
    for (const kind of NoticeKind.options) {
      const rendered = renderNotice(BUNDLED_NOTIFICATION_TEMPLATES, kind, { reference: 'AC-7K4MP-9QX2H', firstName: 'Robert' });
      expect(rendered.email.subject).toContain('AC-7K4MP-9QX2H');
      expect(rendered.email.text).toContain('Tracking reference: AC-7K4MP-9QX2H');
      expect(rendered.email.text).toContain(`Status: ${rendered.status}`);
      expect(rendered.sms).toContain('AC-7K4MP-9QX2H');
      expect(rendered.sms).toContain(rendered.status);
      expect(rendered.sms.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
      expect(`${rendered.email.subject}${rendered.email.text}${rendered.sms}`).not.toMatch(/\{|\}/);
    }
    expect(renderNotice(BUNDLED_NOTIFICATION_TEMPLATES, 'resolved', { reference: 'AC-7K4MP-9QX2H', firstName: 'Robert' }).status).toBe('Resolved');
  });

  it('refuses a placeholder that is not a known field, naming where', () => {
    const json = bundledJson();
    json.notices.resolved.email.body = 'Your balance is {{balance}} on {{reference}} ({{status}})';
    const result = parseNotificationTemplates('notifications.json', json);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toContainEqual(expect.objectContaining({ path: 'notices.resolved.email.body', reason: expect.stringContaining('unknown placeholder {{balance}}') }));
  });

  it('refuses a message without the tracking reference, a stray brace, and an SMS too long for one segment', () => {
    const json = bundledJson();
    json.notices.closed.sms.text = 'Your case is closed. {{status}}';
    json.notices.opened.email.subject = 'We have {reference}';
    json.notices.reopened.sms.text = `${'x'.repeat(135)} {{reference}} {{status}}`;
    const result = parseNotificationTemplates('notifications.json', json);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const reasons = result.errors.map((issue) => `${issue.path}: ${issue.reason}`);
    expect(reasons).toContainEqual(expect.stringMatching(/^notices\.closed\.sms\.text: must include \{\{reference\}\}/));
    expect(reasons).toContainEqual(expect.stringMatching(/^notices\.opened\.email\.subject: a brace outside/));
    expect(reasons).toContainEqual(expect.stringMatching(/^notices\.reopened\.sms\.text: is \d+ characters/));
  });

  it('substitutes once: a value that looks like a placeholder is never expanded', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (reference, firstName) => {
        const out = fill('{{firstName}}|{{reference}}|{{status}}', { reference, firstName, status: 'Resolved', bankName: 'B' });
        expect(out).toBe(`${firstName}|${reference}|Resolved`);
      }),
    );
    expect(fill('{{reference}}', { reference: '{{bankName}}', firstName: '', status: '', bankName: 'SECRET' })).toBe('{{bankName}}');
  });

  it('keeps a subject on one line whatever the name holds (no header injection)', () => {
    const rendered = renderNotice(BUNDLED_NOTIFICATION_TEMPLATES, 'opened', { reference: 'AC-7K4MP-9QX2H\r\nBcc: x@evil.example', firstName: 'Ann' });
    expect(rendered.email.subject).not.toMatch(/[\r\n]/);
  });
});
