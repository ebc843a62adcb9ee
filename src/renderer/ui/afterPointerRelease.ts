/**
 * Runs work caused by focus leaving a field after the pointer press that moved focus is over.
 *
 * A click is a press and a release on the same element. Focus moves on the press, so whatever a
 * field does when it is left (save, show "Saving…", show why a value was refused, reveal what an
 * answer unlocks) happens between the two; if that moves the layout, the release lands on
 * something else and the click is lost — a radio chosen right after typing an amount stayed
 * unchosen (issue #11.1). Deferring to the release keeps the page still under the press;
 * keyboard focus changes run at once.
 */

/** A press held longer than this (or a release the page never sees) must not keep an answer unsaved. */
const LONGEST_PRESS_MS = 1500;

let pressed = false;
const waiting = new Set<() => void>();

function release(): void {
  pressed = false;
  const work = [...waiting];
  waiting.clear();
  for (const run of work) run();
}

if (typeof document !== 'undefined') {
  // Capture phase on the document: seen before any element's own handlers, the press before the focus change.
  document.addEventListener('pointerdown', () => (pressed = true), true);
  document.addEventListener('pointerup', release, true);
  document.addEventListener('pointercancel', release, true);
  window.addEventListener('blur', release);
}

export function afterPointerRelease(work: () => void): void {
  if (!pressed) {
    work();
    return;
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    waiting.delete(once);
    clearTimeout(timer);
    work();
  };
  const timer = setTimeout(once, LONGEST_PRESS_MS);
  waiting.add(once);
}
