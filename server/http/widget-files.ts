/**
 * @module
 * Serves the widgets under `/widgets/` (widgets/dist, built by widgets/build.mjs) to managers'
 * pages on any origin:
 *
 * - `doorstep.js`, the loader a manager's page names. Browsers revalidate it on every use with its
 *   ETag (`no-cache`; a 304 costs no body), because a loader kept longer would outlive a deploy:
 *   it names the chunks of the build it came from, and a new build deletes those (a container
 *   image holds only its own), so a page loaded from a stale loader would find its elements
 *   missing. The price is one small conditional request per page view, paid in parallel with
 *   nothing else the loader does; the chunks, the bulk of the bytes, stay cached for good.
 * - `chunks/…-HASH.js`, what the loader imports. A chunk's name changes whenever its content
 *   does, so browsers keep it for a year without asking again (`immutable`).
 *
 * The build writes a brotli and a gzip copy beside each file; the one the browser accepts is
 * sent as is, so nothing is compressed per request, on Node or on Deno.
 */
import { Hono } from 'hono';
import type { AppEnv } from './context.ts';
import { contentTypeFor, readStatic } from './static-files.ts';

/** esbuild's `[hash]`: eight characters of base32, just before the extension. */
const HASHED_CHUNK = /^chunks\/.+-[A-Z2-7]{8}\.js$/;
const FOR_GOOD = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, no-cache';

/** Encodings the build writes beside each file, in order of preference. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export function widgetFilesRouter(root: string) {
  const router = new Hono<AppEnv>();
  router.get('/:file{.+\\.(js|map)}', async (c) => {
    const name = c.req.param('file');
    const accepted = acceptedEncodings(c.req.header('accept-encoding'));
    let encoding: string | undefined;
    let file: { body: Uint8Array } | undefined;
    for (const candidate of ENCODINGS) {
      if (!accepted.has(candidate.name)) continue;
      file = await readStatic(root, `${name}${candidate.suffix}`);
      if (file) {
        encoding = candidate.name;
        break;
      }
    }
    file ??= await readStatic(root, name);
    if (!file) return c.notFound();

    const headers: Record<string, string> = {
      'Content-Type': contentTypeFor(name),
      // Module scripts are fetched with CORS by the managers' pages; the widgets are public.
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': HASHED_CHUNK.test(name) ? FOR_GOOD : REVALIDATE,
      ETag: await entityTag(file.body),
      Vary: 'Accept-Encoding',
    };
    if (encoding) headers['Content-Encoding'] = encoding;
    if (matches(c.req.header('if-none-match'), headers.ETag!)) return c.body(null, 304, headers);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, headers);
  });
  return router;
}

/** The encodings an `Accept-Encoding` header allows (`q=0` refuses one). */
function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((param) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(param));
    if (coding && !refused) accepted.add(coding);
  }
  return accepted;
}

/** A strong ETag from the bytes sent, so each encoding of a file has its own. */
async function entityTag(body: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body as Uint8Array<ArrayBuffer>));
  const hex = Array.from(digest.subarray(0, 12), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `"${hex}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value === etag || value === `W/${etag}`;
  });
}
