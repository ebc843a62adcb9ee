import type { ReactNode, RefObject } from 'react';
import { useRowWindow } from './useRowWindow';

/**
 * Table body rows, windowed once the table is long (see useRowWindow): the rows near the
 * viewport between two spacer rows that keep the scroll height right.
 */
export function WindowedRows<T>({
  rows,
  tableRef,
  columnCount,
  children,
}: {
  rows: readonly T[];
  tableRef: RefObject<HTMLElement | null>;
  columnCount: number;
  children: (row: T, measureRow: ((element: HTMLElement | null) => void) | undefined, index: number) => ReactNode;
}) {
  const window = useRowWindow(rows.length, tableRef);
  return (
    <>
      {window.paddingTop > 0 && (
        <tr aria-hidden="true" className="row-spacer">
          <td colSpan={columnCount} style={{ height: window.paddingTop }} />
        </tr>
      )}
      {rows.slice(window.start, window.end).map((row, offset) => children(row, window.measureRow, window.start + offset))}
      {window.paddingBottom > 0 && (
        <tr aria-hidden="true" className="row-spacer">
          <td colSpan={columnCount} style={{ height: window.paddingBottom }} />
        </tr>
      )}
    </>
  );
}
