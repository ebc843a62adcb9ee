// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Dexie from 'dexie';
import { ConsoleApp } from '../../../src/renderer/ui/ConsoleApp';
import { createConsoleServices } from '../../../src/renderer/state/consoleServices';
import { withValidation } from '../../../src/renderer/bridge/validatingBridge';
import { readModelDbName } from '../../../src/renderer/data/db';
import { announcedAlertsDbName } from '../../../src/renderer/sla/announcedAlerts';
import type { Agent } from '../../../src/shared/domain/agent';
import type { CaseEventEnvelope } from '../../../src/shared/domain/caseEvent';
import { FakeConsoleBridge } from '../support/fakeBridge';
import { ben, created, dana, envelope, sam } from '../support/seed';
import { lee, offShiftAtTwoPm, testShifts, testSlaSnapshot } from '../support/slaFixtures';

const NOW = Date.parse('2025-03-03T14:00:00.000Z');
const minutesAgo = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const passwords = { dana: 'correct horse', sam: 'battery staple', lee: 'lee password' };

/**
 * First response 2 h (London 24/7 rota), resolution 8 h (New York 24/7), warnings at 75 % / 90 %.
 * At 14:00Z: "late" is 1 h overdue, "soon" has 20 min left (warning), "fresh" 1 h 30 min (running).
 */
function desk(options: { shifts?: unknown } = {}): FakeConsoleBridge {
  const bridge = new FakeConsoleBridge([dana, sam, lee], passwords, [ben]);
  bridge.slaConfig = testSlaSnapshot(options.shifts ?? testShifts());
  let seq = 0;
  const add = (event: CaseEventEnvelope) => bridge.receive(event, ++seq);
  add(created('case-fresh', { subject: 'Fresh question about a fee', ownerId: dana.id, customerId: ben.customer.id, at: minutesAgo(30) }));
  add(created('case-late', { subject: 'Late answer to a card dispute', ownerId: dana.id, customerId: ben.customer.id, at: minutesAgo(180) }));
  add(created('case-soon', { subject: 'Soon due fee refund', ownerId: dana.id, customerId: ben.customer.id, at: minutesAgo(100) }));
  add(created('case-lee', { subject: 'Lee’s overdue transfer question', ownerId: lee.id, customerId: null, at: minutesAgo(200) }));
  add(created('case-sam', { subject: 'Sam’s own escalated case', ownerId: sam.id, customerId: null, at: minutesAgo(110) }));
  add(created('case-new', { subject: 'Fee question opened just now', ownerId: dana.id, customerId: null, at: minutesAgo(10) }));
  return bridge;
}

function renderConsole(bridge: FakeConsoleBridge) {
  const services = createConsoleServices({ bridge: withValidation(bridge), connection: null });
  return render(<ConsoleApp services={services} />);
}

async function signIn(user: ReturnType<typeof userEvent.setup>, agent: Agent) {
  await user.type(await screen.findByLabelText('User name'), agent.username);
  await user.type(screen.getByLabelText('Password'), passwords[agent.username as keyof typeof passwords]);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

async function queueRows(count: number) {
  const table = await screen.findByRole('table', { name: 'My queue' });
  await waitFor(() => expect(within(table).getAllByRole('row').length).toBe(count + 1));
  return within(table).getAllByRole('row').slice(1);
}

/** The "Time to breach" cell of a queue row, once its clocks are computed. */
async function slaCell(row: HTMLElement): Promise<string> {
  const table = row.closest('table')!;
  const column = within(table).getAllByRole('columnheader').findIndex((header) => /^Time to breach/.test(header.textContent ?? ''));
  await waitFor(() => expect(row.querySelectorAll('td')[column]?.textContent).not.toMatch(/Loading/));
  return row.querySelectorAll('td')[column]!.textContent!.replace(/\s+/g, ' ').trim();
}

let fake: FakeConsoleBridge;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
});

afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  for (const agent of [dana, sam, lee]) {
    await Dexie.delete(readModelDbName(agent.id));
    await Dexie.delete(announcedAlertsDbName(agent.id));
  }
});

