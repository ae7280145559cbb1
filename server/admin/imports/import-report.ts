/**
 * @module
 * What an import answers: how many rows it read, what it created, updated and left unchanged, and
 * every row it refused with the column and a stable code (docs/import.md lists them). The report
 * keeps the first MAX_REPORTED_ERRORS errors and counts them all, so a file of junk gets a useful
 * answer of a bounded size. Messages and the summary are in the request's language
 * (import-texts.ts); the codes are the same in every language.
 */
import { importMessage, type ImportTextLanguage } from './import-texts.ts';

export type ImportKindName = 'premises' | 'readings' | 'invoices';

export interface RowError {
  /** The line of the file (a CSV file's header is line 1); 0 for the file as a whole. */
  row: number;
  column: string;
  code: string;
  message: string;
}

export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportReport extends Counts {
  kind: ImportKindName;
  dryRun: boolean;
  /** The language of the messages and the summary. */
  language: ImportTextLanguage;
  /** The report in one line, for people. */
  summary: string;
  rows: number;
  errors: RowError[];
  /** All errors found; `errors` holds the first MAX_REPORTED_ERRORS of them. */
  errorCount: number;
  /** The counts by what was imported: buildings, customers, premises, meters, readings, invoices. */
  details: Record<string, Counts>;
}

export const MAX_REPORTED_ERRORS = 1000;

/** Collects row errors, keeping the first MAX_REPORTED_ERRORS. */
export class RowErrors {
  readonly list: RowError[] = [];
  count = 0;

  constructor(private readonly language: ImportTextLanguage) {}

  add(row: number, column: string, code: string): void {
    this.count++;
    if (this.list.length < MAX_REPORTED_ERRORS) this.list.push({ row, column, code, message: importMessage(code, this.language) });
  }

  sorted(): RowError[] {
    return [...this.list].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  }
}

export const noCounts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });
