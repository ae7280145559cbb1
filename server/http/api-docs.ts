/**
 * @module
 * `/docs`: the API reference a manager's developer reads, rendered in the browser by Swagger UI
 * (swagger-ui-dist, a maintained renderer) from the same `/openapi.json` that the zod schemas
 * generate — so the page can never disagree with the API. Every file is served from this server
 * (no CDN: a closed network or a strict CSP still shows it), and the page runs no inline script.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from './context.ts';
import { readStatic } from './static-files.ts';

const FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Doorstep API reference</title>
<link rel="icon" href="/docs/favicon-32x32.png">
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<main id="api" aria-label="Doorstep API reference"></main>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api', deepLinking: true, tryItOutEnabled: false });\n`;

// Swagger UI sets element styles from its script; everything else comes from here.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

function swaggerDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  } catch {
    return undefined;
  }
}

export function apiDocsRouter() {
  const router = new Hono<AppEnv>();
  const dir = swaggerDir();
  router.get('/', (c) => c.html(PAGE, 200, { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-cache' }));
  router.get('/init.js', (c) => c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }));
  router.get('/:file', async (c) => {
    const name = c.req.param('file');
    const file = dir && FILES.has(name) ? await readStatic(dir, name) : undefined;
    if (!file) return c.notFound();
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': file.type, 'Cache-Control': 'public, max-age=86400' });
  });
  return router;
}
