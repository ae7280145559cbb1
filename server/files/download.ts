/**
 * @module
 * Sending a stored file back. Always as a download (`Content-Disposition: attachment`), with the
 * Content-Type that was stored, `nosniff`, and a sandboxing CSP: even a file that some future
 * path stores with a dangerous type never renders as a page in the API's origin. Private and
 * never cached by shared caches, because each download was authorised for one person.
 */
import type { Context } from 'hono';
import { z } from '@hono/zod-openapi';
import type { StoredFile } from './stored-files.repository.ts';

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

export function fileDownloadHeaders(file: Pick<StoredFile, 'fileName' | 'contentType' | 'sizeBytes'>): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Length': String(file.sizeBytes),
    'Content-Disposition': contentDisposition(file.fileName),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, no-store',
  };
}

export function fileDownload(c: Context, file: StoredFile): Response {
  const headers = fileDownloadHeaders({ ...file, sizeBytes: file.content.byteLength });
  return c.body(file.content as Uint8Array<ArrayBuffer>, 200, headers);
}

/** The OpenAPI description of a download response. */
export const fileDownloadResponse = {
  200: {
    description: 'The file, as a download (Content-Type as stored, Content-Disposition: attachment)',
    // Any type: the file goes back with the Content-Type it was stored with (PDF, an image, …).
    content: { '*/*': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } },
  },
};
