/**
 * @module
 * `doorstep import <kind> <file> [--dry-run]`: streams the file to the import route with a progress
 * bar (on a terminal) and prints the report: counts, and the rows the import refused as a table.
 * A refused import wrote nothing (all or nothing), which the output says in so many words.
 */
import { open, stat } from 'node:fs/promises';
import { IMPORT_TEXTS, type ImportTextLanguage } from '../admin/imports/import-texts.ts';
import { CliApiError, call, type Connection } from './api-client.ts';
import { table, type Output } from './output.ts';

export interface ImportReport {
  kind: string;
  dryRun: boolean;
  language: ImportTextLanguage;
  summary: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: { row: number; column: string | null; code: string; message: string }[];
  errorCount: number;
}

const CONTENT_TYPES: Record<string, string> = { csv: 'text/csv', ndjson: 'application/x-ndjson', jsonl: 'application/x-ndjson' };
const SHOWN_ERRORS = 50;

export function contentTypeOf(file: string): string | undefined {
  return CONTENT_TYPES[file.split('.').pop()?.toLowerCase() ?? ''];
}

async function fileStream(file: string, onBytes: (sent: number) => void): Promise<{ stream: ReadableStream<Uint8Array>; length: number }> {
  const { size } = await stat(file);
  const handle = await open(file);
  let sent = 0;
  const buffer = new Uint8Array(256 * 1024);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) {
        await handle.close();
        controller.close();
        return;
      }
      sent += bytesRead;
      onBytes(sent);
      controller.enqueue(buffer.slice(0, bytesRead));
    },
    async cancel() {
      await handle.close();
    },
  });
  return { stream, length: size };
}

export async function runImport(
  connection: Connection,
  tenant: string,
  kind: string,
  file: string,
  options: { dryRun: boolean; json: boolean },
  output: Output,
): Promise<number> {
  const contentType = contentTypeOf(file);
  if (!contentType) throw new CliApiError(0, 'unknown_file_type', `Name the file .csv or .ndjson (got ${file}).`, null);
  const bar = output.interactive && !options.json ? await progressBar() : undefined;
  const { stream, length } = await fileStream(file, (sent) => bar?.update(sent));
  bar?.start(length, 0);
  let report: ImportReport;
  let rejected = false;
  try {
    report = await call<ImportReport>(connection, 'POST', `/v1/${tenant}/admin/imports/${encodeURIComponent(kind)}`, {
      raw: { stream, contentType, length },
      query: { dryRun: String(options.dryRun) },
    });
  } catch (error) {
    const body = error instanceof CliApiError ? (error.body as { report?: ImportReport } | null) : null;
    if (!body?.report) throw error;
    report = body.report;
    rejected = true;
  } finally {
    bar?.stop();
  }
  if (options.json) {
    output.out(`${JSON.stringify({ ...report, rejected })}\n`);
    return rejected ? 1 : 0;
  }
  // The words are the server's (the report's language), the table's headings and last line the same module's.
  const texts = IMPORT_TEXTS[report.language] ?? IMPORT_TEXTS.en;
  output.out(`${report.summary}\n`);
  if (report.errors.length > 0) {
    const [row, column, code, message] = texts.columns;
    const rows = report.errors.slice(0, SHOWN_ERRORS).map((error) => ({ [row]: error.row, [column]: error.column, [code]: error.code, [message]: error.message }));
    output.out(table(rows, texts.columns));
    const hidden = Math.max(report.errors.length, report.errorCount) - Math.min(report.errors.length, SHOWN_ERRORS);
    if (hidden > 0) output.out(`${texts.more(hidden)}\n`);
  }
  return rejected || report.errors.length > 0 ? 1 : 0;
}

async function progressBar() {
  const { default: progress } = await import('cli-progress');
  return new progress.SingleBar({ format: 'uploading [{bar}] {percentage}% {value}/{total} bytes', stream: process.stderr, hideCursor: true }, progress.Presets.shades_classic);
}
