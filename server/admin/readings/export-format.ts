/**
 * @module
 * How exported readings are written: CSV (csv-stringify, RFC 4180 with CRLF; `;` for Latvian
 * Excel, whose list separator it is; an optional UTF-8 BOM so Excel reads ā, š, ž right) or
 * NDJSON (one JSON object a line). Both carry the same fields under the same names, in batches, so
 * a million rows never sit in memory at once.
 */
import { stringify } from 'csv-stringify/sync';
import type { ExportRow } from './readings-export.repository.ts';

export type ExportFormat = 'csv' | 'ndjson';

/** The columns, in order: the CSV header and the NDJSON keys. */
export const EXPORT_COLUMNS = [
  'meterRef',
  'meterSerial',
  'premiseRef',
  'accountNumber',
  'period',
  'value',
  'consumption',
  'submittedAt',
  'source',
  'submittedBy',
  'version',
] as const satisfies readonly (keyof ExportRow)[];

export interface ExportEncoder {
  contentType: string;
  extension: string;
  /** What comes before the first row (the BOM and the CSV header). */
  start(): string;
  rows(rows: readonly ExportRow[]): string;
}

export function exportEncoder(format: ExportFormat, options: { delimiter: ',' | ';'; bom: boolean }): ExportEncoder {
  const bom = options.bom ? '\uFEFF' : '';
  if (format === 'ndjson') {
    return {
      contentType: 'application/x-ndjson; charset=utf-8',
      extension: 'ndjson',
      start: () => bom,
      rows: (rows) => {
        let out = '';
        for (const row of rows) out += `${JSON.stringify(pick(row))}\n`;
        return out;
      },
    };
  }
  // Records as arrays, and casts that take strings as they are: csv-stringify then only decides
  // quoting, about three times faster than from objects with `columns` (bench/export.bench.mjs).
  const settings = { delimiter: options.delimiter, record_delimiter: 'windows' as const, cast: { string: (value: string) => value, number: String } };
  return {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    start: () => bom + stringify([[...EXPORT_COLUMNS]], settings),
    rows: (rows) => (rows.length === 0 ? '' : stringify(rows.map(cells), settings)),
  };
}

/** The row's cells in column order; null is an empty cell. */
function cells(row: ExportRow): (string | number | null)[] {
  const out = new Array<string | number | null>(EXPORT_COLUMNS.length);
  for (let i = 0; i < EXPORT_COLUMNS.length; i++) out[i] = row[EXPORT_COLUMNS[i]!];
  return out;
}

/** The row with exactly the exported keys, in order (nulls kept: NDJSON says null, CSV leaves it empty). */
function pick(row: ExportRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of EXPORT_COLUMNS) out[column] = row[column];
  return out;
}
