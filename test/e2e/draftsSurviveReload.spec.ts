import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DRAFTS_FILE_NAME } from '../../src/main/services/drafts/draftStore';
import { expect, serviceEventsOfCase, signIn, test } from './fixtures';
import { draftReachedMain, watchIpc } from './ipcFrames';
import { openCaseFromQueue, openVerifiedCase, runner } from './workflowHelpers';

/** What is being typed is held by main, not the page: a reload (or a reconnect) gives it back, to that agent only. */
test('a walk-in complaint and a case note being typed survive a reload, and another agent never sees them', async ({ page, stack }) => {
  const ipc = watchIpc(page);
  await page.goto(stack.host.url);
  await signIn(page, 'agent');

  const queue = page.getByRole('table', { name: 'My queue' });
  const firstCase = queue.getByRole('button', { name: /^Open case / }).first();
  await expect(firstCase).toBeVisible();
  const caseName = (await firstCase.getAttribute('aria-label')) ?? '';
  const caseId = /\(([A-Z0-9-]+)\)$/.exec(caseName)?.[1];
  expect(caseId, `queue button names its case reference: ${caseName}`).toBeTruthy();
  await firstCase.click();
  const note = 'Customer will send the statement page tomorrow';
  await page.getByRole('textbox', { name: 'Note' }).fill(note);

  await page.getByRole('button', { name: 'New walk-in complaint' }).click();
  const intake = page.getByRole('form', { name: 'Walk-in intake' });
  await intake.getByLabel('Name (not on file)').fill('Dana Whitfield');
  await intake.getByLabel('Phone or e-mail (optional)').fill('+1 555 0142');
  await intake.getByLabel('In one line, what is the complaint?').fill('Card kept by the branch ATM');
  // Typing has paused: both drafts went to main (the note's when its form closed for the walk-in screen).
  await draftReachedMain(ipc, `note:${caseId}`, { text: note });
  await draftReachedMain(ipc, 'walkin', { manualName: 'Dana Whitfield', manualContact: '+1 555 0142', subject: 'Card kept by the branch ATM' });

  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.getByRole('button', { name: 'New walk-in complaint' }).click();
  const again = page.getByRole('form', { name: 'Walk-in intake' });
  await expect(again.getByLabel('Name (not on file)')).toHaveValue('Dana Whitfield');
  await expect(again.getByLabel('Phone or e-mail (optional)')).toHaveValue('+1 555 0142');
  await expect(again.getByLabel('In one line, what is the complaint?')).toHaveValue('Card kept by the branch ATM');

  await page.getByRole('button', { name: /^My queue/ }).click();
  await page.getByRole('table', { name: 'My queue' }).getByRole('button', { name: caseName, exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Note' })).toHaveValue(note);

  // Added: the draft is gone, so a reload brings back an empty box.
  const adding = ipc.mark();
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByRole('list', { name: 'Case timeline' })).toContainText(note);
  await draftReachedMain(ipc, `note:${caseId}`, {}, adding);
  await page.reload();
  await page.getByRole('table', { name: 'My queue' }).getByRole('button', { name: caseName, exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Note' })).toHaveValue('');

  // Another agent signing in on this desktop finds an empty walk-in form.
  await page.getByRole('button', { name: 'Sign out' }).click();
  const signedOut = ipc.mark();
  await signIn(page, 'branch');
  const theirs = page.getByRole('form', { name: 'Walk-in intake' });
  await expect(theirs.getByLabel('In one line, what is the complaint?')).toBeVisible();
  // Their drafts have been read (the form fills from that answer, had it held anything).
  await ipc.answered('drafts.list', () => true, 'once branch signed in', signedOut);
  await expect(theirs.getByLabel('Name (not on file)')).toHaveValue('');
  await expect(theirs.getByLabel('In one line, what is the complaint?')).toHaveValue('');
});

test('a workflow answer typed and not yet saved survives a reload, and is saved then', async ({ page, stack }) => {
  const ipc = watchIpc(page);
  const caseId = await openVerifiedCase(stack.service.url, 'agent', 'AGT-001', 'billing_dispute', 'Fee charged twice (drafts e2e)');
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  await openCaseFromQueue(page, caseId);
  await runner(page).getByRole('button', { name: 'Start “Billing or fee dispute”' }).click();
  // Typed, never left: the field has not saved it yet, only the draft has it.
  await runner(page).getByLabel(/^Fee amount/).fill('42.5');
  await ipc.answered('drafts.put', (request) => JSON.stringify(request).includes('"42.5"'), 'the typed fee amount');

  await page.reload();
  await openCaseFromQueue(page, caseId);
  // Back in its field, and saved the way leaving the field saves it.
  await expect(runner(page).getByLabel(/^Fee amount/)).toHaveValue('42.50');
  await expect
    .poll(async () => (await serviceEventsOfCase(stack.service.url, 'agent', caseId)).filter((event) => event.type === 'workflow.answered').map((event) => event.payload as { fieldId: string; value: unknown }), { timeout: 60_000 })
    .toContainEqual(expect.objectContaining({ fieldId: 'feeAmount', value: 4250 }));
});

test('a walk-in complaint being typed survives a restart of the console host, sealed on disk, for the same agent at their next sign-in', async ({ page, stack }) => {
  const ipc = watchIpc(page);
  await page.goto(stack.host.url);
  await signIn(page, 'branch');
  const intake = page.getByRole('form', { name: 'Walk-in intake' });
  await intake.getByLabel('Name (not on file)').fill('Priya Natarajan');
  await intake.getByLabel('In one line, what is the complaint?').fill('Deposit envelope not credited');
  await draftReachedMain(ipc, 'walkin', { manualName: 'Priya Natarajan', subject: 'Deposit envelope not credited' });

  const host = await stack.restartHost();
  // The host's own file for this agent's drafts (sealed: noPlainTextOnDisk.spec.ts scans such files for what was typed).
  const agents = join(stack.root, 'desktop', 'agents');
  const sealed = (await readdir(agents, { recursive: true })).filter((name) => name.endsWith(DRAFTS_FILE_NAME));
  expect(sealed).toHaveLength(1);

  await page.goto(host.url);
  await signIn(page, 'branch');
  const again = page.getByRole('form', { name: 'Walk-in intake' });
  await expect(again.getByLabel('Name (not on file)')).toHaveValue('Priya Natarajan');
  await expect(again.getByLabel('In one line, what is the complaint?')).toHaveValue('Deposit envelope not credited');
});