describe('My queue: time to breach', () => {
  it('sorts by time to breach, most urgent first, and says state and time in words', async () => {
    fake = desk();
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, dana);
    const rows = await queueRows(4);
    expect(screen.getByRole('columnheader', { name: /^Time to breach/ }).getAttribute('aria-sort')).toBe('ascending');
    const texts = await Promise.all(rows.map(slaCell));
    expect(texts).toEqual([
      'Breached · overdue 1h 0m First response',
      'Warning · 20m 00s left First response',
      'On track · 1h 30m left First response',
      'On track · 1h 50m left First response',
    ]);
    expect(within(rows[0]!).getByText('Late answer to a card dispute')).toBeTruthy();
    expect(within(rows[1]!).getByText('Soon due fee refund')).toBeTruthy();
    // The icon is decoration; the words are what a screen reader reads.
    expect(rows[0]!.querySelector('.sla-icon')?.getAttribute('aria-hidden')).toBe('true');
    expect(rows[0]!.querySelector('[aria-live]')).toBeNull();
  });

  it('shows a sort arrow on the sorted column only, and draws icons as SVG, never as symbol characters', async () => {
    fake = desk();
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, dana);
    const table = await screen.findByRole('table', { name: 'My queue' });
    await queueRows(4);
    const withArrow = () =>
      within(table)
        .getAllByRole('columnheader')
        .filter((header) => header.querySelector('svg') !== null)
        .map((header) => `${header.textContent?.trim()} ${header.getAttribute('aria-sort')}`);
    // Severity and age break ties behind time to breach; they are not what the agent sorted by.
    expect(withArrow()).toEqual(['Time to breach ascending']);
    await user.click(within(table).getByRole('button', { name: 'Age' }));
    expect(withArrow()).toEqual(['Age descending']);
    // Symbol characters depend on the machine's fonts (⛔ was an empty box on Debian's Chromium).
    expect(document.body.textContent).not.toMatch(/[\u2190-\u2bff\u{1f000}-\u{1ffff}]/u);
  });

  it('ticks every second and turns a warning into a breach when its due instant passes', async () => {
    fake = desk();
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, dana);
    const [, soon] = await queueRows(4);
    expect(await slaCell(soon!)).toMatch('20m 00s left');
    vi.setSystemTime(new Date(NOW + 19 * 60_000 + 55_000));
    await waitFor(() => expect(soon!.textContent).toMatch('5s left'), { timeout: 2500 });
    vi.setSystemTime(new Date(NOW + 21 * 60_000));
    await waitFor(() => expect(soon!.textContent).toMatch(/Breached · overdue 1m 00s/), { timeout: 2500 });
  });
});

describe('case screen: SLA clocks', () => {
  /** Dana's desk, signed in, with "Soon due fee refund" open: its SLA clocks panel. */
  async function openSoonCaseClocks(): Promise<HTMLElement> {
    fake = desk();
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, dana);
    const rows = await queueRows(4);
    await user.click(within(rows[1]!).getByRole('button', { name: /^Open case Soon due fee refund/ }));
    return screen.findByRole('region', { name: 'SLA clocks' });
  }

  it('lists every clock with its countdown and due time in the agent’s zone and the calendar’s zone', async () => {
    const panel = await openSoonCaseClocks();
    await waitFor(() => expect(within(panel).getAllByRole('listitem').length).toBeGreaterThan(0));
    const items = within(panel).getAllByRole('listitem');
    const text = (item: HTMLElement) => item.textContent!.replace(/\s+/g, ' ');
    const firstResponse = items.find((item) => /^First response/.test(text(item)))!;
    expect(text(firstResponse)).toMatch('Warning · 20m 00s left');
    // Due 14:20Z: 9:20 AM in New York (the agent), 2:20 PM in London (the rota's calendar).
    expect(text(firstResponse)).toMatch('Due (your time, America/New_York)Mon, Mar 3, 9:20 AM EST');
    expect(text(firstResponse)).toMatch('Due (calendar time, Europe/London)Mon, Mar 3, 2:20 PM GMT on UK rota (24/7 London)');
    expect(text(firstResponse)).toMatch('Business time20m left of 2h 00m');
    const resolution = items.find((item) => /^Resolution/.test(text(item)))!;
    expect(text(resolution)).toMatch('On track · 6h 20m left');
    expect(text(resolution)).toMatch('Due (your time = calendar time, America/New_York)Mon, Mar 3, 3:20 PM EST');
  });

  it('counts a clock from the instant an event was recorded, also between two ticks of the countdowns', async () => {
    const panel = await openSoonCaseClocks();
    const resolutionDue = () => {
      const item = within(panel).queryAllByRole('listitem').find((entry) => /^Resolution/.test(entry.textContent ?? ''));
      return item?.querySelector('time')?.getAttribute('dateTime') ?? null;
    };
    await waitFor(() => expect(resolutionDue()).not.toBeNull());
    // Resolved and reopened 700 ms after the countdowns' last tick: the reopen starts a fresh
    // 8-hour resolution clock from its own instant, not from the tick before it.
    const reopenedAt = NOW + 700;
    vi.setSystemTime(new Date(reopenedAt));
    fake.receive(envelope('case-soon', 'case.resolved', { resolution: 'Fee refunded' }, new Date(reopenedAt - 1).toISOString()));
    fake.receive(envelope('case-soon', 'case.reopened', { reason: 'The customer says the fee was charged again' }, new Date(reopenedAt).toISOString()));
    fake.emit('events.changed', { localSeq: fake.localSeq });
    await waitFor(() => expect(resolutionDue()).toBe(new Date(reopenedAt + 8 * 3_600_000).toISOString()));
  });

  it('labels statutory clocks as statutory and not editable', async () => {
    fake = desk();
    const payload = { customerId: null, caseType: 'data_subject_request', severity: 'S3', channel: 'email', subject: 'Customer asks for all their data', ownerId: dana.id };
    fake.receive(envelope('case-dsr', 'case.created', payload, minutesAgo(60)), 50);
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, dana);
    await user.click(await screen.findByRole('button', { name: /^Open case Customer asks for all their data/ }));
    const panel = await screen.findByRole('region', { name: 'SLA clocks' });
    await waitFor(() => expect(panel.textContent).toMatch('Statutory · not editable'));
    const statutory = within(panel).getAllByRole('listitem').find((item) => /Statutory/.test(item.textContent ?? ''))!;
    expect(statutory.textContent).toMatch(/data subject request/i);
    expect(statutory.textContent).toMatch(/On track · 29d 23h left/);
  });
});

