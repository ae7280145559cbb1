/**
 * @module
 * The `s3` driver: a file's bytes in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2,
 * Hetzner Object Storage, …) through the maintained AWS SDK. Uploads go through lib-storage's
 * `Upload`, which streams: a small file is one PUT, a large one a multipart upload of 5 MiB parts
 * (at most two in memory), and an upload whose body fails (too large, wrong type, client gone) is
 * aborted, parts included, so nothing is left under its key. Downloads hand on the SDK's stream.
 *
 * Any failure to reach the bucket is 503 `file_store_unavailable`, never a 500: the caller tries
 * again later, and the request's transaction rolls back, so no row points at a missing object.
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { ApiError } from '../errors.ts';
import { fileStoreUnavailable, type ByteRange, type FileStore } from './file-store.ts';

export interface S3Settings {
  /** Empty for AWS itself; `https://…` for any other S3-compatible service. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Without them the SDK's default chain (environment, instance role) is used. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key` (MinIO and most non-AWS services). */
  forcePathStyle: boolean;
}

export interface S3FileStore extends FileStore {
  readonly driver: 's3';
  readonly bucket: string;
  /** One page of keys (with their age) after `startAfter`, at most `maxKeys` (S3's own limit: 1,000), for the orphan sweep. */
  listKeys(startAfter?: string, maxKeys?: number): Promise<{ keys: Array<{ key: string; lastModified: Date | undefined }>; more: boolean }>;
  close(): void;
}

const PART_SIZE = 5 * 1024 * 1024;

export function s3FileStore(settings: S3Settings): S3FileStore {
  const client = new S3Client({
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.accessKeyId && settings.secretAccessKey
      ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
      : {}),
    // A bucket that is down should answer the user within seconds, not after minutes of retries.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 60_000 },
  });
  const Bucket = settings.bucket;

  return {
    driver: 's3',
    bucket: Bucket,

    async put(key, body, info) {
      // The body's own error (a refusal decided while streaming) wins over the SDK's wrapping of it.
      let bodyError: unknown;
      const upload = new Upload({
        client,
        params: { Bucket, Key: key, Body: watchErrors(body, (error) => (bodyError = error)), ContentType: info.contentType },
        partSize: PART_SIZE,
        queueSize: 2,
        leavePartsOnError: false,
      });
      try {
        await upload.done();
      } catch (error) {
        if (bodyError !== undefined) throw bodyError;
        throw unavailable(error);
      }
    },

    async get(_trx, key, range?: ByteRange) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
        return answer.Body?.transformToWebStream() as ReadableStream<Uint8Array> | undefined;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw unavailable(error);
      }
    },

    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
      } catch (error) {
        if (!isMissing(error)) throw unavailable(error);
      }
    },

    async exists(_trx, key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: key }));
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw unavailable(error);
      }
    },

    async listKeys(startAfter, maxKeys = 1000) {
      try {
        const page = await client.send(new ListObjectsV2Command({ Bucket, MaxKeys: maxKeys, ...(startAfter ? { StartAfter: startAfter } : {}) }));
        return {
          keys: (page.Contents ?? []).flatMap((o) => (o.Key ? [{ key: o.Key, lastModified: o.LastModified }] : [])),
          more: page.IsTruncated === true,
        };
      } catch (error) {
        throw unavailable(error);
      }
    },

    close: () => client.destroy(),
  };
}

/** The body as the SDK reads it, telling `onError` the reason when the body itself fails. */
function watchErrors(body: ReadableStream<Uint8Array>, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata?.httpStatusCode === 404);

function unavailable(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return fileStoreUnavailable();
}
