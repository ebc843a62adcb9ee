import { useMemo, useState } from 'react';
import { DateTime } from 'luxon';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ComplianceResponse, KpiResponse } from '../../shared/reports/protocol';
import { useSession } from '../ui/context';
import { formatInstant } from '../ui/format';
import { ChartPanel } from './ChartPanel';
import type { TableColumn } from './csv';
import { formatKpi } from './format';
import { RatingBadge } from './RatingBadge';
import { reportDates } from './reportDates';
import { filterRequest, NO_FILTER, ReportFilters, withFilter, type FilterChoice } from './ReportFilters';
import { ReportScreen } from './ReportScreen';
import { useReport } from './useReport';

type Clock = ComplianceResponse['clocks'][number];
type RegulationCount = ComplianceResponse['byRegulation'][number];
type Escalation = ComplianceResponse['escalations'][number];
type StaffComplaints = KpiResponse['report']['complaintsByStaff'][number];

const LEVEL: Record<number, string> = { 3: 'Level 3 (specialist)', 4: 'Level 4 (compliance / executive)' };

/**
 * The compliance officer's own view: the regulatory clocks (Reg E, Reg Z, AML, regulatory
 * complaints, data subject requests, complaints) at risk or breached now, escalations to levels
 * 3–4 this month, complaints per staff member this quarter and the branches' same-business-day
 * share — each computed by the case service from the events (src/shared/kpi).
 */