describe('SLA alerts', () => {
  it('alerts the owner once per clock and state, also across a reload, with one OS notification per burst', async () => {
    fake = desk();
    fake.osNotificationsSupported = true;
    const user = userEvent.setup();
    const first = renderConsole(fake);
    await signIn(user, dana);
    const region = await screen.findByRole('complementary', { name: 'SLA alerts' });
    // Two at once: one summary line, the alerts one click away.
    await waitFor(() => expect(region.textContent).toMatch('2 SLA alerts: 1 breached, 1 at warning'));
    await user.click(within(region).getByRole('button', { name: 'Show the list' }));
    await waitFor(() => expect(within(region).getAllByRole('button', { name: /^Dismiss alert/ })).toHaveLength(2));
    expect(region.textContent).toMatch('First response breached: Late answer to a card dispute (case-late)');
    expect(region.textContent).toMatch('First response at warning: Soon due fee refund (case-soon)');
    expect(region.querySelector('[aria-live="assertive"]')!.textContent).toMatch('breached');
    expect(region.querySelector('[aria-live="polite"]')!.textContent).toMatch('at warning');
    expect(fake.osNotifications).toEqual([{ title: '2 SLA alerts', body: '1 breached, 1 at warning. Open Agent Console to see them.' }]);

    await user.click(within(region).getByRole('button', { name: 'Dismiss alert: First response breached on case-late' }));
    expect(region.textContent).not.toMatch('Late answer');

    // A reload: the same console starts again, remembers what it said, and says nothing new.
    first.unmount();
    renderConsole(fake);
    await queueRows(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.getByRole('complementary', { name: 'SLA alerts' }).textContent).not.toMatch('breached');
    expect(fake.osNotifications).toHaveLength(1);

    // Time moves on: the warning clock breaches — a new state, so one new alert.
    vi.setSystemTime(new Date(NOW + 21 * 60_000));
    await waitFor(() => expect(screen.getByRole('complementary', { name: 'SLA alerts' }).textContent).toMatch('First response breached: Soon due fee refund'), { timeout: 2500 });
    expect(fake.osNotifications.at(-1)).toEqual({ title: 'SLA: First response breached', body: 'case-soon — Soon due fee refund' });
  });

  it('raises no alerts for an agent off shift, saying why in the strip, and tells the supervisor instead', async () => {
    const shifts = testShifts({ [dana.id]: offShiftAtTwoPm });
    fake = desk({ shifts });
    const user = userEvent.setup();
    const danaView = renderConsole(fake);
    await signIn(user, dana);
    await queueRows(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.getByRole('complementary', { name: 'SLA alerts' }).textContent).toBe('You are off shift: alerts for your cases go to your supervisor.');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    danaView.unmount();

    renderConsole(fake);
    await signIn(user, sam);
    const region = await screen.findByRole('complementary', { name: 'SLA alerts' });
    await waitFor(() => expect(region.textContent).toMatch('3 SLA alerts: 1 breached, 2 at warning'));
    await user.click(within(region).getByRole('button', { name: 'Show the list' }));
    expect(region.textContent).toMatch('Late answer to a card dispute');
    expect(region.textContent).toMatch('for Dana Reyes, who is off shift');
    expect(region.textContent).toMatch('Soon due fee refund');
    // Lee is on shift: Lee's breach is Lee's to hear, not the supervisor's. Sam's own case at warning is Sam's.
    expect(region.textContent).not.toMatch('Lee’s overdue transfer question');
    expect(region.textContent).toMatch('First response at warning: Sam’s own escalated case');
    await user.click(within(region).getByRole('button', { name: 'Hide the list' }));
    expect(within(region).queryAllByRole('button', { name: /^Dismiss alert/ })).toHaveLength(0);
    expect(region.textContent).toMatch('3 SLA alerts: 1 breached, 2 at warning');
  });

  it('says so in the alerts strip when the agent’s shift ends, and stops when it starts again', async () => {
    const offShift = 'You are off shift: alerts for your cases go to your supervisor.';
    // Dana works 00:00–01:00 UTC; by 00:00 on the next day every clock of hers has breached.
    vi.setSystemTime(new Date('2025-03-04T00:00:30.000Z'));
    fake = desk({ shifts: testShifts({ [dana.id]: offShiftAtTwoPm }) });
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, dana);
    const region = await screen.findByRole('complementary', { name: 'SLA alerts' });
    await waitFor(() => expect(region.textContent).toMatch(/SLA alerts: \d+ breached/));
    await user.click(within(region).getByRole('button', { name: 'Dismiss all' }));
    expect(region.textContent).toBe('No SLA alerts');

    // Nothing happens but time: the countdowns' next tick says the shift is over.
    vi.setSystemTime(new Date('2025-03-04T01:00:30.000Z'));
    await waitFor(() => expect(region.textContent).toBe(offShift), { timeout: 2500 });

    vi.setSystemTime(new Date('2025-03-05T00:00:30.000Z'));
    await waitFor(() => expect(region.textContent).toBe('No SLA alerts'), { timeout: 2500 });
  });
});

