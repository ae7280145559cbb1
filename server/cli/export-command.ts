/**
 * @module
 * `doorstep export readings --period YYYY-MM [--format csv|ndjson] [--since CURSOR] [-o FILE]`:
 * streams the export to a file (written under a temporary name and renamed, so a broken transfer
 * never leaves a file that looks whole) or to stdout, and says which cursor the next incremental
 * pull starts from.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { send, type Connection } from './api-client.ts';
import type { Output } from './output.ts';

export const NEXT_CURSOR_HEADER = 'doorstep-next-cursor';

export async function runExportReadings(
  connection: Connection,
  tenant: string,
  options: { period?: string | undefined; since?: string | undefined; format: string; output?: string | undefined; json: boolean },
  output: Output,
): Promise<number> {
  const response = await send(connection, 'GET', `/v1/${tenant}/admin/readings/export`, {
    query: { period: options.period, since: options.since, format: options.format },
    headers: { accept: options.format === 'ndjson' ? 'application/x-ndjson' : 'text/csv' },
  });
  const nextCursor = response.headers.get(NEXT_CURSOR_HEADER);
  const body = response.body ? Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
  let bytes = 0;
  body.on('data', (chunk: Uint8Array) => (bytes += chunk.length));
  if (options.output) {
    const temporary = `${options.output}.part`;
    try {
      await pipeline(body, createWriteStream(temporary));
      await rename(temporary, options.output);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    if (options.json) output.out(`${JSON.stringify({ file: options.output, bytes, nextCursor })}\n`);
    else output.err(`Wrote ${bytes} bytes to ${options.output}.\n`);
  } else {
    // A letter may be split between two chunks: decode as a stream.
    const decoder = new TextDecoder();
    for await (const chunk of body) output.out(decoder.decode(chunk as Uint8Array, { stream: true }));
    output.out(decoder.decode());
  }
  if (nextCursor && !options.json) output.err(`Next pull: --since ${nextCursor}\n`);
  return 0;
}
