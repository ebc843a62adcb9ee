import { enrolDemoAgents } from '../../../src/server/seed/enrolDemoAgents';
import { hashPassword } from '../../../src/server/auth/passwords';
import type { Database } from '../../../src/server/db/database';
import { insertRows } from '../../../src/server/db/insertRows';
import { migrate } from '../../../src/server/db/migrate';
import type { Scheduler } from '../../../src/server/sla/periodicTask';
import type { ServiceLog } from '../../../src/server/sla/serviceLog';
import { DEMO_AGENTS, DEMO_PASSWORD } from '../../../src/server/seed/demoAgents';
import { applyCaseEvents } from '../../../src/server/sync/applyCaseEvents';
import type { CaseEvent } from '../../../src/shared/domain/caseEvent';
import type { CaseType, Severity } from '../../../src/shared/domain/enums';
import { loadSlaConfig, type SlaConfig } from '../../../src/shared/sla/policy';
import { makeEvent } from '../helpers/events';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

const ALWAYS_OPEN = {
  id: 'always',
  timeZone: 'America/New_York',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]])),
  holidays: [],
};

/** Small, 24/7 policy so due instants are plain arithmetic: first response 1 h, resolution 8 h (pauses while waiting on the customer). */
export const TEST_POLICIES = {
  version: 7,
  warningThresholds: [0.75, 0.9],
  statutoryCalendars: { calendarDays: 'always', businessDays: 'always' },
  rules: [
    {
      id: 'default',
      match: {},
      clocks: {
        first_response: { type: 'first_response', label: 'First response', target: { hours: 1 }, calendar: 'always' },
        resolution: { type: 'resolution', label: 'Resolution', target: { hours: 8 }, calendar: 'always' },
      },
    },
    // Regulatory complaints keep only the statutory clock, so its breach can be watched alone.
    { id: 'regulatory', match: { caseType: ['regulatory_complaint'] }, clocks: { resolution: { type: 'resolution', disabled: true } } },
  ],
};

export function testSlaConfig(): SlaConfig {
  const result = loadSlaConfig({ calendars: [{ fileName: 'always.json', json: ALWAYS_OPEN }], policies: { fileName: 'sla-policies.json', json: TEST_POLICIES } });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

let passwordHash: Promise<string> | undefined;

/** Migrates and loads the demo agents (one shared password hash: scrypt is slow) and one customer per tier. */
export async function prepareDirectory(db: Database): Promise<void> {
  await migrate(db);
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  const hash = await passwordHash;
  await insertRows(
    db,
    'agents',
    ['id', 'username', 'display_name', 'role', 'team_id', 'branch_id', 'time_zone', 'password_hash'],
    DEMO_AGENTS.map((agent) => [agent.id, agent.username, agent.displayName, agent.role, agent.teamId, agent.branchId, agent.timeZone, hash]),
  );
  await enrolDemoAgents(db, new Date('2020-01-01T00:00:00Z'));
  await insertRows(
    db,
    'customers',
    ['id', 'full_name', 'tier', 'segment', 'phone', 'email', 'branch_id', { name: 'customer_since', cast: 'date' }],
    ['standard', 'premium', 'vip', 'business'].map((tier, index) => [`CUS-T${index}`, `Test ${tier}`, tier, 'retail', `+1555000000${index}`, `t${index}@example.com`, 'BR-001', '2020-01-01']),
  );
}

let caseCounter = 0;

export function newTestCaseId(): string {
  caseCounter += 1;
  return `SLA-${Date.now().toString(36)}-${caseCounter}`;
}

export function createdEvent(caseId: string, ownerId: string, at: Date, fields: { caseType?: CaseType; severity?: Severity } = {}) {
  return makeEvent('case.created', {
    caseId,
    actorId: ownerId,
    at,
    payload: { customerId: 'CUS-T0', caseType: fields.caseType ?? 'complaint', severity: fields.severity ?? 'S3', channel: 'phone', subject: 'SLA test case', ownerId },
  });
}

export function messageEvent(caseId: string, actorId: string, at: Date) {
  return makeEvent('message.sent', { caseId, actorId, at, payload: { channel: 'phone', kind: 'acknowledgement', summary: 'We are on it.' } });
}

export function waitingEvent(caseId: string, actorId: string, at: Date) {
  return makeEvent('status.changed', { caseId, actorId, at, payload: { to: 'waiting_on_customer', reason: 'Asked for a statement' } });
}

/** Writes events as the service does (system author), at the latest event's time. */
export async function record(db: Database, events: readonly CaseEvent[]): Promise<void> {
  const latest = Math.max(...events.map((event) => Date.parse(event.at)));
  const outcomes = await db.transaction((tx) => applyCaseEvents(tx, events, { pushedBy: null, now: new Date(latest) }));
  const refused = outcomes.find((outcome) => outcome.outcome !== 'applied');
  if (refused) throw new Error(`test event not applied: ${JSON.stringify(refused)}`);
}

export async function eventsOf(db: Database, caseId: string): Promise<CaseEvent[]> {
  const { rows } = await db.query<{ body: CaseEvent }>('SELECT body FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId]);
  return rows.map((row) => row.body);
}

export async function ownerOf(db: Database, caseId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ owner_id: string }>('SELECT owner_id FROM cases WHERE case_id = $1', [caseId]);
  return rows[0]?.owner_id;
}

export async function webhookEventsOf(db: Database, caseId: string): Promise<{ id: string; type: string; body: string }[]> {
  const { rows } = await db.query<{ id: string; type: string; body: string }>('SELECT id::text AS id, type, body FROM webhook_events WHERE case_id = $1 ORDER BY created_at, type', [
    caseId,
  ]);
  return rows;
}

/** A log that remembers what it was told, for assertions. */
export function recordingLog(): ServiceLog & { lines: { level: 'info' | 'warn' | 'error'; message: string }[] } {
  const lines: { level: 'info' | 'warn' | 'error'; message: string }[] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}

/** Timers that fire only when the test says so. */
export class ManualScheduler implements Scheduler {
  private next = 1;
  readonly pending = new Map<number, { callback: () => void; ms: number }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.next++;
    this.pending.set(handle, { callback, ms });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Fires every timer set so far. */
  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const timer of due) timer.callback();
  }
}

/** A clock the test moves. */
export function movableClock(start: Date): { now: () => Date; set(at: Date): void; advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = at.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
