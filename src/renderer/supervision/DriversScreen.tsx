import { useId, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DriversResponse } from '../../shared/reports/protocol';
import { useSession } from '../ui/context';
import { ChartPanel } from './ChartPanel';
import type { TableColumn } from './csv';
import { formatSeconds, formatShare } from './format';
import { recentMonths, reportDates } from './reportDates';
import { filterRequest, NO_FILTER, ReportFilters, withFilter, type FilterChoice } from './ReportFilters';
import { ReportScreen } from './ReportScreen';
import { useReport } from './useReport';

type Driver = DriversResponse['drivers'][number];
type Tag = DriversResponse['tags'][number];

const TREND_WORDS: Record<Driver['trend'], string> = { new: 'New this month', up: 'Up', down: 'Down', flat: 'About the same' };

/** Handle time as recorded: none recorded reads as such, never as 0 s. */
function handleText(row: { handleSeconds: number | null; handledContacts: number }): string {
  return row.handleSeconds === null ? 'No handle-time data' : `${formatSeconds(row.handleSeconds)} (${row.handledContacts} contact${row.handledContacts === 1 ? '' : 's'})`;
}

/** The month's top ten contact drivers (case type and resolution), for the monthly root-cause review. */
export function DriversScreen() {
  const timeZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  const dates = useMemo(() => reportDates(timeZone), [timeZone]);
  const months = useMemo(() => recentMonths(timeZone), [timeZone]);
  const [month, setMonth] = useState(dates.month);
  const [choice, setChoice] = useState<FilterChoice>(NO_FILTER);
  const monthId = useId();
  const drivers = useReport('reports.drivers', { month, ...filterRequest(choice) });
  const options = useReport('reports.kpis', { from: dates.dayStart, to: dates.now }).value?.options ?? null;
  const report = drivers.value;
  const partial = report?.comparison.basis === 'same_elapsed_days';
  const previousHeader = partial ? 'Same days of the previous month' : 'Previous month';

  const columns: TableColumn<Driver>[] = [
    { key: 'driver', header: 'Driver', value: (row) => row.label },
    { key: 'cases', header: 'Cases', value: (row) => row.cases, numeric: true },
    { key: 'share', header: 'Share of cases', value: (row) => formatShare(row.share), numeric: true },
    { key: 'previous', header: previousHeader, value: (row) => row.previousCases, numeric: true },
    { key: 'trend', header: 'Trend', value: (row) => `${TREND_WORDS[row.trend]}${row.change === null ? '' : ` (${row.change >= 0 ? '+' : ''}${Math.round(row.change * 100)} %)`}` },
    { key: 'contacts', header: 'Contacts', value: (row) => row.contacts, numeric: true },
    { key: 'handle', header: 'Handle time', value: handleText, numeric: true },
    { key: 'handle-hours', header: 'Handle time (hours)', value: (row) => (row.handleSeconds === null ? null : Math.round((row.handleSeconds / 3600) * 10) / 10), numeric: true },
  ];
  const tagColumns: TableColumn<Tag>[] = [
    { key: 'tag', header: 'Tag', value: (row) => row.tag },
    { key: 'cases', header: 'Cases', value: (row) => row.cases, numeric: true },
    { key: 'previous', header: previousHeader, value: (row) => row.previousCases, numeric: true },
    { key: 'trend', header: 'Trend', value: (row) => TREND_WORDS[row.trend] },
    { key: 'handle', header: 'Handle time', value: handleText, numeric: true },
  ];
  const thisLabel = partial ? 'This month so far' : 'This month';
  const data = (report?.drivers ?? []).map((row) => ({ label: row.label, [thisLabel]: row.cases, [previousHeader]: row.previousCases }));

  return (
    <ReportScreen
      titleId="drivers-title"
      title="Top contact drivers"
      reports={[drivers]}
      loadingText="Loading contact drivers…"
      filters={
        <div className="report-filters-row">
          <label htmlFor={monthId}>
            Month
            <select id={monthId} value={month} onChange={(event) => setMonth(event.target.value)}>
              {months.map((candidate) => (
                <option key={candidate.value} value={candidate.value}>
                  {candidate.label}
                </option>
              ))}
            </select>
          </label>
          <ReportFilters options={options} value={choice} onChange={setChoice} />
        </div>
      }
    >
      {report && (
        <>
          <p className="hint">
            {report.totalCases} cases {partial ? 'this month so far' : 'this month'}, {formatSeconds(report.totalHandleSeconds)} of recorded handle time in all
            {report.casesWithoutHandleTime > 0 ? ` (${report.casesWithoutHandleTime} with no handle-time data, such as walk-ins)` : ''}. Compared: {report.comparison.label}.
          </p>
          <ChartPanel
            title="Top 10 drivers"
            description={`Cases opened by case type and resolution, ${partial ? 'against the same days of the month before' : 'against the whole month before'}, with the handle time their contacts cost.`}
            columns={columns}
            rows={report.drivers}
            exportSuffix={withFilter(month, choice)}
            chart={
              <ResponsiveContainer width="100%" height={Math.max(220, report.drivers.length * 36)}>
                <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="label" width={240} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey={thisLabel} fill="#1d4ed8" />
                  <Bar dataKey={previousHeader} fill="#9ca3af" />
                </BarChart>
              </ResponsiveContainer>
            }
          />
          <ChartPanel title="Top tags" description="Tags on this month’s cases." columns={tagColumns} rows={report.tags} exportSuffix={withFilter(month, choice)} />
        </>
      )}
    </ReportScreen>
  );
}
