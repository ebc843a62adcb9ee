import type { CaseEvent } from '../../shared/domain/caseEvent';
import type { CaseState } from '../../shared/domain/caseState';
import { CustomerTier, OPEN_STATUSES, Role } from '../../shared/domain/enums';
import { computeClocks } from '../../shared/sla/clocks';
import type { SlaConfig } from '../../shared/sla/policy';
import type { Database, Queryable } from '../db/database';
import { applyCaseEvents } from '../sync/applyCaseEvents';
import type { WebhookEndpoint } from '../webhooks/webhookConfig';
import { enqueueWebhookEvents } from '../webhooks/webhookOutbox';
import type { WebhookPayload } from '../webhooks/webhookPayload';
import { DEFAULT_ESCALATION_STEPS, type DirectoryAgent, type EscalationStep } from './escalationMatrix';
import { periodicTask, timerScheduler, type Scheduler } from './periodicTask';
import { escalationWebhook, planCaseSla, type CaseSlaPlan } from './planCaseSla';
import type { ServiceLog } from './serviceLog';

export interface EscalationSweeperOptions {
  db: Database;
  /** The SLA configuration in force (see createSlaConfigStore); null suspends sweeping. */
  config: () => SlaConfig | null;
  /** Endpoints that get a delivery for each new webhook event; none by default. */
  webhookEndpoints?: () => readonly WebhookEndpoint[];
  steps?: readonly EscalationStep[];
  now?: () => Date;
  /** Default 30 s, measured from the end of one sweep to the start of the next. */
  intervalMs?: number;
  scheduler?: Scheduler;
  log: ServiceLog;
  /** Called after a sweep queued webhook deliveries, so they go out without waiting for the next delivery run. */
  onWebhooksQueued?: () => void;
}

export interface SweepEscalation {
  caseId: string;
  eventId: string;
  seq: number;
  level: number;
  fromOwnerId: string | null;
  toOwnerId: string;
  clockId: string;
}

export interface SweepReport {
  at: string;
  /** Why nothing was checked, or null. */
  skipped: 'no_configuration' | null;
  openCases: number;
  escalations: SweepEscalation[];
  /** Webhook events recorded by this sweep (case.escalated, sla.breached, sla.warning). */
  webhookEvents: WebhookPayload['type'][];
  webhookDeliveries: number;
  failures: { caseId: string; error: string }[];
}

export interface EscalationSweeper {
  /** One sweep now (after any sweep in flight). */
  sweepNow(): Promise<SweepReport>;
  /** Sweeps every interval from now on. */
  start(): void;
  stop(): Promise<void>;
}

interface OpenCase {
  caseId: string;
  lastSeq: number;
  state: CaseState;
  tier: CustomerTier | null;
}

/**
 * The service's SLA sweep: every interval it recomputes the clocks of every open case from its
 * events (computeClocks, the same engine the desktops tick) and, per case, appends the
 * escalation the matrix asks for through applyCaseEvents and records the webhooks.
 *
 * A case that needs a write is settled in its own transaction that first takes the event-log
 * writer lock (the sync_counter row, as applyCaseEvents does) and then re-reads the case: a push,
 * or another service instance escalating the same breach, has either committed before (and is
 * seen) or waits until this one commits. With the deterministic event and webhook ids that makes
 * every escalation and notice happen once, whatever the number of sweeps, instances or restarts.
 * Escalations then reach desktops through the ordinary pull, like any event.
 */
