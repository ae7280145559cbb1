/**
 * @module
 * The staging table of an import: a temporary table (dropped at commit) that the file's checked
 * rows go into in batches, one statement per batch of BATCH_ROWS rows, each column sent as one
 * array and spread by `unnest` — a few hundred round trips for millions of rows instead of one
 * per row. Everything after that (checks across rows, upserts, counts) is set-based SQL over it.
 *
 * One batch is in flight while the next is parsed, so reading the file and writing to the
 * database overlap.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.ts';

export type StageType = 'text' | 'numeric' | 'int' | 'date' | 'timestamptz';
export type StageValue = string | number | Date | null;

export interface StageColumn {
  name: string;
  type: StageType;
}

export const BATCH_ROWS = 20_000;
/** Memory a sort or hash of the import may take before it spills to disk (per sort, one import at a time). */
const IMPORT_WORK_MEM = '128MB';

export class Stage {
  private buffers: StageValue[][];
  private rows: number[] = [];
  private inFlight: Promise<unknown> = Promise.resolve();
  /** Rows staged so far. */
  size = 0;

  constructor(
    private readonly trx: Tx,
    readonly table: string,
    private readonly columns: readonly StageColumn[],
  ) {
    this.buffers = columns.map(() => []);
  }

  async create(): Promise<void> {
    const definition = this.columns.map((column) => `${column.name} ${column.type}`).join(', ');
    // The checks and writes sort every staged row (windows, DISTINCT ON, the insert in index
    // order); at the default work_mem of 4 MB the sorts of 480k readings spilled to disk
    // ("external merge", EXPLAIN ANALYZE, issue #11). Local to the import's transaction.
    await sql.raw(`set local work_mem = '${IMPORT_WORK_MEM}'`).execute(this.trx);
    await sql.raw(`drop table if exists ${this.table}`).execute(this.trx);
    await sql.raw(`create temp table ${this.table} (row int not null, ${definition}) on commit drop`).execute(this.trx);
  }

  /** Adds one row (values in column order); sends a batch when one is full. */
  async add(row: number, values: readonly StageValue[]): Promise<void> {
    this.rows.push(row);
    values.forEach((value, i) => this.buffers[i]!.push(value instanceof Date ? value.toISOString() : value));
    this.size++;
    if (this.rows.length >= BATCH_ROWS) await this.send();
  }

  /** Sends what is buffered and waits until every batch is in. */
  async flush(): Promise<void> {
    await this.send();
    await this.inFlight;
  }

  private async send(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    const buffers = this.buffers;
    this.rows = [];
    this.buffers = this.columns.map(() => []);
    await this.inFlight;
    const arrays = [sql`${rows}::int[]`, ...this.columns.map((column, i) => sql`${buffers[i]}::${sql.raw(column.type)}[]`)];
    this.inFlight = sql`insert into ${sql.raw(this.table)} select * from unnest(${sql.join(arrays)})`.execute(this.trx);
    // A failed batch surfaces at the next send or flush; keep it from being unhandled meanwhile.
    this.inFlight.catch(() => {});
  }
}
