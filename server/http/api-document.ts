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

export function finishDocument(document: Json, options: { server: string }): Json {
  const paths = (document.paths ?? {}) as Record<string, Record<string, Operation>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.operationId ??= operationIdFor(method, path);
      operation.security ??= [];
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
