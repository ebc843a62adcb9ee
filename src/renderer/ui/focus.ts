/**
 * Where keyboard focus goes when what held it goes away. A screen that replaces another (sign-in
 * → workspace, a pop closing) must not leave focus on the page body: a keyboard or screen-reader
 * user would have to find their way back from the top of the page.
 */

/** Whether focus can go back to this element: still in the page, not hidden, not disabled. */
export function canTakeFocus(element: HTMLElement | null): element is HTMLElement {
  return element !== null && element.isConnected && element.closest('[hidden]') === null && !(element as HTMLButtonElement).disabled;
}

/** Focus went nowhere (to the body): the moment to put it somewhere on purpose. */
export function focusIsLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}

/** Focuses the workspace's visible main heading (the h1 in main); false when there is none yet. */
export function focusMainHeading(): boolean {
  for (const heading of document.querySelectorAll<HTMLElement>('main h1')) {
    if (heading.closest('[hidden]')) continue;
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    heading.focus();
    return document.activeElement === heading;
  }
  return false;
}

/** Focuses `element` if it can take focus, else the main heading. */
export function returnFocusTo(element: HTMLElement | null): void {
  if (canTakeFocus(element)) {
    element.focus();
    if (document.activeElement === element) return;
  }
  focusMainHeading();
}
