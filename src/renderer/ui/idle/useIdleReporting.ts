import { useEffect } from 'react';
import type { ConsoleBridge } from '../../../shared/ipc/contract';

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Tells main about input in this window so its idle countdown (one for every window) starts
 * again; at most every quarter of the idle time (and every 15 s), so typing costs nothing.
 */
export function useIdleReporting(bridge: ConsoleBridge, idleMs: number | null, active: boolean): void {
  useEffect(() => {
    if (!active || idleMs === null) return;
    const every = Math.min(15_000, idleMs / 4);
    let last = 0;
    const report = () => {
      const now = Date.now();
      if (now - last < every) return;
      last = now;
      void bridge.invoke('session.activity', {});
    };
    for (const name of INPUT_EVENTS) window.addEventListener(name, report, { capture: true, passive: true });
    return () => {
      for (const name of INPUT_EVENTS) window.removeEventListener(name, report, { capture: true });
    };
  }, [bridge, idleMs, active]);
}
