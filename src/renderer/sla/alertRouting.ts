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
  /** Set when the owner is off shift and the alert came to whoever covers for them instead. */
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
 * is still at warning or breach reaches them) and their team's supervisor hears instead. A team
 * without a supervisor (compliance, say) is covered by the owner's on-shift teammates in the same
 * role, never by another team's supervisor: they cannot act on the case (a supervisor's scope is
 * their team), and the T1-EAST supervisor was flooded with a compliance officer's breaches. Where
 * nobody covers, the case service's escalation matrix still acts on a breach.
 */
export function alertsFor(cases: readonly CaseSla[], audience: AlertAudience, now: number): SlaAlert[] {
  const { me, agentsById } = audience;
  const isWorking = workingAt(audience, now);
  const coverByOwner = new Map<string, readonly string[]>();
  const coverFor = (owner: Agent) => {
    let ids = coverByOwner.get(owner.id);
    if (!ids) coverByOwner.set(owner.id, (ids = whoCovers(owner, audience, isWorking).agents.map((agent) => agent.id)));
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
      if (!owner || isWorking(owner) || !coverFor(owner).includes(me.id)) continue;
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

/** Who hears of an off-shift owner's cases instead of them: their team's supervisors, else their on-shift teammates in the same role. */
export interface Cover {
  by: 'supervisors' | 'teammates';
  /** Empty when nobody covers (then only the case service's escalation matrix acts, on a breach). */
  agents: readonly Agent[];
}

function whoCovers(owner: Agent, audience: AlertAudience, isWorking: (agent: Agent) => boolean): Cover {
  const team = Object.values(audience.agentsById).filter((agent) => agent.teamId === owner.teamId && agent.id !== owner.id);
  const supervisors = team.filter((agent) => agent.role === 'supervisor');
  if (supervisors.length > 0) return { by: 'supervisors', agents: supervisors };
  return { by: 'teammates', agents: team.filter((agent) => agent.role === owner.role && isWorking(agent)) };
}

/** Whether an agent is on shift at `now`, asking the schedule once per agent. */
function workingAt({ shifts }: AlertAudience, now: number): (agent: Agent) => boolean {
  const onShift = new Map<string, boolean>();
  return (agent) => {
    let working = onShift.get(agent.id);
    if (working === undefined) onShift.set(agent.id, (working = isOnShift(shifts, agent, now)));
    return working;
  };
}

/**
 * Null while the signed-in agent is on shift; else who hears of their cases' alerts instead, by
 * the rule alertsFor routes them with, so the console can say why their alerts are quiet.
 */
export function offShiftCover(audience: AlertAudience, now: number): Cover | null {
  const isWorking = workingAt(audience, now);
  return isWorking(audience.me) ? null : whoCovers(audience.me, audience, isWorking);
}
