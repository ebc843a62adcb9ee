/**
 * Bounded storage (issue 13.4): a desktop used every working day for months still starts in under
 * 2 s, and its journal stops growing. "Start" is what a sign-in waits for before the console shows
 * the agent's work: the agent's data key unwrapped from their password (scrypt at the shipped
 * cost), the journal opened (records authenticated, the chain checked, compaction when due) and
 * every case in it folded to its state.
 *
 * The days are simulated through the journal's real API, as the console drives it: each morning
 * the store is opened (compaction at open, as consoleService configures it: finished cases idle a
 * week folded into snapshots, snapshots past the desktop retention of src/shared/sync/
 * desktopRetention.ts dropped), during the day the team's cases arrive by pull in hourly batches
 * and the agent's own notes are appended and then acknowledged, each evening it is closed. Nine
 * cases in ten are resolved and closed within their day; the tenth stays open three days. Start
 * time and journal size are measured the morning after day 30, day 90 and the last day. The peer
 * is the identical history kept without compaction (the journal before issue 13).
 *
 * Only the desktop's own retention runs here (no service): online, the service's removals drop
 * the same cases a little earlier, so this is the offline bound.
 *
 * DESKTOP_START_BENCH_DAYS and DESKTOP_START_BENCH_CASES_PER_DAY change the load.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openAgentStore, type AgentStore, type AgentVaultOptions } from '../src/main/services/keys/agentVault';
import { createPasswordKeyProtector } from '../src/main/services/keys/passwordKeyProtector';
import { DEFAULT_FINISHED_RETENTION_MS } from '../src/main/services/storage/journal';
import { DESKTOP_RETENTION } from '../src/shared/sync/desktopRetention';
import { journalCaseState } from '../src/main/services/storage/journalCaseEvents';
import type { CaseEventEnvelope } from '../src/shared/domain/caseEvent';
import type { BenchResult, Benchmark } from './report';

const DAYS = Number(process.env.DESKTOP_START_BENCH_DAYS ?? 120);
const CHECKPOINTS = [...new Set([30, 90, DAYS])].filter((day) => day <= DAYS);
const OPEN_DAYS = 3;
const CASES_PER_DAY = Number(process.env.DESKTOP_START_BENCH_CASES_PER_DAY ?? 120);
const OWN_NOTES_PER_DAY = 40;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const FIRST_MORNING = Date.parse('2026-10-05T08:00:00.000Z');
const AGENT = 'agent-bench';
const PASSWORD = 'Bench-password-2026!';
const START_SAMPLES = 5;

function envelope(caseId: string, type: string, payload: unknown, atMs: number, actorId: string): CaseEventEnvelope {
  return { id: randomUUID(), caseId, schemaVersion: 1, at: new Date(atMs).toISOString(), hlc: `${atMs}-0-bench`, actorId, deviceId: `desktop-${actorId}`, type, payload };
}

/** One team case's day: opened, worked, answered; most resolved and closed, one in ten left open (see `lateClose`). */
function teamCase(day: number, index: number, openedAt: number): CaseEventEnvelope[] {
  const caseId = `AC-D${day}-${index}`;
  const actor = `agent-${index % 12}`;
  const events = [
    envelope(caseId, 'case.created', { customerId: `cust-${(day * 131 + index) % 5000}`, caseType: 'billing_dispute', severity: 'S3', channel: 'phone', subject: `Duplicate card fee ${day}-${index}`, ownerId: actor, queueId: 'general' }, openedAt, actor),
    envelope(caseId, 'note.added', { text: 'Customer says the monthly fee was charged twice; checked the statement with them.' }, openedAt + 60_000, actor),
    envelope(caseId, 'message.sent', { channel: 'phone', kind: 'response', summary: 'Explained the fee and what happens next.' }, openedAt + 120_000, actor),
  ];
  if (index % 10 === 0) return events;
  const resolved = envelope(caseId, 'case.resolved', { resolution: 'Fee refunded' }, openedAt + 30 * 60_000, actor);
  return [...events, resolved, envelope(caseId, 'case.closed', { resolutionEventId: resolved.id }, openedAt + 45 * 60_000, actor)];
}

