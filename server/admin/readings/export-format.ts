/**
 * @module
 * How exported readings are written: CSV (RFC 4180 with CRLF; `;` for Latvian Excel, whose list
 * separator it is; an optional UTF-8 BOM so Excel reads ā, š, ž right) or NDJSON (one JSON object
 * a line). Both carry the same fields under the same names, in batches, so a million rows never
 * sit in memory at once.
 *
 * Postgres writes each line (readings-export.repository.ts: `exportLineSql`): a million rows cost
 * the server one text column each to pass on, instead of eleven parsed and formatted again here
 * (bench/export.bench.mjs measured that formatting as most of the server's time per row).
 */
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
] as const;

export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** What a line is written as: the format, and the CSV's delimiter. */
export interface ExportLayout {
  format: ExportFormat;
  delimiter: ',' | ';';
}

export interface ExportEncoder {
  layout: ExportLayout;
  contentType: string;
  extension: string;
  /** What comes before the first row (the BOM and the CSV header). */
  start(): string;
  /** The lines Postgres wrote, each ended as the format ends a record. */
  lines(lines: readonly string[]): string;
}

export function exportEncoder(format: ExportFormat, options: { delimiter: ',' | ';'; bom: boolean }): ExportEncoder {
  const bom = options.bom ? '\uFEFF' : '';
  const layout = { format, delimiter: options.delimiter };
  const ending = format === 'ndjson' ? '\n' : '\r\n';
  const lines = (list: readonly string[]) => (list.length === 0 ? '' : list.join(ending) + ending);
  if (format === 'ndjson') return { layout, contentType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson', start: () => bom, lines };
  return { layout, contentType: 'text/csv; charset=utf-8', extension: 'csv', start: () => bom + EXPORT_COLUMNS.join(options.delimiter) + ending, lines };
}
