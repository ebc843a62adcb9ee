import type { Agent } from '../../shared/domain/agent';
import type { SlaClock } from '../../shared/sla/clocks';
import { compareSortKeys, type CaseSla } from './caseSla';
import { stateAt } from './countdownText';

export interface BoardRow {
  sla: CaseSla;
  /** The case's most urgent clock at warning or breach. */
  clock: SlaClock;
  dueMs: number;
  breached: boolean;
}

export interface BoardGroup {
  ownerId: string;
  ownerName: string;
  teamId: string | null;
  rows: BoardRow[];
  breached: number;
  warning: number;
}

/**
 * The Team SLA board: every open case with a clock at warning or breach, grouped by the agent
 * who owns it. Groups with breaches come first, then by name; rows most overdue first.
 */
export function buildTeamBoard(cases: readonly CaseSla[], agentsById: Readonly<Record<string, Agent>>, now: number, teamId: string | null): BoardGroup[] {
  const groups = new Map<string, BoardGroup>();
  for (const sla of cases) {
    // Unassigned cases wait in their queue: the board groups people's work, the queue view shows the rest.
    if (sla.ownerId === null) continue;
    const owner = agentsById[sla.ownerId];
    if (teamId !== null && owner?.teamId !== teamId) continue;
    let worst: BoardRow | null = null;
    for (const clock of sla.clocks) {
      if (clock.stoppedAt !== null) continue;
      const dueMs = sla.dueMs.get(clock.id) ?? Date.parse(clock.dueAt);
      const state = stateAt(clock, dueMs, now);
      if (state !== 'warning' && state !== 'breached') continue;
      const row = { sla, clock, dueMs, breached: state === 'breached' };
      if (!worst || Number(row.breached) > Number(worst.breached) || (row.breached === worst.breached && dueMs < worst.dueMs)) worst = row;
    }
    if (!worst) continue;
    const ownerId = sla.ownerId;
    let group = groups.get(ownerId);
    if (!group) {
      group = { ownerId, ownerName: owner?.displayName ?? ownerId, teamId: owner?.teamId ?? null, rows: [], breached: 0, warning: 0 };
      groups.set(ownerId, group);
    }
    group.rows.push(worst);
    if (worst.breached) group.breached += 1;
    else group.warning += 1;
  }
  for (const group of groups.values()) group.rows.sort((a, b) => compareSortKeys(a.dueMs, b.dueMs));
  return [...groups.values()].sort((a, b) => Number(b.breached > 0) - Number(a.breached > 0) || a.ownerName.localeCompare(b.ownerName));
}
