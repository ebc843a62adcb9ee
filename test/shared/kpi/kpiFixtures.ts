import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CustomerTier } from '../../../src/shared/domain/enums';
import type { KpiCaseEvent, KpiDirectory, QaScore } from '../../../src/shared/kpi/kpiInput';
import { parseKpiTargetsFile, type KpiTargetsFile } from '../../../src/shared/kpi/targets';
import type { TelephonyFact } from '../../../src/shared/telephony/facts';

export function bundledTargets(): KpiTargetsFile {
  const file = 'resources/kpi-targets.json';
  const parsed = parseKpiTargetsFile(file, JSON.parse(readFileSync(join(__dirname, '../../..', file), 'utf8')));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

/** Two tier-1 teams, a branch, a specialist and a supervisor; two customers. */
export function directory(): KpiDirectory {
  const agents = [
    { id: 'A1', teamId: 'T1-EAST', role: 'tier1_agent', branchId: null },
    { id: 'A2', teamId: 'T1-WEST', role: 'tier1_agent', branchId: null },
    { id: 'B1', teamId: 'BR-001', role: 'branch_staff', branchId: 'BR-001' },
    { id: 'S1', teamId: 'T2-FRAUD-DISPUTES', role: 'specialist', branchId: null },
    { id: 'SUP', teamId: 'T1-EAST', role: 'supervisor', branchId: null },
  ];
  return {
    agents: new Map(agents.map((agent) => [agent.id, agent])),
    customerTiers: new Map<string, CustomerTier>([
      ['C-PREM', 'premium'],
      ['C-STD', 'standard'],
    ]),
    queueTeams: new Map([
      ['T1-EAST', ['T1-EAST']],
      ['T1-WEST', ['T1-WEST']],
      ['PRIORITY', ['T1-EAST', 'T1-WEST']],
    ]),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The facts of one contact: offered at `at`, then answered after `answer` s by `agent` and
 * handled for `handle` s, or abandoned after `abandon` s.
 */
export function contact(spec: { id: string; at: string; queue?: string; channel?: 'phone' | 'chat' | 'email' | 'secure_message' | 'sms'; segment?: CustomerTier; answer?: number; abandon?: number; agent?: string; handle?: number }): TelephonyFact[] {
  const queue = spec.queue ?? 'T1-EAST';
  const channel = spec.channel ?? 'phone';
  const start = Date.parse(spec.at);
  const base = { contactId: spec.id, channel, queue } as const;
  const facts: TelephonyFact[] = [{ kind: 'contact.offered', id: `${spec.id}:o`, at: spec.at, ...base, ...(spec.segment ? { segment: spec.segment } : {}) }];
  if (spec.answer !== undefined) {
    const agentId = spec.agent ?? 'A1';
    facts.push({ kind: 'contact.answered', id: `${spec.id}:a`, at: iso(start + spec.answer * 1000), ...base, waitSeconds: spec.answer, agentId });
    if (spec.handle !== undefined) facts.push({ kind: 'contact.handled', id: `${spec.id}:h`, at: iso(start + (spec.answer + spec.handle) * 1000), ...base, agentId, handleSeconds: spec.handle });
  } else if (spec.abandon !== undefined) {
    facts.push({ kind: 'contact.abandoned', id: `${spec.id}:x`, at: iso(start + spec.abandon * 1000), ...base, waitSeconds: spec.abandon });
  }
  return facts;
}

export function agentState(agentId: string, at: string, state: 'ready' | 'not_ready' | 'logged_out'): TelephonyFact {
  return { kind: 'agent.state', id: `${agentId}:${at}:${state}`, at, agentId, state };
}

let counter = 0;

/** Builds one case's events in order; payloads follow the event catalogue (read loosely by the KPI folds). */
export function caseBuilder(caseId: string, created: { at: string; caseType?: string; channel?: string; severity?: string; customerId?: string | null; ownerId?: string | null; actorId?: string; queueId?: string }) {
  const events: KpiCaseEvent[] = [];
  const add = (type: string, at: string, payload: Record<string, unknown>, actorId = created.ownerId ?? created.actorId ?? 'A1') => {
    counter += 1;
    events.push({ id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, caseId, at: new Date(at).toISOString(), actorId, type, payload, ...({ schemaVersion: 1, hlc: `${Date.parse(at)}-0-dev`, deviceId: 'dev' } as object) } as KpiCaseEvent);
    return api;
  };
  const api = {
    events,
    linked: (at: string, contactId: string, channel = created.channel ?? 'phone') => add('contact.linked', at, { contactId, channel, direction: 'inbound', summary: '' }),
    wrapped: (at: string, contactId: string) => add('contact.wrapped', at, { contactId }),
    message: (at: string, kind = 'response') => add('message.sent', at, { channel: created.channel ?? 'phone', kind, summary: 'Update' }),
    resolved: (at: string, by?: string, code?: string) => add('case.resolved', at, { resolution: 'Done', ...(code ? { code } : {}) }, by),
    reopened: (at: string) => add('case.reopened', at, { reason: 'Customer came back' }),
    closed: (at: string) => add('case.closed', at, {}),
    escalated: (at: string, level = 2, toOwnerId = 'SUP') => add('case.escalated', at, { level, toOwnerId, reason: 'Needs a supervisor', automatic: false }),
    assigned: (at: string, ownerId: string) => add('owner.assigned', at, { ownerId }),
    survey: (at: string, survey: 'csat' | 'nps', score: number) => add('survey.answered', at, { survey, score, source: 'notification' }, 'system:notifications'),
  };
  add(
    'case.created',
    created.at,
    {
      customerId: created.customerId === undefined ? 'C-STD' : created.customerId,
      caseType: created.caseType ?? 'general_inquiry',
      severity: created.severity ?? 'S3',
      channel: created.channel ?? 'phone',
      subject: 'Test',
      ownerId: created.ownerId === undefined ? 'A1' : created.ownerId,
      ...(created.queueId ? { queueId: created.queueId } : {}),
    },
    created.actorId ?? created.ownerId ?? 'A1',
  );
  return api;
}

export function qa(evaluationId: string, at: string, agentId: string, score: number, calibration = false, channel: QaScore['channel'] = 'phone'): QaScore {
  return { evaluationId, at, agentId, score, channel, caseId: null, calibration };
}