export function createEscalationSweeper(options: EscalationSweeperOptions): EscalationSweeper {
  const { db, log } = options;
  const now = options.now ?? (() => new Date());
  const steps = options.steps ?? DEFAULT_ESCALATION_STEPS;
  const endpoints = options.webhookEndpoints ?? (() => []);
  /** Events of open cases by case, refetched only when the case's last_seq moves. */
  const eventCache = new Map<string, { lastSeq: number; events: CaseEvent[] }>();
  /** Webhook ids known to be recorded, so a steady warning or breach costs no write per sweep. */
  let recordedIds = new Set<string>();
  /** Case versions whose clocks failed to compute, logged once each. */
  const reportedFailures = new Set<string>();

  const sweep = async (): Promise<SweepReport> => {
    const at = now();
    const config = options.config();
    const report: SweepReport = { at: at.toISOString(), skipped: null, openCases: 0, escalations: [], webhookEvents: [], webhookDeliveries: 0, failures: [] };
    if (!config) return { ...report, skipped: 'no_configuration' };

    const open = await loadOpenCases(db);
    report.openCases = open.length;
    await refreshEvents(db, open, eventCache);
    const agents = await loadAgents(db);
    const stillRecorded = new Set<string>();
    const toSettle: string[] = [];
    for (const openCase of open) {
      try {
        const plan = planOpenCase(openCase, eventCache.get(openCase.caseId)?.events ?? [], config, agents, steps, at);
        for (const notice of plan.notifications) if (recordedIds.has(notice.id)) stillRecorded.add(notice.id);
        if (plan.escalation || plan.notifications.some((notice) => !recordedIds.has(notice.id))) toSettle.push(openCase.caseId);
      } catch (error) {
        const key = `${openCase.caseId}@${openCase.lastSeq}`;
        if (!reportedFailures.has(key)) log.error(`SLA sweep: cannot compute the clocks of case ${openCase.caseId}: ${messageOf(error)}`);
        reportedFailures.add(key);
        report.failures.push({ caseId: openCase.caseId, error: messageOf(error) });
      }
    }

    for (const caseId of toSettle) {
      try {
        const settled = await db.transaction((tx) => settleCase(tx, caseId, { config, agents, steps, at, endpoints: endpoints(), log }));
        if (settled.escalation) report.escalations.push(settled.escalation);
        for (const id of settled.noticeIds) stillRecorded.add(id);
        report.webhookEvents.push(...settled.recordedTypes);
        report.webhookDeliveries += settled.deliveries;
      } catch (error) {
        log.error(`SLA sweep: case ${caseId} was not settled (will retry next sweep): ${messageOf(error)}`);
        report.failures.push({ caseId, error: messageOf(error) });
      }
    }
    recordedIds = stillRecorded;
    const openIds = new Set(open.map((openCase) => openCase.caseId));
    for (const caseId of eventCache.keys()) if (!openIds.has(caseId)) eventCache.delete(caseId);

    for (const escalation of report.escalations) {
      log.info(`SLA escalation: case ${escalation.caseId} (${escalation.clockId}) to ${escalation.toOwnerId} at level ${escalation.level}`);
    }
    if (report.webhookDeliveries > 0) options.onWebhooksQueued?.();
    return report;
  };

  const task = periodicTask(sweep, {
    intervalMs: options.intervalMs ?? 30_000,
    scheduler: options.scheduler ?? timerScheduler,
    onError: (error) => log.error(`SLA sweep failed (next one in the usual interval): ${messageOf(error)}`),
  });
  return { sweepNow: task.runNow, start: task.start, stop: task.stop };
}

interface SettleContext {
  config: SlaConfig;
  agents: readonly DirectoryAgent[];
  steps: readonly EscalationStep[];
  at: Date;
  endpoints: readonly WebhookEndpoint[];
  log: ServiceLog;
}

interface Settled {
  escalation: SweepEscalation | null;
  /** Every webhook id the plan named: all are recorded once this transaction commits. */
  noticeIds: string[];
  recordedTypes: WebhookPayload['type'][];
  deliveries: number;
}

/** Re-plans one case under the writer lock and writes the escalation and webhooks it needs. */
async function settleCase(tx: Queryable, caseId: string, context: SettleContext): Promise<Settled> {
  const nothing: Settled = { escalation: null, noticeIds: [], recordedTypes: [], deliveries: 0 };
  await tx.query('SELECT value FROM sync_counter WHERE id = 1 FOR UPDATE');
  const { rows } = await tx.query<OpenCaseRow>(`${OPEN_CASE_SELECT} WHERE c.case_id = $1`, [caseId]);
  const row = rows[0];
  if (!row || !OPEN_STATUSES.includes(row.state.status)) return nothing;
  const openCase = openCaseFromRow(row);
  const events = await loadEvents(tx, [caseId]);
  const plan = planOpenCase(openCase, events.get(caseId) ?? [], context.config, context.agents, context.steps, context.at);
  for (const { clock, step } of plan.unstaffed) {
    context.log.warn(`SLA escalation of case ${caseId} (${clock.id}) to ${step.label} (level ${step.level}) skipped: no such agent in the directory`);
  }

  const payloads: WebhookPayload[] = [...plan.notifications];
  let escalation: SweepEscalation | null = null;
  if (plan.escalation) {
    const [outcome] = await applyCaseEvents(tx, [plan.escalation.event], { pushedBy: null, now: context.at });
    if (!outcome || outcome.outcome === 'rejected') throw new Error(`the escalation event was refused: ${outcome?.reason ?? 'no outcome'}`);
    // A duplicate was stored (and announced) by whoever wrote it first.
    if (outcome.outcome === 'applied') {
      const { event } = plan.escalation;
      payloads.push(escalationWebhook(plan.escalation, outcome.seq));
      escalation = {
        caseId,
        eventId: event.id,
        seq: outcome.seq,
        level: event.payload.level,
        fromOwnerId: plan.escalation.fromOwnerId,
        toOwnerId: event.payload.toOwnerId,
        clockId: plan.escalation.clock.id,
      };
    }
  }
  const queued = await enqueueWebhookEvents(tx, payloads, context.endpoints, context.at);
  const recorded = new Set(queued.recorded);
  return {
    escalation,
    noticeIds: payloads.map((payload) => payload.id),
    recordedTypes: payloads.filter((payload) => recorded.has(payload.id)).map((payload) => payload.type),
    deliveries: queued.deliveries,
  };
}

