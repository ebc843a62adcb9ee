import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { OPEN_STATUSES } from '../../shared/domain/enums';
import { BUNDLED_QUEUES } from '../../shared/policy/queuesConfig';
import { useReadModels } from '../ui/context';
import { buildQueueBoard } from './queueBoardModel';
import { useSlaRuntime, useTrackerVersion } from './slaContext';

/** Unassigned and waiting work per queue, with its SLA state: where a supervisor sends people next. */
export function QueueBoard({ teamId }: { teamId: string | null }) {
  const { db } = useReadModels();
  const { tracker, ticker } = useSlaRuntime();
  const version = useTrackerVersion();
  const cases = useLiveQuery(() => db.cases.where('status').anyOf([...OPEN_STATUSES]).toArray(), [db]);
  const rows = useMemo(() => {
    void version; // the tracker is mutable: its version is what changes
    return cases ? buildQueueBoard(cases, (caseId) => tracker.get(caseId), BUNDLED_QUEUES, teamId, ticker.get()) : null;
  }, [cases, tracker, ticker, version, teamId]);
  if (!rows) return <p role="status">Loading the queues…</p>;
  return (
    <table className="accounts queue-board" aria-label="Work by queue">
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col" className="num">Open</th>
          <th scope="col" className="num">Unassigned</th>
          <th scope="col" className="num">Waiting on customer</th>
          <th scope="col" className="num">Breached</th>
          <th scope="col" className="num">At warning</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.queueId}>
            <th scope="row">{row.queueName}</th>
            <td className="num">{row.open}</td>
            <td className="num">{row.unassigned}</td>
            <td className="num">{row.waitingOnCustomer}</td>
            <td className="num">{row.breached}</td>
            <td className="num">{row.warning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
