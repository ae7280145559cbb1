/**
 * @module
 * A manager's file, as it arrives in the request body, turned into rows of named cells — streamed,
 * so a file of millions of readings never sits in memory whole.
 *
 * CSV goes through csv-parse (never a hand-made splitter): UTF-8 with or without a BOM, `,` or
 * `;` between cells, detected from the header line (Latvian Excel writes `;`), quoted cells with
 * line breaks and doubled quotes. NDJSON is one JSON object per line. Column names are matched
 * loosely — case, spaces, `_` and `-` do not count — so `meter_ref`, `Meter ref` and `meterRef`
 * name the same column, and NDJSON written with the API's camelCase keys works.
 *
 * A row that cannot be read at all (an unclosed quote, a line that is not a JSON object) becomes
 * a row with a problem, so the report can point at it; only a body that is too large or is not
 * UTF-8 stops the import with an error of its own.
 */
import { Buffer } from 'node:buffer';
import { parse, type Parser } from 'csv-parse';
import { ApiError } from '../../errors.ts';

export interface SourceRow {
  /** The line of the file the row ends on (a CSV file's header is line 1). */
  row: number;
  /** Cells by normalized column name; empty when the row could not be read. */
  cells: Cells;
  /** Cells that are not plain values, and rows that could not be read at all (column ''). */
  problems: Array<{ column: string; code: 'malformed_row' | 'invalid_value' | 'duplicate_column' }>;
  /** Set on a CSV file's header line only (row 1): its column names, normalized. */
  header?: string[];
}

export type SourceFormat = 'csv' | 'ndjson';

/** A row's cells by normalized column name (a Map for NDJSON; the record itself for CSV). */
export interface Cells {
  get(column: string): string | undefined;
  keys(): Iterable<string>;
}

/** A CSV record read through its header: no Map built per row (millions of rows). */
class RecordCells implements Cells {
  constructor(
    private readonly header: CsvHeader,
    private readonly record: string[],
  ) {}
  get(column: string): string | undefined {
    const i = this.header.index.get(column);
    return i === undefined ? undefined : this.record[i];
  }
  keys(): Iterable<string> {
    return this.header.index.keys();
  }
}

interface CsvHeader {
  /** Normalized column name → its first position. */
  index: Map<string, number>;
  width: number;
  duplicates: string[];
}

/** What `Content-Type` says the body is; undefined for anything else. */
export function sourceFormat(contentType: string | undefined): SourceFormat | undefined {
  const essence = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (essence === 'text/csv') return 'csv';
  if (essence === 'application/x-ndjson' || essence === 'application/ndjson') return 'ndjson';
  return undefined;
}

/** `Building ref`, `building_ref` and `buildingRef` are one column. */
export const normalizeColumn = (name: string): string => name.trim().toLowerCase().replace(/[\s_-]+/g, '');

export const payloadTooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', `The file is larger than ${Math.round(limit / 1_000_000)} MB. Split it into several imports.`);
const notUtf8 = () => new ApiError(400, 'invalid_encoding', 'The file is not UTF-8. In Excel, save it as "CSV UTF-8 (Comma delimited)".');

/** The body's bytes, refused past `limit` and checked to be UTF-8 on the way. */
async function* limitedBytes(body: AsyncIterable<Uint8Array>, limit: number): AsyncGenerator<Uint8Array> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > limit) throw payloadTooLarge(limit);
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      throw notUtf8();
    }
    yield chunk;
  }
  try {
    decoder.decode();
  } catch {
    throw notUtf8();
  }
}

/** The file's rows, in batches (one promise per batch, not per row: millions of rows add up). */
export function readSource(body: AsyncIterable<Uint8Array>, format: SourceFormat, limit: number): AsyncGenerator<SourceRow[]> {
  const bytes = limitedBytes(body, limit);
  return format === 'csv' ? csvRows(bytes) : ndjsonRows(bytes);
}

const NEWLINE = 10;
const MAX_CELL = 64 * 1024;

/** `;` when the header line has more semicolons than commas, else `,`. */
function delimiterOf(headerLine: string): ',' | ';' {
  const count = (char: string) => headerLine.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** Waits until the parser has records to read, has ended, or has failed. */
function parserReady(parser: Parser): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['readable', 'end', 'error', 'close']) parser.off(event, done);
      resolve();
    };
    for (const event of ['readable', 'end', 'error', 'close']) parser.once(event, done);
  });
}

const malformed = (row: number): SourceRow => ({ row, cells: new Map(), problems: [{ column: '', code: 'malformed_row' }] });

