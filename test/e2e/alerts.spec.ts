import type { Page } from '@playwright/test';
import { bundledSlaConfigDocument } from '../../src/main/services/sla/bundledSlaConfig';
import { readSlaConfigDocument } from '../../src/shared/slaConfig/slaConfigDocument';
import { isOnShift } from '../../src/shared/shifts/shiftSchedule';
import { demoAgentByUsername } from '../../src/server/seed/demoAgents';
import { expect, signIn, test } from './fixtures';

/**
 * A moment the demo agent is on shift: now if they are, else the next half hour well inside a
 * shift. Off shift their alerts go to their supervisor, so at night the agent rightly hears of none.
 */
function onShiftMoment(username: string): number | null {
  const settings = readSlaConfigDocument(bundledSlaConfigDocument, 'bundled');
  if (!settings.ok) throw new Error('the bundled SLA configuration does not load');
  const agent = demoAgentByUsername(username);
  if (!agent) throw new Error(`no demo user ${username}`);
  const working = (at: number) => [0, 30, 60].every((minutes) => isOnShift(settings.value.shifts, agent, at + minutes * 60_000));
  if (working(Date.now())) return null;
  const start = Math.ceil(Date.now() / 1_800_000) * 1_800_000;
  for (let at = start; at < start + 8 * 86_400_000; at += 1_800_000) if (working(at)) return at;
  throw new Error(`${username} has no shift in the coming week`);
}

/** Every control on the screen can be clicked where it is: nothing (an alert, say) lies over it. */
async function expectNothingCovers(page: Page): Promise<void> {
  const controls = await page.locator('main button:visible, main input:visible, main select:visible, main textarea:visible').all();
  expect(controls.length).toBeGreaterThan(0);
  for (const control of controls) {
    // A trial click scrolls the control into view and checks it is what receives the pointer there;
    // a control disabled on purpose (with its reason) cannot be trial-clicked, so it is hit-tested instead.
    if (await control.isEnabled()) {
      await control.click({ trial: true, timeout: 5_000 });
      continue;
    }
    await control.scrollIntoViewIfNeeded();
    const onTop = await control.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return hit !== null && (hit === element || element.contains(hit));
    });
    expect(onTop, `nothing lies over ${await control.evaluate((element) => element.outerHTML.slice(0, 120))}`).toBe(true);
  }
}

test('SLA alerts sit in a strip of their own, one summary for many, and cover no control', async ({ page, stack }) => {
  const onShift = onShiftMoment('agent');
  // The browser's clock only: the service and main keep real time; the agent's clocks are only later at that moment.
  if (onShift !== null) await page.clock.install({ time: onShift });
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  const region = page.getByRole('complementary', { name: 'SLA alerts' });
  // The demo agent's queue has many clocks at warning or breach: one line says how many.
  await expect(region).toContainText(/\d+ SLA alerts: (\d+ breached)?(, )?(\d+ at warning)?/, { timeout: 30_000 });
  await expect(region.getByRole('button', { name: /^Dismiss alert/ })).toHaveCount(0);
  await region.getByRole('button', { name: 'Show the list' }).click();
  await expect(region.getByRole('list', { name: 'SLA alerts list' }).getByRole('listitem').nth(1)).toBeVisible();

  await page.getByRole('table', { name: 'My queue' }).getByRole('button', { name: /^Open case / }).first().click();
  await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible();
  await expectNothingCovers(page);
});
