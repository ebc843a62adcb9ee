// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FakeConsoleBridge } from '../../support/fakeBridge';
import { openCase, renderConsole, signIn, stepHeading } from './support';
import { useSeededConsole } from '../../support/seededConsole';

let fake: FakeConsoleBridge;

useSeededConsole((fresh) => {
  fake = fresh;
});

describe('workflow configuration problems', () => {
  it('names each refused file and path for an admin, and runs on with the workflows that loaded', async () => {
    const { bundle } = fake.workflows;
    fake.workflows.bundle = {
      ...bundle,
      // main left the refund workflow out and says why; this window also refuses a definition it cannot read.
      definitions: [...bundle.definitions.filter((d) => !d.fileName.includes('refund')), { fileName: 'workflows/broken.v1.json', json: { id: 'broken' } }],
      problems: [{ file: 'workflows/refund_request.v1.json', path: '$.steps[0].next.branches[0].goto', message: 'goes to step "nowhere", which does not exist' }],
    };
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'dana', 'correct horse');
    await user.click(await screen.findByRole('button', { name: /Workflow problems \(\d+\)/ }));
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1).map((row) => row.textContent ?? '');
    expect(rows[0]).toBe('workflows/refund_request.v1.json$.steps[0].next.branches[0].gotogoes to step "nowhere", which does not exist');
    expect(rows.some((row) => row.startsWith('workflows/broken.v1.json$.version'))).toBe(true);

    await user.click(screen.getByRole('button', { name: /^My queue/ }));
    await openCase(user, 'Overdraft fee disputed');
    await user.click(await screen.findByRole('button', { name: 'Start “Billing or fee dispute”' }));
    expect(await stepHeading()).toBe('Step 1 of 4: Record the disputed fee');
  });
});