describe('Team SLA board', () => {
  it('shows supervisors every agent’s cases at warning or breach, grouped by agent, from a button or Alt+Shift+S', async () => {
    fake = desk();
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, sam);
    await screen.findByRole('table', { name: 'My queue' });
    await user.keyboard('{Alt>}{Shift>}S{/Shift}{/Alt}');
    const board = await screen.findByRole('region', { name: 'Team SLA board' });
    await waitFor(() => expect(within(board).getAllByRole('heading', { level: 2 })).toHaveLength(3));
    const groups = within(board)
      .getAllByRole('heading', { level: 2 })
      .map((heading) => heading.textContent!.replace(/\s+/g, ' ').trim());
    expect(groups).toEqual(['Dana Reyes — 1 breached, 1 at warning', 'Lee Park — 1 breached', 'Sam Ortiz — 1 at warning']);
    const danaTable = within(board).getByRole('table', { name: /^Dana Reyes/ });
    const danaRows = within(danaTable).getAllByRole('row').slice(1);
    expect(danaRows.map((row) => row.querySelector('td')!.textContent)).toEqual(['Late answer to a card disputecase-late', 'Soon due fee refundcase-soon']);
    expect(danaRows[0]!.textContent).toMatch('Breached · overdue 1h 0m');
    expect(within(board).queryByText('Fresh question about a fee')).toBeNull();

    // Opening a case from the board and coming back lands on the board again.
    await user.click(within(danaTable).getByRole('button', { name: /^Open case Soon due fee refund/ }));
    await user.click(await screen.findByRole('button', { name: /Back to queue/ }));
    expect(await screen.findByRole('region', { name: 'Team SLA board' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /^My queue/ }));
    expect(await screen.findByRole('table', { name: 'My queue' })).toBeTruthy();
  });

  it('is not offered to agents', async () => {
    fake = desk();
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, dana);
    await screen.findByRole('table', { name: 'My queue' });
    expect(screen.queryByRole('button', { name: /Team SLA board/ })).toBeNull();
    await user.keyboard('{Alt>}{Shift>}S{/Shift}{/Alt}');
    expect(screen.queryByRole('region', { name: 'Team SLA board' })).toBeNull();
  });
});

describe('offline', () => {
  it('says beside the countdowns that they run on this computer while the desktop is offline', async () => {
    fake = desk();
    const user = userEvent.setup();
    renderConsole(fake);
    await signIn(user, dana);
    await queueRows(4);
    fake.setSyncStatus({ state: 'offline', lastError: 'The case service cannot be reached.' });
    const queue = screen.getByRole('region', { name: 'My queue' });
    await waitFor(() => expect(queue.textContent).toMatch('Offline: countdowns keep running on this computer’s clock'));
    expect(within(screen.getByRole('banner')).getByText(/^Offline/)).toBeTruthy();
  });
});
