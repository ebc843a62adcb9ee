import type { CaseEvent } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import type { CustomerTier } from '../../shared/domain/enums';
import { computeClocks, refreshClock, type SlaClock } from '../../shared/sla/clocks';
import type { SlaSettings } from '../../shared/slaConfig/slaConfigDocument';

/** One case as the SLA views need it: its folded state, its events in fold order, its customer's tier. */
export interface CaseSlaInput {
  caseState: CaseState;
  events: readonly CaseEvent[];
  /** null: no customer, or not loaded yet (standard targets apply). */
  tier: CustomerTier | null;
}

/** Every clock of one case, plus what the queue sorts and ticks by, as numbers. */
export interface CaseSla {
  caseId: string;
  ownerId: string | null;
  subject: string;
  clocks: readonly SlaClock[];
  /** Due instants (epoch ms) by clock id: a tick only subtracts now. */
  dueMs: ReadonlyMap<string, number>;
  /** The clock nearest its breach among those still running (paused ones only when nothing runs). */
  urgent: SlaClock | null;
  /** Ascending is most urgent first: running clocks by due instant, then paused ones, then cases without clocks. */
  sortKey: number;
  /** The earliest instant a clock of this case changes state if nothing happens (Infinity: none). */
  nextChangeMs: number;
  /** What it was computed from: case version, tier and configuration. */
  signature: string;
}

/** Paused clocks sort after every running one, by business time left; cases without live clocks last. */
const PAUSED_OFFSET = 8.64e15;

export function caseSignature(input: CaseSlaInput, settings: SlaSettings): string {
  const { caseState } = input;
  return `${caseState.eventCount}|${caseState.updatedAt}|${caseState.status}|${caseState.ownerId}|${input.tier ?? '-'}|${settings.version}`;
}

/** Computes a case's clocks from its events (≈30 µs); call again only when its signature changes. */
export function computeCaseSla(input: CaseSlaInput, settings: SlaSettings, now: number): CaseSla {
  const clocks = computeClocks({ events: input.events, customerTier: input.tier, policies: settings.config.policies, calendars: settings.config.calendars, now });
  return summarise(input.caseState, clocks, caseSignature(input, settings));
}

/** Brings a case's clocks to `now` without its events (exact while no event happened in between). */
export function refreshCaseSla(sla: CaseSla, settings: SlaSettings, now: number): CaseSla {
  const clocks = sla.clocks.map((clock) => (clock.stoppedAt === null ? refreshClock(clock, now, settings.config) : clock));
  return summarise({ id: sla.caseId, ownerId: sla.ownerId, subject: sla.subject }, clocks, sla.signature);
}

function summarise(caseState: Pick<CaseState, 'id' | 'ownerId' | 'subject'>, clocks: readonly SlaClock[], signature: string): CaseSla {
  const dueMs = new Map<string, number>();
  let urgent: SlaClock | null = null;
  let urgentDue = Number.POSITIVE_INFINITY;
  let pausedUrgent: SlaClock | null = null;
  let nextChangeMs = Number.POSITIVE_INFINITY;
  for (const clock of clocks) {
    const due = Date.parse(clock.dueAt);
    dueMs.set(clock.id, due);
    if (clock.stoppedAt !== null) continue;
    if (clock.nextChangeAt !== null) nextChangeMs = Math.min(nextChangeMs, Date.parse(clock.nextChangeAt));
    if (clock.paused) {
      if (!pausedUrgent || clock.remainingBusinessMs < pausedUrgent.remainingBusinessMs) pausedUrgent = clock;
    } else if (due < urgentDue) {
      urgent = clock;
      urgentDue = due;
    }
  }
  const sortKey = urgent ? urgentDue : pausedUrgent ? PAUSED_OFFSET + pausedUrgent.remainingBusinessMs : Number.POSITIVE_INFINITY;
  return { caseId: caseState.id, ownerId: caseState.ownerId, subject: caseState.subject, clocks, dueMs, urgent: urgent ?? pausedUrgent, sortKey, nextChangeMs, signature };
}

/** Sort comparator for sort keys that may be Infinity (a plain subtraction would give NaN). */
export function compareSortKeys(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
