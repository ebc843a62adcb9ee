import { useEffect, useId, useState, type ReactNode } from 'react';
import { csvFileName, toCsv, type TableColumn } from './csv';

interface ChartPanelProps<Row> {
  title: string;
  /** One sentence under the title: what is counted, over which period. */
  description?: ReactNode;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  /** The chart; absent for panels that are a table only. */
  chart?: ReactNode;
  /** Names the CSV file beside the title (a date, a month). */
  exportSuffix: string;
  /** Table first (a panel with no chart always shows its table). */
  initialView?: 'chart' | 'table';
  children?: ReactNode;
}

/**
 * A report panel: the chart, or the same figures as a table (for screen readers, keyboard users
 * and anyone who wants the numbers), and the table downloaded as CSV.
 */
export function ChartPanel<Row>({ title, description, columns, rows, chart, exportSuffix, initialView = 'chart', children }: ChartPanelProps<Row>) {
  const headingId = useId();
  const [view, setView] = useState<'chart' | 'table'>(chart ? initialView : 'table');
  const [download, setDownload] = useState<{ url: string; fileName: string } | null>(null);
  useEffect(() => () => {
    if (download) URL.revokeObjectURL(download.url);
  }, [download]);

  function exportCsv() {
    const fileName = csvFileName(title, exportSuffix);
    // The BOM lets spreadsheet programs read the file as UTF-8 (names with accents, "≥").
    const url = URL.createObjectURL(new Blob(['\uFEFF', toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }));
    setDownload({ url, fileName });
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
  }

  const showChart = chart !== undefined && view === 'chart';
  return (
    <section className="report-panel" aria-labelledby={headingId}>
      <div className="report-panel-head">
        <h2 id={headingId}>{title}</h2>
        <div className="report-panel-actions">
          {chart !== undefined && (
            <button type="button" aria-pressed={view === 'table'} onClick={() => setView(view === 'chart' ? 'table' : 'chart')}>
              {view === 'chart' ? `Show ${title} as a table` : `Show ${title} as a chart`}
            </button>
          )}
          <button type="button" onClick={exportCsv} disabled={rows.length === 0}>
            Export {title} as CSV
          </button>
        </div>
      </div>
      {description && <p className="hint">{description}</p>}
      {children}
      {rows.length === 0 ? (
        <p className="muted">No data for this selection.</p>
      ) : showChart ? (
        <figure className="report-chart" aria-label={`${title} (chart; the table view has the same figures)`}>
          {chart}
        </figure>
      ) : (
        // Scrolls when long or wide: focusable, so a keyboard can scroll it too.
        <div className="report-table-wrap" role="group" aria-label={`${title}: table`} tabIndex={0}>
          <table className="report-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.key} scope="col" className={column.numeric ? 'num' : undefined}>
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={index}>
                  {columns.map((column, columnIndex) => {
                    const value = column.value(row);
                    const text = value === null ? '—' : String(value);
                    return columnIndex === 0 ? (
                      <th key={column.key} scope="row">
                        {text}
                      </th>
                    ) : (
                      <td key={column.key} className={column.numeric ? 'num' : undefined}>
                        {text}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {download && (
        <p className="hint" role="status">
          Exported {download.fileName}.{' '}
          <a href={download.url} download={download.fileName}>
            Save again
          </a>
        </p>
      )}
    </section>
  );
}
