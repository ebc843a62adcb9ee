import { render, screen, waitFor, within } from '@testing-library/react';
import type userEvent from '@testing-library/user-event';
import { ConsoleApp } from '../../../../src/renderer/ui/ConsoleApp';
import { createConsoleServices } from '../../../../src/renderer/state/consoleServices';
import { withValidation } from '../../../../src/renderer/bridge/validatingBridge';
import type { HostConnection } from '../../../../src/renderer/bridge/webSocketBridge';
import type { CaseEventEnvelope } from '../../../../src/shared/domain/caseEvent';
import type { FakeConsoleBridge } from '../../support/fakeBridge';

export type User = ReturnType<typeof userEvent.setup>;

/** A browser-host connection that never drops: the page downloads instead of printing. */
export const browserHostConnection: HostConnection = { isConnected: () => true, onChange: () => () => undefined, close: () => undefined };

export function renderConsole(bridge: FakeConsoleBridge, connection: HostConnection | null = null) {
  const services = createConsoleServices({ bridge: withValidation(bridge), connection });
  render(<ConsoleApp services={services} />);
  return services;
}

export async function signIn(user: User, username: string, password: string) {
  await user.type(await screen.findByLabelText('User name'), username);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('button', { name: 'Sign out' });
}

export async function openCase(user: User, subject: string) {
  const table = await screen.findByRole('table', { name: 'My queue' });
  const button = await waitFor(() => within(table).getByRole('button', { name: new RegExp(`^Open case ${subject}`) }));
  await user.click(button);
}

export function runner(): HTMLElement {
  const section = document.querySelector<HTMLElement>('section.workflow-runner');
  if (!section) throw new Error('no workflow runner on screen');
  return section;
}

export async function stepHeading(): Promise<string> {
  return (await waitFor(() => {
    const heading = runner().querySelector('.wf-progress h3');
    if (!heading) throw new Error('no step heading yet');
    return heading;
  })).textContent ?? '';
}

/** Events this window asked main to record, of one type. */
export function recorded(bridge: FakeConsoleBridge, type: string): CaseEventEnvelope[] {
  return bridge.journal.filter((held) => held.event.type === type && held.seq === null).map((held) => held.event);
}

export function answersOf(bridge: FakeConsoleBridge, fieldId: string): unknown[] {
  return recorded(bridge, 'workflow.answered')
    .map((event) => event.payload as { fieldId: string; value: unknown })
    .filter((payload) => payload.fieldId === fieldId)
    .map((payload) => payload.value);
}
