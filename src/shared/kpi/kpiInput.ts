import type { CaseEvent } from '../domain/caseEvent';
import type { Channel, CustomerTier } from '../domain/enums';
import { parseInstant } from '../sla/businessTime';

/**
 * What the KPI functions read. Everything is an event: case events (in service order) and
 * telephony facts; QA scores come from the supervision log. Nothing is a stored counter, so a
 * KPI can be recomputed for any period, team, channel, queue or segment.
 */

/** A case event as the KPI folds read it: the catalogue's envelope, payload read field by field. */
export type KpiCaseEvent = Pick<CaseEvent, 'id' | 'caseId' | 'at' | 'actorId'> & { type: string; payload: unknown };

export type KpiAgent = { id: string; teamId: string; role: string; branchId: string | null };

/** Who is who, for attributing events to teams and segments. */
export type KpiDirectory = {
  agents: ReadonlyMap<string, KpiAgent>;
  /** Customer id → tier (segment). */
  customerTiers: ReadonlyMap<string, CustomerTier>;
  /** Queue id → the teams that work it (resources/queues.json). */
  queueTeams: ReadonlyMap<string, readonly string[]>;
};

export const EMPTY_DIRECTORY: KpiDirectory = { agents: new Map(), customerTiers: new Map(), queueTeams: new Map() };

/** Report filters; an absent or empty list does not filter. */
export type KpiFilter = {
  teams?: readonly string[];
  channels?: readonly Channel[];
  queues?: readonly string[];
  segments?: readonly CustomerTier[];
};

/** A QA evaluation's result, from the supervision log (qa/). */
export type QaScore = {
  evaluationId: string;
  at: string;
  agentId: string;
  /** Weighted scorecard result, 0–1. */
  score: number;
  channel: Channel | null;
  caseId: string | null;
  /** Calibration scores measure reviewers, not agents: left out of the QA average. */
  calibration: boolean;
};

/** A half-open period [from, to) in epoch ms. */
export type Period = { from: number; to: number };

export function periodOf(from: string, to: string): Period {
  const period = { from: parseInstant(from), to: parseInstant(to) };
  if (!(period.to > period.from)) throw new RangeError(`a report period must end after it starts: ${from} – ${to}`);
  return period;
}

export function inPeriod(ms: number, period: Period): boolean {
  return ms >= period.from && ms < period.to;
}

/** Reads one field of an event payload without trusting its shape (older and newer catalogues). */
export function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[name] : undefined;
}

export function stringField(payload: unknown, name: string): string | null {
  const value = field(payload, name);
  return typeof value === 'string' ? value : null;
}

export function numberField(payload: unknown, name: string): number | null {
  const value = field(payload, name);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A compiled filter: set look-ups instead of array scans in the hot loops. */
export type CompiledFilter = {
  teams: ReadonlySet<string> | null;
  channels: ReadonlySet<string> | null;
  queues: ReadonlySet<string> | null;
  segments: ReadonlySet<string> | null;
};

export function compileFilter(filter: KpiFilter | undefined): CompiledFilter {
  const set = (values: readonly string[] | undefined) => (values && values.length > 0 ? new Set(values) : null);
  return { teams: set(filter?.teams), channels: set(filter?.channels), queues: set(filter?.queues), segments: set(filter?.segments) };
}

/** Does an agent or, failing that, a queue belong to one of the filtered teams? */
export function teamMatches(filter: CompiledFilter, directory: KpiDirectory, agentId: string | null, queue: string | null): boolean {
  if (!filter.teams) return true;
  if (agentId) {
    const agent = directory.agents.get(agentId);
    if (agent) return filter.teams.has(agent.teamId);
  }
  if (queue) {
    const teams = directory.queueTeams.get(queue);
    if (teams) return teams.some((team) => filter.teams?.has(team));
    return filter.teams.has(queue);
  }
  return false;
}
