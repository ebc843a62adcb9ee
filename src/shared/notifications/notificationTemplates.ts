import { z } from 'zod';
import bundledTemplates from '../../../resources/notifications.json' with { type: 'json' };
import { deepFreeze, issuesFromZod, type LoadResult } from '../sla/configIssue';

/**
 * What a customer is told about, one notice per status change they would care about: opened (or
 * acknowledged), waiting on them, resumed, escalated by hand, resolved, closed, reopened.
 */
export const NoticeKind = z.enum(['opened', 'waiting_on_customer', 'resumed', 'escalated', 'resolved', 'closed', 'reopened']);
export type NoticeKind = z.infer<typeof NoticeKind>;

/** The channels a customer can be told on; each has a sender of its own. */
export const NotificationChannel = z.enum(['email', 'sms']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

/**
 * The only fields a template may name. None of them can carry an account number, a balance or an
 * agent's free text: a message holds the tracking reference, its status in words, the customer's
 * first name and the bank's name, and nothing else.
 */
export const TEMPLATE_FIELDS = ['reference', 'status', 'firstName', 'bankName'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export type TemplateValues = Record<TemplateField, string>;

/** `{{name}}`; anything else with braces is refused at load, so a typo cannot reach a customer. */
const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** An SMS is one 160-character segment; checked at load with the longest values a message can hold. */
export const SMS_MAX_LENGTH = 160;
const LONGEST_VALUES: TemplateValues = { reference: 'CASE-XXXXXXXXXXXXXXX', status: '', firstName: 'X'.repeat(40), bankName: '' };

function placeholdersValid(text: string, context: z.RefinementCtx, path: PropertyKey[], required: readonly TemplateField[]): void {
  const named = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const field = match[1] ?? '';
    named.add(field);
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(field)) {
      context.addIssue({ code: 'custom', path, message: `unknown placeholder {{${field}}}: use ${TEMPLATE_FIELDS.map((name) => `{{${name}}}`).join(', ')}` });
    }
  }
  if (/\{|\}/.test(text.replace(PLACEHOLDER, ''))) context.addIssue({ code: 'custom', path, message: 'a brace outside a {{placeholder}}: write placeholders as {{name}}' });
  for (const field of required) if (!named.has(field)) context.addIssue({ code: 'custom', path, message: `must include {{${field}}}` });
}

const Text = (max: number) => z.string().trim().min(1).max(max);

const Notice = z.strictObject({
  /** The case's status in plain words, as the customer reads it. */
  status: Text(60),
  email: z.strictObject({ subject: Text(200), body: Text(5000) }),
  sms: z.strictObject({ text: Text(SMS_MAX_LENGTH) }),
});

export const NotificationTemplates = z
  .strictObject({
    source: z.string().trim().min(1),
    bankName: Text(80),
    notices: z.strictObject(Object.fromEntries(NoticeKind.options.map((kind) => [kind, Notice])) as Record<NoticeKind, typeof Notice>),
  })
  .superRefine((templates, context) => {
    for (const kind of NoticeKind.options) {
      const notice = templates.notices[kind];
      placeholdersValid(notice.email.subject, context, ['notices', kind, 'email', 'subject'], ['reference']);
      placeholdersValid(notice.email.body, context, ['notices', kind, 'email', 'body'], ['reference', 'status']);
      placeholdersValid(notice.sms.text, context, ['notices', kind, 'sms', 'text'], ['reference', 'status']);
      const longest = fill(notice.sms.text, { ...LONGEST_VALUES, status: notice.status, bankName: templates.bankName });
      if (longest.length > SMS_MAX_LENGTH) {
        context.addIssue({ code: 'custom', path: ['notices', kind, 'sms', 'text'], message: `is ${longest.length} characters with the longest reference and name: keep it within ${SMS_MAX_LENGTH}` });
      }
    }
  });
export type NotificationTemplates = z.infer<typeof NotificationTemplates>;

export function parseNotificationTemplates(source: string, json: unknown): LoadResult<NotificationTemplates> {
  const result = NotificationTemplates.safeParse(json);
  return result.success ? { ok: true, value: deepFreeze(result.data) } : { ok: false, errors: issuesFromZod(source, result.error) };
}

/** resources/notifications.json as bundled; the build fails its tests (and the service its start) when it is invalid. */
export const BUNDLED_NOTIFICATION_TEMPLATES: NotificationTemplates = deepFreeze(NotificationTemplates.parse(bundledTemplates));

/** Replaces each {{field}} with its value, once, left to right: a value is never read as a template. */
export function fill(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_whole, field: string) => {
    if (!Object.hasOwn(values, field)) throw new Error(`unknown placeholder {{${field}}}`);
    return values[field as TemplateField];
  });
}

export interface RenderedEmail {
  subject: string;
  text: string;
}

export interface RenderedNotice {
  /** The status in plain words (also what the delivery log says the message was about). */
  status: string;
  email: RenderedEmail;
  sms: string;
}

/** The e-mail and SMS for one notice about one case. */
export function renderNotice(templates: NotificationTemplates, kind: NoticeKind, values: Pick<TemplateValues, 'reference' | 'firstName'>): RenderedNotice {
  const notice = templates.notices[kind];
  // Line breaks in a subject would let a value add mail headers; a name or reference never has one.
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, ' ').trim();
  const all: TemplateValues = { reference: oneLine(values.reference), firstName: oneLine(values.firstName), status: notice.status, bankName: templates.bankName };
  return {
    status: notice.status,
    email: { subject: oneLine(fill(notice.email.subject, all)), text: fill(notice.email.body, all) },
    sms: fill(notice.sms.text, all),
  };
}
