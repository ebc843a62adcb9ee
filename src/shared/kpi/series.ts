import { DateTime } from 'luxon';
import { abandonmentOf, addContactFact, ahtOf, asaOf, emptyQueueTotals, forEachContactFact, serviceLevelOf, type ContactIndex, type QueueTotals } from './contacts';
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
};

/**
 * Queue measures per bucket in one pass over the facts: answers and abandons land in the bucket
 * of their offer, handle time in the bucket it was handled in (contacts.ts).
 */
export function queueSeries(index: ContactIndex, buckets: readonly Bucket[], options: { filter?: KpiFilter; directory: KpiDirectory; targets: KpiTargetsFile }): QueueSeriesPoint[] {
  const filter = compileFilter(options.filter);
  const totals = buckets.map(() => emptyQueueTotals());
  const starts = buckets.map((bucket) => bucket.from);
  const first = buckets[0]?.from ?? 0;
  const last = buckets[buckets.length - 1]?.to ?? 0;
  const rules = { answerSeconds: options.targets.serviceLevelAnswerSeconds, shortAbandonSeconds: options.targets.shortAbandonSeconds };
  forEachContactFact(index, filter, options.directory, (fact, at) => {
    if (at < first || at >= last) return;
    const bucket = upperBound(starts, at) - 1;
    const target = totals[bucket];
    if (target && at < (buckets[bucket]?.to ?? -Infinity)) addContactFact(target, fact, rules);
  });
  return buckets.map((bucket, i) => {
    const t = totals[i] as QueueTotals;
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
