import type { IpcHandlers } from '../ipc/ipcHandlers';
import type { DraftStore } from './draftStore';

/**
 * The renderer's drafts channels over the signed-in agent's draft store (see draftStore.ts for
 * what survives what). Another agent's workspace has its own store. A draft put with no fields is
 * gone: submitted or discarded.
 */
export function createDraftHandlers(requireSession: () => unknown, store: DraftStore): Pick<IpcHandlers, 'drafts.list' | 'drafts.put'> {
  return {
    'drafts.list': async () => {
      requireSession();
      return { drafts: store.list() };
    },
    'drafts.put': async ({ key, fields }) => {
      requireSession();
      store.put(key, fields);
      return { ok: true as const };
    },
  };
}
