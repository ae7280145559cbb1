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
import { Buffer } from 'node:buffer';

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

const QUOTE = 0x22;
const LF = 0x0a;
const CRLF = Buffer.from('\r\n');

/**
 * CSV that Postgres wrote (COPY … FORMAT csv ends each record with LF) with each record ended by
 * CRLF instead, as RFC 4180 and this export promise. A line break inside a quoted cell is data and
 * stays as it is; the quote state carries over from chunk to chunk (a chunk may end mid-record).
 * Chunks without a quote, nearly all of them, take one native replace.
 */
export function crlfRecords(): (chunk: Buffer) => Buffer {
  let quoted = false;
  return (chunk) => {
    if (!quoted && chunk.indexOf(QUOTE) === -1) return Buffer.from(chunk.toString('latin1').replaceAll('\n', '\r\n'), 'latin1');
    const parts: Buffer[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === QUOTE) quoted = !quoted;
      else if (byte === LF && !quoted) {
        parts.push(chunk.subarray(from, i), CRLF);
        from = i + 1;
      }
    }
    parts.push(chunk.subarray(from));
    return Buffer.concat(parts);
  };
}
