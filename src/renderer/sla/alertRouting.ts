import type { Agent } from '../../shared/domain/agent';
import { isOnShift, type ShiftSchedule } from '../../shared/shifts/shiftSchedule';
import type { CaseSla } from './caseSla';
import { stateAt } from './countdownText';

export type AlertState = 'warning' | 'breached';

/** One thing to tell one person: a clock of a case reached warning or breach. */
export interface SlaAlert {
  /** Once per clock cycle and state: a reopened case's new resolution clock may alert again. */
  key: string;
  caseId: string;
  subject: string;
  clockId: string;
  clockLabel: string;
  statutory: boolean;
  state: AlertState;
  dueAt: string;
  ownerId: string | null;
  /** Set when the owner is off shift and the alert came to a supervisor instead. */
  routedFromOwner: boolean;
}

export interface AlertAudience {
  me: Agent;
  agentsById: Readonly<Record<string, Agent>>;
  shifts: ShiftSchedule;
}

/**
 * The alerts this console should raise at `now`. An owner on shift hears of their own cases; an
 * owner off shift does not (their cases are not dropped: when they come back on shift, what
 * is still at warning or breach reaches them) and their team's supervisor hears instead — any
 * supervisor when the team has none.
 */
export function alertsFor(cases: readonly CaseSla[], audience: AlertAudience, now: number): SlaAlert[] {
  const { me, agentsById, shifts } = audience;
  const onShift = new Map<string, boolean>();
  const isWorking = (agent: Agent) => {
    let working = onShift.get(agent.id);
    if (working === undefined) onShift.set(agent.id, (working = isOnShift(shifts, agent, now)));
    return working;
  };
  const supervisorsByTeam = new Map<string, string[]>();
  const allSupervisors = Object.values(agentsById).filter((agent) => agent.role === 'supervisor').map((agent) => agent.id);
  const supervisorsOf = (owner: Agent) => {
    let ids = supervisorsByTeam.get(owner.teamId);
    if (!ids) {
      const team = allSupervisors.filter((id) => agentsById[id]?.teamId === owner.teamId && id !== owner.id);
      supervisorsByTeam.set(owner.teamId, (ids = team.length > 0 ? team : allSupervisors.filter((id) => id !== owner.id)));
    }
    return ids;
  };

  const alerts: SlaAlert[] = [];
  for (const sla of cases) {
    let routed: boolean;
    if (sla.ownerId === me.id) {
      if (!isWorking(me)) continue;
      routed = false;
    } else {
      // A case waiting in its queue has nobody to warn yet; the queue board shows it.
      if (sla.ownerId === null) continue;
      const owner = agentsById[sla.ownerId];
      if (me.role !== 'supervisor' || !owner || isWorking(owner) || !supervisorsOf(owner).includes(me.id)) continue;
      routed = true;
    }
    for (const clock of sla.clocks) {
      if (clock.stoppedAt !== null) continue;
      const state = stateAt(clock, sla.dueMs.get(clock.id) ?? Date.parse(clock.dueAt), now);
      if (state !== 'warning' && state !== 'breached') continue;
      alerts.push({
        key: `${sla.caseId}|${clock.id}|${clock.startedAt}|${state}`,
        caseId: sla.caseId,
        subject: sla.subject,
        clockId: clock.id,
        clockLabel: clock.label,
        statutory: clock.kind === 'statutory',
        state,
        dueAt: clock.dueAt,
        ownerId: sla.ownerId,
        routedFromOwner: routed,
      });
    }
  }
  return alerts;
}
