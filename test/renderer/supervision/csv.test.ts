import { describe, expect, it } from 'vitest';
import { csvFileName, toCsv, type TableColumn } from '../../../src/renderer/supervision/csv';

type Row = { name: string; value: number | null };
const columns: TableColumn<Row>[] = [
  { key: 'name', header: 'Name', value: (row) => row.name },
  { key: 'value', header: 'Value, in units', value: (row) => row.value },
];

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks and ends every line with CRLF', () => {
    expect(toCsv(columns, [{ name: 'Fee "query", card', value: 3 }, { name: 'Two\nlines', value: null }])).toBe('Name,"Value, in units"\r\n"Fee ""query"", card",3\r\n"Two\nlines",\r\n');
  });

  it('never hands a spreadsheet a formula, but keeps negative numbers as numbers', () => {
    const csv = toCsv(columns, [
      { name: '=HYPERLINK("http://x")', value: -4 },
      { name: '+1', value: 0 },
      { name: '-1', value: Number.NaN },
      { name: '@SUM(A1)', value: 1.5 },
      { name: '\tTab', value: 2 },
    ]);
    expect(csv.split('\r\n')).toEqual(['Name,"Value, in units"', `"'=HYPERLINK(""http://x"")",-4`, "'+1,0", "'-1,", "'@SUM(A1),1.5", "'\tTab,2", '']);
  });

  it('names the file after the table', () => {
    expect(csvFileName('Today by 30-minute interval', '2026-12-06')).toBe('today-by-30-minute-interval-2026-12-06.csv');
    expect(csvFileName('', '')).toBe('report.csv');
  });
});
