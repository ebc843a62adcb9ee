import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { formatKpi } from '../../src/renderer/supervision/format';
import { reportDates } from '../../src/renderer/supervision/reportDates';
import { TrendResponse } from '../../src/shared/reports/protocol';
import { expectAccessible } from './accessibility';
import { expect, serviceFetch, signIn, test } from './fixtures';

/** Splits one CSV line (the export quotes only cells with commas, quotes or line breaks). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  out.push(cell);
  return out;
}

test('a supervisor opens the dashboard, filters a team, exports a CSV, samples QA and scores an interaction', async ({ page, stack }, testInfo) => {
  test.setTimeout(180_000);
  await page.goto(stack.host.url);
  await signIn(page, 'supervisor');

  const reports = page.getByRole('navigation', { name: 'Reports' });
  await reports.getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Supervisor dashboard' })).toBeVisible();
  const kpis = page.getByRole('region', { name: 'KPIs against targets' });
  await expect(kpis.getByRole('list', { name: /Headline KPIs/ })).toContainText('Service level (target 80 % in 20 s)');
  await expect(kpis).toContainText(/Target ≥ 80 %/);
  await expect(page.getByRole('region', { name: 'Weekly trend' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Monthly view' })).toBeVisible();
  await expectAccessible(page, 'supervisor dashboard');

  // Filter one team: every panel is asked again for that team.
  // A phone team of the demo bank, so its service level has data.
  const teamId = 'T1-EAST';
  await page.getByRole('button', { name: 'Team: All teams' }).click();
  await page.getByRole('group', { name: 'Team' }).getByRole('checkbox', { name: new RegExp(`\\(${teamId}\\)|^${teamId}$`) }).check();
  await page.getByRole('button', { name: `Team: ${teamId}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Loading reports…' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('dashboard.png'), fullPage: true });

  // The weekly trend's table and its CSV say what the service computes for that team.
  const weekly = page.getByRole('region', { name: 'Weekly trend' });
  await weekly.getByRole('button', { name: 'Show Weekly trend as a table' }).click();
  await expect(weekly.getByRole('table')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), weekly.getByRole('button', { name: 'Export Weekly trend as CSV' }).click()]);
  const shownFor = /^weekly-trend-(\d{4}-\d{2}-\d{2})-teams-t1-east\.csv$/.exec(download.suggestedFilename())?.[1];
  expect(shownFor, download.suggestedFilename()).toBeTruthy();
  const csv = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...rows] = csv.trimEnd().split('\r\n').map(cells);
  expect(header!.slice(0, 3)).toEqual(['Week starting', 'CSAT (share of 4–5)', 'CSAT (share of 4–5): against target']);

  const asSupervisor = (path: string) => serviceFetch(stack.service.url, 'supervisor', 'e2e-probe-supervision', path);
  const { agent } = (await (await asSupervisor('/v1/me')).json()) as { agent: { timeZone: string } };
  // The weeks the screen asked for: up to its "today" (named in the file), not this moment's, which may be a day later by now.
  const dates = reportDates(agent.timeZone, DateTime.fromISO(shownFor ?? '', { zone: agent.timeZone }).plus({ hours: 12 }).toMillis());
  const trend = TrendResponse.parse(await (await asSupervisor(`/v1/reports/trend?from=${dates.trendFrom}&to=${dates.today}&bucket=week&teams=${teamId}`)).json());
  const slColumn = header!.indexOf('Service level (target 80 % in 20 s)');
  expect(slColumn).toBeGreaterThan(0);
  expect(rows.map((row) => row[0])).toEqual(trend.points.map((point) => point.label));
  expect(rows.map((row) => row[slColumn])).toEqual(trend.points.map((point) => formatKpi(point.kpis.service_level_80_20.value, 'share')));
  expect(rows.some((row) => row[slColumn] !== 'No data')).toBe(true);

  // QA: draw a sample with a recorded seed, then score one interaction below 80 %.
  await reports.getByRole('button', { name: 'Quality' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quality assurance' })).toBeVisible();
  const draw = page.getByRole('form', { name: 'Draw a QA sample' });
  await draw.getByLabel('Sample rate (%)').fill('10');
  await draw.getByLabel(/^Seed/).fill('20261206');
  await draw.getByRole('button', { name: 'Draw sample' }).click();
  await expect(draw.getByRole('status')).toContainText('with seed 20261206');
  await expect(page.getByRole('region', { name: /^Sample S-/ }).first()).toContainText('seed 20261206');
  await expectAccessible(page, 'QA screen');

  await page.getByRole('list', { name: /^Interactions to score/ }).getByRole('button', { name: /^Score / }).first().click();
  const form = page.getByRole('form', { name: /^Score / });
  for (const criterion of ['Compliance', 'Accuracy', 'Soft skills', 'Adherence and efficiency', 'Resolution completeness']) {
    await form.getByRole('group', { name: new RegExp(`^${criterion}`) }).getByRole('radio', { name: '1 Poor' }).check();
  }
  await expect(form).toContainText('Score 25.0 %: below 80 %');
  await expectAccessible(page, 'QA scorecard');
  await form.getByRole('button', { name: 'Record evaluation' }).click();
  const plan = page.getByRole('alert').filter({ hasText: 'Corrective-action plan' });
  await expect(plan).toContainText(/Due date\s*\d{4}-\d{2}-\d{2}/);
  await expect(plan).toContainText('Owner');
  await page.getByRole('button', { name: 'Back to the sample' }).click();
  await expect(page.getByRole('region', { name: 'Corrective-action plans' })).toContainText('QA evaluation 25 %');

  await reports.getByRole('button', { name: 'Staffing' }).click();
  await expect(page.getByRole('region', { name: 'Agents needed per interval' })).toBeVisible();
  await expect(page.getByText(/FTE \(Erlang C \/ Erlang A\)/)).toBeVisible();
  await expectAccessible(page, 'staffing screen');
  await page.screenshot({ path: testInfo.outputPath('staffing.png'), fullPage: true });

  await reports.getByRole('button', { name: 'Contact drivers' }).click();
  const drivers = page.getByRole('region', { name: 'Top 10 drivers' });
  await drivers.getByRole('button', { name: 'Show Top 10 drivers as a table' }).click();
  await expect(drivers.getByRole('row')).not.toHaveCount(0);
  await expectAccessible(page, 'contact drivers');
  await page.screenshot({ path: testInfo.outputPath('drivers.png'), fullPage: true });
});

test('a Tier 1 agent has no reports', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'agent');
  await expect(page.getByRole('navigation', { name: 'Workspace' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Reports' })).toHaveCount(0);
});

test('a compliance officer opens their own view first: regulatory deadlines, escalations, complaints', async ({ page, stack }) => {
  test.setTimeout(120_000);
  await page.goto(stack.host.url);
  await signIn(page, 'compliance');
  const reports = page.getByRole('navigation', { name: 'Reports' });
  await expect(reports.getByRole('button').first()).toHaveText('Compliance');
  await expect(reports.getByRole('button', { name: 'Staffing' })).toHaveCount(0);
  await reports.getByRole('button', { name: 'Compliance' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Compliance' })).toBeVisible();
  const deadlines = page.getByRole('region', { name: 'Regulatory deadlines at risk or breached' });
  await deadlines.getByRole('button', { name: 'Show Regulatory deadlines at risk or breached as a table' }).click();
  await expect(deadlines.getByRole('row')).toHaveCount(7); // header + Reg E, Reg Z, AML, regulatory complaint, DSR, complaint
  await expect(page.getByRole('region', { name: 'Escalations to level 3–4' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Complaints per staff member this quarter' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Branch and complaint measures' })).toContainText('target');
  await expectAccessible(page, 'compliance view');

});

test('a QA reviewer opens their own review queue first', async ({ page, stack }) => {
  await page.goto(stack.host.url);
  await signIn(page, 'qa');
  const reports = page.getByRole('navigation', { name: 'Reports' });
  await expect(reports.getByRole('button').first()).toHaveText('Review queue');
  await reports.getByRole('button', { name: 'Review queue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your evaluation queue' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Scores by criterion' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Corrective-action plans due' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Calibration sessions to score' })).toBeVisible();
  await expectAccessible(page, 'QA review queue');
});
