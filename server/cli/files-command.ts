/**
 * @module
 * `doorstep files migrate --to s3|postgres`: moves every file of the deployment between the
 * database and the bucket by calling the operator's batch route until nothing is left. Stopping
 * it (Ctrl-C, a lost connection) loses nothing: each file moves on its own, and running the same
 * command again carries on with the files still where they were. Files that fail (a missing
 * object, a SHA-256 that does not match) are skipped for the rest of the run and listed at the end.
 */
import { call, type Connection } from './api-client.ts';
import type { Output } from './output.ts';

interface MoveReport {
  to: string;
  moved: number;
  bytes: number;
  failed: Array<{ id: string; reason: string }>;
  remaining: number;
}

export async function runMoveFiles(connection: Connection, options: { to: 's3' | 'postgres'; batch: number; json: boolean }, output: Output): Promise<number> {
  const failed: MoveReport['failed'] = [];
  const total = { moved: 0, bytes: 0 };
  let remaining = Number.POSITIVE_INFINITY;
  for (;;) {
    const report = await call<MoveReport>(connection, 'POST', '/v1/operator/files/migrate', {
      body: { to: options.to, limit: options.batch, ...(failed.length > 0 ? { skip: failed.map((f) => f.id) } : {}) },
    });
    total.moved += report.moved;
    total.bytes += report.bytes;
    failed.push(...report.failed);
    remaining = report.remaining;
    if (!options.json) output.err(`moved ${total.moved} (${(total.bytes / 1024 / 1024).toFixed(1)} MB), ${remaining - failed.length} to go\n`);
    if (report.moved === 0 && report.failed.length === 0) break;
    if (remaining <= failed.length) break;
  }
  const summary = { to: options.to, moved: total.moved, bytes: total.bytes, failed, remaining };
  if (options.json) output.out(`${JSON.stringify(summary)}\n`);
  else {
    output.out(`Moved ${total.moved} files (${(total.bytes / 1024 / 1024).toFixed(1)} MB) to ${options.to}; ${remaining} left in the other store.\n`);
    for (const f of failed) output.out(`  not moved: ${f.id} (${f.reason})\n`);
  }
  return failed.length > 0 ? 1 : 0;
}
