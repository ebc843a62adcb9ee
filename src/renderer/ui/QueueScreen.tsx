import { useCallback, useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { queryMyQueue } from '../data/queueQuery';
import { useReadModels, useServices, useSession, useUi } from './context';
import { plural } from './format';
import { QueueTable, toQueueRows } from './QueueTable';
import { Screen } from './Screen';
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
    <Screen className="queue-screen" titleId="queue-title" title="My queue" count={rows && plural(rows.length, 'open case', 'open cases')}>
      <TakeNext />
      <SlaConnectionNote />
      {rows ? (
        <QueueTable rows={rows} labelledBy="queue-title" onOpen={openCase} focusCaseId={focusCaseId} />
      ) : (
        <p role="status">Loading your queue…</p>
      )}
    </Screen>
  );
}
