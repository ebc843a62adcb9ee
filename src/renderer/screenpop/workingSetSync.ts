import type { ConsoleBridge, IpcFailure, IpcResponse, IpcResult } from '../../shared/ipc/contract';
import type { ReadModelDb } from '../data/db';
import { storePopCustomers } from './popStorage';

/** Bounds one load so a misbehaving main cannot page forever. */
const MAX_PAGES = 1000;

/**
 * Copies main's working set (the customers kept for offline pops, with their blind indexes) into
 * the read model: on sign-in and whenever main says it was refreshed.
 */
export function followWorkingSet(bridge: ConsoleBridge, db: ReadModelDb, onProblem: (problem: IpcFailure | null) => void): () => void {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  async function loadAll(): Promise<void> {
    let offset: number | null = 0;
    for (let page = 0; offset !== null && page < MAX_PAGES && !stopped; page += 1) {
      const result: IpcResult<IpcResponse<'workingSet.get'>> = await bridge.invoke('workingSet.get', { offset });
      if (!result.ok) {
        onProblem(result.error);
        return;
      }
      // Signed out meanwhile: the read model is being deleted, writing would reopen it.
      if (stopped) return;
      await storePopCustomers(db, result.value.customers);
      offset = result.value.nextOffset;
    }
  }

  function load(): void {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await loadAll();
        } catch (error) {
          if (!stopped) onProblem({ code: 'read_model_failed', message: `The customers kept for offline screen pops could not be stored: ${error instanceof Error ? error.message : String(error)}` });
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
  }

  const unsubscribe = bridge.on('workingSet.changed', () => load());
  load();
  return () => {
    stopped = true;
    unsubscribe();
  };
}
