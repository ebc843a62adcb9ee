// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { holdReportAnswers, openReport, quinn, serviceRefusal, signInToConsole, UNREACHABLE, unreachable, useReportConsole } from '../support/reportConsole';

const suite = useReportConsole([quinn.id]);

async function openReview() {
  const user = await signInToConsole(suite.fake, 'quinn');
  await openReport(user, 'Review queue');
  return { user, view: await screen.findByRole('region', { name: 'Review queue' }) };
}

const reviewAsked = () => suite.fake.reports.asked.filter((asked) => asked.channel === 'qa.review');

describe('QA review screen', () => {
  it('says it is loading, then shows the queue to evaluate, the plans due and the calibration sessions to score', async () => {
    const release = holdReportAnswers(suite.fake);
    const { view } = await openReview();
    const status = within(view).getAllByRole('status')[0]!;
    expect(status.textContent).toBe('Loading your review queue…');
    expect(within(view).queryByRole('list', { name: 'Interactions to evaluate' })).toBeNull();

    release();
    await waitFor(() => expect(status.textContent).toBe(''));
    expect(within(view).getByText('2 to evaluate · 3 of 5 sampled interactions evaluated')).toBeDefined();
    expect(within(view).queryByRole('alert')).toBeNull();
    const queue = within(view).getByRole('list', { name: 'Interactions to evaluate' });
    expect(within(queue).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Score CASE-300 Escalated (always sampled) · Dana Reyes', 'Score CASE-301 Random · Dana Reyes']);
    const plans = within(within(view).getByRole('region', { name: 'Corrective-action plans due' })).getAllByRole('row').slice(1);
    expect(plans.map((row) => row.textContent)).toEqual([expect.stringContaining('Overdue by 2 days')]);
    expect(plans[0]!.textContent).toContain('Sam Ortiz');
    const calibrations = within(view).getByRole('region', { name: 'Calibration sessions to score' });
    expect(within(calibrations).getByRole('button', { name: 'Score CASE-100 for “April calibration”' })).toBeDefined();
  });

  it('asks for the last 30 days of scores, up to now', async () => {
    await openReview();
    await waitFor(() => expect(reviewAsked()).toHaveLength(1));
    expect(reviewAsked()[0]!.request).toEqual({ from: '2025-02-01T14:00:00.000Z', to: '2025-03-03T14:00:00.000Z' });
  });

  it('shows the service’s refusal as the sentence it gave, with no queue', async () => {
    suite.fake.reports.answer('qa.review', () => {
      throw serviceRefusal('score interactions for QA');
    });
    const { view } = await openReview();
    const alert = await within(view).findByRole('alert');
    expect(alert.textContent).toBe('Your role cannot score interactions for QA. Reports are for supervisors, compliance officers and QA reviewers (resources/roles.json).');
    expect(alert.textContent).not.toMatch(/403|forbidden/);
    expect(within(view).queryByRole('list', { name: 'Interactions to evaluate' })).toBeNull();
  });

  it('says what to do when the service cannot be reached', async () => {
    suite.fake.reports.answer('qa.review', () => {
      throw unreachable();
    });
    const { view } = await openReview();
    expect((await within(view).findByRole('alert')).textContent).toBe(`${UNREACHABLE.message} ${UNREACHABLE.hint}`);
  });

  it('opens the score form under the same heading, and asks for the queue again when it is closed', async () => {
    const { user, view } = await openReview();
    await user.click(await within(view).findByRole('button', { name: 'Score CASE-300' }));
    const scoring = screen.getByRole('region', { name: 'Review queue' });
    expect(within(scoring).getByRole('heading', { level: 1, name: 'Review queue' })).toBeDefined();
    expect(within(scoring).getByRole('form', { name: 'Score CASE-300' })).toBeDefined();
    // A form, not a report: no loading line.
    expect(within(scoring).queryAllByRole('status')).toEqual([]);
    await user.click(within(scoring).getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByRole('list', { name: 'Interactions to evaluate' })).toBeDefined();
    await waitFor(() => expect(reviewAsked()).toHaveLength(2));
  });
});
