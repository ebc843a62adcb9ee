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

export function formatInstant(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  } catch {
    // An unknown zone in an agent profile must not blank the timeline.
    return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
  }
}

export const severityLabel: Record<Severity, string> = { S1: 'Critical', S2: 'High', S3: 'Medium', S4: 'Low' };

export const tierLabel: Record<CustomerTier, string> = { standard: 'Standard', premium: 'Premium', vip: 'VIP', business: 'Business' };

export const segmentLabel: Record<'consumer' | 'small_business' | 'commercial', string> = {
  consumer: 'Consumer',
  small_business: 'Small business',
  commercial: 'Commercial',
};

export function isPriorityTier(tier: CustomerTier): boolean {
  return tier === 'vip' || tier === 'premium';
}

export function maskedPhone(last4: string): string {
  return `••• ••• ${last4}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