/** The cases one in ten left open `OPEN_DAYS` ago, resolved and closed this morning. */
function lateClose(day: number, atMs: number): CaseEventEnvelope[] {
  if (day < OPEN_DAYS) return [];
  const events: CaseEventEnvelope[] = [];
  for (let index = 0; index < CASES_PER_DAY; index += 10) {
    const caseId = `AC-D${day - OPEN_DAYS}-${index}`;
    const actor = `agent-${index % 12}`;
    const resolved = envelope(caseId, 'case.resolved', { resolution: 'Fee refunded after the bank confirmed the duplicate' }, atMs + index * 1000, actor);
    events.push(resolved, envelope(caseId, 'case.closed', { resolutionEventId: resolved.id }, atMs + index * 1000 + 500, actor));
  }
  return events;
}

async function openStore(options: AgentVaultOptions): Promise<AgentStore> {
  const opening = await openAgentStore(options, AGENT, PASSWORD);
  if (opening.state !== 'open') throw new Error(`the bench's store did not open: ${opening.state}`);
  return opening;
}

function vaultOptions(dataDir: string, compacted: boolean, now: () => number): AgentVaultOptions {
  return {
    dataDir,
    protectors: [createPasswordKeyProtector()],
    deviceId: 'desktop-bench',
    now,
    journal: { warn: () => undefined, now, ...(compacted ? { compaction: { now, finishedRetentionMs: DEFAULT_FINISHED_RETENTION_MS } } : {}) },
  };
}

interface Checkpoint {
  day: number;
  compacted: Awaited<ReturnType<typeof measureStart>>;
  uncompacted: Awaited<ReturnType<typeof measureStart>>;
  events: number;
}

/**
 * Lives `DAYS` working days on two desktops with the same history: one opened each morning with
 * compaction (as the console runs), one kept without it. Measures both the morning after each checkpoint.
 */
async function liveDays(compactedDir: string, uncompactedDir: string): Promise<Checkpoint[]> {
  let seq = 0;
  let events = 0;
  const checkpoints: Checkpoint[] = [];
  // The peer needs no compaction, so it stays open between checkpoints (its daily reopen would only add the benchmark's own time).
  let peer = await openStore(vaultOptions(uncompactedDir, false, () => FIRST_MORNING));
  for (let day = 0; day < DAYS; day++) {
    const now = FIRST_MORNING + day * DAY;
    const store = await openStore(vaultOptions(compactedDir, true, () => now));
    const late = lateClose(day, now).map((event) => ({ seq: ++seq, event }));
    for (const journal of [store.journal, peer.journal]) await journal.storePulled(late, seq);
    events += late.length;
    const batches = 10;
    for (let hour = 0; hour < batches; hour++) {
      const pulled = [];
      for (let index = hour; index < CASES_PER_DAY; index += batches) {
        for (const event of teamCase(day, index, now + hour * HOUR)) pulled.push({ seq: ++seq, event });
      }
      for (const journal of [store.journal, peer.journal]) await journal.storePulled(pulled, seq);
      events += pulled.length;
      const acks = [];
      for (let n = 0; n < OWN_NOTES_PER_DAY / batches; n++) {
        const caseId = `AC-D${day}-${(hour + n * batches) % CASES_PER_DAY}`;
        const note = envelope(caseId, 'note.added', { text: `Called the customer back (${day}/${hour}/${n}).` }, now + hour * HOUR + n * 1000, AGENT);
        for (const journal of [store.journal, peer.journal]) await journal.appendLocal(note);
        acks.push({ eventId: note.id, seq: ++seq });
      }
      for (const journal of [store.journal, peer.journal]) await journal.recordAcks(acks);
      events += acks.length;
    }
    await store.journal.close();
    if (CHECKPOINTS.includes(day + 1)) {
      await peer.journal.close();
      const morning = FIRST_MORNING + (day + 1) * DAY;
      checkpoints.push({ day: day + 1, events, compacted: await measureStart(compactedDir, true, morning), uncompacted: await measureStart(uncompactedDir, false, morning) });
      peer = await openStore(vaultOptions(uncompactedDir, false, () => morning));
    }
  }
  await peer.journal.close();
  return checkpoints;
}

