import { MAX_DRAFTS, type DraftFields } from '../../../shared/ipc/contract';
import type { IpcHandlers } from '../ipc/ipcHandlers';

/**
 * What the signed-in agent is typing, held in main's memory for their workspace only: it
 * outlives a reload of the page, an idle lock, a reconnect and a service restart (main keeps
 * running), and is never written to disk, so it needs no key. Another agent's workspace has its
 * own (empty) store. A draft put with no fields is gone: submitted or discarded.
 */
export function createDraftHandlers(requireSession: () => unknown): Pick<IpcHandlers, 'drafts.list' | 'drafts.put'> {
  const drafts = new Map<string, DraftFields>();
  return {
    'drafts.list': async () => {
      requireSession();
      return { drafts: [...drafts].map(([key, fields]) => ({ key, fields })) };
    },
    'drafts.put': async ({ key, fields }) => {
      requireSession();
      drafts.delete(key); // re-inserted last: the map's order is the order of last change
      if (Object.keys(fields).length > 0) drafts.set(key, fields);
      if (drafts.size > MAX_DRAFTS) drafts.delete(drafts.keys().next().value as string);
      return { ok: true as const };
    },
  };
}
