import { formatInZone } from '../ui/format';

/** "Tue, Mar 3, 9:00 AM EST": a due instant as a person in that zone reads it. */
export function formatDueTime(iso: string, timeZone: string): string {
  return formatInZone(iso, timeZone, 'due');
}

/** Business time in hours and minutes ("3h 10m", "2d 4h" counts 24-hour days of open time). */
export function formatBusinessDuration(ms: number): string {
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(rest).padStart(2, '0')}m`;
  return `${rest}m`;
}
