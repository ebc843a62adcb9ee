import { DateTime } from 'luxon';
import { abandonmentOf, addHandled, addOffer, ahtOf, asaOf, contactMatches, emptyQueueTotals, serviceLevelOf, type ContactIndex, type QueueTotals } from './contacts';
import { compileFilter, type KpiDirectory, type KpiFilter, type Period } from './kpiInput';
import type { KpiTargetsFile } from './targets';

/**
 * Time series for the dashboard: intraday by 30-minute interval, daily, weekly and monthly
 * buckets in the centre's time zone (a day is a local day, so a daylight-saving day has 46 or
 * 50 half-hours).
 */
export type BucketUnit = { minutes: number } | 'day' | 'week' | 'month';

export type Bucket = { from: number; to: number; label: string };

/** Buckets covering [from, to) in `timeZone`; the first starts at the local boundary at or before `from`. */
export function bucketsOf(period: Period, unit: BucketUnit, timeZone: string): Bucket[] {
  const buckets: Bucket[] = [];
  if (typeof unit === 'object') {
    const step = unit.minutes * 60_000;
    if (!Number.isInteger(unit.minutes) || unit.minutes < 1 || 1440 % unit.minutes !== 0) throw new RangeError(`bucket minutes must divide a day, got ${unit.minutes}`);
    let start = DateTime.fromMillis(period.from, { zone: timeZone }).startOf('day').toMillis();
    while (start + step <= period.from) start += step;
    for (let from = start; from < period.to; from += step) {
      buckets.push({ from, to: from + step, label: DateTime.fromMillis(from, { zone: timeZone }).toFormat('HH:mm') });
      if (buckets.length > 100_000) throw new RangeError('too many buckets: choose a longer bucket or a shorter period');
    }
    return buckets;
  }
  const luxonUnit = unit === 'week' ? 'week' : unit === 'month' ? 'month' : 'day';
  let cursor = DateTime.fromMillis(period.from, { zone: timeZone }).startOf(luxonUnit);
  while (cursor.toMillis() < period.to) {
    const next = cursor.plus({ [`${luxonUnit}s`]: 1 }).startOf(luxonUnit);
    const label = unit === 'month' ? cursor.toFormat('yyyy-MM') : unit === 'week' ? `week of ${cursor.toISODate() ?? ''}` : (cursor.toISODate() ?? '');
    buckets.push({ from: cursor.toMillis(), to: next.toMillis(), label });
    cursor = next;
    if (buckets.length > 10_000) throw new RangeError('too many buckets');
  }
  return buckets;
}

export type QueueSeriesPoint = {
  from: string;
  to: string;
  label: string;
  offered: number;
  answered: number;
  abandoned: number;
  handled: number;
  serviceLevel: number | null;
  asaSeconds: number | null;
  abandonment: number | null;
  ahtSeconds: number | null;
  /** Average handle time of the contacts offered in this bucket and handled (for staffing forecasts). */
  offeredAhtSeconds: number | null;
};

/**
 * Queue measures per bucket in one pass: each contact lands in the bucket of its offer (and its
 * handle time in the bucket it was handled).
 */
export function queueSeries(index: ContactIndex, buckets: readonly Bucket[], options: { filter?: KpiFilter; directory: KpiDirectory; targets: KpiTargetsFile }): QueueSeriesPoint[] {
  const filter = compileFilter(options.filter);
  const totals = buckets.map(() => emptyQueueTotals());
  const offeredHandle = buckets.map(() => ({ count: 0, sum: 0 }));
  const starts = buckets.map((bucket) => bucket.from);
  const find = (ms: number) => {
    const bucket = upperBound(starts, ms) - 1;
    return bucket >= 0 && ms < (buckets[bucket]?.to ?? -Infinity) ? bucket : -1;
  };
  for (const record of index.contacts) {
    if (!contactMatches(record, filter, options.directory)) continue;
    const offered = find(record.offeredAt);
    if (offered >= 0) {
      addOffer(totals[offered] as QueueTotals, record, options.targets.serviceLevelAnswerSeconds, options.targets.shortAbandonSeconds);
      if (record.handledAt !== null) {
        const entry = offeredHandle[offered];
        if (entry) {
          entry.count += 1;
          entry.sum += record.handleSeconds;
        }
      }
    }
    if (record.handledAt !== null) {
      const handled = find(record.handledAt);
      if (handled >= 0) addHandled(totals[handled] as QueueTotals, record);
    }
  }
  return buckets.map((bucket, i) => {
    const t = totals[i] as QueueTotals;
    const o = offeredHandle[i];
    return {
      from: new Date(bucket.from).toISOString(),
      to: new Date(bucket.to).toISOString(),
      label: bucket.label,
      offered: t.offered,
      answered: t.answered,
      abandoned: t.abandoned,
      handled: t.handled,
      serviceLevel: serviceLevelOf(t),
      asaSeconds: asaOf(t),
      abandonment: abandonmentOf(t),
      ahtSeconds: ahtOf(t),
      offeredAhtSeconds: o && o.count > 0 ? o.sum / o.count : null,
    };
  });
}

/** Index of the first element greater than `value` in an ascending array. */
export function upperBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? Infinity) <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
