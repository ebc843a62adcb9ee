import { useCallback, useState, type KeyboardEvent } from 'react';

/**
 * The keyboard of a combobox's listbox (WAI-ARIA combobox pattern): focus stays in the text box
 * while ↓ ↑ Home End move the active option (aria-activedescendant) and Enter picks it. With
 * `firstActive` false nothing is active until the first ↓, so Enter keeps its usual meaning
 * (submitting the form) for someone who did not go into the list.
 */
export function useListboxKeys(count: number, pick: (index: number) => void, { firstActive }: { firstActive: boolean }) {
  const [chosen, setActive] = useState(firstActive ? 0 : -1);
  const active = count === 0 ? -1 : Math.min(chosen, count - 1);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (count === 0) return;
    let next: number | null = null;
    if (event.key === 'ArrowDown') next = (active + 1) % count;
    else if (event.key === 'ArrowUp') next = active <= 0 ? count - 1 : active - 1;
    else if (event.key === 'Home' && active >= 0) next = 0;
    else if (event.key === 'End' && active >= 0) next = count - 1;
    else if (event.key === 'Escape' && active >= 0 && !firstActive) next = -1;
    else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      pick(active);
      return;
    }
    if (next === null) return;
    event.preventDefault();
    // Escape here only leaves the list; it must not also close the dialog or screen around it.
    if (event.key === 'Escape') event.stopPropagation();
    setActive(next);
  }

  /** Back to the start, for a new list of results. */
  const reset = useCallback(() => setActive(firstActive ? 0 : -1), [firstActive]);
  return { active, setActive, reset, onKeyDown };
}
