import { useMemo, useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { KPI_DEFINITIONS } from '../../shared/kpi/definitions';
import { KPI_IDS, type KpiId } from '../../shared/kpi/targets';
import type { IntradayResponse, KpiResponse, TrendResponse } from '../../shared/reports/protocol';
import { useSession } from '../ui/context';
import { formatInstant } from '../ui/format';
import { ChartPanel } from './ChartPanel';
import type { TableColumn } from './csv';
import { formatKpi, percent } from './format';
import type { KpiEntry } from './kpiUnits';
import { RatingBadge, ratingText } from './RatingBadge';
import { reportDates } from './reportDates';
import { filterRequest, NO_FILTER, ReportFilters, withFilter, type FilterChoice } from './ReportFilters';
import { SlaCompliancePanel } from './SlaCompliancePanel';
import { ReportScreen } from './ReportScreen';
import { useReport } from './useReport';

type Period = 'today' | 'week' | 'month';
const PERIOD_LABEL: Record<Period, string> = { today: 'Today so far', week: 'This week so far', month: 'This month so far' };

/** The headline KPIs of the trend charts (every KPI is in the tables). */
const TREND_KPIS: KpiId[] = ['service_level_80_20', 'abandonment', 'fcr', 'csat_share'];
const COLOURS = ['#1d4ed8', '#b45309', '#047857', '#7c3aed'];

/**
 * What a supervisor runs the floor on: today by 30-minute interval, the weekly trend and the
 * month, each KPI beside its target with a rating in words. Compliance officers see SLA
 * compliance by segment first; everything here is read live from the case service through main.
 */
export function DashboardScreen() {
  const agent = useSession((state) => state.agent);
  const role = agent?.role;
  const timeZone = agent?.timeZone ?? 'UTC';
  const dates = useMemo(() => reportDates(timeZone), [timeZone]);
  const [choice, setChoice] = useState<FilterChoice>(NO_FILTER);
  const [period, setPeriod] = useState<Period>('today');
  const filter = filterRequest(choice);
  const from = period === 'today' ? dates.dayStart : period === 'week' ? dates.weekStart : dates.monthStart;

  const kpis = useReport('reports.kpis', { from, to: dates.now, ...filter });
  const month = useReport('reports.kpis', { from: dates.monthStart, to: dates.now, ...filter });
  const intraday = useReport('reports.intraday', { date: dates.today, ...filter });
  const weekly = useReport('reports.trend', { from: dates.trendFrom, to: dates.today, bucket: 'week', ...filter });
  const monthly = useReport('reports.trend', { from: dates.monthsFrom, to: dates.today, bucket: 'month', ...filter });
  const options = kpis.value?.options ?? null;

  const compliancePanel = month.value?.report.sla ? <SlaCompliancePanel sla={month.value.report.sla} month={withFilter(dates.month, choice)} /> : null;

  return (
    <ReportScreen
      titleId="dashboard-title"
      title={role === 'compliance' ? 'Compliance dashboard' : 'Supervisor dashboard'}
      summary={options && `Data as of ${formatInstant(options.asOf, timeZone)} · times in ${options.timeZone}`}
      reports={[kpis, month, intraday, weekly, monthly]}
      loadingText="Loading reports…"
      filters={<ReportFilters options={options} value={choice} onChange={setChoice} />}
    >
      {role === 'compliance' && compliancePanel}
      {kpis.value && <KpiTable response={kpis.value} period={period} onPeriod={setPeriod} suffix={withFilter(`${period}-${dates.today}`, choice)} />}
      {intraday.value && <IntradayPanel intraday={intraday.value} suffix={withFilter(intraday.value.date, choice)} />}
      {weekly.value && <TrendPanel title="Weekly trend" trend={weekly.value} suffix={withFilter(dates.today, choice)} />}
      {monthly.value && <TrendPanel title="Monthly view" trend={monthly.value} suffix={withFilter(dates.month, choice)} />}
      {role !== 'compliance' && compliancePanel}
    </ReportScreen>
  );
}

function KpiTable({ response, period, onPeriod, suffix }: { response: KpiResponse; period: Period; onPeriod(period: Period): void; suffix: string }) {
  const rows = KPI_IDS.map((id) => response.report.kpis[id]);
  const columns: TableColumn<KpiEntry>[] = [
    { key: 'kpi', header: 'KPI', value: (row) => row.label },
    { key: 'actual', header: 'Actual', value: (row) => formatKpi(row.value, row.unit), numeric: true },
    { key: 'target', header: 'Target', value: (row) => row.rating.targetText || 'None set' },
    { key: 'rating', header: 'Against target', value: (row) => ratingText(row.rating) },
    { key: 'basis', header: 'Basis', value: (row) => (row.denominator > 0 ? `${round(row.numerator)} of ${round(row.denominator)}` : 'Nothing recorded'), numeric: true },
  ];
  return (
    <ChartPanel title="KPIs against targets" columns={columns} rows={rows} exportSuffix={suffix} description="Each KPI is computed from the recorded events; the README defines every one.">
      <div className="period-choice" role="group" aria-label="Period">
        {(Object.keys(PERIOD_LABEL) as Period[]).map((candidate) => (
          <button key={candidate} type="button" aria-pressed={period === candidate} onClick={() => onPeriod(candidate)}>
            {PERIOD_LABEL[candidate]}
          </button>
        ))}
      </div>
      <ul className="kpi-tiles" aria-label={`Headline KPIs, ${PERIOD_LABEL[period].toLowerCase()}`}>
        {(['service_level_80_20', 'asa', 'abandonment', 'aht_phone', 'fcr', 'csat_share', 'nps', 'qa_average'] as KpiId[]).map((id) => {
          const kpi = response.report.kpis[id];
          return (
            <li key={id} className={`kpi-tile rating-border-${kpi.rating.status}`}>
              <span className="kpi-label">{kpi.label}</span>
              <strong className="kpi-value">{formatKpi(kpi.value, kpi.unit)}</strong>
              <span className="kpi-target">Target {kpi.rating.targetText || 'none set'}</span>
              <RatingBadge rating={kpi.rating} />
            </li>
          );
        })}
      </ul>
    </ChartPanel>
  );
}

type IntervalRow = IntradayResponse['points'][number];

function IntradayPanel({ intraday, suffix }: { intraday: IntradayResponse; suffix: string }) {
  // Only the intervals the centre was open or had contacts: the night is empty and would squash the chart.
  const rows = intraday.points.filter((point) => point.offered > 0 || point.handled > 0);
  const columns: TableColumn<IntervalRow>[] = [
    { key: 'interval', header: 'Interval', value: (row) => row.label },
    { key: 'offered', header: 'Offered', value: (row) => row.offered, numeric: true },
    { key: 'answered', header: 'Answered', value: (row) => row.answered, numeric: true },
    { key: 'abandoned', header: 'Abandoned', value: (row) => row.abandoned, numeric: true },
    { key: 'sl', header: 'Service level 80/20 (%)', value: (row) => percent(row.serviceLevel), numeric: true },
    { key: 'asa', header: 'ASA (s)', value: (row) => roundOrNull(row.asaSeconds), numeric: true },
    { key: 'aht', header: 'AHT (s)', value: (row) => roundOrNull(row.ahtSeconds), numeric: true },
  ];
  const data = rows.map((row) => ({ label: row.label, Offered: row.offered, Answered: row.answered, Abandoned: row.abandoned, 'Service level %': percent(row.serviceLevel) }));
  return (
    <ChartPanel
      title="Today by 30-minute interval"
      description={`Contacts offered, answered and abandoned on ${intraday.date} (${intraday.timeZone}), with the service level answered within 20 seconds.`}
      columns={columns}
      rows={rows}
      exportSuffix={suffix}
      chart={
        <ResponsiveContainer width="100%" height={280}>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis yAxisId="count" allowDecimals={false} label={{ value: 'Contacts', angle: -90, position: 'insideLeft' }} />
            <YAxis yAxisId="share" orientation="right" domain={[0, 100]} unit=" %" />
            <Tooltip />
            <Legend />
            <Bar yAxisId="count" dataKey="Offered" fill="#93c5fd" />
            <Bar yAxisId="count" dataKey="Answered" fill="#1d4ed8" />
            <Bar yAxisId="count" dataKey="Abandoned" fill="#b91c1c" />
            <Line yAxisId="share" dataKey="Service level %" stroke="#047857" strokeWidth={2} dot connectNulls />
          </ComposedChart>
        </ResponsiveContainer>
      }
    />
  );
}

type TrendRow = TrendResponse['points'][number];

function TrendPanel({ title, trend, suffix }: { title: string; trend: TrendResponse; suffix: string }) {
  const columns: TableColumn<TrendRow>[] = [
    { key: 'period', header: trend.bucket === 'month' ? 'Month' : 'Week starting', value: (row) => row.label },
    ...KPI_IDS.filter((id) => id !== 'complaints_per_staff_quarter').flatMap((id): TableColumn<TrendRow>[] => [
      { key: id, header: KPI_DEFINITIONS[id].label, value: (row) => formatKpi(row.kpis[id].value, KPI_DEFINITIONS[id].unit), numeric: true },
      { key: `${id}-rating`, header: `${KPI_DEFINITIONS[id].label}: against target`, value: (row) => ratingText(row.kpis[id].rating) },
    ]),
  ];
  const data = trend.points.map((point) => ({ label: point.label, ...Object.fromEntries(TREND_KPIS.map((id) => [KPI_DEFINITIONS[id].label, percent(point.kpis[id].value)])) }));
  return (
    <ChartPanel
      title={title}
      description={trend.bucket === 'month' ? 'The last three months; SLA compliance is decided per month.' : 'The last eight weeks.'}
      columns={columns}
      rows={trend.points}
      exportSuffix={suffix}
      chart={
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" />
            <YAxis domain={[0, 100]} unit=" %" />
            <Tooltip />
            <Legend />
            {TREND_KPIS.map((id, index) => (
              <Line key={id} dataKey={KPI_DEFINITIONS[id].label} stroke={COLOURS[index]} strokeWidth={2} dot connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      }
    />
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
