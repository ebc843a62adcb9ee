import type { SlaSettings } from '../../shared/slaConfig/slaConfigDocument';
import { caseSignature, computeCaseSla, refreshCaseSla, type CaseSla, type CaseSlaInput } from './caseSla';

/**
 * The SLA state of every tracked case, kept cheap to tick: clocks are computed once per case
 * when its events, its customer's tier or the configuration change; a tick compares `now`
 * with the earliest instant any clock changes state and refreshes only the cases due then.
 * Countdown text is not kept here — the views subtract `now` from the due instants.
 */
export class SlaTracker {
  private settings: SlaSettings | null = null;
  private readonly inputs = new Map<string, CaseSlaInput>();
  private readonly entries = new Map<string, CaseSla>();
  private earliestChangeMs = Number.POSITIVE_INFINITY;
  private readonly listeners = new Set<() => void>();
  private snapshot: readonly CaseSla[] = [];
  private snapshotStale = true;
  /** Bumps whenever any case's clocks change; views memoise on it. */
  version = 0;
  /**
   * Bumps only when the time-to-breach order may have changed (a case added, removed or
   * recomputed): a clock passing a warning threshold keeps its due instant, so the queue need
   * not re-sort 10,000 rows for it.
   */
  sortVersion = 0;
  private readonly changedIds = new Set<string>();

  /** Computations done so far (for tests and the benchmark). */
  computations = 0;

  hasSettings(): boolean {
    return this.settings !== null;
  }

  /** A new configuration reaches every tracked case at once. */
  setSettings(settings: SlaSettings, now: number): void {
    if (this.settings?.version === settings.version) return;
    this.settings = settings;
    this.entries.clear();
    for (const input of this.inputs.values()) this.compute(input, now);
    this.changed(true);
  }

  /** Case ids whose signature differs from what is tracked: the ones whose events need loading. */
  staleCaseIds(candidates: readonly Pick<CaseSlaInput, 'caseState' | 'tier'>[]): string[] {
    if (!this.settings) return [];
    const settings = this.settings;
    return candidates.filter((candidate) => this.entries.get(candidate.caseState.id)?.signature !== caseSignature({ ...candidate, events: [] }, settings)).map((candidate) => candidate.caseState.id);
  }

  /**
   * Replaces the tracked set: cases not listed are dropped, listed ones recomputed when their
   * signature changed. `inputs` may omit events of unchanged cases by passing the case with
   * `events: null` — the ones already held are reused.
   */
  sync(cases: readonly (Omit<CaseSlaInput, 'events'> & { events: CaseSlaInput['events'] | null })[], now: number): void {
    const keep = new Set<string>();
    let changed = false;
    for (const candidate of cases) {
      const id = candidate.caseState.id;
      keep.add(id);
      const events = candidate.events ?? this.inputs.get(id)?.events;
      if (!events) continue;
      const input: CaseSlaInput = { caseState: candidate.caseState, events, tier: candidate.tier };
      this.inputs.set(id, input);
      if (this.settings && this.entries.get(id)?.signature !== caseSignature(input, this.settings)) {
        this.compute(input, now);
        changed = true;
      }
    }
    for (const id of [...this.inputs.keys()]) {
      if (keep.has(id)) continue;
      this.inputs.delete(id);
      if (this.entries.delete(id)) {
        this.changedIds.add(id);
        changed = true;
      }
    }
    if (changed) this.changed(true);
  }

  /** Advances to `now`: refreshes the cases whose clocks change state by then. Returns whether anything changed. */
  tick(now: number): boolean {
    if (!this.settings || now < this.earliestChangeMs) return false;
    let reordered = false;
    for (const [id, entry] of this.entries) {
      if (entry.nextChangeMs > now) continue;
      const refreshed = refreshCaseSla(entry, this.settings, now);
      this.entries.set(id, refreshed);
      this.changedIds.add(id);
      reordered ||= refreshed.sortKey !== entry.sortKey;
    }
    this.changed(reordered);
    return true;
  }

  get(caseId: string): CaseSla | undefined {
    return this.entries.get(caseId);
  }

  /** Every tracked case (a new array only after a change, so it can feed React state). */
  all(): readonly CaseSla[] {
    if (this.snapshotStale) {
      this.snapshot = [...this.entries.values()];
      this.snapshotStale = false;
    }
    return this.snapshot;
  }

  /** The ids of cases whose clocks changed (or that left) since the last call: alert checks look at these only. */
  drainChanged(): string[] {
    const ids = [...this.changedIds];
    this.changedIds.clear();
    return ids;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private compute(input: CaseSlaInput, now: number): void {
    if (!this.settings) return;
    this.computations += 1;
    this.changedIds.add(input.caseState.id);
    try {
      this.entries.set(input.caseState.id, computeCaseSla(input, this.settings, now));
    } catch {
      // A case the engine cannot read (e.g. no case.created yet) has no clocks rather than breaking every other case.
      this.entries.delete(input.caseState.id);
    }
  }

  private changed(reordered: boolean): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.entries.values()) if (entry.nextChangeMs < earliest) earliest = entry.nextChangeMs;
    this.earliestChangeMs = earliest;
    this.version += 1;
    if (reordered) this.sortVersion += 1;
    this.snapshotStale = true;
    for (const listener of this.listeners) listener();
  }
}
