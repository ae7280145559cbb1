/**
 * @module
 * Sending a stored file back. Always as a download (`Content-Disposition: attachment`), with the
 * Content-Type that was stored, `nosniff`, and a sandboxing CSP: even a file that some future
 * path stores with a dangerous type never renders as a page in the API's origin. Private and
 * never cached by shared caches, because each download was authorised for one person.
 * The bytes stream from the store (stored-files.ts openStoredFile); a `Range` request gets 206
 * with that part only, so an interrupted download of a large scan resumes where it stopped.
 */
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import { errorResponses } from '../http/openapi.ts';
import type { FileSummary } from './stored-files.repository.ts';
import type { OpenedFile } from './stored-files.ts';

/**
 * `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 / 5987),
 * so "Tāme 2026.pdf" arrives intact in every browser and the header stays plain ASCII.
 */
export function contentDisposition(fileName: string): string {
  const fallback =
    fileName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]/g, '_')
      .replace(/["\\]/g, '_')
      .trim() || 'file';
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export function fileDownloadHeaders(file: Pick<FileSummary, 'fileName' | 'contentType' | 'sizeBytes'>): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Length': String(file.sizeBytes),
    'Content-Disposition': contentDisposition(file.fileName),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  };
}

/** The opened file as the response: 200 with all of it, or 206 with the requested range. */
export function fileDownload(c: Context, opened: OpenedFile, contentType = opened.file.contentType): Response {
  const { file, range } = opened;
  const headers: Record<string, string> = {
    ...fileDownloadHeaders({ ...file, contentType }),
    ETag: `"${file.sha256}"`,
    'Accept-Ranges': 'bytes',
  };
  if (range) {
    headers['Content-Length'] = String(range.end - range.start + 1);
    headers['Content-Range'] = `bytes ${range.start}-${range.end}/${file.sizeBytes}`;
  }
  return c.body(opened.body, range ? 206 : 200, headers);
}

/** The OpenAPI description of a download response. */
export const fileDownloadResponse = {
  200: {
    description: 'The file, as a download (Content-Type as stored, Content-Disposition: attachment, ETag: its SHA-256)',
    // Any type: the file goes back with the Content-Type it was stored with (PDF, an image, …).
    content: { '*/*': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } },
  },
  206: {
    description: 'The part of the file named by the request\'s `Range: bytes=…` (Content-Range says which)',
    content: { '*/*': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } },
  },
  ...errorResponses(416, 503),
};