async function measureStart(dataDir: string, compacted: boolean, morning: number): Promise<{ startMs: number[]; cases: number; bytes: number; records: number; snapshots: number; events: number }> {
  const startMs: number[] = [];
  let cases = 0;
  let bytes = 0;
  let records = 0;
  let snapshots = 0;
  let events = 0;
  for (let sample = 0; sample < START_SAMPLES; sample++) {
    const began = performance.now();
    const store = await openStore(vaultOptions(dataDir, compacted, () => morning));
    const ids = store.journal.caseIds();
    for (const caseId of ids) journalCaseState(store.journal, caseId);
    startMs.push(performance.now() - began);
    cases = ids.length;
    bytes = (await stat(store.journal.path)).size;
    ({ records, snapshots, events } = store.journal.size);
    await store.journal.close();
  }
  return { startMs, cases, bytes, records, snapshots, events };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const benchmark: Benchmark = {
  name: 'desktop start after months of daily use',
  async run(): Promise<BenchResult[]> {
    const root = await mkdtemp(join(tmpdir(), 'agent-console-start-bench-'));
    try {
      const checkpoints = await liveDays(join(root, 'compacted'), join(root, 'uncompacted'));
      const at90 = checkpoints.find((c) => c.day === 90);
      return checkpoints.map(({ day, events, compacted, uncompacted }) => {
        // The bound: past the retention the journal holds the same window of work every day, so it stops growing.
        const growth: Record<string, number> = at90 && day > 90 ? { journalGrowthSinceDay90Pct: Math.round(((compacted.bytes - at90.compacted.bytes) / at90.compacted.bytes) * 1000) / 10 } : {};
        return {
          name: `desktop start after ${day} days of daily use`,
          metrics: {
            days: day,
            eventsRecorded: events,
            startMedianMs: Math.round(median(compacted.startMs)),
            startMaxMs: Math.round(Math.max(...compacted.startMs)),
            journalBytes: compacted.bytes,
            journalRecords: compacted.records,
            casesFolded: compacted.cases,
            snapshotsHeld: compacted.snapshots,
            eventsHeld: compacted.events,
            ...growth,
            peerUncompactedStartMedianMs: Math.round(median(uncompacted.startMs)),
            peerUncompactedJournalBytes: uncompacted.bytes,
            peerUncompactedCasesFolded: uncompacted.cases,
          },
          targets: { startMaxMs: { max: 2000 }, ...('journalGrowthSinceDay90Pct' in growth ? { journalGrowthSinceDay90Pct: { max: 5 } } : {}) },
          notes:
            `${CASES_PER_DAY} team cases a day (nine in ten resolved and closed the same day, the tenth after ${OPEN_DAYS} days) and ${OWN_NOTES_PER_DAY} of the agent's own notes, ` +
            `the store opened each morning and closed each evening. Start = unwrap the data key from the password (scrypt N=2^15) + open and verify ` +
            `the journal + fold every case; ${START_SAMPLES} starts each. Retention: snapshots of cases finished more than ${DESKTOP_RETENTION.finishedDays} days ago ` +
            `(folded more than ${DESKTOP_RETENTION.desktopGraceDays} days ago), at most ${DESKTOP_RETENTION.maxFinishedCases}. Peer: the same history without compaction.`,
        };
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};

export default benchmark;
