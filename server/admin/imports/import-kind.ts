/**
 * @module
 * What every kind of import (premises, readings, invoices) provides to import.service.ts: its
 * columns, how one row's cells are read (pure), and the set-based checks and upserts over the
 * staging table (its repository).
 */
import type { Tx } from '../../db/database.ts';
import type { PersonalCodeKey } from '../../personal-codes/personal-code-key.ts';
import type { Cell, FieldError } from './import-fields.ts';
import type { Counts, ImportKindName } from './import-report.ts';
import type { StageColumn, StageValue } from './staging.ts';

export interface ImportScope {
  trx: Tx;
  tenantId: string;
  now: Date;
  timeZone: string;
  /** What personal codes in the file are stored as (DOORSTEP_PERSONAL_CODE_KEY). */
  personalCodeKey: PersonalCodeKey;
  /**
   * Queue the email of each invoice the import creates, as the admin invoice route does (true for
   * a manager's import). The demo seed's invoices are history that was delivered long ago: false.
   */
  mailNewInvoices: boolean;
  /** A bug planted on purpose (DOORSTEP_PLANTED_FAULT, never in production), for the crash test to catch. */
  plantedFault?: 'import_partial_commit' | undefined;
}

export interface ColumnSpec {
  /** The canonical (snake_case) name, as docs/import.md lists it. */
  name: string;
  /** The header must have it (CSV) and every row must give it. */
  required?: boolean;
}

/** One row's cells by canonical column name, and where to report a cell that does not read. */
export interface RowReader {
  cell(column: string): string | undefined;
  /** The cell's value, or undefined after reporting its error. */
  read<T>(column: string, cell: Cell<T>): T | undefined;
  fail(column: string, code: FieldError | string): void;
}

export interface CheckError {
  row: number;
  column: string;
  code: string;
}

export interface ImportKind {
  name: ImportKindName;
  columns: readonly ColumnSpec[];
  stageColumns: readonly StageColumn[];
  /** The row's values in stageColumns order, or undefined when a cell failed (reported through `reader`). */
  read(reader: RowReader, scope: ImportScope): StageValue[] | undefined;
  /** Checks across rows and against stored data; at most `limit` errors, and how many there are in all. */
  check(scope: ImportScope, limit: number): Promise<{ errors: CheckError[]; total: number }>;
  /** Writes the staged rows; only called when there is no error at all. */
  apply(scope: ImportScope): Promise<Record<string, Counts>>;
}

/** The staging table every import writes its rows to (one import at a time per transaction). */
export const STAGE_TABLE = 'import_stage';
