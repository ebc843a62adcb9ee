import { useEffect, useState, type ReactNode } from 'react';
import type { Agent } from '../../shared/domain/agent';
import { openReadModelDb } from '../data/db';
import { createRecordSealer, readModelKeyBytes } from '../data/recordSealer';
import { ReadModelSync } from '../data/readModelSync';
import { ReadModelContext, useServices, type ReadModels } from './context';
import { ProblemAlert } from './ProblemAlert';

/**
 * Opens the signed-in agent's read-model database, sealed with the key main gives this window for
 * the session (held in memory only), and keeps it caught up. On sign-out the database is deleted:
 * it is only a cache of main's journal, and a shared desk should not keep one agent's customers
 * on disk for the next.
 */
export function ReadModelProvider({ agent, children }: { agent: Agent; children: ReactNode }) {
  const services = useServices();
  const [readModels, setReadModels] = useState<ReadModels | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let opened: ReadModels | null = null;
    let stop: (() => void) | null = null;
    void services.bridge.invoke('storage.readModelKey', {}).then(
      async (result) => {
        if (cancelled) return;
        if (!result.ok) {
          setProblem(`Your workspace could not be opened: ${result.error.message} Sign out and in again.`);
          return;
        }
        const { agentId, key } = result.value;
        if (agentId !== agent.id) {
          setProblem('This window is signed in as someone else than the console host. Reload the page.');
          return;
        }
        const db = openReadModelDb(agent.id, createRecordSealer(readModelKeyBytes(key)));
        await db.verifySealing();
        if (cancelled) {
          db.close();
          return;
        }
        opened = { db, sync: new ReadModelSync(services.bridge, db, agent.id, (found) => services.sync.getState().setReadModelProblem(found)) };
        stop = opened.sync.start();
        setReadModels(opened);
      },
      (error: unknown) => {
        if (!cancelled) setProblem(`Your workspace could not be opened: ${error instanceof Error ? error.message : String(error)} Sign out and in again.`);
      },
    );
    return () => {
      cancelled = true;
      stop?.();
      if (!opened) return;
      const signedOut = services.session.getState().agent?.id !== agent.id;
      if (signedOut) void opened.db.delete().catch(() => {});
      else opened.db.close();
    };
  }, [services, agent.id]);

  if (problem) return <ProblemAlert problem={problem} />;
  if (!readModels) {
    return (
      <p role="status" className="workspace-opening">
        Opening your workspace…
      </p>
    );
  }
  return <ReadModelContext.Provider value={readModels}>{children}</ReadModelContext.Provider>;
}
