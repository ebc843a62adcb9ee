import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleService, type ConsoleService } from '../../../../src/main/services/console/consoleService';
import { createMemoryKeyProtector } from '../../../../src/main/services/keys/passwordKeyProtector';
import { journalCaseState } from '../../../../src/main/services/storage/journalCaseEvents';
import { systemScheduler } from '../../../../src/main/services/sync/syncEngine';
import { DEMO_PASSWORD, demoTotpCode, startCaseService, type CaseService } from '../../../../src/server/index';
import type { IpcChannel, IpcResponse } from '../../../../src/shared/ipc/contract';
import { DESKTOP_RETENTION } from '../../../../src/shared/sync/desktopRetention';
import { tempDir, testKey } from '../../support';

const DAY = 24 * 60 * 60 * 1000;
/** One clock for the service and the desktop, moved forward by the test. */
let now = Date.now();
let service: CaseService;
beforeAll(async () => {
  service = await startCaseService({ port: 0, seed: { customers: 12, transactions: 40, openCases: 4, resolvedCases: 1 }, logger: false, now: () => new Date(now) });
});
afterAll(async () => {
  await service.close();
});

async function invoke<C extends IpcChannel>(console: ConsoleService, channel: C, request: unknown): Promise<IpcResponse<C>> {
  const result = await console.dispatchIpc(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
  return result.value as IpcResponse<C>;
}

const signIn = (console: ConsoleService) => invoke(console, 'session.login', { username: 'agent', password: DEMO_PASSWORD, otp: demoTotpCode('agent', new Date(now)) });

/** The renderer's read model as it follows `events.since`: removals first, then events. */
class ReadModel {
  localSeq = 0;
  readonly cases = new Map<string, Set<string>>();
  async follow(console: ConsoleService): Promise<string[]> {
    const changes = await invoke(console, 'events.since', { afterLocalSeq: this.localSeq });
    if (changes.reset) this.cases.clear();
    for (const caseId of changes.removedCaseIds) this.cases.delete(caseId);
    for (const { event } of changes.events) this.cases.set(event.caseId, (this.cases.get(event.caseId) ?? new Set()).add(event.id));
    for (const snapshot of changes.snapshots) this.cases.set(snapshot.caseId, this.cases.get(snapshot.caseId) ?? new Set());
    this.localSeq = changes.localSeq;
    return changes.removedCaseIds;
  }
}

describe('a finished case past the desktop retention, end to end', () => {
  it('leaves the journal and the read model, and comes back whole when the agent looks it up through the service', async () => {
    const console = await createConsoleService({
      dataDir: await tempDir(),
      serviceUrl: service.url,
      keyProtectors: [createMemoryKeyProtector(testKey())],
      scheduler: { ...systemScheduler, now: () => now },
      requestTimeoutMs: 5_000,
      warn: () => undefined,
      logError: () => undefined,
    });
    try {
      await signIn(console);
      const { rows } = await service.db.query<{ id: string }>('SELECT id FROM customers ORDER BY id LIMIT 1');
      const customerId = rows[0]?.id;
      if (!customerId) throw new Error('no seeded customer');
      const caseId = `AC-RET-${randomUUID().slice(0, 8).toUpperCase()}`;
      const resolvedId = randomUUID();
      for (const draft of [
        { id: randomUUID(), caseId, type: 'case.created', payload: { customerId, caseType: 'complaint', severity: 'S3', channel: 'phone', subject: 'Fee charged twice', ownerId: 'AGT-001', queueId: 'T1-EAST' } },
        { id: resolvedId, caseId, type: 'case.resolved', payload: { resolution: 'Fee refunded' } },
        { id: randomUUID(), caseId, type: 'case.closed', payload: { resolutionEventId: resolvedId } },
      ]) await invoke(console, 'events.append', draft);
      await console.sync.syncNow();
      expect(console.journal.pendingCount).toBe(0);
      expect(console.sync.status().rejected).toEqual([]);
      const readModel = new ReadModel();
      await readModel.follow(console);
      expect(readModel.cases.get(caseId)?.size).toBe(3);
      const closed = journalCaseState(console.journal, caseId);
      expect(closed?.status).toBe('closed');

      // The agent signs out and comes back after the retention: the service lets the case go, and so does the desktop.
      await invoke(console, 'session.logout', {});
      now += (DESKTOP_RETENTION.finishedDays + 10) * DAY;
      await signIn(console);
      await console.sync.syncNow();
      expect(console.journal.caseIds()).not.toContain(caseId);
      expect(journalCaseState(console.journal, caseId)).toBeNull();
      expect(await readModel.follow(console)).toContain(caseId);
      expect(readModel.cases.has(caseId)).toBe(false);

      // A contact names the case: not held here, the look-up goes to the service, which brings the case back whole.
      const found = await invoke(console, 'screenpop.lookup', { identifiers: { caseId } });
      expect(found.source).toBe('service');
      expect(found.customers.map((c) => c.detail.customer.id)).toEqual([customerId]);
      await console.sync.syncNow();
      expect(journalCaseState(console.journal, caseId)).toEqual(closed);
      await readModel.follow(console);
      expect(readModel.cases.get(caseId)?.size).toBe(3);
    } finally {
      await console.close();
    }
  }, 60_000);
});