async function* csvRows(bytes: AsyncGenerator<Uint8Array>): AsyncGenerator<SourceRow[]> {
  // Hold back the bytes until the header line is complete, to see its delimiter.
  const head: Uint8Array[] = [];
  let headerLine: string | undefined;
  while (headerLine === undefined) {
    const next = await bytes.next();
    if (next.done) break;
    head.push(next.value);
    const joined = Buffer.concat(head);
    const end = joined.indexOf(NEWLINE);
    if (end >= 0) headerLine = joined.subarray(0, end).toString('utf8');
    else if (joined.byteLength > MAX_CELL) headerLine = joined.toString('utf8');
  }
  headerLine ??= Buffer.concat(head).toString('utf8');

  const skipped: SourceRow[] = [];
  /** The line the next record starts on. */
  let line = 1;
  const parser = parse({
    bom: true,
    delimiter: delimiterOf(headerLine),
    // No `info`: building it for every record triples csv-parse's time. Lines are counted here.
    relax_column_count: true,
    skip_records_with_error: true,
    max_record_size: MAX_CELL,
    on_skip: (error) => {
      const at = Number((error as { lines?: number } | undefined)?.lines ?? line);
      skipped.push(malformed(at));
      line = at + 1;
      return undefined;
    },
    // Records are read in batches: let a few thousand wait rather than the default sixteen.
    ...({ readableHighWaterMark: 4096 } as object),
  });
  let failure: unknown;
  let ended = false;
  parser.on('error', (error) => (failure ??= error));
  parser.on('end', () => (ended = true));
  // The body goes in as fast as the parser takes it (write until full, then wait for drain).
  void (async () => {
    const write = async (chunk: Uint8Array) => {
      if (parser.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          parser.off('drain', done);
          parser.off('close', done);
          resolve();
        };
        parser.once('drain', done);
        parser.once('close', done);
      });
    };
    try {
      for (const chunk of head) await write(chunk);
      for await (const chunk of bytes) await write(chunk);
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  let header: CsvHeader | undefined;
  for (;;) {
    const batch: SourceRow[] = [];
    let record: string[] | null;
    while ((record = parser.read()) !== null) {
      const row = line;
      line += 1;
      for (const value of record) if (value.includes('\n')) line += value.split('\n').length - 1;
      // An empty line is a record of one empty cell: not a row.
      if (record.length === 1 && record[0] === '') continue;
      if (!header) {
        const columns = record.map(normalizeColumn);
        const index = new Map<string, number>();
        columns.forEach((column, i) => column !== '' && !index.has(column) && index.set(column, i));
        header = { index, width: columns.length, duplicates: columns.filter((column, i) => column !== '' && index.get(column) !== i) };
        batch.push({ row, cells: new Map(), problems: [], header: columns });
        continue;
      }
      const problems: SourceRow['problems'] = header.duplicates.map((column) => ({ column, code: 'duplicate_column' as const }));
      for (let i = header.width; i < record.length; i++) {
        if (record[i]!.trim() !== '') problems.push({ column: `#${i + 1}`, code: 'malformed_row' });
      }
      batch.push({ row, cells: new RecordCells(header, record), problems });
      if (batch.length >= 5000) break;
    }
    if (skipped.length) batch.push(...skipped.splice(0));
    if (batch.length) {
      yield batch;
      continue;
    }
    if (failure) {
      if (failure instanceof ApiError) throw failure;
      // What csv-parse could not skip past ends the file; the rows before it are kept.
      yield [malformed(Number((failure as { lines?: number }).lines ?? 0))];
      return;
    }
    if (ended) return;
    await parserReady(parser);
  }
}

async function* ndjsonRows(bytes: AsyncGenerator<Uint8Array>): AsyncGenerator<SourceRow[]> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  const rowOf = (text: string): SourceRow | undefined => {
    line++;
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      value = undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { row: line, cells: new Map(), problems: [{ column: '', code: 'malformed_row' }] };
    }
    const cells = new Map<string, string>();
    const problems: SourceRow['problems'] = [];
    for (const [key, cell] of Object.entries(value)) {
      const column = normalizeColumn(key);
      if (cells.has(column)) problems.push({ column, code: 'duplicate_column' });
      else if (cell === null || cell === undefined) cells.set(column, '');
      else if (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') cells.set(column, String(cell));
      else problems.push({ column, code: 'invalid_value' });
    }
    return { row: line, cells, problems };
  };
  for await (const chunk of bytes) {
    pending += decoder.decode(chunk, { stream: true });
    if (pending.length > MAX_CELL * 16 && !pending.includes('\n')) {
      yield [malformed(line + 1)];
      return;
    }
    const lines = pending.split('\n');
    pending = lines.pop()!;
    const batch: SourceRow[] = [];
    for (const text of lines) {
      const row = rowOf(text.replace(/^\uFEFF/, ''));
      if (row) batch.push(row);
    }
    if (batch.length) yield batch;
  }
  pending += decoder.decode();
  const last = rowOf(pending.replace(/^\uFEFF/, ''));
  if (last) yield [last];
}
