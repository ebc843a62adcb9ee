import type { CaseStatus } from '../domain/enums';

/**
 * How much finished work a desktop keeps: its storage is bounded by the open cases in its scope
 * plus at most `maxFinishedCases` finished ones, none idle longer than `finishedDays`.
 *
 * The service applies this to what it sends each desktop (pullEvents via visibleStreams): a
 * retired case leaves the desktop's scope like any other, and comes back whole when it is reopened
 * or its customer is looked up. The desktop's journal applies the same rule at compaction (so a
 * desktop that was offline catches up), to snapshots folded at least `desktopGraceDays` ago: it
 * must never drop a case the service still counts as held there, which it would later send only
 * the new events of.
 */
export interface DesktopRetention {
  /** A finished case idle longer than this leaves the desktop (the longest regulatory clock is 90 days). */
  finishedDays: number;
  /** At most this many finished cases, the most recently changed first. */
  maxFinishedCases: number;
  /**
   * The desktop drops a case only this long after it folded it: the longest a look-up keeps a
   * case in the service's scope (rolesConfig caps poppedCustomerHours at 14 days), so a case
   * fetched again on demand stays until the service itself lets it go, clock skew included.
   */
  desktopGraceDays: number;
}

export const DESKTOP_RETENTION: DesktopRetention = { finishedDays: 90, maxFinishedCases: 10_000, desktopGraceDays: 14 };

export interface RetentionCandidate {
  caseId: string;
  status: CaseStatus;
  /** When the case last changed (its state's updatedAt). */
  at: string;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function isFinished(status: CaseStatus): boolean {
  return status === 'resolved' || status === 'closed';
}

/** The finished cases a desktop no longer holds: idle past the retention, or beyond the most recent `maxFinishedCases`. */
export function retiredCases(candidates: Iterable<RetentionCandidate>, nowMs: number, policy: DesktopRetention = DESKTOP_RETENTION): Set<string> {
  const finished = [...candidates]
    .filter((candidate) => isFinished(candidate.status))
    .map((candidate) => ({ caseId: candidate.caseId, atMs: Date.parse(candidate.at) }))
    // Newest first; equal times by case id, so the service and the desktop rank the same set alike.
    .sort((a, b) => b.atMs - a.atMs || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const retired = new Set<string>();
  const oldest = nowMs - policy.finishedDays * DAY_MS;
  finished.forEach((candidate, rank) => {
    // An unreadable time counts as old: a case nobody can date is not one to keep forever.
    if (rank >= policy.maxFinishedCases || !(candidate.atMs >= oldest)) retired.add(candidate.caseId);
  });
  return retired;
}
