/**
 * @module
 * createApp(deps) builds the whole HTTP API as one Hono app. Node (main.ts), Deno (main.deno.ts)
 * and the tests all call it, so they run the same code.
 *
 * Routes: `/healthz`, `/openapi.json`, `/widgets/…` (the widget loader and its chunks), the
 * manager's console (`/console/{tenant}/`, http/console-files.ts), the demo site
 * in demo mode, and per tenant `/v1/{tenant}/…` (resident routes; see each feature's *.routes.ts).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { Context, MiddlewareHandler } from 'hono';
import { readAdminCaller } from './admin/admin-caller.ts';
import { adminRouters } from './admin/routes.ts';
import { readBearer } from './auth/resident.ts';
import { operatorRouter } from './operator/tenants.handlers.ts';
import { staffLoginRouter } from './staff/staff-login.handlers.ts';
import { featureRouters } from './routes.ts';
import { frozenClock } from './clock.ts';
import type { AppDeps } from './deps.ts';
import { ApiError } from './errors.ts';
import type { AppEnv } from './http/context.ts';
import { apiDocsRouter } from './http/api-docs.ts';
import { jsonBody } from './http/json-body.ts';
import { readStatic } from './http/static-files.ts';
import { securityHeaders } from './http/secure-headers.ts';
import { serveApiDocument } from './http/api-document.ts';
import { widgetFilesRouter } from './http/widget-files.ts';
import { consoleFilesRouter } from './http/console-files.ts';
import { accountsDemoRouter } from './registration/demo.ts';
import { tenantCors } from './tenancy/cors.ts';
import { createTenantDirectory, resolveTenant } from './tenancy/tenants.ts';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;
/** JSON bodies are small; file uploads set their own limits on their routes. */
const JSON_BODY_LIMIT = 64 * 1024;
/** SQLSTATE 22021 (invalid byte sequence, e.g. NUL in text) and 22P05 (untranslatable character). */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);
const STREAMED_BODY = /^(multipart\/form-data|text\/csv|application\/x-ndjson)\b/i;

const HTTP_CODES: Record<number, [string, string]> = {
  400: ['invalid_json', 'The request body is not valid JSON.'],
  413: ['payload_too_large', 'The request body is too large.'],
  415: ['unsupported_media_type', 'Send the body as application/json.'],
};

export function createApp(appDeps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  const tenants = createTenantDirectory(appDeps.database.db);
  const deps: AppDeps = { ...appDeps, tenantDirectory: tenants };

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const started = performance.now();
    c.set('requestId', requestId);
    c.set('log', deps.logger.child({ requestId }));
    c.set('clock', requestClock(deps, c));
    c.set('claims', undefined);
    c.set('admin', undefined);
    c.set('clientKey', clientKey(deps, c));
    c.set('files', deps.files);
    c.header('X-Request-Id', requestId);
    await next();
    // The path only: a query string could one day carry something private.
    c.get('log').info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
  });

  app.use('*', securityHeaders({ production: deps.config.production ?? false }));
  app.onError((error, c) => errorResponse(error, c, deps));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'Not found.' } }, 404));

  app.get('/healthz', async (c) => {
    await deps.database.db.selectFrom('tenants').select('id').limit(1).execute();
    return c.json({ status: 'ok', database: deps.database.kind });
  });

  const readJsonBody = jsonBody(JSON_BODY_LIMIT);
  const readBody: MiddlewareHandler<AppEnv> = async (c, next) => {
    // GET and HEAD carry no body; asking for one would build a whole fetch Request on Node.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // Uploads and imports (multipart, CSV, NDJSON) are streamed by their routes, with their own limits.
    if (STREAMED_BODY.test(c.req.header('content-type') ?? '')) return next();
    return readJsonBody(c, next);
  };

  // The operator's routes come first: /v1/operator is not a tenant, and its answers end the
  // request before the tenant middleware below would look for a tenant called "operator".
  app.use('/v1/operator/*', readBody);
  app.route('/v1/operator', operatorRouter(deps));

  app.use('/v1/:tenant/*', tenantCors(tenants));
  app.use('/v1/:tenant/*', readBody);
  app.use('/v1/:tenant/*', resolveTenant(tenants));
  // Admin routes take a tenant API key instead of a resident's token (readBearer lets them pass).
  app.use('/v1/:tenant/admin/*', readAdminCaller(deps));
  // Staff login comes before readBearer, whose resident tokens it never takes: its answers end
  // the request first, and its own middleware refuses any bearer that is not a staff token.
  app.route('/v1/:tenant', staffLoginRouter(deps));
  app.use('/v1/:tenant/*', readBearer(deps));

  for (const router of featureRouters(deps)) app.route('/v1/:tenant', router);
  for (const router of adminRouters(deps)) app.route('/v1/:tenant/admin', router);
  if (deps.config.demoMode) app.route('/', accountsDemoRouter(deps));
  const demoBank = deps.config.demoMode ? deps.config.demoBankTarget : undefined;
  if (demoBank) app.all('/demo-banka/*', (c) => forwardToDemoBank(c.req.raw, demoBank));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'dsk_…',
    description: "A tenant API key (admin routes). Made by the operator with the tenant, then by the tenant's own write keys.",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'staffSession', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'dss_…',
    description: 'A staff session of the console (POST /v1/{tenant}/staff/login, then /staff/login/totp); also opens the admin routes its role allows.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'operatorToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'DOORSTEP_OPERATOR_TOKEN (operator routes).',
  });
  serveApiDocument(app, deps);

  app.route('/docs', apiDocsRouter());

  if (deps.config.widgetBundle) app.route('/widgets', widgetFilesRouter(deps.config.widgetBundle));
  if (deps.config.consoleBundle) app.route('/console', consoleFilesRouter(deps.config.consoleBundle, tenants));

  if (deps.config.demoDir) {
    const root = deps.config.demoDir;
    app.get('/*', async (c) => {
      const path = c.req.path.endsWith('/') ? `${c.req.path}index.html` : c.req.path;
      const file = (await readStatic(root, path)) ?? (await readStatic(root, `${path}.html`));
      if (!file) return c.notFound();
      // The demo page opens the strong-login popup: it keeps that popup's reference (and the popup its opener).
      return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': file.type, 'Cache-Control': 'no-cache', 'Cross-Origin-Opener-Policy': 'same-origin-allow-popups' });
    });
  }

  return Object.assign(app, { tenants });
}

