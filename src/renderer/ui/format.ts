import { maskPhoneEnding } from '../../shared/privacy/masking';
import type { CustomerTier, Severity } from '../../shared/domain/enums';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Compact elapsed time for dense tables: "45m", "3h 12m", "2d 4h". */
export function formatAge(elapsedMs: number): string {
  const ms = Math.max(0, elapsedMs);
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h ${Math.floor((ms % HOUR) / MINUTE)}m`;
  return `${Math.floor(ms / DAY)}d ${Math.floor((ms % DAY) / HOUR)}h`;
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Money is integer cents everywhere; only display divides. */
export function formatUsd(cents: number): string {
  return usd.format(cents / 100);
}

const instantStyles = {
  /** "Mar 3, 2026, 9:00 AM": timelines and tables. */
  instant: { dateStyle: 'medium', timeStyle: 'short' },
  /** "Tue, Mar 3, 9:00 AM EST": a due time, with its zone said. */
  due: { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Building an Intl formatter costs far more than using one (a pop formats dozens of times): one per zone and style. */
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(style: keyof typeof instantStyles, timeZone: string): Intl.DateTimeFormat | null {
  const key = `${style} ${timeZone}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', { ...instantStyles[style], timeZone });
    } catch {
      formatter = null; // an unknown zone, remembered as such
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * An instant as a person in that zone reads it. An unknown zone in an agent profile must not
 * blank the screen: the time is shown in UTC, said as such.
 */
export function formatInZone(iso: string, timeZone: string, style: keyof typeof instantStyles): string {
  const date = new Date(iso);
  const formatter = formatterFor(style, timeZone);
  if (formatter) return formatter.format(date);
  const utc = formatterFor(style, 'UTC') as Intl.DateTimeFormat;
  return style === 'due' ? utc.format(date) : `${utc.format(date)} UTC`;
}

export function formatInstant(iso: string, timeZone: string): string {
  return formatInZone(iso, timeZone, 'instant');
}

export const severityLabel: Record<Severity, string> = { S1: 'Critical', S2: 'High', S3: 'Medium', S4: 'Low' };

export const tierLabel: Record<CustomerTier, string> = { basic: 'Basic', standard: 'Standard', premium: 'Premium', vip: 'VIP', business: 'Business' };

export const segmentLabel: Record<'consumer' | 'small_business' | 'commercial', string> = {
  consumer: 'Consumer',
  small_business: 'Small business',
  commercial: 'Commercial',
};

export function isPriorityTier(tier: CustomerTier): boolean {
  return tier === 'vip' || tier === 'premium';
}

/** The same masked form the case service sends (src/shared/privacy/masking.ts). */
export const maskedPhone = maskPhoneEnding;

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * A policy's reason as a sentence a person reads: capitalised, ending with a full stop (the
 * policy writes reasons as clauses, "your role … cannot …", to be quoted after a colon too).
 */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capitalised = trimmed.charAt(0).toLocaleUpperCase('en-US') + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
