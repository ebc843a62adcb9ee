import { expect, signIn, test } from './fixtures';

test('focus starts on the heading, returns to the control that opened a pop, and Alt+Shift+Q leaves the pop for the queue', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  await expect(page.getByRole('heading', { level: 1, name: 'My queue' })).toBeFocused();

  const searchButton = page.getByRole('button', { name: /^Search/ });
  await searchButton.focus();
  await page.keyboard.press('Enter');
  const search = page.getByRole('dialog', { name: 'Find a customer' });
  await search.getByRole('combobox', { name: 'Search customers' }).fill('CUS-000211');
  await expect(search.getByRole('listbox', { name: 'Matching customers' }).getByRole('option').first()).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  const pop = page.getByRole('article', { name: 'Robert Hill' });
  await expect(pop.getByRole('heading', { level: 1 })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(pop).toBeHidden();
  await expect(searchButton).toBeFocused();

  const cti = stack.host.cti;
  if (!cti) throw new Error('no CTI endpoint');
  const reply = await fetch(cti.url, { method: 'POST', headers: { authorization: `Bearer ${cti.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ani: '+15550201920', channel: 'phone' }) });
  expect(reply.status).toBe(202);
  await expect(pop).toBeVisible();
  await page.keyboard.press('Alt+Shift+Q');
  await expect(pop).toBeHidden();
  await expect(page.getByRole('table', { name: 'My queue' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'My queue' })).toBeFocused();
});

test('a walk-in customer is picked from the name suggestions with the arrow keys and Enter', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'branch');
  await expect(page.getByRole('heading', { level: 1, name: 'Walk-in complaint' })).toBeFocused();

  const name = page.getByRole('combobox', { name: 'Find the customer by name' });
  await name.fill('an');
  const suggestions = page.getByRole('listbox', { name: 'Matching customers' });
  await expect(suggestions.getByRole('option').nth(1)).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const active = suggestions.getByRole('option', { selected: true });
  await expect(active).toHaveCount(1);
  await expect(name).toHaveAttribute('aria-activedescendant', (await active.getAttribute('id')) ?? '');
  // The suggestions can still change as the customers kept for offline pops arrive page by page, so
  // the one Enter picks is read from the highlighted option as the key goes down, not a moment before.
  await name.evaluate((input: HTMLInputElement) => {
    const record = (event: KeyboardEvent) => {
      if (event.key !== 'Enter') return;
      const highlighted = document.getElementById(input.getAttribute('aria-activedescendant') ?? '');
      (window as unknown as { highlightedAtEnter?: string }).highlightedAtEnter = highlighted?.textContent ?? '';
    };
    input.addEventListener('keydown', record, { capture: true });
  });
  await page.keyboard.press('Enter');
  const highlightedAtEnter = await page.evaluate(() => (window as unknown as { highlightedAtEnter?: string }).highlightedAtEnter ?? '');
  const second = highlightedAtEnter.split(' · ')[0]?.trim() ?? '';
  expect(second).not.toBe('');

  await expect(page.getByRole('status').filter({ hasText: second })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Complaint type' })).toBeFocused();
  // Enter picked the customer; it did not open the complaint.
  await expect(page.getByRole('button', { name: 'Open complaint' })).toBeVisible();
});
