import { useEffect, useMemo, type ReactNode } from 'react';
import type { Agent } from '../../shared/domain/agent';
import { openReadModelDb } from '../data/db';
import { ReadModelSync } from '../data/readModelSync';
import { ReadModelContext, useServices, type ReadModels } from './context';

/**
 * Opens the signed-in agent's read-model database and keeps it caught up. On sign-out the
 * database is deleted: it is only a cache of main's journal, and a shared desk should not keep
 * one agent's customers on disk for the next.
 */
export function ReadModelProvider({ agent, children }: { agent: Agent; children: ReactNode }) {
  const services = useServices();
  const readModels = useMemo<ReadModels>(() => {
    const db = openReadModelDb(agent.id);
    const sync = new ReadModelSync(services.bridge, db, agent.id, (problem) => services.sync.getState().setReadModelProblem(problem));
    return { db, sync };
  }, [agent.id, services]);

  useEffect(() => {
    const stop = readModels.sync.start();
    return () => {
      stop();
      const signedOut = services.session.getState().agent?.id !== agent.id;
      // Closing (not deleting) keeps auto-open on, so a remount of the same agent (StrictMode) reopens it.
      if (signedOut) void readModels.db.delete().catch(() => {});
      else readModels.db.close({ disableAutoOpen: false });
    };
  }, [readModels, services, agent.id]);

  return <ReadModelContext.Provider value={readModels}>{children}</ReadModelContext.Provider>;
}
