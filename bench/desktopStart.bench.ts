/**
 * Bounded storage (issue 13.4): a desktop used every working day for 30 days still starts in under
 * 2 s. "Start" is what a sign-in waits for before the console shows the agent's work: the agent's
 * data key unwrapped from their password (scrypt at the shipped cost), the journal opened (records
 * authenticated, the chain checked, compaction when due) and every case in it folded to its state.
 *
 * The 30 days are simulated through the journal's real API, as the console drives it: each morning
 * the store is opened (compaction at open, as consoleService configures it), during the day the
 * team's cases arrive by pull in hourly batches and the agent's own notes are appended and then
 * acknowledged, each evening it is closed. Most cases are resolved and closed within their day, a
 * few stay open for days. The peer in the same run is the identical history kept without
 * compaction (the journal before issue 13): its start time and file size are what compaction saves.
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
import { journalCaseState } from '../src/main/services/storage/journalCaseEvents';
import type { CaseEventEnvelope } from '../src/shared/domain/caseEvent';
import type { BenchResult, Benchmark } from './report';

const DAYS = Number(process.env.DESKTOP_START_BENCH_DAYS ?? 30);
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

/** One team case's day: opened, worked, answered; most resolved and closed, one in ten left open. */
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

/** Lives `DAYS` working days on one desktop; returns the data folder and the clock's last morning. */
async function liveThirtyDays(dataDir: string, compacted: boolean): Promise<{ now: number; events: number }> {
  let now = FIRST_MORNING;
  let seq = 0;
  let events = 0;
  for (let day = 0; day < DAYS; day++) {
    now = FIRST_MORNING + day * DAY;
    const store = await openStore(vaultOptions(dataDir, compacted, () => now));
    const journal = store.journal;
    const batches = 10;
    for (let hour = 0; hour < batches; hour++) {
      const pulled = [];
      for (let index = hour; index < CASES_PER_DAY; index += batches) {
        for (const event of teamCase(day, index, now + hour * HOUR)) pulled.push({ seq: ++seq, event });
      }
      await journal.storePulled(pulled, seq);
      events += pulled.length;
      const acks = [];
      for (let n = 0; n < OWN_NOTES_PER_DAY / batches; n++) {
        const caseId = `AC-D${day}-${(hour + n * batches) % CASES_PER_DAY}`;
        const { stored } = await journal.appendLocal(envelope(caseId, 'note.added', { text: `Called the customer back (${day}/${hour}/${n}).` }, now + hour * HOUR + n * 1000, AGENT));
        acks.push({ eventId: stored.event.id, seq: ++seq });
      }
      await journal.recordAcks(acks);
      events += acks.length;
    }
    await journal.close();
  }
  return { now: FIRST_MORNING + DAYS * DAY, events };
}

async function measureStart(dataDir: string, compacted: boolean, morning: number): Promise<{ startMs: number[]; cases: number; bytes: number; records: number }> {
  const startMs: number[] = [];
  let cases = 0;
  let bytes = 0;
  let records = 0;
  for (let sample = 0; sample < START_SAMPLES; sample++) {
    const began = performance.now();
    const store = await openStore(vaultOptions(dataDir, compacted, () => morning));
    const ids = store.journal.caseIds();
    for (const caseId of ids) journalCaseState(store.journal, caseId);
    startMs.push(performance.now() - began);
    cases = ids.length;
    bytes = (await stat(store.journal.path)).size;
    records = store.journal.size.records;
    await store.journal.close();
  }
  return { startMs, cases, bytes, records };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const benchmark: Benchmark = {
  name: 'desktop start after 30 days of daily use',
  async run(): Promise<BenchResult> {
    const root = await mkdtemp(join(tmpdir(), 'agent-console-start-bench-'));
    try {
      const compactedDir = join(root, 'compacted');
      const uncompactedDir = join(root, 'uncompacted');
      const lived = await liveThirtyDays(compactedDir, true);
      await liveThirtyDays(uncompactedDir, false);
      const compacted = await measureStart(compactedDir, true, lived.now);
      const uncompacted = await measureStart(uncompactedDir, false, lived.now);
      return {
        name: benchmark.name,
        metrics: {
          days: DAYS,
          eventsRecorded: lived.events,
          startMedianMs: Math.round(median(compacted.startMs)),
          startMaxMs: Math.round(Math.max(...compacted.startMs)),
          journalBytes: compacted.bytes,
          journalRecords: compacted.records,
          casesFolded: compacted.cases,
          peerUncompactedStartMedianMs: Math.round(median(uncompacted.startMs)),
          peerUncompactedJournalBytes: uncompacted.bytes,
          peerUncompactedCasesFolded: uncompacted.cases,
        },
        targets: { startMaxMs: { max: 2000 } },
        notes:
          `${CASES_PER_DAY} team cases a day (nine in ten resolved and closed the same day) and ${OWN_NOTES_PER_DAY} of the agent's own notes, ` +
          `the store opened each morning and closed each evening. Start = unwrap the data key from the password (scrypt N=2^15) + open and verify ` +
          `the journal + fold every case; ${START_SAMPLES} starts each. Peer: the same history without compaction.`,
      };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};

export default benchmark;
