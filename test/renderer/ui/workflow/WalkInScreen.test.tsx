// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Dexie from 'dexie';
import { readModelDbName } from '../../../../src/renderer/data/db';
import type { Agent } from '../../../../src/shared/domain/agent';
import { WALK_IN_REFERENCE } from '../../../../src/shared/walkin/caseReference';
import { FakeConsoleBridge } from '../../support/fakeBridge';
import { ava, ben, created, dana } from '../../support/seed';
import { pdfText } from '../../../support/pdfText';
import { answersOf, browserHostConnection, recorded, renderConsole, runner, signIn, stepHeading } from './support';

const bea: Agent = { id: 'agent-bea', username: 'bea', displayName: 'Bea Lopez', role: 'branch_staff', teamId: 'BR-007', branchId: 'BR-007', timeZone: 'America/New_York', skills: [] };

let fake: FakeConsoleBridge;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-03-03T14:00:00.000Z'));
  fake = new FakeConsoleBridge([dana, bea], { dana: 'correct horse', bea: 'desk lamp' }, [ava, ben]);
  // Bea has one open case with Ben, so Ben is in her desktop's customer cache.
  fake.receive({ ...created('case-ben', { subject: 'Card not arrived', ownerId: bea.id, customerId: ben.customer.id, at: '2025-03-03T09:00:00.000Z' }), actorId: bea.id }, 1);
});

afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
  await Dexie.delete(readModelDbName(bea.id));
});

async function openComplaint(user: ReturnType<typeof userEvent.setup>, fill: () => Promise<void>) {
  const intake = await screen.findByRole('form', { name: 'Walk-in intake' });
  await fill();
  await user.type(within(intake).getByLabelText('In one line, what is the complaint?'), 'Branch closed early');
  await user.click(within(intake).getByRole('button', { name: 'Open complaint' }));
  expect(await stepHeading()).toBe('Step 1 of 3: Welcome and check ID');
  const [creation] = recorded(fake, 'case.created');
  if (!creation) throw new Error('no case created');
  return creation;
}

describe('walk-in desk', () => {
  it('opens a walk-in complaint for a customer not on file, with a reference made at the desk, and runs the walk-in workflow', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'bea', 'desk lamp');
    const creation = await openComplaint(user, async () => {
      await user.type(screen.getByLabelText('Name (not on file)'), 'Grace Hopper');
      await user.type(screen.getByLabelText('Phone or e-mail (optional)'), '555-0100');
    });
    expect(creation.caseId).toMatch(WALK_IN_REFERENCE);
    expect(creation.caseId).toMatch(/^WALKIN-BR007-20250303-/);
    expect(creation.payload).toEqual({ customerId: null, caseType: 'complaint', severity: 'S3', channel: 'walk_in', subject: 'Branch closed early', ownerId: bea.id, queueId: 'BR-007' });
    expect(recorded(fake, 'contact.linked').map((e) => (e.payload as { summary: string }).summary)).toEqual([
      'Walk-in at branch BR-007. Walk-in customer (no record matched): Grace Hopper — 555-0100',
    ]);
    expect(recorded(fake, 'workflow.started').map((e) => [e.caseId, e.payload])).toEqual([[creation.caseId, { workflowId: 'walk_in_complaint', version: 1 }]]);
    expect(screen.getByText(creation.caseId, { selector: '.walkin-ref .reference' })).toBeTruthy();

    await user.click(within(runner()).getByRole('radio', { name: 'Staff or service at the branch' }));
    await waitFor(() => expect(answersOf(fake, 'complaintCategory')).toEqual(['staff_or_service']));
  });

  it('finds a customer on this desktop by name and links the complaint to them', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'bea', 'desk lamp');
    const creation = await openComplaint(user, async () => {
      await user.type(screen.getByRole('combobox', { name: 'Find the customer by name' }), 'ben c');
      await user.click(await screen.findByRole('option', { name: /^Ben Carter/ }));
    });
    expect((creation.payload as { customerId: string }).customerId).toBe(ben.customer.id);
  });

  it('downloads the acknowledgement in the browser host, recording the hand-over once', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:acknowledgement';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const user = userEvent.setup();
    renderConsole(fake, browserHostConnection);
    await signIn(user, 'bea', 'desk lamp');
    const creation = await openComplaint(user, async () => {
      await user.type(screen.getByLabelText('Name (not on file)'), 'Grace Hopper');
    });
    const panel = within(screen.getByRole('region', { name: 'Acknowledgement for the customer' }));
    await user.click(panel.getByRole('button', { name: 'Download acknowledgement (PDF)' }));
    await waitFor(() => expect(panel.getByRole('link', { name: 'Save again' }).getAttribute('download')).toBe(`acknowledgement-${creation.caseId}.pdf`));
    const text = pdfText(new Uint8Array(await blobs[0]!.arrayBuffer()));
    expect(text).toContain(creation.caseId);
    expect(text).toContain('Grace Hopper');
    await user.click(panel.getByRole('button', { name: 'Download acknowledgement (PDF)' }));
    await waitFor(() => expect(blobs).toHaveLength(2));
    expect(recorded(fake, 'message.sent').map((e) => e.payload)).toEqual([
      { channel: 'walk_in', kind: 'acknowledgement', summary: `Printed acknowledgement with reference ${creation.caseId} handed to the customer at the desk` },
    ]);
  });

  it('prints from the desktop app through main', async () => {
    fake.workflows.printSupported = true;
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'bea', 'desk lamp');
    const creation = await openComplaint(user, async () => {
      await user.type(screen.getByLabelText('Name (not on file)'), 'Grace Hopper');
    });
    await user.click(screen.getByRole('button', { name: 'Print acknowledgement' }));
    await waitFor(() => expect(fake.workflows.printed.map((p) => p.title)).toEqual([`Acknowledgement ${creation.caseId}`]));
    expect(pdfText(Buffer.from(fake.workflows.printed[0]!.pdfBase64, 'base64'))).toContain(creation.caseId);
  });

  it('asks for a name when no customer was chosen', async () => {
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, 'bea', 'desk lamp');
    const intake = await screen.findByRole('form', { name: 'Walk-in intake' });
    await user.type(within(intake).getByLabelText('In one line, what is the complaint?'), 'Branch closed early');
    await user.click(within(intake).getByRole('button', { name: 'Open complaint' }));
    expect((await within(intake).findByRole('alert')).textContent).toMatch('Choose the customer from the list or type their name');
    expect(recorded(fake, 'case.created')).toEqual([]);
  });
});
