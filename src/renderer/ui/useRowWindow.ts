import { useLayoutEffect, useState, type RefObject } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';

export interface RowWindow {
  /** Render rows [start, end) between spacer rows of these heights. */
  start: number;
  end: number;
  paddingTop: number;
  paddingBottom: number;
  /** Ref for each rendered row (with data-index) so real heights replace the estimate; undefined when not windowing. */
  measureRow: ((element: HTMLElement | null) => void) | undefined;
}

/**
 * Renders only the table rows near the viewport once a table is long (a supervisor's 10,000
 * open cases): the page keeps scrolling as one document, and every second's countdown tick
 * re-renders a screenful of cells instead of every case. Short tables render whole.
 */
export function useRowWindow(count: number, tableRef: RefObject<HTMLElement | null>, options: { threshold?: number; estimatedRowPx?: number } = {}): RowWindow {
  const threshold = options.threshold ?? 150;
  const estimatedRowPx = options.estimatedRowPx ?? 48;
  const enabled = count > threshold;
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    if (!enabled || !tableRef.current) return;
    setScrollMargin(tableRef.current.getBoundingClientRect().top + window.scrollY);
  }, [enabled, tableRef]);
  const virtualizer = useWindowVirtualizer({ count: enabled ? count : 0, estimateSize: () => estimatedRowPx, overscan: 10, scrollMargin });
  if (!enabled) return { start: 0, end: count, paddingTop: 0, paddingBottom: 0, measureRow: undefined };
  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return { start: 0, end: Math.min(count, 30), paddingTop: 0, paddingBottom: 0, measureRow: undefined };
  return {
    start: first.index,
    end: last.index + 1,
    paddingTop: first.start - scrollMargin,
    paddingBottom: Math.max(0, virtualizer.getTotalSize() - (last.end - scrollMargin)),
    measureRow: virtualizer.measureElement,
  };
}
