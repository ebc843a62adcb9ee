import { useEffect, useRef, useState } from 'react';
import type { DraftFields } from '../../../shared/ipc/contract';
import { useServices } from '../context';

/** How long typing pauses before the draft goes to main. */
const SAVE_AFTER_MS = 300;

/**
 * Keeps what a form holds as a draft in main (never in the page's storage; main keeps it sealed
 * with the agent's key, so it outlives a restart of the host too): it is restored when the form
 * opens again after a reload, an idle lock, a reconnect or the agent's next sign-in, and cleared
 * once the form is submitted (`clear`) or its fields are empty. One form per key: a form that
 * shows another draft is mounted anew (a React `key`), so nothing typed under one key lands under
 * another.
 */
export function useDraft(key: string, fields: DraftFields, restore: (fields: DraftFields) => void): { clear(): void } {
  const { bridge } = useServices();
  const restoreRef = useRef(restore);
  const ready = useRef(false);
  const latest = useRef(fields);
  // The form as it opened (its defaults): a draft is restored only into a form nobody has touched yet.
  const [untouched] = useState(() => JSON.stringify(filled(fields)));
  useEffect(() => {
    restoreRef.current = restore;
    latest.current = fields;
  });

  useEffect(() => {
    let live = true;
    ready.current = false;
    void bridge.invoke('drafts.list', {}).then((result) => {
      if (!live) return;
      const kept = result.ok ? result.value.drafts.find((draft) => draft.key === key) : undefined;
      // Only into an untouched form: what was typed meanwhile wins.
      if (kept && JSON.stringify(filled(latest.current)) === untouched) restoreRef.current(kept.fields);
      ready.current = true;
    });
    return () => {
      live = false;
    };
  }, [bridge, key, untouched]);

  const serialized = JSON.stringify(filled(fields));
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    // Before main's drafts are read, an untouched form must not overwrite the draft about to be restored;
    // a touched one is saved all the same (what was typed wins, and the restore leaves it alone).
    if (!ready.current && serialized === untouched) return;
    const timer = setTimeout(() => void bridge.invoke('drafts.put', { key, fields: JSON.parse(serialized) as DraftFields }), SAVE_AFTER_MS);
    pending.current = timer;
    return () => clearTimeout(timer);
  }, [bridge, key, serialized, untouched]);

  // Leaving the form (another screen, another case) within the pause still keeps what was typed,
  // also when it is left before main's drafts were read.
  const cleared = useRef(false);
  useEffect(
    () => () => {
      const touched = JSON.stringify(filled(latest.current)) !== untouched;
      if ((ready.current || touched) && !cleared.current) void bridge.invoke('drafts.put', { key, fields: filled(latest.current) });
    },
    [bridge, key, untouched],
  );

  return {
    clear: () => {
      cleared.current = true;
      // A save still waiting must not bring the draft back after it was cleared.
      if (pending.current) clearTimeout(pending.current);
      void bridge.invoke('drafts.put', { key, fields: {} });
    },
  };
}

/** The fields that hold something: a form with nothing typed has no draft. */
function filled(fields: DraftFields): DraftFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
}