function planOpenCase(
  openCase: OpenCase,
  events: readonly CaseEvent[],
  config: SlaConfig,
  agents: readonly DirectoryAgent[],
  steps: readonly EscalationStep[],
  at: Date,
): CaseSlaPlan {
  const clocks = computeClocks({ events, customerTier: openCase.tier, policies: config.policies, calendars: config.calendars, now: at.getTime() });
  return planCaseSla({ caseState: openCase.state, clocks, agents, steps, now: at });
}

type OpenCaseRow = {
  case_id: string;
  last_seq: unknown;
  // Written only by applyCaseEvents from the reducer's output, so the stored shape is trusted.
  state: CaseState;
  tier: string | null;
};

const OPEN_CASE_SELECT = 'SELECT c.case_id, c.last_seq, c.state, cu.tier FROM cases c LEFT JOIN customers cu ON cu.id = c.customer_id';

function openCaseFromRow(row: OpenCaseRow): OpenCase {
  const tier = CustomerTier.safeParse(row.tier);
  return { caseId: row.case_id, lastSeq: Number(row.last_seq), state: row.state, tier: tier.success ? tier.data : null };
}

async function loadOpenCases(db: Queryable): Promise<OpenCase[]> {
  const { rows } = await db.query<OpenCaseRow>(`${OPEN_CASE_SELECT} WHERE c.status = ANY($1::text[]) ORDER BY c.case_id`, [[...OPEN_STATUSES]]);
  return rows.map(openCaseFromRow);
}

const EVENT_CHUNK_CASES = 500;

async function refreshEvents(db: Queryable, open: readonly OpenCase[], cache: Map<string, { lastSeq: number; events: CaseEvent[] }>): Promise<void> {
  const stale = open.filter((openCase) => cache.get(openCase.caseId)?.lastSeq !== openCase.lastSeq);
  for (let start = 0; start < stale.length; start += EVENT_CHUNK_CASES) {
    const chunk = stale.slice(start, start + EVENT_CHUNK_CASES);
    const events = await loadEvents(db, chunk.map((openCase) => openCase.caseId));
    for (const openCase of chunk) cache.set(openCase.caseId, { lastSeq: openCase.lastSeq, events: events.get(openCase.caseId) ?? [] });
  }
}

/** Events by case in seq order. Stored bodies passed the catalogue on the way in (applyCaseEvents). */
async function loadEvents(db: Queryable, caseIds: readonly string[]): Promise<Map<string, CaseEvent[]>> {
  const { rows } = await db.query<{ case_id: string; body: CaseEvent }>('SELECT case_id, body FROM case_events WHERE case_id = ANY($1::text[]) ORDER BY case_id, seq', [caseIds]);
  const byCase = new Map<string, CaseEvent[]>();
  for (const row of rows) {
    const list = byCase.get(row.case_id);
    if (list) list.push(row.body);
    else byCase.set(row.case_id, [row.body]);
  }
  return byCase;
}

async function loadAgents(db: Queryable): Promise<DirectoryAgent[]> {
  const { rows } = await db.query<{ id: string; role: string; team_id: string }>('SELECT id, role, team_id FROM agents');
  return rows.flatMap((row) => {
    const role = Role.safeParse(row.role);
    return role.success ? [{ id: row.id, role: role.data, teamId: row.team_id }] : [];
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
