/**
 * @module
 * The one way a PUT by externalRef runs, for every kind of registry row: lock the row with that
 * ref; create it when there is none (201 `created`); otherwise write only the columns that differ
 * (`updated`), or nothing at all (`unchanged`). Each write is audited in its own transaction as
 * `admin.<type>.created|updated`, with the fields that changed.
 */
import { ApiError, conflict } from '../../errors.ts';
import type { AdminScope } from '../admin-caller.ts';
import type { UpsertResult } from './registry-rules.ts';

export interface UpsertSteps<Row extends { id: string }> {
  /** The row with the ref, locked; undefined when there is none. */
  lock(): Promise<Row | undefined>;
  /** Creates the row; undefined when a concurrent request created the same ref first. */
  insert(): Promise<Row | undefined>;
  /** The columns (snake_case) whose values differ from the row's. Throws to refuse the change. */
  changes(row: Row): Record<string, unknown>;
  update(row: Row, set: Record<string, unknown>): Promise<unknown>;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

export async function upsertByRef<Row extends { id: string }>(scope: AdminScope, type: string, ref: string, steps: UpsertSteps<Row>): Promise<UpsertResult> {
  let row = await steps.lock();
  if (!row) {
    const created = await steps.insert();
    if (created) {
      await scope.audit(`admin.${type}.created`, { type, id: created.id }, { externalRef: ref });
      return 'created';
    }
    // Lost a race to create the same ref: the winner has committed it by now; update that one.
    row = await steps.lock();
    if (!row) throw conflict('conflict', 'This changed meanwhile; send it again.');
  }
  const set = steps.changes(row);
  const columns = Object.keys(set);
  if (columns.length === 0) return 'unchanged';
  await steps.update(row, { ...set, updated_at: scope.now });
  await scope.audit(`admin.${type}.updated`, { type, id: row.id }, { externalRef: ref, fields: columns.map(camel) });
  return 'updated';
}

/** A reference in the body that names nothing of this tenant's: 404, like a ref in the path. */
export const unknownRef = (field: string, what: string) => new ApiError(404, 'not_found', `There is no ${what} with this ${field}.`, { [field]: 'not_found' });

/**
 * Runs an admin write and turns a unique violation that slipped past the checks (two requests
 * racing for one account number) into 409 instead of a 500.
 */
export async function refusingDuplicates<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { code?: unknown })?.code === '23505') throw conflict('conflict', 'This clashes with a change made at the same moment; send it again.');
    throw error;
  }
}
