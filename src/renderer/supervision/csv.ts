/** One column of a report table: its heading and how a row reads in it (as shown, and as exported). */
export interface TableColumn<Row> {
  key: string;
  header: string;
  value(row: Row): string | number | null;
  /** Right-aligned figures. */
  numeric?: boolean;
}

/**
 * The table as CSV (RFC 4180, CRLF lines). A cell a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) is prefixed with an apostrophe: an exported
 * report must never execute anything when a reviewer opens it. Negative numbers stay numbers.
 */
export function toCsv<Row>(columns: readonly TableColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((column) => csvCell(column.header)), ...rows.map((row) => columns.map((column) => csvCell(column.value(row))))];
  return `${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A file name from a title: lower-case words joined by hyphens. */
export function csvFileName(title: string, suffix: string): string {
  const slug = `${title} ${suffix}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'report'}.csv`;
}
