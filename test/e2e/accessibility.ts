import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** The impacts that fail a screen: a critical or serious violation blocks or badly hinders someone. */
const BLOCKING = new Set(['critical', 'serious']);

/**
 * Runs axe-core over the page as it is now and fails, naming every rule and the elements it
 * found, on any critical or serious violation. Call it on each screen a spec reaches, once the
 * screen has settled (what it checks is what is on the page at that moment).
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  const blocking = violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  expect(blocking, `accessibility of ${screen}`).toEqual([]);
}
