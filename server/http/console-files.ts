/**
 * @module
 * Serves the manager's console (console/, built into console/dist):
 *
 * - `/console/{tenant}/` — the page: a `<doorstep-console>` for that tenant, its script and its
 *   stylesheet, nothing inline. The page policy (secure-headers.ts) therefore allows scripts and
 *   styles from this origin only, and the console talks to the API on the same origin, so no CORS
 *   and no tenant's allowed origins are involved. An unknown or disabled tenant is a 404.
 * - `/console/_/console.js`, `console.css` (and the source map) — the files, revalidated with
 *   their ETag on every load, so staff get a deploy at once (the console is one small file).
 *
 * `_` can never be a tenant (slugs start with a letter or digit).
 */
import { Hono } from 'hono';
import type { TenantDirectory } from '../tenancy/tenants.ts';
import type { AppEnv } from './context.ts';
import { contentTypeFor, readStatic } from './static-files.ts';

const FILES = new Set(['console.js', 'console.css', 'console.js.map']);

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The console's page for one tenant. */
export function consolePage(tenant: { slug: string; default_language: string }): string {
  return `<!doctype html>
<html lang="${escapeAttribute(tenant.default_language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Doorstep</title>
<link rel="stylesheet" href="/console/_/console.css">
<script type="module" src="/console/_/console.js"></script>
</head>
<body>
<doorstep-console tenant="${escapeAttribute(tenant.slug)}"></doorstep-console>
</body>
</html>
`;
}

export function consoleFilesRouter(root: string, tenants: TenantDirectory) {
  const router = new Hono<AppEnv>();
  router.get('/_/:file', async (c) => {
    const name = c.req.param('file');
    const file = FILES.has(name) ? await readStatic(root, name) : undefined;
    if (!file) return c.notFound();
    const etag = `"${await digest(file.body)}"`;
    const headers = { 'Content-Type': contentTypeFor(name), 'Cache-Control': 'no-cache', ETag: etag };
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, headers);
  });
  router.get('/:tenant', (c) => c.redirect(`/console/${encodeURIComponent(c.req.param('tenant'))}/`, 301));
  router.get('/:tenant/', async (c) => {
    const tenant = await tenants.find(c.req.param('tenant'));
    if (!tenant || tenant.disabled_at) return c.notFound();
    return c.html(consolePage(tenant), 200, { 'Cache-Control': 'no-cache' });
  });
  return router;
}

async function digest(body: Uint8Array): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', body as Uint8Array<ArrayBuffer>));
  return Array.from(bytes.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
}
