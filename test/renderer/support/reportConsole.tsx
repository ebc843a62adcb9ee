import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, vi } from 'vitest';
import { ConsoleApp } from '../../../src/renderer/ui/ConsoleApp';
import { createConsoleServices } from '../../../src/renderer/state/consoleServices';
import { withValidation } from '../../../src/renderer/bridge/validatingBridge';
import type { Agent } from '../../../src/shared/domain/agent';
import { IpcError } from '../../../src/main/services/ipc/ipcError';
import type { FakeConsoleBridge } from './fakeBridge';
import { answerAllReports } from './reportFixtures';
import { useSeededConsole } from './seededConsole';

/** A compliance officer and a QA reviewer, for the report screens that are their own views. */
export const carla: Agent = { id: 'agent-carla', username: 'carla', displayName: 'Carla Nunez', role: 'compliance', teamId: 'COMPLIANCE', branchId: null, timeZone: 'America/New_York', skills: [] };
export const quinn: Agent = { id: 'agent-quinn', username: 'quinn', displayName: 'Quinn Adams', role: 'qa_reviewer', teamId: 'QA', branchId: null, timeZone: 'America/New_York', skills: [] };

/** Adds Carla and Quinn to a seeded bridge, each with a password of their own. */
function addReportUsers(fake: FakeConsoleBridge): void {
  fake.agents.push(carla, quinn);
  fake.passwords.carla = 'clocks and deadlines';
  fake.passwords.quinn = 'scorecards all day';
}

/** Renders the console on `fake` and signs `username` in with the password the bridge knows. */
export async function signInToConsole(fake: FakeConsoleBridge, username: string) {
  const user = userEvent.setup();
  render(<ConsoleApp services={createConsoleServices({ bridge: withValidation(fake), connection: null })} />);
  await user.type(await screen.findByLabelText('User name'), username);
  await user.type(screen.getByLabelText('Password'), fake.passwords[username]!);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('navigation', { name: 'Workspace' });
  return user;
}

/** Opens a report screen by its tab in the Reports navigation. */
export async function openReport(user: ReturnType<typeof userEvent.setup>, tab: string) {
  await user.click(within(screen.getByRole('navigation', { name: 'Reports' })).getByRole('button', { name: tab }));
}

/** Holds every report answer until the returned function is called: the screens' loading state, seen. */
export function holdReportAnswers(fake: FakeConsoleBridge): () => void {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const handle = fake.reports.handle.bind(fake.reports);
  vi.spyOn(fake.reports, 'handle').mockImplementation(async (...args) => {
    await held;
    return handle(...args);
  });
  return release;
}

/**
 * Each test gets a seeded bridge with Carla and Quinn added and every report channel answered
 * (read it from the returned object), and its mocks restored after.
 */
export function useReportConsole(agentIds: readonly string[]): { readonly fake: FakeConsoleBridge } {
  let current: FakeConsoleBridge | null = null;
  useSeededConsole(
    (fresh) => {
      current = fresh;
      addReportUsers(fresh);
      answerAllReports(fresh.reports);
    },
    { agentIds },
  );
  afterEach(() => {
    vi.restoreAllMocks();
  });
  return {
    get fake() {
      if (!current) throw new Error('the bridge is made before each test');
      return current;
    },
  };
}

/** What main makes of the case service's 403 on a report route (src/server/reports/reportRoutes.ts). */
export function serviceRefusal(cannot: string): IpcError {
  return new IpcError('forbidden', `Your role cannot ${cannot}.`, 'Reports are for supervisors, compliance officers and QA reviewers (resources/roles.json).');
}

/** What main answers when the case service cannot be reached: what happened, then what to do. */
export const UNREACHABLE = { message: 'The case service cannot be reached.', hint: 'Check your network connection and try again; if it keeps happening, call the IT service desk.' };
export const unreachable = () => new IpcError('service_unreachable', UNREACHABLE.message, UNREACHABLE.hint);
