import type { Database } from '../db/database';
import type { CaseEvent } from '../../shared/domain/caseEvent';
import type { CustomerTier } from '../../shared/domain/enums';
import { indexKpiEvents, type KpiEventIndex } from '../../shared/kpi/computeKpis';
import type { KpiAgent, KpiCaseEvent, KpiDirectory } from '../../shared/kpi/kpiInput';
import { BUNDLED_QUEUES } from '../../shared/policy/queuesConfig';
import { foldQaLog, QaEvent, type QaState } from '../../shared/qa/qaLog';
import type { TelephonyFact } from '../../shared/telephony/facts';

/**
 * What the report routes read: every case event, telephony fact and supervision event, folded
 * into the KPI index, kept in memory and refreshed when the tables change (a cheap check of
 * their high-water marks before each report). Reports are computed from these events every
 * time; only the folding is shared between requests.
 *
 * Scale: the demo bank and a mid-size centre's months fit comfortably; a centre with tens of
 * millions of events would fold incrementally by sequence instead of reloading (the KPI
 * functions take any index, so that is a change here only).
 */
export type ReportSnapshot = {
  index: KpiEventIndex;
  caseEvents: KpiCaseEvent[];
  facts: TelephonyFact[];
  directory: KpiDirectory;
  agents: (KpiAgent & { displayName: string })[];
  qa: QaState;
  /** Case states by id (subject, status, resolution) for QA summaries. */
  caseSummaries: Map<string, { subject: string; status: string; resolution: string | null; resolutionCode: string | null }>;
  loadedAt: Date;
};

type Marks = { caseSeq: number; facts: number; factsReceived: string; qaSeq: number; agents: number; customers: number };

export class ReportData {
  private snapshot: ReportSnapshot | null = null;
  private marks: Marks | null = null;
  private loading: Promise<ReportSnapshot> | null = null;

  constructor(private readonly db: Database) {}

  /** The current snapshot, reloaded first if any table changed since. */
  async current(): Promise<ReportSnapshot> {
    if (this.loading) return this.loading;
    const marks = await this.readMarks();
    if (this.snapshot && this.marks && sameMarks(marks, this.marks)) return this.snapshot;
    this.loading = this.load(marks).finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async readMarks(): Promise<Marks> {
    const { rows } = await this.db.query<{ case_seq: unknown; facts: unknown; facts_received: unknown; qa_seq: unknown; agents: unknown; customers: unknown }>(
      `SELECT (SELECT coalesce(max(seq), 0) FROM case_events) AS case_seq,
              (SELECT count(*) FROM telephony_facts) AS facts,
              (SELECT coalesce(max(received_at)::text, '') FROM telephony_facts) AS facts_received,
              (SELECT coalesce(max(seq), 0) FROM supervision_events) AS qa_seq,
              (SELECT count(*) FROM agents) AS agents,
              (SELECT count(*) FROM customers) AS customers`,
    );
    const row = rows[0];
    return {
      caseSeq: Number(row?.case_seq ?? 0),
      facts: Number(row?.facts ?? 0),
      factsReceived: String(row?.facts_received ?? ''),
      qaSeq: Number(row?.qa_seq ?? 0),
      agents: Number(row?.agents ?? 0),
      customers: Number(row?.customers ?? 0),
    };
  }

  private async load(marks: Marks): Promise<ReportSnapshot> {
    const [events, facts, qaRows, agentRows, customerRows, caseRows] = await Promise.all([
      this.db.query<{ body: unknown }>('SELECT body FROM case_events ORDER BY seq'),
      this.db.query<{ body: unknown }>('SELECT body FROM telephony_facts ORDER BY at, fact_id'),
      this.db.query<{ id: string; type: string; actor_id: string; body: unknown; recorded_at: unknown }>('SELECT id::text AS id, type, actor_id, body, recorded_at FROM supervision_events ORDER BY seq'),
      this.db.query<{ id: string; display_name: string; role: string; team_id: string; branch_id: string | null }>('SELECT id, display_name, role, team_id, branch_id FROM agents ORDER BY id'),
      this.db.query<{ id: string; tier: CustomerTier }>('SELECT id, tier FROM customers'),
      this.db.query<{ case_id: string; state: unknown }>('SELECT case_id, state FROM cases'),
    ]);
    const caseEvents = events.rows.map((row) => parseJson(row.body) as CaseEvent);
    const telephonyFacts = facts.rows.map((row) => parseJson(row.body) as TelephonyFact);
    const agents = agentRows.rows.map((row) => ({ id: row.id, displayName: row.display_name, role: row.role, teamId: row.team_id, branchId: row.branch_id }));
    const directory: KpiDirectory = {
      agents: new Map(agents.map((agent) => [agent.id, agent])),
      customerTiers: new Map(customerRows.rows.map((row) => [row.id, row.tier])),
      queueTeams: new Map(BUNDLED_QUEUES.queues.map((queue) => [queue.id, queue.teams])),
    };
    const qaEvents: QaEvent[] = [];
    for (const row of qaRows.rows) {
      const parsed = QaEvent.safeParse({ id: row.id, type: row.type, actorId: row.actor_id, at: toIso(row.recorded_at), payload: parseJson(row.body) });
      if (parsed.success) qaEvents.push(parsed.data);
    }
    const caseSummaries = new Map<string, { subject: string; status: string; resolution: string | null; resolutionCode: string | null }>();
    for (const row of caseRows.rows) {
      const state = parseJson(row.state) as { subject?: string; status?: string; resolution?: string | null; resolutionCode?: string | null };
      caseSummaries.set(row.case_id, { subject: state.subject ?? '', status: state.status ?? '', resolution: state.resolution ?? null, resolutionCode: state.resolutionCode ?? null });
    }
    const snapshot: ReportSnapshot = {
      index: indexKpiEvents(caseEvents, telephonyFacts, directory),
      caseEvents,
      facts: telephonyFacts,
      directory,
      agents,
      qa: foldQaLog(qaEvents),
      caseSummaries,
      loadedAt: new Date(),
    };
    this.snapshot = snapshot;
    this.marks = marks;
    return snapshot;
  }
}

function sameMarks(a: Marks, b: Marks): boolean {
  return a.caseSeq === b.caseSeq && a.facts === b.facts && a.factsReceived === b.factsReceived && a.qaSeq === b.qaSeq && a.agents === b.agents && a.customers === b.customers;
}

/** jsonb arrives parsed from pg and PGlite; text columns would arrive as strings. */
function parseJson(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

export function toIso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}