export function ComplianceScreen() {
  const agent = useSession((state) => state.agent);
  const agentsById = useSession((state) => state.agentsById);
  const timeZone = agent?.timeZone ?? 'UTC';
  const dates = useMemo(() => reportDates(timeZone), [timeZone]);
  const quarterStart = useMemo(() => DateTime.fromISO(dates.now).setZone(timeZone).startOf('quarter').toUTC().toISO() as string, [dates.now, timeZone]);
  const [choice, setChoice] = useState<FilterChoice>(NO_FILTER);
  const filter = filterRequest(choice);
  const view = useReport('reports.compliance', { from: dates.monthStart, to: dates.now, ...filter });
  const month = useReport('reports.kpis', { from: dates.monthStart, to: dates.now, ...filter });
  const quarter = useReport('reports.kpis', { from: quarterStart, to: dates.now, ...filter });
  const options = month.value?.options ?? null;
  const name = (id: string | null) => (id === null ? 'Unassigned' : (agentsById[id]?.displayName ?? id));

  const clockColumns: TableColumn<Clock>[] = [
    { key: 'case', header: 'Case', value: (row) => row.caseId },
    { key: 'regulation', header: 'Regulation', value: (row) => row.regulation },
    { key: 'clock', header: 'Deadline', value: (row) => row.label },
    { key: 'state', header: 'State', value: (row) => (row.state === 'breached' ? 'Breached' : 'At risk') },
    { key: 'due', header: 'Due', value: (row) => formatInstant(row.dueAt, timeZone) },
    { key: 'owner', header: 'Owner', value: (row) => name(row.ownerId) },
  ];
  const regulationColumns: TableColumn<RegulationCount>[] = [
    { key: 'regulation', header: 'Regulation', value: (row) => row.regulation },
    { key: 'at-risk', header: 'At risk', value: (row) => row.atRisk, numeric: true },
    { key: 'breached', header: 'Breached', value: (row) => row.breached, numeric: true },
  ];
  const escalationColumns: TableColumn<Escalation>[] = [
    { key: 'case', header: 'Case', value: (row) => row.caseId },
    { key: 'type', header: 'Case type', value: (row) => row.caseType.replace(/_/g, ' ') },
    { key: 'level', header: 'Level', value: (row) => LEVEL[row.level] ?? `Level ${row.level}` },
    { key: 'at', header: 'Escalated', value: (row) => formatInstant(row.at, timeZone) },
    { key: 'how', header: 'How', value: (row) => (row.automatic ? 'Automatically (overdue)' : 'By hand') },
    { key: 'from', header: 'From', value: (row) => name(row.fromOwnerId) },
  ];
  const staffColumns: TableColumn<StaffComplaints>[] = [
    { key: 'staff', header: 'Staff member', value: (row) => name(row.agentId) },
    { key: 'team', header: 'Team', value: (row) => row.teamId },
    { key: 'complaints', header: 'Complaints this quarter', value: (row) => row.complaints, numeric: true },
  ];
  const sameDay = month.value?.report.kpis.same_business_day_share ?? null;
  const perStaff = quarter.value?.report.kpis.complaints_per_staff_quarter ?? null;

  return (
    <ReportScreen
      titleId="compliance-title"
      title="Compliance"
      summary={view.value && `Clocks as of ${formatInstant(view.value.asOf, timeZone)}`}
      reports={[view, month, quarter]}
      loadingText="Loading the compliance view…"
      filters={<ReportFilters options={options} value={choice} onChange={setChoice} />}
    >
      {(sameDay || perStaff) && (
        <ul className="kpi-tiles" aria-label="Branch and complaint measures">
          {sameDay && (
            <li className={`kpi-tile rating-border-${sameDay.rating.status}`}>
              <span className="kpi-label">{sameDay.label}, this month</span>
              <strong className="kpi-value">{formatKpi(sameDay.value, sameDay.unit)}</strong>
              <span className="kpi-target">Target {sameDay.rating.targetText || 'none set'}</span>
              <RatingBadge rating={sameDay.rating} />
            </li>
          )}
          {perStaff && (
            <li className={`kpi-tile rating-border-${perStaff.rating.status}`}>
              <span className="kpi-label">{perStaff.label}</span>
              <strong className="kpi-value">{formatKpi(perStaff.value, perStaff.unit)}</strong>
              <span className="kpi-target">
                {perStaff.numerator} complaints, {perStaff.denominator} staff
              </span>
              <RatingBadge rating={perStaff.rating} />
            </li>
          )}
        </ul>
      )}
      {view.value && (
        <>
          <ChartPanel
            title="Regulatory deadlines at risk or breached"
            description="Statutory clocks (Reg E, Reg Z, regulatory complaints, data subject requests) and the clocks of AML investigations and complaints on open cases, by regulation, now."
            columns={regulationColumns}
            rows={view.value.byRegulation}
            exportSuffix={withFilter(dates.today, choice)}
            chart={
              <ResponsiveContainer width="100%" height={240}>
                <BarChart data={view.value.byRegulation.map((row) => ({ label: row.regulation, 'At risk': row.atRisk, Breached: row.breached }))} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="label" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  <Bar dataKey="At risk" stackId="clocks" fill="#b45309" />
                  <Bar dataKey="Breached" stackId="clocks" fill="#b91c1c" />
                </BarChart>
              </ResponsiveContainer>
            }
          />
          <ChartPanel title="Clocks at risk or breached" description="Breached first, then the nearest deadline." columns={clockColumns} rows={view.value.clocks} exportSuffix={withFilter(dates.today, choice)} />
          <ChartPanel title="Escalations to level 3–4" description="Cases escalated to a specialist (level 3) or to compliance / executive (level 4) this month." columns={escalationColumns} rows={view.value.escalations} exportSuffix={withFilter(dates.month, choice)} />
        </>
      )}
      {quarter.value && (
        <ChartPanel
          title="Complaints per staff member this quarter"
          description="Complaint and regulatory-complaint cases opened this quarter, by the staff member who first owned them."
          columns={staffColumns}
          rows={quarter.value.report.complaintsByStaff}
          exportSuffix={withFilter(DateTime.fromISO(quarterStart).setZone(timeZone).toFormat("yyyy-'Q'q"), choice)}
        />
      )}
    </ReportScreen>
  );
}
