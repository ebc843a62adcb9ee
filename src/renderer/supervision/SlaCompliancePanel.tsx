import type { KpiResponse } from '../../shared/reports/protocol';
import { ChartPanel } from './ChartPanel';
import type { TableColumn } from './csv';
import { formatShare } from './format';

type Sla = NonNullable<KpiResponse['report']['sla']>;
type Row = { dimension: string; key: string; met: number; breached: number };

/** SLA compliance this month by segment, channel, case type and team: the compliance officer's view. */
export function SlaCompliancePanel({ sla, month }: { sla: Sla; month: string }) {
  const rows: Row[] = [
    { dimension: 'All', ...sla.service, key: 'Service clocks' },
    { dimension: 'All', ...sla.statutory, key: 'Statutory clocks' },
    ...sla.byTier.map((count) => ({ dimension: 'Segment', ...count })),
    ...sla.byChannel.map((count) => ({ dimension: 'Channel', ...count })),
    ...sla.byCaseType.map((count) => ({ dimension: 'Case type', ...count })),
    ...sla.byTeam.map((count) => ({ dimension: 'Team', ...count })),
  ];
  const share = (row: Row) => (row.met + row.breached > 0 ? row.met / (row.met + row.breached) : null);
  const columns: TableColumn<Row>[] = [
    { key: 'dimension', header: 'By', value: (row) => `${row.dimension}: ${row.key}` },
    { key: 'met', header: 'Met', value: (row) => row.met, numeric: true },
    { key: 'breached', header: 'Breached', value: (row) => row.breached, numeric: true },
    { key: 'share', header: 'Compliance', value: (row) => formatShare(share(row)), numeric: true },
  ];
  return <ChartPanel title="SLA compliance this month" description="Clocks due this month, met or breached, by segment, channel, case type and team." columns={columns} rows={rows} exportSuffix={month} />;
}
