import { useCallback, useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { queryMyQueue } from '../data/queueQuery';
import { useReadModels, useServices, useSession, useUi } from './context';
import { plural } from './format';
import { QueueTable, toQueueRows } from './QueueTable';
import { useNow } from './useNow';
import { SlaConnectionNote } from '../sla/SlaConnectionNote';
import { useWithSlaSortKeys } from '../sla/useWithSlaSortKeys';
import { TakeNext } from './caseActions/TakeNext';

export function QueueScreen() {
  const { ui } = useServices();
  const { db } = useReadModels();
  const agentId = useSession((state) => state.agent?.id ?? '');
  const focusCaseId = useUi((state) => state.returnFocusToCaseId);
  const entries = useLiveQuery(() => queryMyQueue(db, agentId), [db, agentId]);
  const now = useNow();
  const rows = useWithSlaSortKeys(useMemo(() => (entries ? toQueueRows(entries, now) : null), [entries, now]));
  const openCase = useCallback((caseId: string) => ui.getState().openCase(caseId), [ui]);

  return (
    <section className="queue-screen" aria-labelledby="queue-title">
      <div className="screen-head">
        <h1 id="queue-title">My queue</h1>
        {rows && <p className="count">{plural(rows.length, 'open case', 'open cases')}</p>}
      </div>
      <TakeNext />
      <SlaConnectionNote />
      {rows ? (
        <QueueTable rows={rows} labelledBy="queue-title" onOpen={openCase} focusCaseId={focusCaseId} />
      ) : (
        <p role="status">Loading your queue…</p>
      )}
    </section>
  );
}
