import type { CaseEventEnvelope } from '../../src/shared/domain/caseEvent';
import type { PullResponse, PushOutcome, PushResponse, SequencedEvent } from '../../src/shared/sync/protocol';
import { CaseServiceError, CaseServiceUnreachableError, type CaseServiceClient } from '../../src/main/services/caseService/caseServiceClient';
import type { SyncScheduler } from '../../src/main/services/sync/syncEngine';

/**
 * An in-memory case service with the protocol's dedupe semantics and switches for the
 * failures the sync engine must survive.
 */
export class FakeCaseService implements Pick<CaseServiceClient, 'push' | 'pull'> {
  readonly events: SequencedEvent[] = [];
  down = false;
  unauthorized = false;
  /** Apply the next push, then fail as if the answer was lost on the way back. */
  loseNextPushResponse = false;
  rejectWhen: (event: CaseEventEnvelope) => string | null = () => null;
  /** An event that makes the whole push fail with this answer (e.g. 400 or 500), as an older service did. */
  failBatchWhen: (event: CaseEventEnvelope) => CaseServiceError | null = () => null;
  pushBatches: number[] = [];
  pullCalls: { after: number; limit: number }[] = [];

  async push(_token: string, events: CaseEventEnvelope[]): Promise<PushResponse> {
    this.guard();
    this.pushBatches.push(events.length);
    for (const event of events) {
      const failure = this.failBatchWhen(event);
      if (failure) throw failure;
    }
    const results: PushOutcome[] = events.map((event) => {
      const known = this.events.find((stored) => stored.event.id === event.id);
      if (known) return { eventId: event.id, outcome: 'duplicate', seq: known.seq };
      const reason = this.rejectWhen(event);
      if (reason) return { eventId: event.id, outcome: 'rejected', reason };
      const seq = this.events.length + 1;
      this.events.push({ seq, event });
      return { eventId: event.id, outcome: 'applied', seq };
    });
    if (this.loseNextPushResponse) {
      this.loseNextPushResponse = false;
      throw new CaseServiceUnreachableError('The case service at fake cannot be reached (connection reset).');
    }
    return { results };
  }

  async pull(_token: string, after: number, limit: number): Promise<PullResponse> {
    this.guard();
    this.pullCalls.push({ after, limit });
    const page = this.events.filter((e) => e.seq > after).slice(0, limit);
    const cursor = page.at(-1)?.seq ?? after;
    return { events: page, cursor, hasMore: this.events.some((e) => e.seq > cursor), removedCaseIds: this.scopeLeft.splice(0) };
  }

  /** Cases the next pull says left this desktop's scope. */
  readonly scopeLeft: string[] = [];

  /** Another desktop's event arriving at the service. */
  addRemote(event: CaseEventEnvelope): SequencedEvent {
    const sequenced = { seq: this.events.length + 1, event };
    this.events.push(sequenced);
    return sequenced;
  }

  copiesOf(eventId: string): number {
    return this.events.filter((e) => e.event.id === eventId).length;
  }

  private guard(): void {
    if (this.down) throw new CaseServiceUnreachableError('The case service at fake cannot be reached (connection refused).');
    if (this.unauthorized) throw new CaseServiceError(401, 'session_expired', 'Your session has expired.');
  }
}

/** Time that moves only when the test says so. */
export class ManualScheduler implements SyncScheduler {
  private current = Date.parse('2026-03-02T10:00:00.000Z');
  private nextHandle = 1;
  readonly timers = new Map<number, { at: number; ms: number; callback: () => void }>();
  /** Delays of every timer ever set, in order. */
  readonly delays: number[] = [];

  now(): number {
    return this.current;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.nextHandle++;
    this.timers.set(handle, { at: this.current + ms, ms, callback });
    this.delays.push(ms);
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pendingDelays(): number[] {
    return [...this.timers.values()].map((t) => t.ms);
  }
  /** Moves time forward, firing timers that come due, in order. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.current = due[1].at;
      due[1].callback();
    }
    this.current = target;
  }
}
