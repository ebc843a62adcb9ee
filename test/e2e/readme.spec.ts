import { readdir, readFile } from 'node:fs/promises';
import { expect, signIn, test } from './fixtures';

/** What the README tells a newcomer to try must work on a fresh demo bank. */
test('the README’s demo call pops its customer for the agent it names, with their open case', async ({ page, stack }) => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const example = /Sign in as `(\w+)`, then ring the console as the demo customer ([^(]+?) \(`(\+\d+)`\)/.exec(readme);
  expect(example, 'the README names a demo number to try a pop with').not.toBeNull();
  const [, username, name, phone] = example as unknown as [string, string, string, string];
  expect(readme).toContain(`"ani": "${phone}"`);

  await page.goto(stack.host.url);
  await signIn(page, username);
  const cti = stack.host.cti;
  if (!cti) throw new Error('no CTI endpoint');
  const reply = await fetch(cti.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${cti.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ani: phone, channel: 'phone', contactId: 'call-8812' }),
  });
  expect(reply.status).toBe(202);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByRole('main')).toContainText('Billing / fee dispute');
});

test('the README’s workflow names are the ones the console shows', async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const named = [...readme.matchAll(/Start “([^”]+)”/g)].map((match) => match[1]);
  const folder = new URL('../../resources/workflows/', import.meta.url);
  const files = (await readdir(folder)).filter((file) => file.endsWith('.json'));
  const titles = await Promise.all(files.map(async (file) => (JSON.parse(await readFile(new URL(file, folder), 'utf8')) as { title: string }).title));
  expect(named.length).toBeGreaterThan(0);
  for (const title of named) expect(titles).toContain(title);
});
