// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { BUNDLED_QA_SCORECARD } from '../../../src/shared/qa/bundledScorecard';
import { openReport, signInToConsole, useReportConsole } from '../support/reportConsole';
import { qaOverview } from '../support/reportFixtures';
import { sam } from '../support/seed';

const suite = useReportConsole(['agent-dana', 'agent-sam']);

/** What "Export … as CSV" handed the browser to download. */
let exported: Blob[] = [];
beforeEach(() => {
  exported = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    exported.push(blob as Blob);
    return `blob:test-${exported.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
});

const signIn = (username: 'dana' | 'sam') => signInToConsole(suite.fake, username);

describe('supervision screens', () => {
  it('shows a Tier 1 agent no reports, and main refuses them the channels', async () => {
    await signIn('dana');
    expect(screen.queryByRole('navigation', { name: 'Reports' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Dashboard' })).toBeNull();
    const refused = await suite.fake.invoke('reports.kpis', { from: '2025-03-03T05:00:00.000Z', to: '2025-03-03T14:00:00.000Z' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Your role (Tier 1 agent) cannot see reports.' } });
    expect(await suite.fake.invoke('qa.submitEvaluation', { evaluationId: 'E-1', caseId: 'CASE-100', points: {} })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(suite.fake.reports.asked).toEqual([]);
  });

  it('gives a supervisor the dashboard: targets beside actuals in words, a team filter, a table view and its CSV', async () => {
    const user = await signIn('sam');
    await openReport(user, 'Dashboard');
    expect(await screen.findByRole('heading', { level: 1, name: 'Supervisor dashboard' })).toBeDefined();
    const tiles = await screen.findByRole('list', { name: 'Headline KPIs, today so far' });
    const sl = within(tiles).getByText('Service level (target 80 % in 20 s)').closest('li')!;
    await waitFor(() => expect(sl.textContent).toContain('85.0 %'));
    expect(sl.textContent).toContain('Target ≥ 80 %');
    expect(sl.textContent).toContain('Green: On target');

    const teamButton = screen.getByRole('button', { name: 'Team: All teams' });
    expect(teamButton.getAttribute('aria-expanded')).toBe('false');
    await user.click(teamButton);
    expect(teamButton.getAttribute('aria-expanded')).toBe('true');
    const teams = screen.getByRole('group', { name: 'Team' });
    await user.click(within(teams).getByRole('checkbox', { name: /T1-EAST/ }));
    await waitFor(() => expect(sl.textContent).toContain('70.0 %'));
    expect(sl.textContent).toContain('Red: Off target');
    expect(suite.fake.reports.asked.filter((asked) => asked.channel === 'reports.intraday').at(-1)?.request).toMatchObject({ teams: ['T1-EAST'] });
    // Several teams at once: both are asked of the service, in the options' order, and the button says so.
    await user.click(within(teams).getByRole('checkbox', { name: /T1-WEST/ }));
    await waitFor(() => expect(suite.fake.reports.asked.filter((asked) => asked.channel === 'reports.kpis').at(-1)?.request).toMatchObject({ teams: ['T1-EAST', 'T1-WEST'] }));
    expect(screen.getByRole('button', { name: 'Team: T1-EAST, T1-WEST' })).toBeDefined();
    await user.click(within(teams).getByRole('checkbox', { name: /T1-WEST/ }));
    await waitFor(() => expect(suite.fake.reports.asked.filter((asked) => asked.channel === 'reports.kpis').at(-1)?.request).toMatchObject({ teams: ['T1-EAST'] }));

    const intraday = await screen.findByRole('region', { name: 'Today by 30-minute interval' });
    await user.click(within(intraday).getByRole('button', { name: 'Show Today by 30-minute interval as a table' }));
    const table = within(intraday).getByRole('table', { name: 'Today by 30-minute interval' });
    // Intervals with no contacts are left out.
    expect(within(table).getAllByRole('rowheader').map((cell) => cell.textContent)).toEqual(['08:00', '08:30']);
    await user.click(within(intraday).getByRole('button', { name: 'Export Today by 30-minute interval as CSV' }));
    const csv = (await exported.at(-1)!.text()).replace(/^\uFEFF/, '');
    expect(csv.split('\r\n').slice(0, 3)).toEqual(['Interval,Offered,Answered,Abandoned,Service level 80/20 (%),ASA (s),AHT (s)', '08:00,12,11,1,80,20,400', '08:30,20,19,1,80,20,400']);
    // The file says which teams it holds.
    expect(within(intraday).getByRole('status').textContent).toMatch(/Exported today-by-30-minute-interval-\d{4}-\d{2}-\d{2}-teams-t1-east\.csv/);

    const weekly = screen.getByRole('region', { name: 'Weekly trend' });
    await user.click(within(weekly).getByRole('button', { name: 'Show Weekly trend as a table' }));
    const weeks = within(weekly).getByRole('table');
    expect(within(weeks).getByRole('columnheader', { name: 'Service level (target 80 % in 20 s): against target' })).toBeDefined();
    expect(within(weeks).getAllByRole('row')[1]!.textContent).toContain('Amber: Close to target');
  });

  it('lets a supervisor score a sampled interaction; below 80 % the corrective-action plan shows its owner and due date', async () => {
    suite.fake.reports.answer('qa.submitEvaluation', (request) => ({
      evaluation: { evaluationId: request.evaluationId, sampleId: request.sampleId ?? null, calibrationId: null, caseId: request.caseId, agentId: 'agent-dana', reviewerId: sam.id, channel: 'phone', points: request.points, score: 0.25, comment: request.comment ?? '', at: '2025-03-03T14:00:00.000Z' },
      correctiveAction: { actionId: `CA-${request.evaluationId}`, ownerId: sam.id, dueDate: '2025-04-02' },
    }));
    const overview = qaOverview();
    overview.samples[0]!.items.push({ ...overview.samples[0]!.items[0]!, caseId: 'CASE-102', agentId: sam.id });
    suite.fake.reports.answer('qa.overview', () => overview);
    const user = await signIn('sam');
    await openReport(user, 'Quality');
    const sample = await screen.findByRole('region', { name: 'Sample S-20250303-abc' });
    expect(sample.textContent).toContain('Rate 5 %, seed 4242');
    // Sam's own interaction is in the sample, but nobody scores their own.
    expect(within(sample).getAllByRole('button', { name: /^Score / }).map((button) => button.textContent)).toEqual(['Score CASE-100', 'Score CASE-101']);
    await user.click(within(sample).getByRole('button', { name: 'Score CASE-100' }));

    const form = screen.getByRole('form', { name: 'Score CASE-100' });
    for (const criterion of BUNDLED_QA_SCORECARD.criteria) {
      await user.click(within(within(form).getByRole('group', { name: new RegExp(`^${criterion.label}`) })).getByRole('radio', { name: '1 Poor' }));
    }
    expect(within(form).getByText(/^Score 25\.0 %: below 80 %/)).toBeDefined();
    await user.click(within(form).getByRole('button', { name: 'Record evaluation' }));
    const plan = await screen.findByRole('alert');
    expect(plan.textContent).toContain('Corrective-action plan CA-E-');
    expect(within(plan).getByText('Sam Ortiz')).toBeDefined();
    expect(within(plan).getByText('2025-04-02')).toBeDefined();
    const submitted = suite.fake.reports.asked.find((asked) => asked.channel === 'qa.submitEvaluation')!.request;
    expect(submitted).toMatchObject({ caseId: 'CASE-100', sampleId: 'S-20250303-abc', points: Object.fromEntries(BUNDLED_QA_SCORECARD.criteria.map((criterion) => [criterion.id, 1])) });
  });

  it('draws a sample at the chosen rate with the seed given, and shows the calibration spread per criterion', async () => {
    suite.fake.reports.answer('qa.drawSample', (request) => ({ sampleId: 'S-new', rate: request.rate ?? 0.05, seed: request.seed ?? 1, population: 50, randomCount: 4, items: [{ caseId: 'CASE-1' }, { caseId: 'CASE-2' }, { caseId: 'CASE-3' }, { caseId: 'CASE-4' }, { caseId: 'CASE-5' }] }));
    const user = await signIn('sam');
    await openReport(user, 'Quality');
    const draw = await screen.findByRole('form', { name: 'Draw a QA sample' });
    await user.clear(within(draw).getByRole('spinbutton', { name: 'Sample rate (%)' }));
    await user.type(within(draw).getByRole('spinbutton', { name: 'Sample rate (%)' }), '8');
    await user.type(within(draw).getByRole('spinbutton', { name: /^Seed/ }), '99');
    await user.click(within(draw).getByRole('button', { name: 'Draw sample' }));
    expect((await within(draw).findByRole('status')).textContent).toBe('Sample S-new drawn with seed 99: 5 interactions (4 at random from 50 closed, plus every escalation and critical flow).');
    expect(suite.fake.reports.asked.find((asked) => asked.channel === 'qa.drawSample')!.request).toMatchObject({ rate: 0.08, seed: 99 });

    const calibration = screen.getByRole('region', { name: 'Calibration sessions' });
    expect(within(calibration).getByRole('button', { name: 'Score CASE-100 for “March calibration”' })).toBeDefined();
    // The spread per criterion is a chart, with the same figures as a table.
    const session = within(calibration).getByRole('region', { name: 'March calibration' });
    expect(within(session).getByRole('figure', { name: 'March calibration (chart; the table view has the same figures)' })).toBeDefined();
    await user.click(within(session).getByRole('button', { name: 'Show March calibration as a table' }));
    const rows = within(within(session).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(BUNDLED_QA_SCORECARD.criteria.length);
    expect(rows[0]!.textContent).toContain(`${BUNDLED_QA_SCORECARD.criteria[0]!.label}21432.51.5`);
  });

  it('lets the plan’s owner close a corrective-action plan, saying what was done', async () => {
    const overview = qaOverview();
    overview.correctiveActions = [{ actionId: 'CA-E-9', evaluationId: 'E-9', agentId: 'agent-dana', ownerId: sam.id, dueDate: '2025-04-02', reason: 'QA evaluation 50 %, below 80 %', openedAt: '2025-03-03T10:00:00.000Z', closedAt: null, closedBy: null, note: null }];
    suite.fake.reports.answer('qa.overview', () => overview);
    suite.fake.reports.answer('qa.closeAction', (request) => ({ actionId: request.actionId, closed: true }));
    const user = await signIn('sam');
    await openReport(user, 'Quality');
    const form = await screen.findByRole('form', { name: 'Close plan CA-E-9' });
    await user.type(within(form).getByRole('textbox', { name: /^What was done for Dana Reyes/ }), 'Coached on verification');
    await user.click(within(form).getByRole('button', { name: 'Close plan' }));
    await waitFor(() => expect(suite.fake.reports.asked.filter((asked) => asked.channel === 'qa.overview').length).toBe(2));
    expect(suite.fake.reports.asked.find((asked) => asked.channel === 'qa.closeAction')!.request).toEqual({ actionId: 'CA-E-9', note: 'Coached on verification' });
  });

  it('shows the staffing plan: Erlang C beside Erlang A against those on shift, and the week in FTE', async () => {
    const user = await signIn('sam');
    await openReport(user, 'Staffing');
    const panel = await screen.findByRole('region', { name: 'Agents needed per interval' });
    await user.click(within(panel).getByRole('button', { name: 'Show Agents needed per interval as a table' }));
    const table = within(panel).getByRole('table');
    expect(within(table).getByRole('columnheader', { name: 'Erlang C scheduled (with shrinkage)' })).toBeDefined();
    expect(within(table).getByRole('columnheader', { name: 'Erlang A scheduled (with shrinkage)' })).toBeDefined();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[1]!.textContent).toContain('2 short');
    expect(rows[0]!.textContent).toContain('1 over');
    expect(screen.getByText(/1 interval has fewer agents on shift than Erlang C needs: 08:30/)).toBeDefined();
    expect(screen.getByText(/7\.2 \/ 6\.5 FTE/)).toBeDefined();
  });

  it('lists the top contact drivers with trend and handle time, and exports them safely as CSV', async () => {
    const user = await signIn('sam');
    await openReport(user, 'Contact drivers');
    const panel = await screen.findByRole('region', { name: 'Top 10 drivers' });
    await user.click(within(panel).getByRole('button', { name: 'Show Top 10 drivers as a table' }));
    const rows = within(within(panel).getByRole('table')).getAllByRole('row').slice(1);
    expect(rows[0]!.textContent).toContain('Card dispute');
    expect(rows[0]!.textContent).toContain('Up (+33 %)');
    expect(rows[0]!.textContent).toContain('10 h 00 min');
    expect(rows[1]!.textContent).toContain('New this month');
    // A driver with no handle-time facts says so instead of showing 0 s.
    expect(rows[2]!.textContent).toContain('No handle-time data');
    expect(rows[2]!.textContent).not.toContain('0 s');
    await user.click(within(panel).getByRole('button', { name: 'Export Top 10 drivers as CSV' }));
    const csv = await exported.at(-1)!.text();
    expect(csv).toContain('"Fee query, ""=SUM(A1)""",20,20.0 %,0,New this month');
  });
});