export type DoorstepApp = ReturnType<typeof createApp>;

function requestClock(deps: AppDeps, c: Context<AppEnv>) {
  if (!deps.config.demoMode) return deps.clock;
  const header = c.req.header('x-doorstep-now');
  if (!header) return deps.clock;
  const at = new Date(header);
  return Number.isNaN(at.getTime()) ? deps.clock : frozenClock(at);
}

function clientKey(deps: AppDeps, c: Context<AppEnv>): string {
  if (deps.config.trustProxy) {
    const first = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return deps.remoteAddress?.(c.req.raw, c.env) ?? 'unknown';
}

function errorResponse(error: Error, c: Context<AppEnv>, deps: AppDeps) {
  if (error instanceof ApiError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
    return c.json(error.toBody(), error.status);
  }
  if (error instanceof HTTPException) {
    const [code, message] = HTTP_CODES[error.status] ?? [`http_${error.status}`, error.message || 'The request was refused.'];
    return c.json({ error: { code, message } }, error.status);
  }
  // Postgres refuses a NUL character (or bytes it cannot store) in any text it is given: that is
  // the caller's input, wherever a route forgot to narrow it, never our failure.
  if (UNSTORABLE_TEXT.has((error as { code?: unknown }).code as string)) {
    return c.json({ error: { code: 'invalid_text', message: 'The request contains characters that cannot be stored (such as NUL).' } }, 400);
  }
  (c.var.log ?? deps.logger).error('unhandled error', { error: String(error), stack: error.stack });
  return c.json({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } }, 500);
}

/** Demo mode: `/demo-banka/…` is the demo's identity provider on its loopback port (server/demo/demo-bank.ts). */
async function forwardToDemoBank(request: Request, target: string): Promise<Response> {
  const url = new URL(request.url);
  const headers = withoutHopByHop(request.headers);
  headers.delete('host');
  headers.set('X-Forwarded-Host', url.host);
  headers.set('X-Forwarded-Proto', url.protocol.replace(':', ''));
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.arrayBuffer();
  const answer = await fetch(`${target}${url.pathname}${url.search}`, { method: request.method, headers, body, redirect: 'manual' });
  // fetch has decoded the body: its length and encoding are this server's to set again.
  const answerHeaders = withoutHopByHop(answer.headers);
  answerHeaders.delete('content-length');
  answerHeaders.delete('content-encoding');
  // The bank's pages run in the login popup: they keep its window.opener, as the start page does.
  answerHeaders.set('Cross-Origin-Opener-Policy', 'unsafe-none');
  return new Response(answer.body, { status: answer.status, headers: answerHeaders });
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length'];

function withoutHopByHop(source: Headers): Headers {
  const headers = new Headers(source);
  for (const name of HOP_BY_HOP) headers.delete(name);
  return headers;
}
