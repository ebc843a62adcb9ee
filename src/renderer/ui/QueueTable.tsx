import { useEffect, useMemo, useRef, useState } from 'react';
import {
  createColumnHelper,
  createSortedRowModel,
  rowSortingFeature,
  sortFn_text,
  tableFeatures,
  useTable,
  type SortingState,
} from '@tanstack/react-table';
import { caseTypeLabel, channelLabel, statusLabel, type CaseStatus, type CaseType, type Channel, type CustomerTier, type Severity } from '../../shared/domain/enums';
import type { QueueEntry } from '../data/queueQuery';
import { formatAge } from './format';
import { SeverityBadge, StatusBadge, TierBadge } from './badges';
import { compareSortKeys } from '../sla/caseSla';
import { SlaQueueCell } from '../sla/SlaQueueCell';
import { WindowedRows } from './WindowedRows';
import { Icon } from './Icon';

export interface QueueRow {
  id: string;
  subject: string;
  customerName: string | null;
  customerTier: CustomerTier | null;
  hasCustomer: boolean;
  channel: Channel;
  caseType: CaseType;
  severity: Severity;
  status: CaseStatus;
  ageMs: number;
  createdAt: string;
  /** Time-to-breach order (see CaseSla.sortKey): ascending is most urgent; absent sorts last. */
  slaSortKey?: number;
}

export function toQueueRows(entries: readonly QueueEntry[], now: number): QueueRow[] {
  return entries.map(({ caseState, customer }) => ({
    id: caseState.id,
    subject: caseState.subject,
    customerName: customer?.customer.fullName ?? null,
    customerTier: customer?.customer.tier ?? null,
    hasCustomer: caseState.customerId !== null,
    channel: caseState.channel,
    caseType: caseState.caseType,
    severity: caseState.severity,
    status: caseState.status,
    ageMs: now - Date.parse(caseState.createdAt),
    createdAt: caseState.createdAt,
  }));
}

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { text: sortFn_text },
});
const column = createColumnHelper<typeof features, QueueRow>();

/** Nearest to breach first, then most severe, then longest waiting: the order an agent should work the queue. */
const defaultSorting: SortingState = [
  { id: 'sla', desc: false },
  { id: 'severity', desc: false },
  { id: 'age', desc: true },
];

export function QueueTable({
  rows,
  labelledBy,
  onOpen,
  focusCaseId,
}: {
  rows: QueueRow[];
  labelledBy: string;
  onOpen: (caseId: string) => void;
  /** Put keyboard focus on this case's row (coming back from it). */
  focusCaseId: string | null;
}) {
  const [sorting, setSorting] = useState<SortingState>(defaultSorting);
  const openButtons = useRef(new Map<string, HTMLButtonElement>());
  const tableElement = useRef<HTMLTableElement>(null);

  const columns = useMemo(
    () =>
      column.columns([
        column.accessor('subject', {
          header: 'Case',
          sortFn: 'text',
          cell: (info) => (
            <button
              type="button"
              className="link-button"
              aria-label={`Open case ${info.getValue()} (${info.row.original.id})`}
              ref={(element) => {
                if (element) openButtons.current.set(info.row.original.id, element);
                else openButtons.current.delete(info.row.original.id);
              }}
              onClick={(event) => {
                event.stopPropagation();
                onOpen(info.row.original.id);
              }}
            >
              {info.getValue()}
            </button>
          ),
        }),
        column.accessor((row) => row.slaSortKey ?? Number.POSITIVE_INFINITY, {
          id: 'sla',
          header: 'Time to breach',
          sortFn: (a, b) => compareSortKeys(a.original.slaSortKey ?? Number.POSITIVE_INFINITY, b.original.slaSortKey ?? Number.POSITIVE_INFINITY),
          cell: (info) => <SlaQueueCell caseId={info.row.original.id} />,
        }),
        column.accessor((row) => row.customerName ?? '', {
          id: 'customer',
          header: 'Customer',
          sortFn: 'text',
          cell: (info) => {
            const row = info.row.original;
            if (!row.hasCustomer) return <span className="muted">No customer linked</span>;
            if (!row.customerName) return <span className="muted">Loading…</span>;
            return (
              <span className="customer-cell">
                <span>{row.customerName}</span> {row.customerTier && <TierBadge tier={row.customerTier} />}
              </span>
            );
          },
        }),
        column.accessor((row) => channelLabel[row.channel], { id: 'channel', header: 'Channel', sortFn: 'text' }),
        column.accessor((row) => caseTypeLabel[row.caseType], { id: 'type', header: 'Type', sortFn: 'text' }),
        column.accessor('severity', {
          header: 'Severity',
          sortFn: 'text',
          cell: (info) => <SeverityBadge severity={info.getValue()} />,
        }),
        column.accessor((row) => statusLabel[row.status], {
          id: 'status',
          header: 'Status',
          sortFn: 'text',
          cell: (info) => <StatusBadge status={info.row.original.status} />,
        }),
        column.accessor('ageMs', {
          id: 'age',
          header: 'Age',
          sortDescFirst: true,
          cell: (info) => <time dateTime={info.row.original.createdAt}>{formatAge(info.getValue())}</time>,
        }),
      ]),
    [onOpen],
  );

  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    state: { sorting },
    onSortingChange: setSorting,
    enableSortingRemoval: false,
  });

  /** A header click makes that column the only sort (its natural direction first); a second click flips it. */
  function sortBy(columnId: string, descendingFirst: boolean) {
    setSorting((current) => (current[0]?.id === columnId ? [{ id: columnId, desc: !current[0].desc }] : [{ id: columnId, desc: descendingFirst }]));
  }

  useEffect(() => {
    if (focusCaseId) openButtons.current.get(focusCaseId)?.focus();
  }, [focusCaseId]);

  return (
    <table className="queue" aria-labelledby={labelledBy} ref={tableElement}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              // Only the column the agent sorted by shows an arrow: the tie-breakers behind it are not choices to read.
              const primary = sorting[0]?.id === header.column.id;
              const sorted = primary ? header.column.getIsSorted() : false;
              return (
                <th
                  key={header.id}
                  scope="col"
                  className={`col-${header.column.id}`}
                  aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <button type="button" className="sort-button" onClick={() => sortBy(header.column.id, header.column.getFirstSortDir() === 'desc')}>
                    <table.FlexRender header={header} />
                    {sorted && <Icon name={sorted === 'asc' ? 'sortAscending' : 'sortDescending'} className="sort-indicator" />}
                  </button>
                </th>
              );
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.length === 0 ? (
          <tr>
            <td colSpan={table.getAllLeafColumns().length} className="empty">
              No open cases assigned to you.
            </td>
          </tr>
        ) : (
          <WindowedRows rows={table.getRowModel().rows} tableRef={tableElement} columnCount={table.getAllLeafColumns().length}>
            {(row, measureRow, index) => (
              <tr key={row.id} className={`sev-${row.original.severity.toLowerCase()}`} onClick={() => onOpen(row.original.id)} ref={measureRow} data-index={index}>
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            )}
          </WindowedRows>
        )}
      </tbody>
    </table>
  );
}
