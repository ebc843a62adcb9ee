import { useMemo } from 'react';
import { useSlaRuntime, useTrackerSortVersion } from './slaContext';

/** Adds each case's time-to-breach sort key to queue rows; new rows only when the order may have changed. */
export function useWithSlaSortKeys<R extends { id: string }>(rows: readonly R[] | null): (R & { slaSortKey?: number })[] | null {
  const { tracker } = useSlaRuntime();
  const version = useTrackerSortVersion();
  return useMemo(() => {
    void version; // the tracker is mutable: its sort version is what changes
    return rows ? rows.map((row) => ({ ...row, slaSortKey: tracker.get(row.id)?.sortKey })) : null;
  }, [rows, tracker, version]);
}
