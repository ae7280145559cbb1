/**
 * @module
 * What an import answers: how many rows it read, what it created, updated and left unchanged, and
 * every row it refused with the column and a stable code (docs/import.md lists them). The report
 * keeps the first MAX_REPORTED_ERRORS errors and counts them all, so a file of junk gets a useful
 * answer of a bounded size.
 */
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
  rows: number;
  errors: RowError[];
  /** All errors found; `errors` holds the first MAX_REPORTED_ERRORS of them. */
  errorCount: number;
  /** The counts by what was imported: buildings, customers, premises, meters, readings, invoices. */
  details: Record<string, Counts>;
}

export const MAX_REPORTED_ERRORS = 1000;

const MESSAGES: Record<string, string> = {
  required: 'This column must have a value.',
  too_long: 'The value is too long.',
  invalid_ref: 'A reference is 1–100 letters, digits or . _ : / -',
  invalid_decimal: 'Not a number (a dot or a comma before the decimals), or too many decimals.',
  out_of_range: 'The number is out of range.',
  invalid_integer: 'Not a whole number.',
  invalid_date: 'Not a date (YYYY-MM-DD or DD.MM.YYYY).',
  invalid_timestamp: 'Not a time (2026-05-30T18:40:00+03:00, or 2026-05-30 18:40 in the manager’s time zone).',
  invalid_period: 'Not a period (YYYY-MM).',
  invalid_value: 'Not one of the allowed values.',
  invalid_email: 'Not an email address.',
  invalid_personal_code: 'Not a Latvian personal code (DDMMYY-NNNNN, or a new code starting with 32).',
  malformed_row: 'The row could not be read (a quote left open, a cell past the header, or not a JSON object).',
  duplicate_column: 'The column appears twice.',
  unknown_column: 'The file has a column this import does not know.',
  missing_column: 'The file lacks a column this import needs.',
  empty_file: 'The file has no rows.',
  duplicate_in_file: 'The same thing appears twice in the file.',
  conflicting_values: 'An earlier row of the file gives this thing other values.',
  account_number_taken: 'Another premise already has this account number.',
  unknown_meter: 'No meter has this reference.',
  unknown_premise: 'No premise has this reference.',
  period_in_future: 'The period has not begun yet.',
  in_future: 'The time is in the future.',
  below_initial_value: 'The value is below the meter’s initial value.',
  value_below_previous: 'The value is below the previous period’s reading of this meter.',
  value_above_next: 'The value is above the next period’s reading already stored for this meter.',
  due_before_issue: 'The due date is before the issue date.',
  conflict: 'The change conflicts with data already stored.',
};

export const messageFor = (code: string): string => MESSAGES[code] ?? 'The value is not valid.';

/** Collects row errors, keeping the first MAX_REPORTED_ERRORS. */
export class RowErrors {
  readonly list: RowError[] = [];
  count = 0;

  add(row: number, column: string, code: string): void {
    this.count++;
    if (this.list.length < MAX_REPORTED_ERRORS) this.list.push({ row, column, code, message: messageFor(code) });
  }

  sorted(): RowError[] {
    return [...this.list].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  }
}

export const noCounts = (): Counts => ({ created: 0, updated: 0, unchanged: 0 });
