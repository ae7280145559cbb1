/**
 * @module
 * The operation list of the reliability suites, read from the document the app serves at
 * `/openapi.json` (generated from the same zod schemas that validate). Nothing here names a
 * route: a route added by any issue is fuzzed, header-checked and conformance-checked the moment
 * it is mounted, and fails the suites until it has a caller fixture (./callers.ts).
 */
import type { DoorstepApp } from '../../../server/app.ts';

export type JsonSchema = Record<string, unknown>;

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OperationObject {
  operationId?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  openapi: string;
  servers?: Array<{ url: string }>;
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema>; parameters?: Record<string, ParameterObject>; securitySchemes?: Record<string, unknown> };
}

export interface Operation {
  /** `POST /v1/{tenant}/auth/login`: how fixtures and failure messages name it. */
  key: string;
  method: string;
  path: string;
  operation: OperationObject;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

export async function loadDocument(app: DoorstepApp): Promise<OpenApiDocument> {
  const response = await app.request('/openapi.json');
  if (response.status !== 200) throw new Error(`/openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      operations.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation });
    }
  }
  return operations.sort((a, b) => a.key.localeCompare(b.key));
}

/** The parameter objects of an operation, with `$ref`s to components resolved. */
export function parametersOf(doc: OpenApiDocument, operation: OperationObject): ParameterObject[] {
  return (operation.parameters ?? []).map((p) => {
    const ref = (p as { $ref?: string }).$ref;
    return ref ? doc.components!.parameters![ref.split('/').pop()!]! : p;
  });
}

/** The request URL: path template filled (every value URL-encoded) and the query appended. */
export function urlFor(path: string, values: Record<string, string>, query?: Record<string, string>): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${path}: no value for the path parameter "${name}" (give it in the fixture's prepare)`);
    return encodeURIComponent(value);
  });
  const search = query && Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : '';
  return `${filled}${search}`;
}
