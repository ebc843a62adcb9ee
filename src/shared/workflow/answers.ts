import { z } from 'zod';
import { safeString } from '../validation/safeSchemas';
import { describeUnsafeText } from '../validation/unsafeText';
import { DEFAULT_ATTACHMENT_TYPES, type WorkflowField } from './definition';

/** What `workflow.answered` carries; the engine never sees anything but JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Stored answer shapes, per field type:
 * - text: trimmed string
 * - money: positive integer cents (no floating point in amounts)
 * - datetime: ISO 8601 with a time and a zone offset, as the customer gave it
 * - choice: one option value
 * - yes_no: boolean
 * - attachments: references to files kept by the attachment store, never the bytes
 * - transaction: the id of one of the case customer's transactions
 */
export const AttachmentRef = z.strictObject({
  id: z.string().min(1).max(128),
  fileName: safeString().trim().min(1).max(255),
  mediaType: z.string().min(1).max(128),
  sizeBytes: z.number().int().positive(),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

export const DEFAULT_TEXT_MAX_LENGTH = 2000;
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_FIELD = 20;

const ISO_DATE_TIME_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MONEY_TEXT = /^\$?\s*((?:\d{1,3}(?:,\d{3})+)|\d+)(?:\.(\d{1,2}))?$/;

export const MONEY_REASON = 'amount must be a positive amount in dollars and cents, e.g. 125.50';

export type AnswerCheck = { ok: true; value: JsonValue } | { ok: false; reason: string };

/** What an answer is checked against beyond its field, when it is known where the check runs. */
export interface AnswerContext {
  /** The case customer's transactions a transaction field may pick from (undefined: not known here, shape only). */
  transactions?: readonly { id: string }[];
}

export const TRANSACTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * Checks a stored-form answer against its field. `null` clears an optional answer; a
 * required one cannot be cleared. The reason is written for the agent.
 */
export function validateAnswer(field: WorkflowField, value: unknown, context: AnswerContext = {}): AnswerCheck {
  if (value === null || value === undefined) {
    return field.required ? { ok: false, reason: `${field.label} is required` } : { ok: true, value: null };
  }
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return { ok: false, reason: 'answer must be text' };
      const text = value.trim();
      if (text.length === 0) return field.required ? { ok: false, reason: `${field.label} is required` } : { ok: true, value: null };
      const max = field.maxLength ?? DEFAULT_TEXT_MAX_LENGTH;
      if (text.length > max) return { ok: false, reason: `answer is at most ${max.toLocaleString('en-US')} characters` };
      const unsafe = describeUnsafeText(text);
      if (unsafe) return { ok: false, reason: `the answer ${unsafe}` };
      return { ok: true, value: text };
    }
    case 'money':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) return { ok: false, reason: MONEY_REASON };
      return { ok: true, value };
    case 'datetime':
      return typeof value === 'string' && isIsoDateTimeWithZone(value)
        ? { ok: true, value }
        : { ok: false, reason: 'date-time must be ISO 8601 with a time and a zone, e.g. 2026-03-05T14:30:00Z or 2026-03-05T09:30:00-05:00' };
    case 'choice': {
      const options = field.options ?? [];
      if (typeof value === 'string' && options.some((o) => o.value === value)) return { ok: true, value };
      return { ok: false, reason: `choose one of: ${options.map((o) => o.label).join(', ')}` };
    }
    case 'yes_no':
      return typeof value === 'boolean' ? { ok: true, value } : { ok: false, reason: 'answer yes or no' };
    case 'attachments':
      return validateAttachments(field, value);
    case 'transaction': {
      if (typeof value !== 'string' || !TRANSACTION_ID_PATTERN.test(value)) return { ok: false, reason: "pick one of the customer's transactions" };
      if (context.transactions && !context.transactions.some((transaction) => transaction.id === value)) {
        return { ok: false, reason: `transaction ${value} is not one of this customer's recent transactions` };
      }
      return { ok: true, value };
    }
  }
}

function validateAttachments(field: WorkflowField, value: unknown): AnswerCheck {
  const parsed = z.array(AttachmentRef).safeParse(value);
  if (!parsed.success) return { ok: false, reason: 'attachments must be a list of uploaded files' };
  const files = parsed.data;
  if (files.length === 0) return field.required ? { ok: false, reason: `${field.label} needs at least one file` } : { ok: true, value: null };
  if (files.length > MAX_ATTACHMENTS_PER_FIELD) return { ok: false, reason: `at most ${MAX_ATTACHMENTS_PER_FIELD} files` };
  const accepted: readonly string[] = field.accept ?? DEFAULT_ATTACHMENT_TYPES;
  const maxBytes = field.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  for (const file of files) {
    if (!accepted.includes(file.mediaType)) {
      return { ok: false, reason: `"${file.fileName}" is ${file.mediaType}; accepted: ${accepted.map(mediaTypeLabel).join(', ')}` };
    }
    if (file.sizeBytes > maxBytes) return { ok: false, reason: `"${file.fileName}" is larger than ${formatBytes(maxBytes)}` };
  }
  return { ok: true, value: files };
}

/** A strict ISO 8601 instant with a zone: a customer's "around 3pm" is not evidence. */
export function isIsoDateTimeWithZone(value: string): boolean {
  const match = ISO_DATE_TIME_WITH_ZONE.exec(value);
  if (!match) return false;
  const [, year, month, day, hour, minute, second] = match;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return (
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second ?? 0) < 60 &&
    !Number.isNaN(Date.parse(value))
  );
}

/** Turns what an agent typed ("$1,250.5", "40") into integer cents, or says why not. */
export function parseMoneyInput(text: string): { ok: true; cents: number } | { ok: false; reason: string } {
  const match = MONEY_TEXT.exec(text.trim());
  if (!match) return { ok: false, reason: MONEY_REASON };
  const dollars = Number((match[1] ?? '').replaceAll(',', ''));
  const cents = dollars * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents) || cents <= 0) return { ok: false, reason: MONEY_REASON };
  return { ok: true, cents };
}

export function formatMoney(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** How an answer reads in the summary and on the printed acknowledgement. */
export function formatAnswer(field: WorkflowField, value: JsonValue): string {
  if (value === null) return '—';
  switch (field.type) {
    case 'money':
      return typeof value === 'number' ? formatMoney(value) : String(value);
    case 'yes_no':
      return value === true ? 'Yes' : value === false ? 'No' : String(value);
    case 'choice':
      return field.options?.find((o) => o.value === value)?.label ?? String(value);
    case 'attachments':
      return Array.isArray(value) ? value.map((f) => (f && typeof f === 'object' && !Array.isArray(f) ? String(f['fileName']) : String(f))).join(', ') : String(value);
    case 'text':
    case 'datetime':
    case 'transaction':
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function mediaTypeLabel(mediaType: string): string {
  const known: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'text/plain': 'plain text' };
  return known[mediaType] ?? mediaType;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
