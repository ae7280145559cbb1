/**
 * @module
 * One import, start to end, inside the caller's transaction: read the file row by row, check each
 * row's cells, stage the good rows, run the checks across rows, and — only when no row at all is
 * wrong — write. The caller commits or rolls back: the admin route rolls back a dry run and any
 * import with errors, so an import is all or nothing; the demo seed calls this too, so the demo
 * data is exactly what a manager's file makes.
 */
import type { Cell } from './import-fields.ts';
import type { ImportKind, ImportScope, RowReader } from './import-kind.ts';
import { MAX_REPORTED_ERRORS, noCounts, RowErrors, type Counts, type ImportKindName, type ImportReport } from './import-report.ts';
import type { ImportTextLanguage } from './import-texts.ts';
import { normalizeColumn, type SourceRow } from './import-source.ts';
import { invoicesImport } from './invoices.import.ts';
import { premisesImport } from './premises.import.ts';
import { readingsImport } from './readings.import.ts';
import { Stage, type StageValue } from './staging.ts';
import { STAGE_TABLE } from './import-kind.ts';

export const IMPORT_KINDS: Record<ImportKindName, ImportKind> = {
  premises: premisesImport,
  readings: readingsImport,
  invoices: invoicesImport,
};

export type ImportOutcome = Omit<ImportReport, 'dryRun' | 'language' | 'summary'>;

/** `language` is the row errors' messages' (import-texts.ts). */
export async function runImport(scope: ImportScope, kindName: ImportKindName, source: AsyncIterable<SourceRow[]>, language: ImportTextLanguage = 'en'): Promise<ImportOutcome> {
  const kind = IMPORT_KINDS[kindName];
  const errors = new RowErrors(language);
  const stage = new Stage(scope.trx, STAGE_TABLE, kind.stageColumns);
  await stage.create();
  const known = new Map(kind.columns.map((column) => [normalizeColumn(column.name), column.name]));
  const required = kind.columns.filter((column) => column.required);
  let rows = 0;
  const reader = new FileRowReader(errors);

  read: for await (const batch of source) for (const item of batch) {
    if (item.header) {
      // A CSV header names every column once: what is missing or unknown is said once, at line 1.
      const header = new Set(item.header);
      for (const column of item.header) if (column !== '' && !known.has(column)) errors.add(1, column, 'unknown_column');
      for (const column of required) if (!header.has(normalizeColumn(column.name))) errors.add(1, column.name, 'missing_column');
      if (errors.count > 0) break read;
      continue;
    }
    rows++;
    const failedBefore = errors.count;
    for (const problem of item.problems) errors.add(item.row, known.get(problem.column) ?? problem.column, problem.code);
    if (item.problems.some((problem) => problem.code === 'malformed_row')) continue;
    for (const column of item.cells.keys()) if (!known.has(column)) errors.add(item.row, column, 'unknown_column');
    reader.item = item;
    const values = kind.read(reader, scope);
    if (errors.count === failedBefore && values) await stage.add(item.row, values as StageValue[]);
  }
  await stage.flush();
  if (rows === 0 && errors.count === 0) errors.add(0, '', 'empty_file');

  if (stage.size > 0) {
    const checked = await kind.check(scope, Math.max(1, MAX_REPORTED_ERRORS - errors.list.length));
    for (const error of checked.errors) errors.add(error.row, error.column, error.code);
    errors.count += checked.total - checked.errors.length;
  }

  let details: Record<string, Counts> = {};
  if (errors.count === 0) details = await kind.apply(scope);
  const totals = Object.values(details).reduce(
    (sum, counts) => ({ created: sum.created + counts.created, updated: sum.updated + counts.updated, unchanged: sum.unchanged + counts.unchanged }),
    noCounts(),
  );
  return { kind: kindName, rows, ...totals, errors: errors.sorted(), errorCount: errors.count, details };
}

const normalized = new Map<string, string>();
const normalizedName = (column: string) => {
  let name = normalized.get(column);
  if (name === undefined) normalized.set(column, (name = normalizeColumn(column)));
  return name;
};

/** One reader for the whole file, pointed at each row in turn (no objects made per row: millions of rows). */
class FileRowReader implements RowReader {
  item!: SourceRow;
  constructor(private readonly errors: RowErrors) {}
  cell(column: string): string | undefined {
    return this.item.cells.get(normalizedName(column));
  }
  read<T>(column: string, cell: Cell<T>): T | undefined {
    if (cell.ok) return cell.value;
    this.errors.add(this.item.row, column, cell.code);
    return undefined;
  }
  fail(column: string, code: string): void {
    this.errors.add(this.item.row, column, code);
  }
}
