import { randomInt } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import config from '../../playwright.config';
import { DRAFTS_FILE_NAME } from '../../src/main/services/drafts/draftStore';
import { expect, serviceEventsOfCase, signIn, test } from './fixtures';
import { draftReachedMain, watchIpc } from './ipcFrames';

/** Every file under a folder, with its path (a missing folder is empty). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

test('nothing the agent sees or types is left readable on disk: not in the browser profile, not in the desktop data', async ({ stack }) => {
  test.setTimeout(180_000); // a full demo bank synced into a browser profile on disk, then every file read back
  // A profile on disk, as a real browser keeps one (the default test context keeps IndexedDB in memory).
  const profile = join(stack.root, 'browser-profile');
  const context = await chromium.launchPersistentContext(profile, { ...config.use?.launchOptions, headless: true });
  const canaries: Record<string, string> = {};
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const ipc = watchIpc(page);
    // The long-lived host token must never reach the browser (its History and Sessions files keep every URL).
    canaries['host token'] = stack.host.token;
    const link = stack.host.url;
    await page.goto(link);
    await expect(page).toHaveURL(`${stack.host.origin}/`);
    await signIn(page, 'agent');
    // The link in the history is spent: opened again it gets nothing.
    const spent = await fetch(link, { redirect: 'manual' });
    expect(spent.status).toBe(403);

    const queue = page.getByRole('table', { name: 'My queue' });
    const firstCase = queue.getByRole('button', { name: /^Open case / }).first();
    await expect(firstCase).toBeVisible();
    const caseId = /\(([A-Z0-9-]+)\)$/.exec((await firstCase.getAttribute('aria-label')) ?? '')?.[1];
    if (!caseId) throw new Error('the queue button names no case reference');
    const facts = (
      await stack.service.db.query<{ subject: string; full_name: string; customer_id: string }>(
        "SELECT c.state->>'subject' AS subject, cu.full_name, cu.id AS customer_id FROM cases c JOIN customers cu ON cu.id = c.customer_id WHERE c.case_id = $1",
        [caseId],
      )
    ).rows[0];
    if (!facts) throw new Error(`case ${caseId} has no customer on the service`);
    // A merchant line of theirs that the console's own code does not contain (the browser caches that code).
    const bundle = (await Promise.all((await filesUnder('out/renderer')).map((file) => readFile(file, 'utf8')))).join('\n');
    const merchants = await stack.service.db.query<{ description: string }>('SELECT description FROM transactions WHERE customer_id = $1 ORDER BY posted_at DESC, id DESC LIMIT 10', [facts.customer_id]);
    const merchant = merchants.rows.map((row) => row.description).find((description) => !bundle.includes(description));
    if (!merchant) throw new Error(`customer ${facts.customer_id} has no transaction line to look for`);
    Object.assign(canaries, { 'customer name': facts.full_name, 'case subject': facts.subject, merchant });

    // By its reference: the queue re-sorts as clocks tick, so "the first row" may be another case by now.
    await queue.getByRole('button', { name: new RegExp(`\\(${caseId}\\)$`) }).click();
    await expect(page.getByText(caseId).first()).toBeVisible();
    const accountNumber = `4111 2222 3333 ${String(randomInt(1000, 10_000))}`;
    const note = `Canary note ${randomInt(1e9, 1e10)}: customer read out account ${accountNumber}`;
    Object.assign(canaries, { note, 'account number': accountNumber });
    await page.getByRole('textbox', { name: 'Note' }).fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByRole('list', { name: 'Case timeline' })).toContainText(note);
    // Each look signs in and pulls the agent's whole scope of a full demo bank: slow on a loaded machine.
    await expect.poll(async () => (await serviceEventsOfCase(stack.service.url, 'agent', caseId)).some((event) => JSON.stringify(event.payload).includes(note)), { timeout: 90_000 }).toBe(true);

    // The customer's record with their transactions, as a pop keeps it for offline use.
    await page.getByRole('button', { name: /^Search/ }).click();
    const search = page.getByRole('dialog', { name: 'Find a customer' });
    await search.getByRole('combobox', { name: 'Search customers' }).fill(facts.customer_id);
    await expect(search.getByRole('listbox', { name: 'Matching customers' }).getByRole('option').first()).toBeVisible({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    const pop = page.getByRole('article', { name: facts.full_name });
    await expect(pop.getByRole('table', { name: 'Last transactions' })).toContainText(merchant);
    // A walk-in complaint being typed, never submitted: held by main as a draft, on disk only sealed with the agent's key.
    await page.keyboard.press('Escape');
    const draft = `Canary draft ${randomInt(1e9, 1e10)}: card kept by the ATM`;
    canaries['draft'] = draft;
    await page.getByRole('button', { name: 'New walk-in complaint' }).click();
    await page.getByRole('form', { name: 'Walk-in intake' }).getByLabel('In one line, what is the complaint?').fill(draft);
    await draftReachedMain(ipc, 'walkin', { subject: draft });
    // Main writes its sealed drafts file a second after a change: wait for a write made since it held this draft.
    // (Closing the browser below flushes the read model's own writes to the profile.)
    const heldSince = Date.now();
    const sealedWrittenSince = async () => {
      const sealed = (await filesUnder(join(stack.root, 'desktop'))).filter((file) => file.endsWith(DRAFTS_FILE_NAME));
      return (await Promise.all(sealed.map(async (file) => (await stat(file)).mtimeMs))).some((written) => written > heldSince);
    };
    await expect.poll(sealedWrittenSince, { timeout: 15_000 }).toBe(true);
  } finally {
    await context.close();
  }

  const files = [...(await filesUnder(profile)), ...(await filesUnder(join(stack.root, 'desktop')))];
  expect(files.length).toBeGreaterThan(10);
  // The draft canary did reach the disk, in the agent's sealed drafts file: the scan below must not find it there.
  expect(files.filter((file) => file.endsWith(DRAFTS_FILE_NAME))).toHaveLength(1);
  const found: string[] = [];
  for (const file of files) {
    const bytes = await readFile(file);
    for (const [what, text] of Object.entries(canaries)) {
      if (bytes.includes(Buffer.from(text, 'utf8')) || bytes.includes(Buffer.from(text, 'utf16le'))) found.push(`${what} in ${file.slice(stack.root.length)}`);
    }
  }
  expect(found).toEqual([]);
});
