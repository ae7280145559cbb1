/**
 * @module
 * A real S3-protocol server in the test process: `s3rver` (npm, pure JavaScript, runs on Node 20,
 * no Docker), serving one bucket from a temporary folder. The S3 driver talks to it over HTTP
 * through the real AWS SDK, so the tests exercise the same requests a bucket in production gets.
 * `DOORSTEP_TEST_FILES=s3` runs every server test file through it (test-app.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../../server/files/s3-file-store.ts';

export const TEST_BUCKET = 'doorstep-test';

export interface TestS3Server {
  settings: S3Settings;
  /** Stops the server (the bucket is then "down") without removing its folder. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

export async function startS3Server(): Promise<TestS3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'doorstep-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: TEST_BUCKET, configs: [] }] });
  const { port } = (await server.run()) as { port: number };
  let running = true;
  const stop = async () => {
    if (running) await server.close();
    running = false;
  };
  return {
    settings: {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: TEST_BUCKET,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    },
    stop,
    async close() {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
