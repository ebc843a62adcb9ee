import { useId, useMemo, useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StaffingResponse } from '../../shared/reports/protocol';
import { useSession } from '../ui/context';
import { ChartPanel } from './ChartPanel';
import type { TableColumn } from './csv';
import { formatSeconds, percent } from './format';
import { reportDates } from './reportDates';
import { NO_FILTER, ReportFilters, withFilter, type FilterChoice } from './ReportFilters';
import { ReportScreen } from './ReportScreen';
import { useReport } from './useReport';

type Interval = StaffingResponse['intervals'][number];

/**
 * Agents needed per interval for a day (Erlang C beside Erlang A, which counts callers who hang
 * up) against those on shift, from the forecast of recorded offered contacts; and the week in FTE.
 */
export function StaffingScreen() {
  const timeZone = useSession((state) => state.agent?.timeZone ?? 'UTC');
  const dates = useMemo(() => reportDates(timeZone), [timeZone]);
  const [date, setDate] = useState(dates.today);
  const [choice, setChoice] = useState<FilterChoice>(NO_FILTER);
  const dateId = useId();
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const staffing = useReport('reports.staffing', valid ? { date, ...(choice.channel.length > 0 ? { channels: [...choice.channel] } : {}), ...(choice.queue.length > 0 ? { queues: [...choice.queue] } : {}) } : null);
  const options = useReport('reports.kpis', { from: dates.dayStart, to: dates.now }).value?.options ?? null;
  const plan = staffing.value;
  const rows = plan ? plan.intervals.filter((interval) => interval.forecastCalls > 0 || interval.onShift > 0) : [];
  const short = rows.filter((interval) => interval.onShift < interval.erlangC.scheduled);

  const columns: TableColumn<Interval>[] = [
    { key: 'time', header: 'Interval', value: (row) => row.localTime },
    { key: 'forecast', header: 'Forecast contacts', value: (row) => Math.round(row.forecastCalls * 10) / 10, numeric: true },
    { key: 'actual', header: 'Offered (recorded)', value: (row) => row.actualOffered, numeric: true },
    { key: 'aht', header: 'AHT', value: (row) => formatSeconds(row.ahtSeconds), numeric: true },
    { key: 'c-agents', header: 'Erlang C agents', value: (row) => row.erlangC.agents, numeric: true },
    { key: 'c-scheduled', header: 'Erlang C scheduled (with shrinkage)', value: (row) => row.erlangC.scheduled, numeric: true },
    { key: 'a-agents', header: 'Erlang A agents', value: (row) => row.erlangA.agents, numeric: true },
    { key: 'a-scheduled', header: 'Erlang A scheduled (with shrinkage)', value: (row) => row.erlangA.scheduled, numeric: true },
    { key: 'on-shift', header: 'On shift', value: (row) => row.onShift, numeric: true },
    { key: 'gap', header: 'On shift against Erlang C scheduled', value: (row) => gapText(row.onShift - row.erlangC.scheduled) },
    { key: 'sl', header: 'Erlang C service level (%)', value: (row) => percent(row.erlangC.serviceLevel), numeric: true },
  ];
  const data = rows.map((row) => ({ label: row.localTime, 'On shift': row.onShift, 'Erlang C scheduled': row.erlangC.scheduled, 'Erlang A scheduled': row.erlangA.scheduled }));

  return (
    <ReportScreen
      titleId="staffing-title"
      title="Staffing"
      reports={[staffing]}
      loadingText="Loading the staffing plan…"
      filters={
        <div className="report-filters-row">
          <label htmlFor={dateId}>
            Day
            <input id={dateId} type="date" value={date} onChange={(event) => setDate(event.target.value)} required />
          </label>
          <ReportFilters options={options} value={choice} onChange={setChoice} show={['channel', 'queue']} />
        </div>
      }
    >
      {plan && (
        <>
          <dl className="staffing-summary">
            <div>
              <dt>Forecast contacts</dt>
              <dd>{Math.round(plan.totals.forecastCalls)}</dd>
            </div>
            <div>
              <dt>Agent hours needed (Erlang C / Erlang A)</dt>
              <dd>
                {plan.totals.erlangCAgentHours.toFixed(1)} h / {plan.totals.erlangAAgentHours.toFixed(1)} h
              </dd>
            </div>
            <div>
              <dt>Agent hours on shift</dt>
              <dd>{plan.totals.onShiftAgentHours.toFixed(1)} h</dd>
            </div>
            <div>
              <dt>Week of {plan.week.weekStart}: FTE (Erlang C / Erlang A)</dt>
              <dd>
                {plan.week.erlangCFte.toFixed(1)} / {plan.week.erlangAFte.toFixed(1)} FTE; scheduled with shrinkage {plan.week.erlangCScheduledFte.toFixed(1)} / {plan.week.erlangAScheduledFte.toFixed(1)} FTE
              </dd>
            </div>
          </dl>
          <p className={short.length > 0 ? 'alert' : 'hint'}>
            {short.length > 0
              ? `${short.length} interval${short.length === 1 ? ' has' : 's have'} fewer agents on shift than Erlang C needs: ${short.map((row) => row.localTime).join(', ')}.`
              : 'Every interval has at least the agents Erlang C needs on shift.'}{' '}
            Targets: {Math.round(plan.settings.targetServiceLevel * 100)} % answered within {plan.settings.targetAnswerSeconds} s, occupancy at most {Math.round(plan.settings.maxOccupancy * 100)} %, shrinkage {Math.round(plan.settings.shrinkage * 100)} %.
          </p>
          <ChartPanel
            title="Agents needed per interval"
            description={`Erlang C and Erlang A (average patience ${plan.settings.patienceSeconds} s) side by side, against the agents on shift, ${plan.date} (${plan.timeZone}).`}
            columns={columns}
            rows={rows}
            exportSuffix={withFilter(plan.date, choice)}
            chart={
              <ResponsiveContainer width="100%" height={300}>
                <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" />
                  <YAxis allowDecimals={false} label={{ value: 'Agents', angle: -90, position: 'insideLeft' }} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="On shift" fill="#93c5fd" />
                  <Line dataKey="Erlang C scheduled" stroke="#1e3a8a" strokeWidth={2} type="stepAfter" dot={false} />
                  <Line dataKey="Erlang A scheduled" stroke="#b45309" strokeWidth={2} strokeDasharray="6 3" type="stepAfter" dot={false} />
                </ComposedChart>
              </ResponsiveContainer>
            }
          />
        </>
      )}
    </ReportScreen>
  );
}

function gapText(gap: number): string {
  if (gap === 0) return 'Exactly staffed';
  return gap > 0 ? `${gap} over` : `${-gap} short`;
}
