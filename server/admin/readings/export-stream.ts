/**
 * @module
 * A response body that is read from the database while it is sent, inside one transaction that
 * stays open until the last byte (or the client leaving). The transaction is the admin scope's
 * own (withAdmin: tenant, row-level security, the caller's right checked), turned into a read-only
 * REPEATABLE READ one, so every batch sees one snapshot.
 *
 * Backpressure: a batch is fetched only when the body is pulled, i.e. when the client has taken
 * the previous one (the Node and Deno servers pull as the socket drains), so a slow client holds
 * one batch, not the export. A client that leaves cancels the body, which ends the transaction.
 *
 * Everything that can refuse the request (a bad building ref, …) runs in `open`, before the
 * answer starts: it becomes an ordinary error response. A failure after the first byte can only
 * cut the body short; it is logged, and the client sees a truncated file (CSV without its last
 * line, NDJSON without its final newline), never a complete-looking one.
 */
import type { Buffer } from 'node:buffer';
import type { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { AppDeps } from '../../deps.ts';
import type { AppEnv } from '../../http/context.ts';
import { withAdmin, type AdminScope } from '../admin-caller.ts';
import { tuneExportQuery } from './readings-export.repository.ts';

export interface SnapshotBody {
  headers: Record<string, string>;
  /** The next piece of the body, or null at the end. */
  next(): Promise<string | Uint8Array | null>;
  /** The client left before the end: free the connection (a COPY must be read out first). */
  abandon?(): Promise<void>;
}

/**
 * The next bytes of a stream (a COPY's, database.ts: copyOut): everything it has buffered, waiting
 * for more only when it has none; null at its end.
 */
export function nextBytes(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const done = (settle: () => void) => {
      stream.off('readable', attempt);
      stream.off('end', ended);
      stream.off('error', failed);
      settle();
    };
    const attempt = () => {
      const chunk = stream.read() as Buffer | null;
      if (chunk !== null) done(() => resolve(chunk));
    };
    const ended = () => done(() => resolve(null));
    const failed = (error: unknown) => done(() => reject(error));
    if (stream.errored) return reject(stream.errored);
    if (stream.readableEnded) return resolve(null);
    stream.on('readable', attempt);
    stream.on('end', ended);
    stream.on('error', failed);
    attempt();
  });
}

export async function streamInSnapshot(deps: AppDeps, c: Context<AppEnv>, open: (scope: AdminScope) => Promise<SnapshotBody>): Promise<Response> {
  let finish!: (error?: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => (finish = (error) => (error === undefined ? resolve() : reject(error))));
  // The body is only read after the transaction is ready: a rejection is handled there.
  finished.catch(() => {});
  let ready!: (body: SnapshotBody) => void;
  const opened = new Promise<SnapshotBody>((resolve) => (ready = resolve));

  // One snapshot for every batch, the one the next cursor names (export-cursor.ts).
  const settings = { isolation: 'repeatable read', readOnly: true } as const;
  const transaction = withAdmin(
    deps,
    c,
    async (scope) => {
      await tuneExportQuery(scope.trx);
      ready(await open(scope));
      await finished;
    },
    settings,
  );
  // Either the transaction fails before it is ready (a refusal: thrown to the caller as usual), or
  // the body is ready and the transaction lives on until the stream finishes.
  const source = await Promise.race([opened, transaction.then(() => undefined)]);
  if (!source) throw new Error('the export ended before it began');

  const log = c.get('log');
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          let chunk = await source.next();
          while (chunk !== null && chunk.length === 0) chunk = await source.next();
          if (chunk === null) {
            finish();
            await transaction;
            controller.close();
          } else {
            controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
          }
        } catch (error) {
          log.error('export failed while streaming', { error: error instanceof Error ? error.message : String(error) });
          await source.abandon?.();
          finish(error);
          await transaction.catch(() => {});
          controller.error(error);
        }
      },
      async cancel() {
        // The client left: end the transaction (rolled back: it only read).
        await source.abandon?.();
        finish(new Error('export cancelled by the client'));
        await transaction.catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: source.headers });
}
