/**
 * @module
 * `/openapi.json`: the document generated from the routes' zod contracts, finished so that a
 * manager's developer can generate a client from it (openapi-typescript, openapi-fetch, …) and
 * `redocly lint` passes (tests/reliability/api-document.test.ts).
 *
 * The routes are mounted under `/v1/:tenant`, so no single route can declare the `{tenant}` it
 * lives under; the finishing declares it once for all (a client would otherwise send a literal
 * `{tenant}`). The rest are facts the generator leaves out:
 * - `security: []` on the operations that take no token (login, the links from emails), which
 *   OpenAPI otherwise reads as "unknown", not "public";
 * - `servers`: PUBLIC_URL when set, else the document's own origin;
 * - the error answers of the layers in front of every route (a bad token, no such tenant, a
 *   broken or oversized body), so that no answer a client can get is undocumented;
 * - an `operationId` for every operation that has none, from its method and path
 *   (`GET /v1/{tenant}/premises/{premiseId}/invoices/{invoiceId}` → `getPremisesInvoicesById`),
 *   so generated clients get stable, readable names. A route may set its own in createRoute.
 * The document is built once, on the first request: the routes do not change after start.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../deps.ts';
import type { AppEnv } from './context.ts';

type Json = Record<string, unknown>;
interface Operation extends Json {
  operationId?: string;
  security?: unknown[];
  parameters?: Array<Json & { name?: string; in?: string; $ref?: string }>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export const TENANT_PARAMETER = {
  name: 'tenant',
  in: 'path',
  required: true,
  description: "The manager's slug, as the operator created it (`ogre`, `demo`)",
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', example: 'demo' },
};

/** `getPremisesInvoicesById`: the method, each literal segment after the tenant, `ById` for a trailing id. */
export function operationIdFor(method: string, path: string): string {
  const segments = path.split('/').filter((s) => s && s !== 'v1' && s !== '{tenant}');
  const words = segments.map((segment, i) => {
    if (segment.startsWith('{')) return i === segments.length - 1 ? 'ById' : '';
    return segment
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('');
  });
  return `${method.toLowerCase()}${words.join('')}`;
}

/**
 * The answers that the layers in front of every route can give, whatever the route declares: a
 * bearer token that is not good (even on a public route, a broken credential is refused), a
 * tenant that does not exist, a path parameter that fails validation, and for a body (read for every method but GET and HEAD, whether the
 * route wants one or not): broken JSON, too large, or not JSON at all.
 */
function layerResponses(path: string, readsBody: boolean): Array<[string, string]> {
  const answers: Array<[string, string]> = [];
  if (path.startsWith('/v1/')) {
    answers.push(['401', 'A bearer token or key that is missing, expired, tampered or of another tenant']);
    answers.push(['404', path.includes('{tenant}') ? 'No such tenant (tenant_not_found), or not yours / not there' : 'Not there']);
  }
  // Path and query parameters are validated too (an id of 300 characters is a 400, not a 404).
  if (/\{(?!tenant\})\w+\}/.test(path)) answers.push(['400', 'Invalid input: validation_failed']);
  if (readsBody) {
    answers.push(['400', 'Invalid input: broken JSON (invalid_json) or validation_failed']);
    answers.push(['413', 'The request body is too large (payload_too_large)']);
    answers.push(['415', 'The body is not of the documented content type (unsupported_media_type)']);
  }
  return answers;
}

export function finishDocument(document: Json, options: { server: string }): Json {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.operationId ??= operationIdFor(method, path);
      operation.security ??= [];
      const responses = (operation.responses ??= {}) as Record<string, unknown>;
      for (const [status, description] of layerResponses(path, method !== 'get' && method !== 'head')) {
        responses[status] ??= { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      }
      if (path.includes('{tenant}')) {
        const declared = (operation.parameters ?? []).some((p) => p.$ref === '#/components/parameters/Tenant' || (p.in === 'path' && p.name === 'tenant'));
        if (!declared) operation.parameters = [{ $ref: '#/components/parameters/Tenant' }, ...(operation.parameters ?? [])];
      }
    }
  }
  const components = (document.components ?? {}) as Json;
  components.parameters = { ...(components.parameters as Json | undefined), Tenant: TENANT_PARAMETER };
  return { ...document, servers: [{ url: options.server, description: 'This Doorstep' }], components };
}

export function serveApiDocument(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  let document: Json | undefined;
  app.get('/openapi.json', (c) => {
    document ??= finishDocument(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Doorstep API',
          version: '1.0.0',
          description: "Resident self-service API behind the Doorstep widgets, the manager's admin API and the operator's.",
        },
      }) as unknown as Json,
      { server: deps.config.publicUrl ?? '/' },
    );
    return c.json(document);
  });
}
