/**
 * Performance marks on a contact's way to the screen: received from main, looked up, committed to
 * the DOM. They show in DevTools' Timings track and the screen-pop benchmark reads them. Once a pop
 * is on screen the earlier pops' marks are cleared, so a console left running all week does not
 * pile up entries (a burst of contacts leaves marks for pops that never rendered).
 */
type PopStage = 'received' | 'resolved' | 'rendered';

const markedPops = new Set<string>();

export function markPop(stage: Exclude<PopStage, 'rendered'>, popId: string): void {
  performance.mark(`screenpop:${stage}:${popId}`);
  markedPops.add(popId);
}

/** The pop is committed: mark it, measure it from its arrival, and drop every earlier pop's marks. */
export function markPopRendered(popId: string): void {
  performance.mark(`screenpop:rendered:${popId}`);
  try {
    performance.measure(`screenpop:${popId}`, `screenpop:received:${popId}`, `screenpop:rendered:${popId}`);
  } catch {
    // The received mark is missing for a pop replayed after a reload; nothing to measure.
  }
  for (const earlier of markedPops) {
    if (earlier === popId) continue;
    for (const stage of ['received', 'resolved', 'rendered'] satisfies PopStage[]) performance.clearMarks(`screenpop:${stage}:${earlier}`);
    performance.clearMeasures(`screenpop:${earlier}`);
    markedPops.delete(earlier);
  }
  markedPops.add(popId);
}
