// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { carla, holdReportAnswers, openReport, serviceRefusal, signInToConsole, UNREACHABLE, unreachable, useReportConsole } from '../support/reportConsole';
import { complianceAnswer } from '../support/reportFixtures';

const suite = useReportConsole([carla.id]);

async function openCompliance() {
  const user = await signInToConsole(suite.fake, 'carla');
  await openReport(user, 'Compliance');
  return { user, view: await screen.findByRole('region', { name: 'Compliance' }) };
}

/** The rows of a panel's table (the header row left out); a panel with a chart is switched to its table view first. */
async function tableRows(user: Awaited<ReturnType<typeof openCompliance>>['user'], title: string) {
  const panel = await screen.findByRole('region', { name: title });
  const toTable = within(panel).queryByRole('button', { name: `Show ${title} as a table` });
  if (toTable) await user.click(toTable);
  return within(within(panel).getByRole('table')).getAllByRole('row').slice(1).map((row) => row.textContent);
}

const lastAsked = (channel: string) => suite.fake.reports.asked.filter((asked) => asked.channel === channel).at(-1)?.request;

describe('compliance screen', () => {
  it('says it is loading, then shows the regulatory clocks at risk or breached and the escalations to levels 3–4', async () => {
    const release = holdReportAnswers(suite.fake);
    const { user, view } = await openCompliance();
    const status = within(view).getAllByRole('status')[0]!;
    expect(status.textContent).toBe('Loading the compliance view…');
    expect(within(view).queryByRole('region', { name: 'Clocks at risk or breached' })).toBeNull();

    release();
    await waitFor(() => expect(status.textContent).toBe(''));
    expect(within(view).getByText(/^Clocks as of /)).toBeDefined();
    expect(within(view).queryByRole('alert')).toBeNull();
    const clocks = await tableRows(user, 'Clocks at risk or breached');
    expect(clocks).toHaveLength(2);
    expect(clocks[0]).toMatch(/^CASE-200Reg EReg E provisional creditBreached.*Dana Reyes$/);
    expect(clocks[1]).toMatch(/^CASE-201Reg ZReg Z acknowledgementAt risk.*Sam Ortiz$/);
    const escalations = await tableRows(user, 'Escalations to level 3–4');
    expect(escalations).toEqual([expect.stringContaining('Level 4 (compliance / executive)')]);
    expect(escalations[0]).toContain('Automatically (overdue)');
    // The month of the compliance view is asked of the service.
    expect(lastAsked('reports.compliance')).toMatchObject({ to: '2025-03-03T14:00:00.000Z' });
  });

  it('shows the service’s refusal as the sentence it gave, with no clocks', async () => {
    suite.fake.reports.answer('reports.compliance', () => {
      throw serviceRefusal('see reports');
    });
    const { view } = await openCompliance();
    const alert = await within(view).findByRole('alert');
    expect(alert.textContent).toBe('Your role cannot see reports. Reports are for supervisors, compliance officers and QA reviewers (resources/roles.json).');
    expect(alert.textContent).not.toMatch(/403|forbidden/);
    expect(within(view).queryByRole('region', { name: 'Clocks at risk or breached' })).toBeNull();
  });

  it('says what to do when the service cannot be reached, and shows the clocks once a new question is answered', async () => {
    suite.fake.reports.answer('reports.compliance', () => {
      throw unreachable();
    });
    const { user, view } = await openCompliance();
    // The error and what to do about it, as one message.
    expect((await within(view).findByRole('alert')).textContent).toBe(`${UNREACHABLE.message} ${UNREACHABLE.hint}`);

    suite.fake.reports.answer('reports.compliance', complianceAnswer);
    await user.click(within(view).getByRole('button', { name: 'Team: All teams' }));
    await user.click(within(within(view).getByRole('group', { name: 'Team' })).getByRole('checkbox', { name: /T1-EAST/ }));
    await waitFor(() => expect(within(view).queryByRole('alert')).toBeNull());
    expect(await tableRows(user, 'Clocks at risk or breached')).toHaveLength(1);
  });

  it('filters by team: the service is asked for that team and only its clocks are shown; clearing shows them all', async () => {
    const { user, view } = await openCompliance();
    expect(await tableRows(user, 'Clocks at risk or breached')).toHaveLength(2);
    const team = within(view).getByRole('button', { name: 'Team: All teams' });
    await user.click(team);
    await user.click(within(within(view).getByRole('group', { name: 'Team' })).getByRole('checkbox', { name: /T1-EAST/ }));
    await waitFor(() => expect(lastAsked('reports.compliance')).toMatchObject({ teams: ['T1-EAST'] }));
    expect(lastAsked('reports.kpis')).toMatchObject({ teams: ['T1-EAST'] });
    expect(within(view).getByRole('button', { name: 'Team: T1-EAST' })).toBeDefined();
    const table = within(within(view).getByRole('region', { name: 'Clocks at risk or breached' })).getByRole('table');
    await waitFor(() => expect(within(table).getAllByRole('row').slice(1).map((row) => row.textContent?.slice(0, 8))).toEqual(['CASE-200']));

    await user.click(within(view).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(lastAsked('reports.compliance')).not.toHaveProperty('teams'));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    expect(within(view).getByRole('button', { name: 'Team: All teams' })).toBeDefined();
  });
});
