import type { KpiUnit } from './kpiUnits';

/** A KPI value as a supervisor reads it: shares as per cent, seconds as m:ss, scores with one decimal. */
export function formatKpi(value: number | null, unit: KpiUnit): string {
  if (value === null) return 'No data';
  switch (unit) {
    case 'share':
      return `${(value * 100).toFixed(1)} %`;
    case 'seconds':
      return formatSeconds(value);
    case 'score5':
      return `${value.toFixed(2)} / 5`;
    case 'nps':
      return value.toFixed(0);
    case 'per1000':
      return `${value.toFixed(1)} per 1,000`;
    case 'count':
      return value.toFixed(1);
  }
}

export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return 'No data';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return hours > 0 ? `${hours} h ${String(minutes).padStart(2, '0')} min` : `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

export function formatShare(value: number | null): string {
  return value === null ? 'No data' : `${(value * 100).toFixed(1)} %`;
}

/** A share as a number for charts and CSV: per cent with one decimal, null stays null. */
export function percent(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 10;
}
