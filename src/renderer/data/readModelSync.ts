import type { CaseEventDraft } from '../../shared/domain/caseEvent';
import type { ConsoleBridge, IpcFailure, IpcResponse, IpcResult } from '../../shared/ipc/contract';
import { catchUp, putNewer, refoldCases } from './catchUp';
import { loadCustomers, queueCustomerIds } from './customers';
import type { ReadModelDb } from './db';

export type ReadModelProblem = IpcFailure | null;

/**
 * Keeps one agent's Dexie read models in step with main: catches up on start, whenever main
 * says events changed, and after this window appends one. Runs never overlap; a trigger that
 * arrives mid-run schedules exactly one more run, so bursts of notifications coalesce.
 */
export class ReadModelSync {
  private running: Promise<void> | null = null;
  private runAgain = false;
  private stopped = false;

  constructor(
    private readonly bridge: ConsoleBridge,
    readonly db: ReadModelDb,
    private readonly agentId: string,
    private readonly onProblem: (problem: ReadModelProblem) => void = () => {},
  ) {}

  /** Starts catching up; returns the function that stops listening. */
  start(): () => void {
    this.stopped = false;
    const unsubscribe = this.bridge.on('events.changed', () => void this.requestCatchUp());
    void this.requestCatchUp();
    return () => {
      this.stopped = true;
      unsubscribe();
    };
  }

  requestCatchUp(): Promise<void> {
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.runAgain = false;
        await this.runOnce();
      } while (this.runAgain && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Records an agent action through main. On success the acknowledged event goes straight into
   * the read model, so the agent sees it at once even before the next catch-up.
   */
  async append(draft: CaseEventDraft): Promise<IpcResult<IpcResponse<'events.append'>>> {
    const result = await this.bridge.invoke('events.append', draft);
    if (!result.ok) return result;
    const { event, localSeq } = result.value;
    try {
      await this.db.transaction('rw', [this.db.events, this.db.cases, this.db.contacts], async () => {
        await putNewer(this.db, [{ id: event.id, caseId: event.caseId, localSeq, seq: null, synced: false, event }]);
        await refoldCases(this.db, new Set([event.caseId]));
      });
    } catch (error) {
      // main has the event durably; the catch-up below will bring it in even if this write failed.
      this.onProblem({ code: 'read_model_write_failed', message: describe(error) });
    }
    void this.requestCatchUp();
    return result;
  }

  /** Refreshes one customer (a screen pop wants current balances, not the cached ones). */
  async refreshCustomer(customerId: string): Promise<void> {
    const outcome = await this.guard(() => loadCustomers(this.bridge, this.db, [customerId], { onlyMissing: false }));
    if (outcome && !outcome.ok) this.onProblem(outcome.error);
  }

  private async runOnce(): Promise<void> {
    if (this.stopped) return;
    const caughtUp = await this.guard(() => catchUp(this.bridge, this.db));
    if (!caughtUp) return;
    if (!caughtUp.ok) {
      this.onProblem(caughtUp.error);
      return;
    }
    const customers = await this.guard(async () => loadCustomers(this.bridge, this.db, await queueCustomerIds(this.db, this.agentId), { onlyMissing: true }));
    if (!customers) return;
    this.onProblem(customers.ok ? null : customers.error);
  }

  /** Dexie throws (quota, closed database after sign-out); the loop reports it rather than dying. */
  private async guard<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      if (!this.stopped) this.onProblem({ code: 'read_model_failed', message: describe(error) });
      return null;
    }
  }
}

function describe(error: unknown): string {
  return `The local case cache could not be updated: ${error instanceof Error ? error.message : String(error)}`;
}
