/**
 * @module
 * BEGIN is not sent on its own: both dialects hold it back and send it in the same message as the
 * transaction's first statement, saving a round trip per request. A transaction that never ran a
 * statement was never begun, so there is nothing to commit or roll back.
 */
import { CompiledQuery, type DatabaseConnection, type TransactionSettings } from 'kysely';

export interface DeferredBeginConnection extends DatabaseConnection {
  /** The BEGIN waiting for the first statement, if any. */
  pendingBegin: string | undefined;
}

export function beginStatement(settings: TransactionSettings): string {
  if (!settings.isolationLevel && !settings.accessMode) return 'begin';
  let begin = 'start transaction';
  if (settings.isolationLevel) begin += ` isolation level ${settings.isolationLevel}`;
  if (settings.accessMode) begin += ` ${settings.accessMode}`;
  return begin;
}

export async function endTransaction(connection: DeferredBeginConnection, command: 'commit' | 'rollback'): Promise<void> {
  if (connection.pendingBegin) {
    connection.pendingBegin = undefined;
    return;
  }
  await connection.executeQuery(CompiledQuery.raw(command));
}
