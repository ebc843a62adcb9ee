import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useReadModels, useServices } from '../ui/context';
import { CustomerSearchDialog } from './CustomerSearchDialog';
import { ScreenPopView } from './ScreenPopView';
import { ScreenPopContext, useScreenPop } from './screenPopContext';
import { createScreenPopStore } from './screenPopStore';
import { followWorkingSet } from './workingSetSync';
import { markPop } from './popTiming';
import { focusIsLost, returnFocusTo } from '../ui/focus';

/** A contact that arrived while this window was not listening (a reload) still pops if it is this fresh. */
const CATCH_UP_WINDOW_MS = 2 * 60_000;

/**
 * Screen pops for the signed-in agent: follows main's `screenpop.requested`, keeps the working set
 * in the read model, and opens customer search on Ctrl+K (⌘K on a Mac).
 */
export function ScreenPopProvider({ children }: { children: ReactNode }) {
  const services = useServices();
  const { db, sync } = useReadModels();
  const store = useMemo(
    () => createScreenPopStore({ bridge: services.bridge, db, append: (draft) => sync.append(draft), agent: () => services.session.getState().agent }),
    [services, db, sync],
  );

  useEffect(() => {
    const stop = services.bridge.on('screenpop.requested', (request) => {
      markPop('received', request.popId);
      void store.getState().receive(request);
    });
    void (async () => {
      await store.getState().loadHistory();
      const newest = store.getState().history[0];
      if (newest && !newest.shownAt && !newest.superseded && Date.now() - Date.parse(newest.receivedAt) < CATCH_UP_WINDOW_MS && !store.getState().current) {
        const { superseded: _s, shownAt: _shown, shownAfterMs: _ms, linkedCustomerId: _c, ...request } = newest;
        void store.getState().receive(request);
      }
    })();
    return stop;
  }, [services, store]);

  useEffect(() => followWorkingSet(services.bridge, db, (problem) => services.sync.getState().setReadModelProblem(problem)), [services, db]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        store.getState().openSearch('pop');
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store]);

  return (
    <ScreenPopContext.Provider value={store}>
      {children}
      <CustomerSearchDialog />
    </ScreenPopContext.Provider>
  );
}

/**
 * The workspace's main area: the pop while one is on screen, over whatever was there. What was
 * there stays mounted (hidden), so a pop neither tears down the queue nor rebuilds it when closed.
 */
export function ScreenPopOutlet({ children }: { children: ReactNode }) {
  const visible = useScreenPop((state) => state.visible && state.current !== null);
  // What the agent was on before the pop (or the search that led to it) took focus: it gets focus back when the pop closes.
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    function onFocusIn(event: FocusEvent) {
      if (event.target instanceof HTMLElement && !event.target.closest('.screen-pop, [role="dialog"]')) returnTo.current = event.target;
    }
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);
  const wasVisible = useRef(visible);
  useEffect(() => {
    // Only when focus went down with the pop: "Open case" has already put it on the case's heading.
    if (wasVisible.current && !visible && focusIsLost()) returnFocusTo(returnTo.current);
    wasVisible.current = visible;
  }, [visible]);
  return (
    <>
      <div className="pop-underlay" hidden={visible}>
        {children}
      </div>
      {visible && <ScreenPopView />}
    </>
  );
}
